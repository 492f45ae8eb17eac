/*
 * kmain.c - the kernel variant: boots as a Xous kernel does, from the
 * argument block, then lives through what a Xous memory manager lives
 * through, each step checked, and finally serves the compiled-in workloads
 * as Xous's kernel would (kbill.c: S-mode, Sv32, every request an ecall from
 * a U-mode process), phase by phase under the VexRiscv cache model: the
 * whole bill and the table's share of it.
 *
 * Why this shape.  The point of the image is that the design the benchmarks
 * crowned runs as the kernel would run it: its whitelist comes from the same
 * bytes Xous's loader hands over (placed in guest memory by QEMU's generic
 * loader at KARGS_ADDR, see kernel_glue/kernel.mk), the table starts from the
 * loader's own assignment (kboot.c), and every ownership question goes to the
 * design's own operations (mm.c).  The scripted steps keep what no benchmark
 * checks (lending, death, refusals that must change nothing) honest on the
 * real target; the bill gives the cycles per phase of the whole syscall
 * path and of the table inside it.  Nothing is hard-coded to one
 * board: devices, the unlisted alias and the trace are all found from the
 * block.  The run ends "N passed, M failed" and exits non-zero on any failed
 * check; a block that does not parse stops boot with exit status 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef KB_BILL_ONLY /* the bench's images: the bill alone, the scripted steps left out */
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wunused-variable"
#endif
#include "kboot.h"
#include "kbill.h"
#include "guest.h"
#include "mm.h"

#define STR_(x) #x
#define STR(x) STR_(x)
#define META_BYTES (1024u * 1024u)
#define PROCS 30u /* PIDs 2..31 take part in the script */

#ifdef KB_EMBED_ARGS /* the RTL sims have no loader: the block is in the image (kernel.mk) */
extern const unsigned char kb_kargs[];
#undef KARGS_ADDR
#define KARGS_ADDR ((uintptr_t)kb_kargs)
#endif
#ifndef KARGS_ADDR
#error "build with -DKARGS_ADDR=<where QEMU's loader puts the block> -DKARGS_MAX=<bytes there>"
#endif

/* The metadata storage the design overlays with its own structs.  Only its
 * address is handed out (to mm_init); the glue never reads or writes it under
 * any type but unsigned char (the flood check's hash), which may alias
 * anything, so no access here breaks the effective-type rules the design's
 * accesses rely on. */
static union {
    uint64_t align;
    unsigned char bytes[META_BYTES];
} arena;

static kboot boot;
static uint32_t expect[OWN_PID_MAX + 1u]; /* pages each PID should own */
static uint32_t first_heap[OWN_PID_MAX + 1u];
static uint32_t unlisted; /* a page no region lists: the alias a flood aims at */
static unsigned passed, failed;
static int step_ok;

#define EXPECT(c)                                                                 \
    do {                                                                          \
        if (!(c)) {                                                               \
            printf("    check failed: %s (line %d)\n", #c, __LINE__);              \
            step_ok = 0;                                                          \
            return;                                                               \
        }                                                                         \
    } while (0)

static uint32_t count_of(uint32_t pid)
{
    uint32_t n = 0;
    return mm_count(pid, &n) == OWN_OK ? n : 0xffffffffu;
}

static uint32_t listed_pages(void)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < boot.map.count; i++)
        n += boot.map.regions[i].pages;
    return n;
}

static const char *name_of(uint32_t pid)
{
    if (pid == OWN_PID_KERNEL)
        return "kernel";
    return pid - 1u < boot.nimgs ? boot.imgs[pid - 1u].name : "";
}

static void print_whitelist(void)
{
    printf("whitelist from the block (%u regions, board %s):\n", (unsigned)boot.wl.count,
           boot.board != NULL ? boot.board : "unknown");
    for (uint32_t i = 0; i < boot.wl.count; i++)
        printf("  %-24s 0x%08lx %6u pages%s\n", boot.wl.names[i],
               (unsigned long)boot.wl.regions[i].base, (unsigned)boot.wl.regions[i].pages,
               i == boot.wl.ram ? "  main RAM" : "");
    printf("  alloc pool 0x%08lx, %u pages; table and lending %u bytes\n",
           (unsigned long)boot.wl.pool_base, (unsigned)boot.wl.pool_pages,
           (unsigned)kboot_reserve(&boot));
}

/* The loader's assignment, as the kernel finds it: each PID's pages by the
 * design's count, checked against the plan. */
