/*
 * ktrace.h - the Xous-realistic traces compiled into the kernel image, and
 * their replay through the memory manager.
 *
 * Why compiled in: the image has no file system, and the point of replaying
 * inside the kernel is to time the kernel's own path (mm.c on the design),
 * not a reader.  The arrays are the ones the RV32 replay benchmark runs
 * (bench/replay.mk turns workloads/traces/<board>.trace into
 * replay_op[]/replay_arg[][3]/replay_slot[], a `# phase NAME` line into a
 * marker operation); kernel.mk compiles each board's file with its symbols
 * renamed kt_<board>_*, so every board's trace sits in one image and the
 * block chooses.
 *
 * Alloc slots (workloads/trace.h) are honoured: `alloc PID # @K` keeps the
 * page mm_alloc_page returned in slot K, and a later operation marked K acts
 * on that page rather than the literal one, so the kernel's own allocator
 * is searched for every IPC buffer, and every design answers alike.
 */
#ifndef OWNLAB_KTRACE_H
#define OWNLAB_KTRACE_H
#include <stdint.h>

/* Operation codes as bench/replay.mk writes them (workloads/trace.h's order),
 * and the marker that opens a phase (its first argument names it). */
enum { KT_OWNER, KT_CLAIM, KT_RELEASE, KT_MOVE, KT_CLAIM_RANGE, KT_RELEASE_ALL, KT_COUNT, KT_ALLOC,
       KT_PHASE };
#define KT_MAX_PHASES 64u
#define KT_SLOTS 4096u /* workloads/trace.h's TRACE_SLOTS; replay.mk keeps K below */

typedef struct kt_phase {
    const char *name;
    uint32_t first, n; /* operations [first, first + n), no marker among them */
} kt_phase;

typedef struct kt_trace {
    const char *board;
    const unsigned char *op;
    const uint32_t (*arg)[3];
    const int16_t *slot;    /* -1, or the operation's slot */
    uint32_t nops;          /* markers included */
    kt_phase phases[KT_MAX_PHASES];
    uint32_t nphases;
} kt_trace;

/* The trace of a board, its phases found, or NULL (board may be NULL). */
const kt_trace *kt_find(const char *board);

typedef struct kt_result {
    uint32_t refused; /* operations answered with an error */
    uint32_t hash;    /* FNV-1a over every (error, value) answer, in order */
} kt_result;

/* Empties the slots: call once before a replay, on a fresh table. */
void kt_begin(void);

/* Runs operations [first, first + n) of t through mm_*; the answers are
 * folded into the result.  Slots carry over from one call to the next, as a
 * buffer allocated in one phase may be named in the next. */
kt_result kt_run(const kt_trace *t, uint32_t first, uint32_t n);
#endif
