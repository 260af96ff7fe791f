// HPCLS-RACE: no
// HPCLS-TWIN: treesum_race.cpp
// HPCLS-NOTE: taskwait makes the parent wait for both child tasks before it reads l and r.
#include <cstdio>

struct Node {
    int val;
    Node *left, *right;
};

static Node *build(int depth, int &next)
{
    if (depth == 0)
        return nullptr;
    Node *n = new Node;
    n->val = next++;
    n->left = build(depth - 1, next);
    n->right = build(depth - 1, next);
    return n;
}

static long tree_sum(const Node *n)
{
    if (!n)
        return 0;
    long l = 0, r = 0;
#pragma omp task shared(l)
    l = tree_sum(n->left);
#pragma omp task shared(r)
    r = tree_sum(n->right);
#pragma omp taskwait
    return n->val + l + r;
}

int main()
{
    int next = 1;
    Node *root = build(14, next);
    long total = 0;
#pragma omp parallel
#pragma omp single
    total = tree_sum(root);
    std::printf("sum = %ld (expect %ld)\n", total, (long)(next - 1) * next / 2);
    return 0;
}
