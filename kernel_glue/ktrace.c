/*
 * ktrace.c - replaying a compiled-in trace through the memory manager.
 *
 * The answers are not printed one by one (a trace has tens of thousands):
 * each (error, value) pair is folded into an FNV-1a hash, so runs on two
 * designs can be compared by one number (alloc's page is the design's
 * choice, so it is left out, as bench/rv32_replay.c's digest does; the
 * slots make every later answer the same on every design).  A
 * trace's release_all is a process's death, mm's
 * release_all_memory_for_process, which refuses PID 1 (the kernel does not
 * die) where the bare table would free the kernel's pages; the traces never
 * ask that.
 */
#include "ktrace.h"
#include "mm.h"

#ifndef KT_BOARDS
#error "build with -DKT_BOARDS='X(board) ...' (kernel_glue/kernel.mk)"
#endif

#define X(b)                                                                       \
    extern const uint32_t kt_##b##_len;                                            \
    extern const char kt_##b##_board[];                                            \
    extern const unsigned char kt_##b##_op[];                                      \
    extern const uint32_t kt_##b##_arg[][3];                                       \
    extern const int16_t kt_##b##_slot[];
KT_BOARDS
#undef X

#define X(b) {kt_##b##_board, kt_##b##_op, kt_##b##_arg, kt_##b##_slot, 0, {{0, 0, 0}}, 0},
static kt_trace traces[] = {KT_BOARDS};
#undef X
#define X(b) &kt_##b##_len,
static const uint32_t *const lengths[] = {KT_BOARDS};
#undef X

static const char *const phase_names[] = {"boot", "steady", "exit"};

/* the pages of the slots, static: 16 KiB of the image's data */
static uint32_t slots[KT_SLOTS];

static int same(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b)
        a++, b++;
    return *a == *b;
}

/* Cuts the trace at its markers, once. */
static void find_phases(kt_trace *t, uint32_t len)
{
    t->nops = len;
    t->nphases = 0;
    for (uint32_t i = 0; i < len && t->nphases < KT_MAX_PHASES;) {
        const char *name = "all";
        if (t->op[i] == KT_PHASE) {
            uint32_t k = t->arg[i][0];
            name = k < sizeof phase_names / sizeof phase_names[0] ? phase_names[k] : "?";
            i++;
        }
        uint32_t j = i;
        while (j < len && t->op[j] != KT_PHASE)
            j++;
        if (j > i)
            t->phases[t->nphases++] = (kt_phase){name, i, j - i};
        i = j;
    }
}

const kt_trace *kt_find(const char *board)
{
    for (uint32_t i = 0; board != 0 && i < sizeof traces / sizeof traces[0]; i++)
        if (same(traces[i].board, board)) {
            if (traces[i].nphases == 0u)
                find_phases(&traces[i], *lengths[i]);
            return &traces[i];
        }
    return 0;
}

static uint32_t fold(uint32_t h, uint32_t v)
{
    for (uint32_t b = 0; b < 4u; b++)
        h = (h ^ ((v >> (8u * b)) & 0xffu)) * 16777619u;
    return h;
}

void kt_begin(void)
{
    for (uint32_t k = 0; k < KT_SLOTS; k++)
        slots[k] = 0;
}

kt_result kt_run(const kt_trace *t, uint32_t first, uint32_t n)
{
    kt_result r = {0, 2166136261u};
    for (uint32_t i = first; i < first + n; i++) {
        const uint32_t *a = t->arg[i];
        uint32_t k = (uint32_t)(int32_t)t->slot[i]; /* -1 wraps past KT_SLOTS: the literal */
        uint32_t addr = k < KT_SLOTS ? slots[k] : a[0];
        uint32_t v = 0, freed = 0;
        own_err e;
        switch (t->op[i]) {
        case KT_OWNER: e = mm_owner(addr, &v); break;
        case KT_CLAIM: e = mm_claim(addr, a[1]); break;
        case KT_RELEASE: e = mm_release(addr, a[1]); break;
        case KT_MOVE: e = mm_move(addr, a[1], a[2]); break;
        case KT_CLAIM_RANGE: e = mm_map_range(addr, a[1], a[2]); break;
        case KT_RELEASE_ALL:
            e = mm_release_all_memory_for_process(a[0], &freed);
            v = freed;
            break;
        case KT_COUNT: e = mm_count(a[0], &v); break;
        case KT_ALLOC:
            e = mm_alloc_page(a[0], &v);
            if (k < KT_SLOTS)
                slots[k] = e == OWN_OK ? v : 0u;
            v = 0;
            break;
        default: continue; /* a marker: phases are cut at them */
        }
        r.refused += e != OWN_OK;
        r.hash = fold(fold(r.hash, (uint32_t)e), v);
    }
    return r;
}
