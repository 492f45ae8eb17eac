/*
 * xousboot.c - the Xous loader's initial page assignment, replayed.
 *
 * Why replay rather than summarise: the pages the loader hands out are not
 * one block per process.  It works in two passes over the same tags
 * (xous-core loader/src/phase1.rs and phase2.rs), both taking pages from the
 * top of main RAM downward through one counter (BootConfig::get_top,
 * loader/src/bootconfig.rs:127-145):
 *
 *   phase 1  the loader's own structures (the "init area": the RAM and extra
 *            page trackers, the process table, the argument copy) below a
 *            few guard pages, then every image's RAM copy, in tag order;
 *   phase 2  for each tag in the same order, the page tables, thread context
 *            and first stack page, each taken by BootConfig::alloc()
 *            (bootconfig.rs:154-169) at the moment MiniElf::load() or
 *            ProgramDescription::load() needs them, including a second-level
 *            table whenever a mapping falls in a 4 MiB slot not mapped yet
 *            (bootconfig.rs:297-379, which maps that table into the process
 *            again, possibly needing one more).
 *
 * So which page goes to which PID depends on the order of every map_page()
 * call; this file makes the same calls over page counts and records the
 * owners, which is cheap (one bit per level-1 slot of the process being
 * loaded) and exact for the images it is given.  What it cannot know from a
 * size alone, it assumes and says so: each init image is one read-only
 * section at virtual 0x10000 and one read-write section (.data then .bss) on
 * the following page, as a riscv32 Xous ELF is laid out.
 *
 * Pure C, no allocation, no recursion (the loader's map_page recursion is a
 * bounded loop here), bounded loops: it builds for RV32 so the kernel glue
 * can call it after parsing a real argument block.
 */
#include "xousboot.h"

#include <stddef.h>

#define PAGE 4096u
#define PAGES(b) (((b) + (PAGE - 1u)) / PAGE)

/* xous-core loader/src/consts.rs:3-16 */
#define USER_STACK_TOP 0x80000000u
#define USER_STACK_PADDING 16u
#define PAGE_TABLE_OFFSET 0xff400000u
#define PAGE_TABLE_ROOT_OFFSET 0xff800000u
#define CONTEXT_OFFSET 0xff801000u
#define EXCEPTION_STACK_TOP 0xffff0000u
#define KERNEL_STACK_TOP 0xfff80000u
#define KERNEL_LOAD_OFFSET 0xffd00000u
#define KERNEL_STACK_PAGE_COUNT 1u
#define KERNEL_ARGUMENT_OFFSET 0xffc00000u
/* loader/src/main.rs:110 */
#define STACK_PAGE_COUNT 8u
/* phase2.rs:127-130: the loader asserts its structures fit 0xD000 bytes */
#define KERNEL_ARG_EXTENTS_MAX 0xD000u
/* sizeof(InitialProcess) on RV32: satp, entrypoint, sp, env (phase1.rs:7-21) */
#define INITIAL_PROCESS_BYTES 16u
/* ASSUMED: a Xous riscv32 ELF starts its read-only segment at 0x10000 */
#define USER_TEXT_VADDR 0x10000u
/* how far back a page looks for a run of its owner to extend */
#define MERGE_LOOKBACK 8u

typedef struct emitter {
    xous_run *out;
    uint32_t max, n;
    int overflow;
} emitter;

static void emit(emitter *e, uint32_t addr, uint32_t pid)
{
    uint32_t back = e->n < MERGE_LOOKBACK ? e->n : MERGE_LOOKBACK;
    for (uint32_t k = 0; k < back; k++) {
        xous_run *r = &e->out[e->n - 1u - k];
        if (r->pid != pid)
            continue;
        if (r->addr >= PAGE && addr == r->addr - PAGE) {
            r->addr = addr;
            r->pages++;
            return;
        }
        if (addr == r->addr + r->pages * PAGE) {
            r->pages++;
            return;
        }
    }
    if (e->n >= e->max) {
        e->overflow = 1;
        return;
    }
    e->out[e->n].addr = addr;
    e->out[e->n].pages = 1;
    e->out[e->n].pid = pid;
    e->n++;
}

typedef struct loader {
    uint32_t ram_base, ram_size;
    uint32_t init_size;   /* bytes at the top of RAM for the loader's own use */
    uint32_t extra_pages; /* pages taken below them */
    uint32_t l1[1024u / 32u]; /* valid level-1 slots of the root being built */
    int failed;
    emitter *e;
} loader;

