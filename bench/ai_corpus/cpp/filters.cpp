// Part of hpcls's own held-out completion corpus (written for hpcls, not from a public suite).
// Blur, edge detection and a histogram on imgproc::Image, plus a small driver that times
// them on a synthetic image. OpenMP for the loops, a per-thread histogram merged at the end.
#include "image.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <omp.h>

namespace imgproc {

Image gaussian_blur(const Image& in, int passes)
{
    const Stencil3x3 kernel({1, 2, 1, 2, 4, 2, 1, 2, 1}, 1.0f / 16.0f);
    Image a = in;
    Image b(in.width(), in.height());
    for (int p = 0; p < passes; ++p) {
        kernel.apply(a, b);
        std::swap(a, b);
    }
    return a;
}

Image sobel_magnitude(const Image& in)
{
    const Stencil3x3 gx({-1, 0, 1, -2, 0, 2, -1, 0, 1});
    const Stencil3x3 gy({-1, -2, -1, 0, 0, 0, 1, 2, 1});
    Image dx(in.width(), in.height());
    Image dy(in.width(), in.height());
    gx.apply(in, dx);
    gy.apply(in, dy);

    Image mag(in.width(), in.height());
    const long n = static_cast<long>(in.size());
    const float* px = dx.data();
    const float* py = dy.data();
    float* out = mag.data();
    #pragma omp parallel for simd
    for (long i = 0; i < n; ++i)
        out[i] = std::sqrt(px[i] * px[i] + py[i] * py[i]);
    return mag;
}

std::vector<long> histogram(const Image& in, int bins, float lo, float hi)
{
    std::vector<long> counts(static_cast<std::size_t>(bins), 0);
    const float width = (hi - lo) / static_cast<float>(bins);
    const long n = static_cast<long>(in.size());
    const float* px = in.data();
    #pragma omp parallel
    {
        std::vector<long> local(static_cast<std::size_t>(bins), 0);
        #pragma omp for nowait
        for (long i = 0; i < n; ++i) {
            int b = static_cast<int>((px[i] - lo) / width);
            b = std::clamp(b, 0, bins - 1);
            ++local[static_cast<std::size_t>(b)];
        }
        #pragma omp critical(histogram_merge)
        for (int b = 0; b < bins; ++b)
            counts[static_cast<std::size_t>(b)] += local[static_cast<std::size_t>(b)];
    }
    return counts;
}

}  // namespace imgproc

namespace {

imgproc::Image synthetic(int w, int h)
{
    imgproc::Image img(w, h);
    const float cx = 0.5f * static_cast<float>(w);
    const float cy = 0.5f * static_cast<float>(h);
    #pragma omp parallel for collapse(2)
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            const float r = std::hypot(static_cast<float>(x) - cx, static_cast<float>(y) - cy);
            img(x, y) = r < 0.3f * cx ? 1.0f : 0.1f * std::sin(0.05f * static_cast<float>(x));
        }
    }
    return img;
}

template <typename F>
double seconds(F&& work)
{
    const auto t0 = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv)
{
    const int w = argc > 1 ? std::atoi(argv[1]) : 2048;
    const int h = argc > 2 ? std::atoi(argv[2]) : 2048;
    const imgproc::Image img = synthetic(w, h);

    imgproc::Image blurred, edges;
    const double t_blur = seconds([&] { blurred = imgproc::gaussian_blur(img, 4); });
    const double t_edge = seconds([&] { edges = imgproc::sobel_magnitude(blurred); });
    std::vector<long> hist;
    const double t_hist = seconds([&] { hist = imgproc::histogram(edges, 16, 0.0f, 4.0f); });

    std::printf("%dx%d image, %d threads\n", w, h, omp_get_max_threads());
    std::printf("blur %.3f s, sobel %.3f s, histogram %.3f s\n", t_blur, t_edge, t_hist);
    for (std::size_t b = 0; b < hist.size(); ++b)
        std::printf("  bin %2zu: %ld\n", b, hist[b]);
    return 0;
}
