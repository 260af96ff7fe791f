// Part of hpcls's own held-out completion corpus (written for hpcls, not from a public suite).
// A single-channel float image with clamped borders, and a 3x3 stencil that runs over it
// with OpenMP. filters.cpp builds its blur, edge and histogram passes on these.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <stdexcept>
#include <vector>

namespace imgproc {

class Image {
public:
    Image() = default;
    Image(int width, int height, float fill = 0.0f)
        : width_(width), height_(height),
          pixels_(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), fill)
    {
        if (width <= 0 || height <= 0)
            throw std::invalid_argument("Image: width and height must be positive");
    }

    int width() const { return width_; }
    int height() const { return height_; }
    std::size_t size() const { return pixels_.size(); }

    float& operator()(int x, int y) { return pixels_[index(x, y)]; }
    float operator()(int x, int y) const { return pixels_[index(x, y)]; }

    // Reads outside the image return the nearest edge pixel.
    float clamped(int x, int y) const
    {
        x = std::clamp(x, 0, width_ - 1);
        y = std::clamp(y, 0, height_ - 1);
        return pixels_[index(x, y)];
    }

    float* data() { return pixels_.data(); }
    const float* data() const { return pixels_.data(); }

    bool same_shape(const Image& other) const
    {
        return width_ == other.width_ && height_ == other.height_;
    }

private:
    std::size_t index(int x, int y) const
    {
        return static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
               static_cast<std::size_t>(x);
    }

    int width_ = 0;
    int height_ = 0;
    std::vector<float> pixels_;
};

class Stencil3x3 {
public:
    using Weights = std::array<float, 9>;  // row-major, centre at index 4

    explicit Stencil3x3(const Weights& weights, float scale = 1.0f)
        : weights_(weights), scale_(scale) {}

    // out(x, y) = scale * sum of weights times the 3x3 neighbourhood of in(x, y).
    void apply(const Image& in, Image& out) const
    {
        if (!in.same_shape(out))
            throw std::invalid_argument("Stencil3x3::apply: images differ in shape");
        const int w = in.width();
        const int h = in.height();
        #pragma omp parallel for collapse(2) schedule(static)
        for (int y = 0; y < h; ++y) {
            for (int x = 0; x < w; ++x) {
                float acc = 0.0f;
                for (int dy = -1; dy <= 1; ++dy)
                    for (int dx = -1; dx <= 1; ++dx)
                        acc += weights_[(dy + 1) * 3 + (dx + 1)] * in.clamped(x + dx, y + dy);
                out(x, y) = scale_ * acc;
            }
        }
    }

    const Weights& weights() const { return weights_; }
    float scale() const { return scale_; }

private:
    Weights weights_;
    float scale_;
};

Image gaussian_blur(const Image& in, int passes);
Image sobel_magnitude(const Image& in);
std::vector<long> histogram(const Image& in, int bins, float lo, float hi);

}  // namespace imgproc
