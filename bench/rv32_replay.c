/*
 * rv32_replay.c - every design replays a Xous-realistic trace on RV32
 * (rv32imac under QEMU, -icount shift=0), phase by phase, under the
 * vexcache cache model (issue 11.4).
 *
 * Why a replay beside rv32_bench.c: the micro-benchmarks time one operation
 * kind on a synthetic state; a kernel pays for the mix it really sees, on the
 * state a real boot leaves (the loader's layout, a 98 MiB PDDB claim, heaps
 * packed at the bottom of RAM), with the caches warmed by the neighbouring
 * operations.  This program is built once per board with that board's trace
 * compiled in (bench/replay.mk turns workloads/traces/<board>.trace into a C
 * array, so the image reads no file) and run under the board's cache model.
 *
 * For each design of the registry, then for a no-op pseudo-design (every
 * operation returns OK at once: the replay loop's own cost, to subtract if
 * wanted), the table is built in static storage and the trace runs from the
 * first line to the last, its alloc slots honoured (workloads/trace.h: a
 * buffer's page is the one this design's alloc returned, so the allocator's
 * search is paid as in Xous and every design's states agree).  Each stretch between two `# phase` markers is one
 * measured window: instret before and after (exact instruction counts), and
 * vexcache_start()/vexcache_stop() just inside them, so the plugin prints
 * one line per window with the cache misses and cycles.  Output per window:
 *   seg,<K>,<strategy>,<board>,<phase>,<ops>,<instructions>,<digest>,<errors>
 * K is the window's number, as the plugin numbers its lines (from 1); the
 * Makefile pairs them and sums per phase.
 *
 * Answers must agree between designs: a digest of every answer (error code
 * and value; for alloc only the error code, its page being the design's
 * choice) per window is compared with the first design's, and any mismatch,
 * or any design whose table cannot be built, ends the run with status 1 and
 * an `error,...` line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labmaps.h"
#include "ownership.h"
#include "guest.h"

#define NOIPA __attribute__((noipa))
#define STORAGE_BYTES (8u << 20)
#define MAX_SEGS 64u

/* the trace, generated from workloads/traces/<board>.trace (bench/replay.mk) */
enum { R_OWNER, R_CLAIM, R_RELEASE, R_MOVE, R_CLAIM_RANGE, R_RELEASE_ALL, R_COUNT, R_ALLOC,
       R_PHASE };
extern const unsigned char replay_op[];
extern const uint32_t replay_arg[][3];
extern const int16_t replay_slot[]; /* -1, or the line's `# @K` */
extern const uint32_t replay_len;
extern const char replay_board[];
extern const char replay_trace[]; /* the trace's name, <board>-<variant> */
/* `loader`: the loader's assignment, written before the kernel runs; the
 * Makefile leaves it out of `all`, the kernel's bill */
static const char *const phase_name[] = {"loader", "boot", "steady", "exit"};

/* the slots' pages, emptied before every design's replay (replay.mk has
 * checked every K is below 4096 and filled before it is used) */
#define SLOTS 4096u
static uint32_t slots[SLOTS];

/* TABLE_SHIFT moves the table within the storage (bench/replay.mk builds
 * the replay at a few shifts): Precursor's L2 is direct-mapped over 64 KiB,
 * so where the table falls against the replay's own arrays decides some of
 * its misses, and the spread over shifts says how much of a result is layout. */
#ifndef TABLE_SHIFT
#define TABLE_SHIFT 0u
#endif
/* noinit: crt0 would otherwise zero these megabytes a byte at a time (picolibc's
 * small memset): ~41 M instructions before main, 70% of a Baochip-1x replay's
 * simulated time on the RTL.  Every use writes what it reads first (the storage
 * is filled with 0xa5 before each init; the floor's arrays are cleared by
 * floor_init). */