static void step_loader(void)
{
    char why[KBOOT_WHY];
    int r = kboot_adopt(&boot, arena.bytes, sizeof arena.bytes, why);
    if (r != 0)
        printf("    boot stopped: %s\n", why);
    EXPECT(r == 0);
    if (boot.nimgs == 0u) {
        printf("    the block has no XKrn: nothing for the loader to place\n");
        return;
    }
    printf("    loader: kernel and %u initial processes, %u runs of pages\n",
           (unsigned)(boot.nimgs - 1u), (unsigned)boot.nruns);
    uint32_t total = 0;
    for (uint32_t pid = 1; pid <= boot.nimgs; pid++) {
        uint32_t n = count_of(pid);
        printf("    PID %3u %-20s %5u pages\n", (unsigned)pid, name_of(pid), (unsigned)n);
        EXPECT(n == kboot_planned(&boot, pid));
        expect[pid] = n;
        total += n;
    }
    printf("    loader total: %u pages; %u listed pages free\n", (unsigned)total,
           (unsigned)count_of(0));
    EXPECT(total + count_of(0) == listed_pages());
}

/* Devices: the first page of every listed region outside the pool goes to a
 * process, and a second process asking for it is refused. */
static void step_devices(void)
{
    uint32_t pid = 2, n = 0;
    for (uint32_t i = 0; i < boot.map.count && n < PROCS; i++) {
        const own_region *r = &boot.map.regions[i];
        if (i == boot.map.ram)
            continue;
        uint32_t owner = 0;
        EXPECT(mm_owner(r->base, &owner) == OWN_OK);
        if (owner != 0u)
            continue; /* an IniF's text in flash: the loader's already */
        EXPECT(mm_claim(r->base, pid) == OWN_OK);
        EXPECT(mm_claim(r->base, pid) == OWN_OK); /* your own page again */
        EXPECT(mm_claim(r->base, pid == 2u ? 3u : 2u) == OWN_MEMORY_IN_USE);
        EXPECT(mm_map_range(r->base, r->pages, pid == 2u ? 3u : 2u) == OWN_MEMORY_IN_USE);
        EXPECT(mm_owner(r->base, &owner) == OWN_OK && owner == pid);
        expect[pid]++;
        pid = pid == 1u + PROCS ? 2u : pid + 1u;
        n++;
    }
    EXPECT(n > 0u);
    printf("    %u devices claimed, each second claim refused\n", (unsigned)n);
}

static int in_pool(uint32_t a)
{
    return a >= boot.wl.pool_base && a - boot.wl.pool_base < (boot.wl.pool_pages << OWN_PAGE_SHIFT);
}

static void step_heaps(void)
{
    uint32_t pool_used = 0; /* what the plan put in RAM, then what alloc hands out */
    for (uint32_t i = 0; i < boot.nruns; i++)
        if (in_pool(boot.runs[i].addr))
            pool_used += boot.runs[i].pages;
    uint32_t goal = boot.wl.pool_pages * 90u / 100u, got = 0;
    for (uint32_t pid = 2; pool_used < goal; pid = pid == 1u + PROCS ? 2u : pid + 1u) {
        uint32_t a = 0;
        EXPECT(mm_alloc_page(pid, &a) == OWN_OK);
        EXPECT(in_pool(a));
        if (first_heap[pid] == 0u)
            first_heap[pid] = a;
        expect[pid]++;
        pool_used++;
        got++;
    }
    printf("    heaps grew by %u pages: %u of %u pool pages in use (90%%)\n", (unsigned)got,
           (unsigned)pool_used, (unsigned)boot.wl.pool_pages);
}