/* BootConfig::get_top() after one more page (bootconfig.rs:127-145, 154-169) */
static uint32_t take_page(loader *L)
{
    L->extra_pages++;
    uint64_t used = (uint64_t)L->init_size + (uint64_t)L->extra_pages * PAGE;
    if (used > L->ram_size) {
        L->failed = 1;
        return L->ram_base;
    }
    return L->ram_base + L->ram_size - (uint32_t)used;
}

/* BootConfig::map_page + map_page_32 (bootconfig.rs:229-245, 297-379): the
 * owner changes when the mapping is valid; a level-1 slot not yet valid gets
 * a fresh table, which is then mapped into the same root at
 * PAGE_TABLE_OFFSET + slot * 4096 with the same owner, which may need one
 * more table.  The Rust recursion is at most three deep; a loop here. */
static void map_page(loader *L, uint32_t phys, uint32_t virt, int valid, uint32_t pid, int record)
{
    for (unsigned depth = 0; depth < 4u; depth++) {
        if (valid && record)
            emit(L->e, phys, pid);
        uint32_t vpn1 = virt >> 22;
        uint32_t bit = 1u << (vpn1 & 31u);
        if (L->l1[vpn1 >> 5] & bit)
            return;
        L->l1[vpn1 >> 5] |= bit;
        phys = take_page(L);
        virt = PAGE_TABLE_OFFSET + vpn1 * PAGE;
        valid = 1;
        record = 1;
    }
    L->failed = 1;
}

static void new_root(loader *L)
{
    for (uint32_t i = 0; i < 1024u / 32u; i++)
        L->l1[i] = 0;
}

/* Root table, context, stack: the start of MiniElf::load (minielf.rs:113-201)
 * and ProgramDescription::load (phase2.rs:400-500); they differ only in the
 * stack. */
static void load_common(loader *L, uint32_t pid)
{
    new_root(L);
    uint32_t tt = take_page(L);
    map_page(L, tt, PAGE_TABLE_ROOT_OFFSET, 1, pid, 1);
    uint32_t ctx = take_page(L);
    map_page(L, ctx, CONTEXT_OFFSET, 1, pid, 1);
    if (pid == 1u) {
        for (uint32_t i = 0; i < KERNEL_STACK_PAGE_COUNT; i++) {
            uint32_t sp = take_page(L);
            map_page(L, sp, (KERNEL_STACK_TOP - 16u - PAGE * i) & ~(PAGE - 1u), 1, pid, 1);
            uint32_t ex = take_page(L);
            map_page(L, ex, (EXCEPTION_STACK_TOP - 16u - PAGE * i) & ~(PAGE - 1u), 1, pid, 1);
        }
    } else {
        uint32_t stack_addr = USER_STACK_TOP - USER_STACK_PADDING;
        for (uint32_t i = 0; i < STACK_PAGE_COUNT; i++) {
            uint32_t va = (stack_addr - PAGE * i) & ~(PAGE - 1u);
            if (i == 0) {
                uint32_t sp = take_page(L);
                map_page(L, sp, va, 1, pid, 1);
            } else {
                map_page(L, 0, va, 0, pid, 1); /* reserved, not valid */
            }
        }
    }
}

/* Pages of an init image's RAM copy (phase1.rs:527-625 counts them, and
 * minielf.rs:230-307 maps them, identically): IniE copies both sections,
 * IniF only the writable one. */
static uint32_t ro_pages(const xous_image *im) { return PAGES(im->text); }
/* .data starts at the page offset where the text ends, a page further on
 * (the ELF layout the loader relies on, phase1.rs:530-532, and the one
 * boards/xousblock.c writes), so data+bss may spill onto one more page. */
static uint32_t rw_pages(const xous_image *im)
{
    uint32_t rw = im->data + im->bss;
    return rw == 0 ? 0u : PAGES((im->text & (PAGE - 1u)) + rw);
}
static uint32_t ram_pages(const xous_image *im)
{
    if (im->kind == XOUS_KERNEL)
        return PAGES(im->text) + PAGES(im->data + im->bss);
    return (im->kind == XOUS_INIE ? ro_pages(im) : 0u) + rw_pages(im);
}

