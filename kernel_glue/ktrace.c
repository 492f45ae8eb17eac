/*
 * ktrace.c - replaying a compiled-in trace through the memory manager.
 *
 * The answers are not printed one by one (a trace has tens of thousands):
 * each (error, value) pair is folded into an FNV-1a hash, so a run on two
 * designs, or in the kernel and on the host, can be compared by one number.
 */
#include "ktrace.h"
#include "mm.h"

static int same(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b)
        a++, b++;
    return *a == *b;
}

const kt_trace *kt_find(const char *board)
{
    for (uint32_t i = 0; board != 0 && i < kt_trace_count; i++)
        if (same(kt_traces[i].board, board))
            return &kt_traces[i];
    return 0;
}

static uint32_t fold(uint32_t h, uint32_t v)
{
    for (uint32_t b = 0; b < 4u; b++)
        h = (h ^ ((v >> (8u * b)) & 0xffu)) * 16777619u;
    return h;
}

kt_result kt_run(const kt_op *ops, uint32_t n)
{
    kt_result r = {0, 2166136261u};
    for (uint32_t i = 0; i < n; i++) {
        const uint32_t *a = ops[i].arg;
        uint32_t v = 0, freed = 0;
        own_err e;
        switch (ops[i].op) {
        case KT_OWNER: e = mm_owner(a[0], &v); break;
        case KT_CLAIM: e = mm_claim(a[0], a[1]); break;
        case KT_RELEASE: e = mm_release(a[0], a[1]); break;
        case KT_MOVE: e = mm_move(a[0], a[1], a[2]); break;
        case KT_CLAIM_RANGE: e = mm_map_range(a[0], a[1], a[2]); break;
        case KT_RELEASE_ALL:
            /* a trace's release_all is a process's death; PID 1 never dies */
            e = mm_release_all_memory_for_process(a[0], &freed);
            v = freed;
            break;
        case KT_COUNT: e = mm_count(a[0], &v); break;
        default: e = mm_alloc_page(a[0], &v); break;
        }
        r.refused += e != OWN_OK;
        r.hash = fold(fold(r.hash, (uint32_t)e), e == OWN_OK ? v : 0u);
    }
    return r;
}