#define NOINIT __attribute__((noinit))
static unsigned char storage_area[STORAGE_BYTES + TABLE_SHIFT] NOINIT __attribute__((aligned(65536)));
#define storage (storage_area + TABLE_SHIFT)
static norm_map nmap;

/* ---- the no-op pseudo-design ------------------------------------------- */

NOIPA static own_err nop_owner(const own_table *t, uint32_t a, uint32_t *p)
{
    (void)t, (void)a, (void)p;
    return OWN_OK;
}
NOIPA static own_err nop_page(own_table *t, uint32_t a, uint32_t p)
{
    (void)t, (void)a, (void)p;
    return OWN_OK;
}
NOIPA static own_err nop_move(own_table *t, uint32_t a, uint32_t f, uint32_t to)
{
    (void)t, (void)a, (void)f, (void)to;
    return OWN_OK;
}
NOIPA static own_err nop_out(own_table *t, uint32_t p, uint32_t *o)
{
    (void)t, (void)p, (void)o;
    return OWN_OK;
}
NOIPA static own_err nop_count(const own_table *t, uint32_t p, uint32_t *o)
{
    (void)t, (void)p, (void)o;
    return OWN_OK;
}
static const own_strategy noop = {"noop", NULL, NULL, NULL, nop_owner, nop_page, nop_page,
                                  nop_move, nop_move, nop_out, nop_count, nop_out, NULL, NULL};

/* ---- the floor pseudo-design ---------------------------------------------
 *
 * What any table must at least do, to measure the designs against: one byte
 * load or store per page an operation names, no checks of any kind, and
 * alloc from a stack of free main-RAM pages.  Main RAM's owner bytes and the
 * stack sit together (a few KiB: a TLB entry or two), every other page's
 * byte is indexed by its page number over the whole 32-bit space (1 MiB, no
 * region lookup).  alloc pops the stack and stores the byte; a release of a
 * main-RAM page pushes it back (LIFO: the page just freed, still cached,
 * comes back first); release_all scans main RAM's bytes a word at a time and
 * pushes what it frees (the one operation here that is not O(pages named):
 * a trace has one to three of them).  Its answers are not checked (it checks
 * nothing), so it is excluded from the answer comparison like the no-op. */
#define FLOOR_POOL_MAX 65536u
static struct {
    uint32_t first, pages, top;
    uint16_t stack[FLOOR_POOL_MAX];
    uint32_t owner_words[FLOOR_POOL_MAX / 4u]; /* main RAM's owner bytes, as words for the scan */
} fl NOINIT;
static unsigned char floor_other[1u << 20] NOINIT;

static inline unsigned char *floor_byte(uint32_t addr)
{
    uint32_t i = (addr >> 12) - fl.first;
    return i < fl.pages ? (unsigned char *)fl.owner_words + i : &floor_other[addr >> 12];
}

/* the byte, and a freed main-RAM page back on the stack */
static inline void floor_set(uint32_t addr, uint32_t pid)
{
    uint32_t i = (addr >> 12) - fl.first;
    if (i < fl.pages) {
        unsigned char *b = (unsigned char *)fl.owner_words + i;
        if (pid == 0u && *b != 0u)
            fl.stack[fl.top++] = (uint16_t)i;
        *b = (unsigned char)pid;
    } else
        floor_other[addr >> 12] = (unsigned char)pid;
}