static int check_images(const xous_image *imgs, uint32_t n)
{
    if (imgs == NULL || n == 0 || n > XOUS_MAX_IMAGES || imgs[0].kind != XOUS_KERNEL)
        return -1;
    if (n > 255u) /* PIDs 2..n must fit a byte */
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        const xous_image *im = &imgs[i];
        if ((i == 0) != (im->kind == XOUS_KERNEL) || im->kind > XOUS_INIF)
            return -1;
        /* sizes stay far below 2^31 so that the sums above cannot wrap */
        if (im->text > 0x10000000u || im->data > 0x10000000u || im->bss > 0x10000000u)
            return -1;
        if (im->kind == XOUS_INIF && (im->flash_text & (PAGE - 1u)) != 0)
            return -1;
        /* the user image must fit below the stack (phase2.rs:418-419) */
        if (im->kind != XOUS_KERNEL &&
            USER_TEXT_VADDR + (ro_pages(im) + rw_pages(im)) * PAGE >= USER_STACK_TOP - STACK_PAGE_COUNT * PAGE)
            return -1;
    }
    return 0;
}

int xous_loader_plan(const xous_image *imgs, uint32_t n, const xous_boot_cfg *cfg,
                     xous_run *out, uint32_t max)
{
    if (check_images(imgs, n) != 0 || cfg == NULL || out == NULL)
        return -1;
    if ((cfg->ram_base & (PAGE - 1u)) || (cfg->ram_size & (PAGE - 1u)) || cfg->ram_size == 0 ||
        (uint64_t)cfg->ram_base + cfg->ram_size > 0x100000000ull || cfg->guard_pages == 0 ||
        cfg->args_bytes > 0x100000u)
        return -1;

    emitter e = {out, max, 0, 0};
    loader L;
    L.ram_base = cfg->ram_base;
    L.ram_size = cfg->ram_size;
    L.extra_pages = 0;
    L.failed = 0;
    L.e = &e;
    new_root(&L);
    uint32_t ram_top = cfg->ram_base + cfg->ram_size;
    uint32_t ram_pages_total = cfg->ram_size / PAGE;

    /* ---- phase 1 (phase1.rs:33-193) ---- */
    uint64_t init = (uint64_t)cfg->guard_pages * PAGE;               /* phase1.rs:42 */
    init += ((ram_pages_total + 3u) & ~3u);                            /* RPT, :198-206 */
    uint32_t xpt = (PAGES(cfg->extra_region_bytes) + 3u) & ~3u;        /* XPT, :255-277 */
    init += xpt;
    init += (uint64_t)n * INITIAL_PROCESS_BYTES;                       /* process table, :298-304 */
    init += cfg->args_bytes;                                           /* copy_args, :440-443 (bao1x), :453-456 */
    init = (init + PAGE - 1u) & ~(uint64_t)(PAGE - 1u);                /* :79 */
    if (init >= cfg->ram_size)
        return -1;
    L.init_size = (uint32_t)init;
    if (L.init_size - cfg->guard_pages * PAGE > KERNEL_ARG_EXTENTS_MAX)
        return -1; /* the loader's own assertion (phase2.rs:127-130) */

    /* The init area, below the guard pages, is the kernel's: phase 1 marks
     * it (phase1.rs:188-193) and phase 2 maps it into the kernel
     * (phase2.rs:118-138). */
    for (uint32_t a = ram_top - (cfg->guard_pages + 1u) * PAGE;; a -= PAGE) {
        emit(&e, a, 1u);
        if (a == ram_top - L.init_size)
            break;
    }

    /* The RAM copies, tag order: the inits (IniE then IniF), then XKrn
     * (xous-create-image.rs:428-495; copy_processes, phase1.rs:502-826). */
    uint32_t copies = 0;
    for (uint32_t i = 1; i < n; i++)
        copies += ram_pages(&imgs[i]);
    copies += ram_pages(&imgs[0]);
    if ((uint64_t)L.init_size + (uint64_t)copies * PAGE > cfg->ram_size)
        return -1;
    L.extra_pages = copies;

    /* ---- phase 2 (phase2.rs:12-106): same tags, same order ---- */
    uint32_t process_offset = ram_top - L.init_size;
    for (uint32_t i = 1; i < n && !L.failed; i++) {
        const xous_image *im = &imgs[i];
        uint32_t pid = i + 1u;
        load_common(&L, pid);
        uint32_t top = process_offset - PAGE; /* minielf.rs:115 */
        uint32_t va = USER_TEXT_VADDR;
        for (uint32_t k = 0; k < ro_pages(im); k++, va += PAGE) {
            if (im->kind == XOUS_INIE) {
                map_page(&L, top, va, 1, pid, 1);
                top -= PAGE;
            } else { /* executes in place: the flash page is the process's */
                map_page(&L, im->flash_text + k * PAGE, va, 1, pid, 1);
            }
        }
        for (uint32_t k = 0; k < rw_pages(im); k++, va += PAGE) {
            map_page(&L, top, va, 1, pid, 1);
            top -= PAGE;
        }
        process_offset -= ram_pages(im) * PAGE; /* phase2.rs:62-73 */
    }
    if (!L.failed) {
        /* XKrn: ProgramDescription::load(cfg, process_offset - size, 1),
         * text above data+bss (phase2.rs:86-106, 400-540) */
        const xous_image *k = &imgs[0];
        uint32_t dpages = PAGES(k->data + k->bss), tpages = PAGES(k->text);
        uint32_t load = process_offset - (tpages + dpages) * PAGE;
        load_common(&L, 1u);
        for (uint32_t p = 0; p < tpages; p++)
            map_page(&L, load + (dpages + p) * PAGE, KERNEL_LOAD_OFFSET + p * PAGE, 1, 1u, 1);
        for (uint32_t p = 0; p < dpages; p++)
            map_page(&L, load + p * PAGE, KERNEL_LOAD_OFFSET + (tpages + p) * PAGE, 1, 1u, 1);
        /* the init area, mapped into the kernel (already recorded above) */
        for (uint32_t a = 0; a < L.init_size - cfg->guard_pages * PAGE; a += PAGE)
            map_page(&L, ram_top - L.init_size + a, KERNEL_ARGUMENT_OFFSET + a, 1, 1u, 0);
    }
    /* `resume` (phase2.rs:338-348): the guard pages but the lowest (the
     * clean-suspend page, left for susres) stay the kernel's.  The tracker
     * is rounded up to 4 entries (phase1.rs:199-201); an entry past RAM's
     * end is padding, owning nothing. */
    if (cfg->resume && !L.failed) {
        uint32_t rtp_len = (ram_pages_total + 3u) & ~3u;
        for (uint32_t idx = rtp_len + 1u - cfg->guard_pages; idx < rtp_len; idx++)
            if (idx < ram_pages_total)
                emit(&e, cfg->ram_base + idx * PAGE, 1u);
    }
    if (L.failed || e.overflow)
        return -1;
    return (int)e.n;
}

