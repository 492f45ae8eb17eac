/*
 * kboot.h - the kernel's boot, as Xous does it, from an argument block: read
 * the whitelist from the block (boards/xousargs, the one parser the tool uses
 * too), normalise it, let the loader place the kernel and the initial
 * processes (workloads/xousboot, the same plan the benchmark traces start
 * from), build the table, and adopt the loader's assignment into it.
 *
 * Pure C, no stdio: the kernel image and the host tests both call it.
 */
#ifndef OWNLAB_KBOOT_H
#define OWNLAB_KBOOT_H
#include <stddef.h>
#include <stdint.h>
#include "normalise.h"
#include "xousargs.h"
#include "xousboot.h"

#define KBOOT_MAX_REGIONS 256u /* whitelist entries a block may carry */
#define KBOOT_MAX_RUNS 1024u   /* runs of pages the loader hands out */
#define KBOOT_WHY 160u         /* longest refusal, NUL included */

typedef struct kboot {
    xous_args args;         /* views into the caller's block */
    norm_map wl;            /* the whitelist, normalised */
    own_map map;            /* ... as the table takes it */
    const char *board;      /* the board whose main RAM the block names, or NULL */
    xous_image imgs[XOUS_MAX_IMAGES]; /* [0] the kernel, then PIDs 2, 3, ... */
    uint32_t nimgs;         /* 0: the block has no XKrn, nothing to load */
    xous_boot_cfg cfg;
    xous_run runs[KBOOT_MAX_RUNS];
    uint32_t nruns;
    uint32_t base;          /* where the block sits in the board's flash (0: unknown) */
} kboot;

/* Everything up to the table: parse, normalise, plan.  0 on success, else -1
 * with a sentence in why[KBOOT_WHY] ("offset 0x1c: bad CRC ..." for a
 * malformed block).  len bounds what is read; the block's own length (XArg)
 * says how much of it is the block. */
int kboot_read(kboot *k, const void *block, size_t len, char *why);

/* Builds the table in storage (mm_init) and claims every run of the plan for
 * its PID: the kernel adopts the loader's table.  0 or -1 with why. */
int kboot_adopt(const kboot *k, void *storage, size_t bytes, char *why);

/* Bytes of storage the table needs for this block's whitelist. */
size_t kboot_reserve(const kboot *k);

/* Pages of the plan held by pid. */
uint32_t kboot_planned(const kboot *k, uint32_t pid);
#endif
