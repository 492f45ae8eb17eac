/*
 * xousboot.h - where the Xous loader puts the kernel and the initial
 * processes, page by page, so that a trace's boot phase and the kernel glue
 * start from the same ownership state a real Xous boot leaves.
 *
 * The images (xous_image, boards/bootdesc.h) come from a boot description
 * (workloads/boot/<board>.boot, the one source of truth, read by the one
 * parser in boards/bootdesc.c: the trace generator plans from it, the block
 * writer turns it into XKrn/IniE/IniF tags), or, in the kernel glue, from a
 * parsed argument block.  xous_loader_plan() then
 * replays the loader's two passes (loader/src/phase1.rs, phase2.rs,
 * minielf.rs, bootconfig.rs in xous-core) over page counts instead of bytes
 * and writes the pages it hands out as runs (addr, pages, pid).
 *
 * Pure C: no allocation, no I/O, no recursion, bounded loops; builds for
 * RV32 so the glue can call it.
 */
#ifndef OWNLAB_XOUSBOOT_H
#define OWNLAB_XOUSBOOT_H
#include <stdint.h>

#include "bootdesc.h"
#include "xousargs.h"

#define XOUS_MAX_IMAGES 64u /* kernel + initial processes a plan takes */

/* What the loader needs beyond the images. */
typedef struct xous_boot_cfg {
    uint32_t ram_base, ram_size; /* XArg main RAM (bytes, page multiples) */
    uint32_t guard_pages;        /* GUARD_MEMORY_BYTES / 4096 (loader/src/lib.rs:41-51) */
    uint32_t resume;             /* loader feature `resume` (phase2.rs suspend marker) */
    uint32_t extra_region_bytes; /* sum of the MREx regions' lengths, page-rounded */
    uint32_t args_bytes;         /* XArg word 0 * 4: the block copied to RAM */
} xous_boot_cfg;

typedef struct xous_run {
    uint32_t addr;  /* physical, page aligned */
    uint32_t pages; /* > 0 */
    uint32_t pid;   /* 1 = kernel, 2.. the initial processes in image order */
} xous_run;

/* The loader's initial assignment.  imgs[0] is the kernel, imgs[1..n-1] the
 * initial processes in PID order (IniE before IniF, as xous-create-image
 * writes the tags).  Writes at most max runs to out, in the order the loader
 * hands the pages out (top of RAM downward; IniF text in flash where it
 * falls), adjacent pages of one owner merged.  Returns the number of runs,
 * or -1: bad images or config, RAM too small, or more than max runs. */
int xous_loader_plan(const xous_image *imgs, uint32_t n, const xous_boot_cfg *cfg,
                     xous_run *out, uint32_t max);

/* The loader configuration of a board (guard pages, resume), by name
 * ("precursor", "bao1x"); 0 on success, -1 for an unknown board.  RAM and
 * the region bytes are the caller's (from the map). */
int xous_board_loader(const char *board, xous_boot_cfg *cfg);

/* Bytes of the argument block xous-create-image writes for these images and
 * nregions MREx regions (tools/src/tags/: XArg, MREx, IniE/IniF, XKrn, PNam);
 * sections_per_image is the MiniElf section count of each init, or 0 for one
 * per non-zero size of text, data and bss, as boards/xousblock.c writes
 * (no stack section: Xous's tags carry none, see bootdesc.h). */
uint32_t xous_args_bytes(const xous_image *imgs, uint32_t n, uint32_t nregions,
                         uint32_t sections_per_image);

/* Places the IniF texts in flash the way the image follows its tags: from
 * base (the argument block's physical address) + args_bytes, each text
 * page-aligned after the previous one.  Sets flash_text of every IniF. */
void xous_layout_inif(xous_image *imgs, uint32_t n, uint32_t base, uint32_t args_bytes);

/* Where a board's loader finds the argument block in flash ("precursor",
 * "bao1x"), from which IniF load offsets count; 0 for another board. */
uint32_t xous_board_args_phys(const char *board);

/* A real argument block's images and loader configuration: imgs[0] the
 * kernel (XKrn), then each IniE/IniF in tag order (PID 2, 3, ...), named by
 * PNam or "pid N"; IniF texts placed at the board's block address plus
 * their load offsets; cfg's RAM, block length and MREx bytes from the block,
 * guard pages and resume from the board (3 and none when board is NULL).
 * Returns the image count (0: no XKrn, nothing to load), or -1 with *why. */
int xous_boot_from_args(const xous_args *a, const char *board, xous_image *imgs, uint32_t max,
                        xous_boot_cfg *cfg, const char **why);
#endif