static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

int xous_board_loader(const char *board, xous_boot_cfg *cfg)
{
    /* Both boards boot without swap: GUARD_MEMORY_BYTES = 3 pages
     * (loader/src/lib.rs:41-43).  Precursor's loader features include
     * `resume` (loader/Cargo.toml:77-84); bao1x and board-dabao's do not
     * (Cargo.toml:92-116). */
    cfg->guard_pages = 3u;
    if (str_eq(board, "precursor"))
        cfg->resume = 1u;
    else if (str_eq(board, "bao1x"))
        cfg->resume = 0u;
    else
        return -1;
    return 0;
}

uint32_t xous_args_bytes(const xous_image *imgs, uint32_t n, uint32_t nregions,
                         uint32_t sections_per_image)
{
    /* XousArguments::len (tools/src/xous_arguments.rs:212-218): XArg's 20
     * bytes and 8-byte header, then each tag's length plus its header. */
    uint32_t b = 20u + 8u;
    b += 8u + 16u * nregions; /* MREx (tags/memory.rs:101) */
    uint32_t pnam = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (imgs[i].kind == XOUS_KERNEL)
            b += 8u + 28u; /* XKrn (tags/xkrn.rs:79) */
        else { /* IniE/IniF (tags/inie.rs:57) */
            uint32_t sec = sections_per_image;
            if (sec == 0)
                sec = (uint32_t)((imgs[i].text != 0) + (imgs[i].data != 0) + (imgs[i].bss != 0));
            b += 8u + 8u + 8u * sec;
        }
        uint32_t len = 0;
        while (len < XOUS_NAME_MAX && imgs[i].name[len])
            len++;
        pnam += 8u + ((len + 3u) & ~3u); /* PNam (tags/pnam.rs:32-42) */
    }
    return b + 8u + pnam;
}

