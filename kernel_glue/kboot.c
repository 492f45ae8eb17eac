/*
 * kboot.c - boot from an argument block, as Xous's loader and kernel do.
 *
 * Why it is built this way.  A Xous kernel learns its whitelist from the
 * block the loader hands it (kernel/src/mem.rs:195-232: XArg's main RAM, then
 * MREx), and finds a table the loader has already filled: the loader
 * (loader/src/phase1.rs, phase2.rs) copies the kernel and every initial
 * process into RAM from the top down, gives each its stack, page tables and
 * a copy of the arguments, and marks every page it handed out with its owner
 * (PID 1 the kernel and the loader's own structures, 2, 3, ... the IniE/IniF
 * processes in tag order).  The glue does the same in the same order:
 * xa_parse() reads the block (the one parser the tool uses, so a block the
 * tool refuses the kernel refuses too), own_normalise() turns it into a
 * whitelist exactly as a map file would be, xous_loader_plan() computes the
 * loader's placement (the plan the benchmark traces' boot phase replays, so
 * both start from the same state) and kboot_adopt() claims each run with the
 * design's claim_range.
 *
 * Where the glue simplifies the loader:
 *  - Nothing is copied: the plan says which pages the loader would fill, and
 *    the table records their owners; no bytes of any program are read, so the
 *    block needs no payload after its tags.
 *  - The loader's runtime page tracker is a byte per RAM page that it fills
 *    and the kernel then adopts as its table (phase2.rs; mem.rs:247 takes it over); here
 *    the table is the design's, built fresh in the kernel's own metadata
 *    storage, and the loader's placement is claimed into it run by run.  The
 *    pages the loader would spend on its tracker are still claimed for PID 1
 *    by the plan, so the totals agree with Xous's.
 *  - Where the loader would find the block in flash is not in the block; it
 *    is the board's (xous_board_args_phys, workloads/xousboot.c), and an IniF's text is its tag's
 *    load offset from there, as the image tool places it.
 *  - The loader's settings (guard pages, suspend page) come from the board
 *    whose main RAM the block names; for a RAM no board here has, the plain
 *    build's GUARD_MEMORY_BYTES of 3 pages (loader/src/lib.rs:41-42) and no
 *    suspend page.
 *  - Swap (IniS, Swap tags) is not modelled: such tags are skipped.
 */
#include "kboot.h"
#include "boards.h"
#include "mm.h"
#include "sentence.h"

static raw_region raw[KBOOT_MAX_REGIONS];

/* why[KBOOT_WHY] = a then b (either may be NULL). */
static void say(char *why, const char *a, const char *b)
{
    sentence s = sn_start(why, KBOOT_WHY);
    sn_put(&s, a != NULL ? a : "");
    sn_put(&s, b != NULL ? b : "");
    sn_end(&s);
}

/* Where the loader finds the block in the board's flash: after the signature
 * block at the start of the signed kernel region (loader/src/main.rs:448-454).
 * Precursor: FLASH_PHYS_BASE + KERNEL_LOC (libs/precursor-hal/src/board/
 * precursor.rs:1,20) + SIGBLOCK_SIZE 0x1000 (loader/src/main.rs:109).
 * Baochip-1x: KERNEL_START = 0x600A0000 - SIGBLOCK_LEN (libs/bao1x-api/src/
 * offsets/common.rs:13), so the block is at 0x600A0000. */
/* The board of boards.h whose main RAM is the block's. */
static const char *board_of(const xa_region *ram)
{
    for (uint32_t b = 0; b < BOARD_COUNT; b++)
        for (uint32_t i = 0; i < board_sizes[b]; i++) {
            const raw_region *r = &board_regions[b][i];
            if (r->ram && r->base == ram->start && r->size == ram->length)
                return board_names[b];
        }
    return NULL;
}

int kboot_read(kboot *k, const void *block, size_t len, char *why)
{
    xa_error e;
    why[0] = '\0';
    if (xa_parse(block, len, &k->args, &e) != XA_OK) {
        char text[KBOOT_WHY];
        xa_error_text(&e, text, sizeof text);
        sentence s = sn_start(why, KBOOT_WHY);
        sn_put(&s, "offset ");
        sn_hex(&s, e.offset, 1);
        sn_put(&s, ": ");
        sn_put(&s, text);
        sn_end(&s);
        return -1;
    }
    uint32_t n = xa_to_raw(&k->args, raw, KBOOT_MAX_REGIONS);
    if (n > KBOOT_MAX_REGIONS) {
        say(why, "the block lists more regions than the kernel takes", NULL);
        return -1;
    }
    norm_err ne = own_normalise(raw, n, &k->wl);
    if (ne != NORM_OK) {
        say(why, "the block's whitelist: ", own_norm_err_text(ne));
        return -1;
    }
    k->map = own_norm_as_map(&k->wl);
    k->board = board_of(&k->args.ram);
    k->base = xous_board_args_phys(k->board);
    k->nruns = 0;
    /* the images, names and loader configuration: the one reading of a
     * block's XKrn/IniE/IniF/PNam the trace generator uses too */
    const char *bad = NULL;
    int n_img = xous_boot_from_args(&k->args, k->board, k->imgs, XOUS_MAX_IMAGES, &k->cfg, &bad);
    if (n_img < 0) {
        say(why, bad, NULL);
        return -1;
    }
    k->nimgs = (uint32_t)n_img;
    if (k->nimgs == 0u)
        return 0; /* no XKrn: a whitelist and nothing to place */
    int runs = xous_loader_plan(k->imgs, k->nimgs, &k->cfg, k->runs, KBOOT_MAX_RUNS);
    if (runs < 0) {
        say(why, "the loader cannot place the block's images (RAM too small or a bad image)", NULL);
        return -1;
    }
    k->nruns = (uint32_t)runs;
    return 0;
}

size_t kboot_reserve(const kboot *k) { return mm_reserve(&k->map); }

int kboot_adopt(const kboot *k, void *storage, size_t bytes, char *why)
{
    const char *m = mm_init(&k->map, storage, bytes);
    if (m != NULL) {
        say(why, m, NULL);
        return -1;
    }
    for (uint32_t i = 0; i < k->nruns; i++) {
        const xous_run *r = &k->runs[i];
        own_err e = mm_map_range(r->addr, r->pages, r->pid);
        if (e != OWN_OK) {
            sentence s = sn_start(why, KBOOT_WHY);
            sn_put(&s, "the loader's placement cannot be adopted at ");
            sn_hex(&s, r->addr, 1);
            sn_put(&s, ": ");
            sn_put(&s, own_err_name(e));
            sn_end(&s);
            return -1;
        }
    }
    return 0;
}

uint32_t kboot_planned(const kboot *k, uint32_t pid)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < k->nruns; i++)
        n += k->runs[i].pid == pid ? k->runs[i].pages : 0u;
    return n;
}