NOIPA static own_err floor_owner_of(const own_table *t, uint32_t a, uint32_t *p)
{
    (void)t;
    *p = *floor_byte(a);
    return OWN_OK;
}
NOIPA static own_err floor_claim(own_table *t, uint32_t a, uint32_t p)
{
    (void)t;
    floor_set(a, p);
    return OWN_OK;
}
NOIPA static own_err floor_release(own_table *t, uint32_t a, uint32_t p)
{
    (void)t, (void)p;
    floor_set(a, 0);
    return OWN_OK;
}
NOIPA static own_err floor_move(own_table *t, uint32_t a, uint32_t f, uint32_t to)
{
    (void)t, (void)f;
    floor_set(a, to);
    return OWN_OK;
}
NOIPA static own_err floor_range(own_table *t, uint32_t a, uint32_t n, uint32_t p)
{
    (void)t;
    for (uint32_t k = 0; k < n; k++)
        floor_set(a + (k << 12), p);
    return OWN_OK;
}
NOIPA static own_err floor_release_all(own_table *t, uint32_t pid, uint32_t *o)
{
    (void)t;
    uint32_t n = 0, pat = (pid & 0xffu) * 0x01010101u;
    for (uint32_t w = 0; w < (fl.pages + 3u) / 4u; w++) {
        uint32_t x = fl.owner_words[w] ^ pat; /* a zero byte: pid's page */
        if (((x - 0x01010101u) & ~x & 0x80808080u) == 0u)
            continue;
        unsigned char *b = (unsigned char *)&fl.owner_words[w];
        for (uint32_t k = 0; k < 4u; k++)
            if (b[k] == (pid & 0xffu) && w * 4u + k < fl.pages) {
                b[k] = 0;
                fl.stack[fl.top++] = (uint16_t)(w * 4u + k);
                n++;
            }
    }
    *o = n;
    return OWN_OK;
}
NOIPA static own_err floor_alloc(own_table *t, uint32_t pid, uint32_t *o)
{
    (void)t;
    if (fl.top == 0u)
        return OWN_OUT_OF_MEMORY;
    uint32_t i = fl.stack[--fl.top];
    ((unsigned char *)fl.owner_words)[i] = (unsigned char)pid;
    *o = (fl.first + i) << 12;
    return OWN_OK;
}
static const own_strategy floor_design = {"floor", NULL, NULL, NULL, floor_owner_of, floor_claim,
                                          floor_release, floor_move, floor_range,
                                          floor_release_all, nop_count, floor_alloc, NULL, NULL};

/* every main-RAM page free, the lowest on top of the stack */
static int floor_init(const own_map *m)
{
    own_region pool = own_map_pool(m);
    if (pool.pages > FLOOR_POOL_MAX)
        return -1;
    memset(&fl, 0, sizeof fl);
    memset(floor_other, 0, sizeof floor_other);
    fl.first = pool.base >> 12;
    fl.pages = pool.pages;
    for (uint32_t i = fl.pages; i-- > 0;)
        fl.stack[fl.top++] = (uint16_t)i;
    return 0;
}

/* ---- one window: ops [from, to) ----------------------------------------- */

typedef struct seg_result { uint32_t digest, errors; } seg_result;

/* noipa: the same loop, not a clone specialised per design, for every row */
NOIPA static seg_result run_ops(const own_strategy *s, own_table *t, uint32_t from, uint32_t to)
{
    uint32_t h = 0, errs = 0;
    for (uint32_t i = from; i < to; i++) {
        const uint32_t *a = replay_arg[i];
        int32_t k = replay_slot[i];
        uint32_t addr = (uint32_t)k < SLOTS ? slots[k] : a[0]; /* -1: the literal */
        uint32_t v = 0;
        own_err e;
        switch (replay_op[i]) {
        case R_OWNER: e = s->owner(t, addr, &v); break;
        case R_CLAIM: e = s->claim(t, addr, a[1]); break;
        case R_RELEASE: e = s->release(t, addr, a[1]); break;
        case R_MOVE: e = s->move(t, addr, a[1], a[2]); break;
        case R_CLAIM_RANGE: e = s->claim_range(t, addr, a[1], a[2]); break;
        case R_RELEASE_ALL: e = s->release_all(t, a[0], &v); break;
        case R_COUNT: e = s->count(t, a[0], &v); break;
        default: /* R_ALLOC: its page is the design's choice, not compared */
            e = s->alloc(t, a[0], &v);
            if ((uint32_t)k < SLOTS)
                slots[k] = e == OWN_OK ? v : 0u;
            v = 0;
            break;
        }
        errs += e != OWN_OK;
        h = (h * 31u + (uint32_t)e) * 31u + v;
    }
    seg_result r = {h, errs};
    return r;
}