void xous_layout_inif(xous_image *imgs, uint32_t n, uint32_t base, uint32_t args_bytes)
{
    /* XousArguments::finalize (xous_arguments.rs:81-90): the programs follow
     * the tags, each starting on a page (align_size_up, tags/mod.rs:16-26)
     * and padded to whole pages (align_data_up, tags/mod.rs:28-36).  A
     * program on disk is its text then its data. */
    uint32_t off = (args_bytes + PAGE - 1u) & ~(PAGE - 1u);
    for (uint32_t i = 1; i < n; i++) {
        if (imgs[i].kind == XOUS_INIF)
            imgs[i].flash_text = base + off;
        off += PAGES(imgs[i].text + imgs[i].data) * PAGE;
    }
}

uint32_t xous_board_args_phys(const char *board)
{
    /* Where the loader finds the argument block in the board's flash, which
     * is where IniF texts are counted from (their tags' load offsets).
     * Precursor: KERNEL_LOC 0x980000 + FLASH_PHYS_BASE 0x20000000
     * (libs/precursor-hal/src/board/precursor.rs:1,20) + SIGBLOCK_SIZE
     * 0x1000 (loader/src/main.rs:109,449-454).  bao1x: KERNEL_START
     * 0x600A0000 - SIGBLOCK_LEN (libs/bao1x-api/src/offsets/common.rs:13)
     * + SIGBLOCK_LEN (loader/src/main.rs:452-454). */
    if (board != NULL && str_eq(board, "precursor"))
        return 0x20981000u;
    if (board != NULL && str_eq(board, "bao1x"))
        return 0x600a0000u;
    return 0u;
}

static void copy_name(char *dst, const char *src, uint32_t len)
{
    uint32_t n = 0;
    for (; src != NULL && n < len && n + 1u < XOUS_NAME_MAX; n++)
        dst[n] = src[n];
    dst[n] = '\0';
}

/* "pid N" for a process PNam does not name */
static void pid_name(char *dst, uint32_t pid)
{
    char digits[4];
    uint32_t n = 0, k = 0;
    do
        digits[n++] = (char)('0' + pid % 10u);
    while ((pid /= 10u) != 0u && n < sizeof digits);
    copy_name(dst, "pid ", 4);
    while (n > 0u)
        dst[4u + k++] = digits[--n];
    dst[4u + k] = '\0';
}

int xous_boot_from_args(const xous_args *a, const char *board, xous_image *imgs, uint32_t max,
                        xous_boot_cfg *cfg, const char **why)
{
    *why = NULL;
    if (!a->has_kernel)
        return 0;
    if (1u + a->init_count > max) {
        *why = "the block has more initial processes than the loader plan takes";
        return -1;
    }
    xous_image *kern = &imgs[0];
    copy_name(kern->name, "kernel", 6);
    kern->kind = XOUS_KERNEL;
    kern->text = a->kernel.text_size;
    kern->data = a->kernel.data_size;
    kern->bss = a->kernel.bss_size;
    kern->stack = 0;
    kern->flash_text = 0;
    uint32_t base = xous_board_args_phys(board);
    for (uint32_t i = 0; i < a->init_count; i++) {
        xa_init p = xa_init_get(a, i);
        xa_sizes s = xa_init_sizes(a, &p);
        xous_image *img = &imgs[1u + i];
        if (p.name != NULL)
            copy_name(img->name, p.name, p.name_len);
        else
            pid_name(img->name, 2u + i);
        img->kind = p.tag == XA_TAG_INIF ? XOUS_INIF : XOUS_INIE;
        img->text = s.text;
        img->data = s.data;
        img->bss = s.bss;
        img->stack = s.stack;
        img->flash_text = 0;
        if (p.tag == XA_TAG_INIF) {
            if (base == 0u) {
                *why = "IniF tags, but the block's board is not one whose flash layout is known";
                return -1;
            }
            img->flash_text = base + p.load_offset; /* counted from the block's first byte */
        }
    }
    if (board == NULL || xous_board_loader(board, cfg) != 0) {
        cfg->guard_pages = 3u; /* GUARD_MEMORY_BYTES without swap (loader/src/lib.rs:41-43) */
        cfg->resume = 0u;
    }
    cfg->ram_base = a->ram.start;
    cfg->ram_size = a->ram.length;
    cfg->args_bytes = a->bytes;
    cfg->extra_region_bytes = 0;
    for (uint32_t i = 0; i < a->mrex_count; i++)
        cfg->extra_region_bytes +=
            (uint32_t)(((uint64_t)xa_region_get(a, i).length + PAGE - 1u) & ~(uint64_t)(PAGE - 1u));
    return (int)(1u + a->init_count);
}
