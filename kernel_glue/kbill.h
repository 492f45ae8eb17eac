/*
 * kbill.h - the kernel's memory bill: a workload replayed as Xous's kernel
 * would serve it, each trace line a request from a process running in
 * U-mode under Sv32, the kernel in S-mode doing what Xous's syscall path
 * does around the table call (kernel_glue/kbill.c says what, with the
 * xous-core lines each step copies).  The cache model's window markers
 * bracket each phase (the whole bill), its inner markers each table call
 * (the table's share), and its kind markers attribute both to the event
 * kind of each request (vexcache/guest.h).
 */
#ifndef OWNLAB_KBILL_H
#define OWNLAB_KBILL_H
#include <stdint.h>
#include "ownership.h"

/* Event kinds, as kernel_glue/bill.awk numbers the generator's ev= tags. */
enum {
    KB_EV_OTHER, KB_EV_LOADER, KB_EV_FAULT, KB_EV_PT, KB_EV_SPAWN, KB_EV_QUEUE, KB_EV_IPC,
    KB_EV_SEND, KB_EV_UNMAP, KB_EV_MAP, KB_EV_EXIT, KB_EV_DEBUG, KB_EV_OWNER, KB_EV_SWITCH,
    KB_EV_NUM
};
extern const char *const kb_ev_names[KB_EV_NUM];

enum { KB_OWNER, KB_CLAIM, KB_RELEASE, KB_MOVE, KB_CLAIM_RANGE, KB_RELEASE_ALL, KB_COUNT, KB_ALLOC,
       KB_PHASE };

typedef struct kb_trace {
    const char *id;                 /* board_variant */
    const char *name;               /* board-variant, as the trace file is named */
    const uint32_t *len;
    const char *const *phases;
    const unsigned char *op, *ev;
    const uint32_t (*arg)[3];
    const int16_t *slot;
} kb_trace;

typedef struct kb_result {
    uint32_t ops, refused, hash;    /* FNV-1a over every answer but alloc's page */
} kb_result;

typedef struct kb_stats {
    uint32_t tables_made, tables_freed, tables_zeroed, spaces_made, switches, walk_misses, remaps;
} kb_stats;

/* Once, from M-mode: builds the kernel's address space (identity megapages
 * over QEMU's RAM, the user stub), delegates U-mode ecalls to S-mode, and
 * returns in S-mode with Sv32 on.  -1 (still in M-mode) if QEMU's RAM is
 * too small for the layout. */
int kb_setup(void);

/* A fresh replay: every process space torn down, slots emptied, on a table
 * the caller has just built (mm_init) over `map`. */
void kb_begin(const own_map *map);

/* Operations [first, first + n) of t, none a phase marker, served as Xous
 * would: each by its process through an ecall, or inline when the kernel is
 * the requester (PID 1, the loader's assignment). */
kb_result kb_run(const kb_trace *t, uint32_t first, uint32_t n);

const kb_stats *kb_stats_now(void);
#endif