/* ---- one design over the whole trace ----------------------------------- */

static uint32_t ref_digest[MAX_SEGS], nref;
static int have_ref, failed;
static uint32_t window_no;

static int replay(const own_strategy *s, const own_map *m)
{
    own_table *t = NULL;
    int pseudo = s == &noop || s == &floor_design;
    if (s == &floor_design && floor_init(m) != 0) {
        printf("error,floor,%s: main RAM too large for the floor's lists\n", replay_trace);
        return 1;
    }
    if (!pseudo) {
        size_t need = s->reserve(m);
        if (need == 0 || need > STORAGE_BYTES) {
            printf("error,%s,%s: reserve %lu does not fit %lu bytes\n", s->name, replay_board,
                   (unsigned long)need, (unsigned long)STORAGE_BYTES);
            return 1;
        }
        memset(storage, 0xa5, need);
        own_err e = s->init(&t, storage, need, m);
        if (e != OWN_OK) {
            printf("error,%s,%s: init: %s\n", s->name, replay_board, own_err_name(e));
            return 1;
        }
    }
    memset(slots, 0, sizeof slots);
    uint32_t seg = 0, i = 0;
    while (i < replay_len) {
        uint32_t phase = 0;
        if (replay_op[i] == R_PHASE)
            phase = replay_arg[i++][0];
        uint32_t j = i;
        while (j < replay_len && replay_op[j] != R_PHASE)
            j++;
        if (j == i)
            continue;
        uint64_t t0 = rv32_instret();
        vexcache_start();
        seg_result r = run_ops(s, t, i, j);
        vexcache_stop();
        uint64_t t1 = rv32_instret();
        window_no++;
        printf("seg,%lu,%s,%s,%s,%lu,%llu,0x%08lx,%lu\n", (unsigned long)window_no, s->name,
               replay_trace, phase_name[phase], (unsigned long)(j - i),
               (unsigned long long)(t1 - t0), (unsigned long)r.digest, (unsigned long)r.errors);
        if (!pseudo) {
            if (seg >= MAX_SEGS) {
                printf("error,%s,%s: more than %u phase stretches\n", s->name, replay_board,
                       MAX_SEGS);
                return 1;
            }
            if (!have_ref) {
                ref_digest[seg] = r.digest;
                nref = seg + 1u;
            } else if (seg >= nref || ref_digest[seg] != r.digest) {
                printf("error,%s,%s,%s: answers differ from the first design's in stretch %lu\n",
                       s->name, replay_board, phase_name[phase], (unsigned long)seg);
                failed = 1;
            }
        }
        seg++;
        i = j;
    }
    if (!pseudo)
        have_ref = 1;
    if (!pseudo && s->fini != NULL)
        s->fini(t);
    return 0;
}

int main(void)
{
    uint32_t mi = lab_map_find(replay_board);
    if (mi >= lab_map_count() || lab_map_build(mi, &nmap) != 0) {
        printf("error: no lab map %s\n", replay_board);
        return 1;
    }
    own_map m = own_norm_as_map(&nmap);
    printf("info,replay,%s,%lu lines\n", replay_board, (unsigned long)replay_len);
    for (uint32_t k = 0; own_strategies[k] != NULL; k++)
        if (replay(own_strategies[k], &m) != 0)
            failed = 1;
    if (replay(&noop, &m) != 0 || replay(&floor_design, &m) != 0)
        failed = 1;
    printf("%s\n", failed ? "replay FAILED" : "replay ok");
    /* exit(), not a return: picolibc's semihosting exit is what ends QEMU */
    exit(failed ? 1 : 0);
}
