/*
 * ktrace.h - the Xous-realistic traces compiled into the kernel image, and
 * their replay through the memory manager.
 *
 * Why compiled in: the image has no file system, and the point of replaying
 * inside the kernel is to time the kernel's own path (mm.c on the design),
 * not a reader.  kernel_glue/ktrace.awk turns each workloads/traces/<board>.trace
 * into an array of operations at build time ($(B)/gen/ktraces.c), the trace
 * file staying the one source; a `# phase NAME` comment starts a phase.
 */
#ifndef OWNLAB_KTRACE_H
#define OWNLAB_KTRACE_H
#include <stdint.h>

/* Operation codes, one per trace verb (workloads/trace.h's order). */
enum { KT_OWNER, KT_CLAIM, KT_RELEASE, KT_MOVE, KT_CLAIM_RANGE, KT_RELEASE_ALL, KT_COUNT, KT_ALLOC };

typedef struct kt_op {
    uint32_t op;     /* KT_* */
    uint32_t arg[3]; /* in the order written */
} kt_op;

typedef struct kt_phase {
    const char *name;
    uint32_t first, n; /* operations [first, first + n) */
} kt_phase;

typedef struct kt_trace {
    const char *board;
    const kt_op *ops;
    uint32_t nops;
    const kt_phase *phases;
    uint32_t nphases;
} kt_trace;

extern const kt_trace kt_traces[];
extern const uint32_t kt_trace_count;

/* The trace of a board, or NULL (board may be NULL). */
const kt_trace *kt_find(const char *board);

typedef struct kt_result {
    uint32_t refused; /* operations answered with an error */
    uint32_t hash;    /* FNV-1a over every (error, value) answer, in order */
} kt_result;

/* Runs n operations through mm_*; the answers are folded into the result. */
kt_result kt_run(const kt_op *ops, uint32_t n);
#endif