static void step_lend(void)
{
    uint32_t page = first_heap[5], pid = 0;
    EXPECT(mm_lend(page, 5, 6) == OWN_OK);
    EXPECT(mm_owner(page, &pid) == OWN_OK && pid == 5u); /* still the lender's */
    EXPECT(mm_lend(page, 5, 9) == OWN_MEMORY_IN_USE);   /* lent once at a time */
    EXPECT(mm_release(page, 5) == OWN_MEMORY_IN_USE);   /* not while lent */
    EXPECT(mm_move(page, 5, 9) == OWN_MEMORY_IN_USE);
    EXPECT(mm_lend(first_heap[6], 5, 6) == OWN_MEMORY_IN_USE); /* not yours */
    EXPECT(mm_return(page, 9) == OWN_MEMORY_IN_USE);    /* not lent to 9 */
    EXPECT(mm_return(page, 6) == OWN_OK);
    EXPECT(mm_return(page, 6) == OWN_BAD_ADDRESS);      /* nothing to return */
    /* A message's worth of buffers, far past any fixed slot count: every
     * heap page of PIDs 10..19 lent to the next process at once. */
    uint32_t lent = 0;
    for (uint32_t a = boot.wl.pool_base; in_pool(a); a += OWN_PAGE_SIZE) {
        uint32_t o = 0;
        if (mm_owner(a, &o) == OWN_OK && o >= 10u && o <= 19u) {
            EXPECT(mm_lend(a, o, o + 1u) == OWN_OK);
            lent++;
        }
    }
    EXPECT(lent > 64u && mm_lends() == lent);
    for (uint32_t a = boot.wl.pool_base; in_pool(a); a += OWN_PAGE_SIZE) {
        uint32_t o = 0;
        if (mm_owner(a, &o) == OWN_OK && o >= 10u && o <= 19u)
            EXPECT(mm_return(a, o + 1u) == OWN_OK);
    }
    EXPECT(mm_lends() == 0u);
    printf("    %u pages lent at once and returned\n", (unsigned)lent);
}

/* A lender dies with a page out; the page is the kernel's until the
 * borrower returns it, then free (mm.h says what Xous does instead). */
static void step_death(void)
{
    uint32_t page = first_heap[7], pid = 0, freed = 0;
    uint32_t kernel = count_of(OWN_PID_KERNEL);
    EXPECT(mm_lend(page, 7, 8) == OWN_OK);
    EXPECT(mm_release_all_memory_for_process(7, &freed) == OWN_OK);
    EXPECT(freed == expect[7] - 1u); /* all but the page out on loan */
    EXPECT(mm_owner(page, &pid) == OWN_OK && pid == OWN_PID_KERNEL);
    EXPECT(count_of(7) == 0u && count_of(OWN_PID_KERNEL) == kernel + 1u);
    EXPECT(mm_release(page, OWN_PID_KERNEL) == OWN_MEMORY_IN_USE); /* still mapped by 8 */
    EXPECT(mm_return(page, 8) == OWN_OK);
    EXPECT(mm_owner(page, &pid) == OWN_OK && pid == 0u);
    EXPECT(count_of(OWN_PID_KERNEL) == kernel);
    for (uint32_t a = boot.wl.pool_base; in_pool(a); a += OWN_PAGE_SIZE) {
        uint32_t o = 0;
        if (mm_owner(a, &o) == OWN_OK && o == 7u)
            EXPECT(0); /* nothing of 7 left anywhere in RAM */
    }
    expect[7] = 0;
    printf("    PID 7 died: %u pages freed; its lent page held by the kernel, then freed on return\n",
           (unsigned)freed);
}

/* 2 MiB no region lists, for the alias checks: LiteX's second view of the
 * CSRs (0x70000000 on Precursor) when the board leaves it out, else the
 * first unlisted 16 MiB boundary. */
static int unlisted_at(uint32_t a)
{
    for (uint32_t k = 0; k < 512u; k++) {
        uint32_t pid = 0;
        if (mm_owner(a + (k << OWN_PAGE_SHIFT), &pid) != OWN_BAD_ADDRESS)
            return 0;
    }
    return 1;
}

static uint32_t find_unlisted(void)
{
    if (unlisted_at(0x70000000u))
        return 0x70000000u;
    for (uint32_t a = 0x01000000u; a != 0u; a += 0x01000000u)
        if (unlisted_at(a))
            return a;
    return 0;
}

static void step_alias(void)
{
    uint32_t pid = 0;
    unlisted = find_unlisted();
    EXPECT(unlisted != 0u);
    EXPECT(mm_claim(unlisted, 9) == OWN_BAD_ADDRESS);
    EXPECT(mm_map_range(unlisted, 4, 9) == OWN_BAD_ADDRESS);
    EXPECT(mm_owner(unlisted, &pid) == OWN_BAD_ADDRESS);
    EXPECT(mm_move(unlisted, 26, 9) == OWN_BAD_ADDRESS);
    EXPECT(mm_lend(unlisted, 9, 10) == OWN_BAD_ADDRESS);
    printf("    0x%08lx is not listed: every request there refused\n", (unsigned long)unlisted);
}

static uint64_t hash(const unsigned char *b, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

static void step_flood(void)
{
    size_t n = mm_reserved();
    uint64_t before = hash(arena.bytes, n);
    uint32_t x = 0x2545f491u, refused = 0;
    for (uint32_t i = 0; i < 100000u; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        uint32_t pid = 2u + (x >> 24) % PROCS;
        uint32_t addr = i & 1u ? (unlisted + (x & 0x000ff000u)) : (x | 1u);
        own_err e;
        switch (i % 6u) {
        case 0: e = mm_claim(addr, pid); break;
        case 1: e = mm_map_range(addr, 1u + (x >> 28), pid); break;
        case 2: e = mm_release(addr, pid); break;
        case 3: e = mm_move(addr, pid, 9); break;
        case 4: e = mm_lend(addr, pid, 9); break;
        default: e = mm_claim(boot.wl.pool_base + ((x >> 8) & 0x3f000u), 0); break; /* PID 0 */
        }
        refused += e != OWN_OK;
    }
    EXPECT(refused == 100000u);
    EXPECT(hash(arena.bytes, n) == before);
    printf("    100000 bad requests refused; metadata unchanged\n");
}

static void step_totals(void)
{
    uint32_t total = 0;
    for (uint32_t pid = 1; pid <= OWN_PID_MAX; pid++) {
        uint32_t n = count_of(pid);
        if (n != expect[pid])
            printf("    PID %u owns %u pages, expected %u\n", (unsigned)pid, (unsigned)n,
                   (unsigned)expect[pid]);
        EXPECT(n == expect[pid]);
        total += n;
    }
    EXPECT(total + count_of(0) == listed_pages());
    printf("    %u pages owned, %u listed pages free\n", (unsigned)total, (unsigned)count_of(0));
}

/* The design's alloc fills the pool to the last page, then OutOfMemory;
 * pages outside the pool stay free. */
static void step_fill(void)
{
    uint32_t got = 0, a = 0, free_before = count_of(0);
    own_err e;
    while ((e = mm_alloc_page(11, &a)) == OWN_OK) {
        EXPECT(in_pool(a));
        got++;
    }
    EXPECT(e == OWN_OUT_OF_MEMORY);
    for (uint32_t p = boot.wl.pool_base; in_pool(p); p += OWN_PAGE_SIZE) {
        uint32_t o = 0;
        EXPECT(mm_owner(p, &o) == OWN_OK && o != 0u);
    }
    EXPECT(count_of(0) == free_before - got);
    printf("    the pool filled with %u more pages, then OutOfMemory\n", (unsigned)got);
}

static void run(const char *name, void (*step)(void))
{
    printf("step: %s\n", name);
    step_ok = 1;
    uint64_t t0 = rv32_instret();
    step();
    uint64_t spent = rv32_instret() - t0;
    printf("  %s: %s, %llu instructions\n", step_ok ? "ok" : "FAILED", name,
           (unsigned long long)spent);
    if (step_ok)
        passed++;
    else
        failed++;
}

/* The compiled-in workloads (kernel.mk writes kb_traces.h: KB_TRACES is
 * X(id) for each, bill.awk's arrays kb_<id>_*). */
#include "kb_traces.h"
#define X(id)                                                                     \
    extern const uint32_t kb_##id##_len;                                          \
    extern const char kb_##id##_name[];                                           \
    extern const char *const kb_##id##_phases[];                                  \
    extern const unsigned char kb_##id##_op[], kb_##id##_ev[];                    \
    extern const uint32_t kb_##id##_arg[][3];                                     \
    extern const int16_t kb_##id##_slot[];
KB_TRACES
#undef X
#define X(id) {#id, kb_##id##_name, &kb_##id##_len, kb_##id##_phases, kb_##id##_op, kb_##id##_ev, \
               kb_##id##_arg, kb_##id##_slot},
static const kb_trace traces[] = {KB_TRACES};
#undef X

/* The trace's loader phase (or, in a trace without one, the lines the
 * generator marked as the loader's) against the plan the kernel adopted. */
static int loader_matches(const kb_trace *t)
{
    uint32_t r = 0;
    for (uint32_t i = 0; i < *t->len && r < boot.nruns; i++) {
        if (t->op[i] == KB_PHASE)
            continue;
        if (t->ev[i] != KB_EV_LOADER)
            break;
        const uint32_t *a = t->arg[i];
        const xous_run *x = &boot.runs[r];
        if (t->op[i] != KB_CLAIM_RANGE || a[0] != x->addr || a[1] != x->pages || a[2] != x->pid)
            return 0;
        r++;
    }
    return r == boot.nruns;
}

/* Every compiled-in workload, phase by phase, on a fresh table: each phase
 * one window of the cache model (the whole bill), the table's calls inner
 * pairs, every request a kind marker; the filter (kernel_glue/bill.awk's
 * sibling billrun.awk) turns the plugin's lines into whole, table and share. */
static void bill(void)
{
    if (kb_setup() != 0) {
        printf("bill: cannot enter S-mode\n");
        failed++;
        return;
    }
    printf("bill: S-mode kernel, Sv32, processes in U-mode; %u workloads\n",
           (unsigned)(sizeof traces / sizeof traces[0]));
    for (uint32_t w = 0; w < sizeof traces / sizeof traces[0]; w++) {
        const kb_trace *t = &traces[w];
        const char *m = mm_init(&boot.map, arena.bytes, sizeof arena.bytes);
        if (m != NULL) {
            printf("bill: %s: table not built: %s\n", t->name, m);
            failed++;
            continue;
        }
        kb_begin(&boot.map);
        /* A workload made for another block starts from another assignment:
         * its answers would be about a table the kernel does not have. */
        int same = loader_matches(t);
        printf("bill: workload %s, %u lines; its loader lines are the kernel's %u runs: %s\n",
               t->name, (unsigned)*t->len, (unsigned)boot.nruns, same ? "yes" : "NO (made for another block)");
        if (!same)
            failed++;
        uint32_t refused = 0;
        for (uint32_t i = 0; i < *t->len;) {
            const char *phase = "all";
            if (t->op[i] == KB_PHASE)
                phase = t->phases[t->arg[i++][0]];
            uint32_t j = i;
            while (j < *t->len && t->op[j] != KB_PHASE)
                j++;
            if (j == i)
                continue;
            printf("bill: begin %s %s\n", t->name, phase);
            uint64_t t0 = rv32_instret();
            vexcache_start();
            kb_result r = kb_run(t, i, j - i);
            vexcache_stop();
            uint64_t spent = rv32_instret() - t0;
            printf("bill: end %s %s ops=%u refused=%u answers=0x%08lx instructions=%llu\n", t->name,
                   phase, (unsigned)r.ops, (unsigned)r.refused, (unsigned long)r.hash,
                   (unsigned long long)spent);
            refused += r.refused;
            i = j;
        }
        const kb_stats *s = kb_stats_now();
        printf("bill: %s done: %u refused; %u address spaces, %u page tables made, %u freed, "
               "%u zeroed again, %u switches, %u releases of unmapped pages, %u remaps\n",
               t->name, (unsigned)refused, (unsigned)s->spaces_made, (unsigned)s->tables_made,
               (unsigned)s->tables_freed, (unsigned)s->tables_zeroed, (unsigned)s->switches, (unsigned)s->walk_misses,
               (unsigned)s->remaps);
    }
}

int main(void)
{
    printf("ownlab kernel variant\nstrategy: %s\n", STR(OWN_DIRECT));
    /* The block's own length word bounds what is read; KARGS_MAX bounds that. */
    const unsigned char *block = (const unsigned char *)KARGS_ADDR;
    char why[KBOOT_WHY];
    if (kboot_read(&boot, block, KARGS_MAX, why) != 0) {
        printf("boot stopped: the argument block at 0x%08lx: %s\n", (unsigned long)KARGS_ADDR, why);
        exit(2);
    }
    print_whitelist();
#ifndef KB_BILL_ONLY
    run("loader's assignment adopted", step_loader);
    if (failed) {
        printf("0 passed, 1 failed\n");
        exit(1);
    }
    run("processes claim devices, each contested", step_devices);
    run("heaps grow by alloc to 90% of the pool", step_heaps);
    run("pages lent and returned, past any slot limit", step_lend);
    run("a lender dies with a page out", step_death);
    run("an unlisted alias is refused", step_alias);
    run("a flood of bad requests changes nothing", step_flood);
    run("every PID's count matches the script", step_totals);
    run("alloc fills the pool, then OutOfMemory", step_fill);
#else
    (void)run;
#endif
    bill();
    printf("%u passed, %u failed\n", passed, failed);
    exit(failed ? 1 : 0);
}
