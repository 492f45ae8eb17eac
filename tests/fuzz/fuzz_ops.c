/*
 * fuzz_ops.c - every design against the reference model (tests/refmodel.c),
 * on a map and an operation sequence taken from the fuzzer's bytes; abort()
 * on the first difference.
 *
 * Input: one byte chooses the map (three fixed ones, or regions made from the
 * following bytes and normalised), then each operation is an opcode byte and
 * its arguments.  Addresses are mostly region edges and low pages, some
 * misaligned, unlisted or arbitrary; PIDs mostly 1..8, some 0, 255, 256,
 * 2^32-1; ranges sometimes huge.
 *
 * All designs and the model run in lockstep.  alloc may return any free
 * main-RAM page: the model allocates its own (the lowest free one), each
 * design's page must be free in the model, and a design that picked another
 * page than the model is brought back in step through the interface
 * (release its page, claim the model's), both of which must succeed.  At the
 * end every listed page's owner and the page counts are compared.
 */
#include "refmodel.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_OPS 512u
#define MAX_DESIGNS 16u

static const raw_region precursor[] = {
    {"ROM", 0x80000000u, 0x10000u, 0},      {"SRAM_EXT", 0x40000000u, 0x1000000u, 1},
    {"MEMLCD", 0xB0000000u, 0x5C20u, 0},    {"SPIFLASH", 0x20000000u, 0x8000000u, 0},
    {"AUDIO", 0xE0000000u, 4u, 0},          {"SHA512", 0xE0002000u, 4u, 0},
    {"ENGINE", 0xE0020000u, 0x20000u, 0},   {"USBDEV", 0xE0040000u, 0x10000u, 0},
    {"CSR", 0xF0000000u, 0x40000u, 0},
};
static const raw_region arty[] = {
    {"ROM", 0x80000000u, 0x10000u, 0},      {"SRAM", 0x01000000u, 0x2000u, 0},
    {"MAIN_RAM", 0x40000000u, 0x20000u, 1}, {"TEST_RAM", 0x50000000u, 0x10000u, 0},
    {"BIO", 0x90000000u, 0x10000u, 0},      {"CSR", 0xE0000000u, 0x10000u, 0},
};
static const raw_region tiny[] = {
    {"RAM", 0x00000000u, 0x3000u, 1}, {"TOP", 0xFFFFF000u, 0x1000u, 0}, {"DEV", 0x7FFFF800u, 0x1000u, 0},
};

static norm_map nm;
static raw_region raw[16];

static int build_map(fuzz_in *in)
{
    uint32_t kind = fuzz_u8(in) % 8u;
    const raw_region *src = NULL;
    uint32_t n = 0;
    if (kind == 0)
        src = precursor, n = sizeof precursor / sizeof precursor[0];
    else if (kind == 1)
        src = arty, n = sizeof arty / sizeof arty[0];
    else if (kind == 2)
        src = tiny, n = sizeof tiny / sizeof tiny[0];
    if (src != NULL)
        return own_normalise(src, n, &nm) == NORM_OK ? 0 : -1;
    /* a made-up map: up to 12 regions of up to ~1000 pages, sub-page edges */
    n = 1u + fuzz_u8(in) % 12u;
    uint32_t ram = fuzz_u8(in) % n;
    for (uint32_t i = 0; i < n; i++) {
        raw_region *g = &raw[i];
        memset(g, 0, sizeof *g);
        snprintf(g->name, sizeof g->name, "R%u", (unsigned)i);
        uint32_t b = fuzz_u8(in);
        uint64_t base = (uint64_t)(b & 0x3fu) << 26 | (uint64_t)fuzz_u16(in) << 10;
        if (b & 0x40u)
            base = (1ull << 32) - ((uint64_t)(fuzz_u8(in) + 1u) << 12); /* near the top */
        uint64_t size = (uint64_t)(fuzz_u8(in) % 250u) << 12;
        if (b & 0x80u)
            size += fuzz_u16(in) & 0xfffu, base += fuzz_u8(in) << 4;
        if (base >= (1ull << 32))
            base = (1ull << 32) - 4096u;
        if (size > (1ull << 32) - base)
            size = (1ull << 32) - base;
        g->base = base;
        g->size = size;
        g->ram = i == ram;
    }
    return own_normalise(raw, n, &nm) == NORM_OK ? 0 : -1;
}

static uint32_t pick_addr(fuzz_in *in, const own_map *m)
{
    uint32_t k = fuzz_u8(in);
    if ((k & 7u) == 0)
        return fuzz_u32(in);
    const own_region *g = &m->regions[(k & 8u) ? m->ram : fuzz_u8(in) % m->count];
    uint32_t off = fuzz_u8(in), page;
    switch ((k >> 4) & 3u) {
    case 0: page = off % (g->pages + 1u); break;                    /* low pages, one past */
    case 1: page = g->pages - 1u - off % g->pages; break;           /* from the top */
    case 2: page = off & 1u ? g->pages : 0u - (off & 2u ? 1u : 0u); break; /* just outside */
    default: page = (uint32_t)(((uint64_t)fuzz_u16(in) * g->pages) >> 16); break;
    }
    uint32_t a = g->base + (page << 12);
    if ((k & 7u) == 1)
        a |= 1u + (fuzz_u16(in) & 0xffeu); /* misaligned */
    return a;
}

static uint32_t pick_pid(fuzz_in *in)
{
    uint32_t k = fuzz_u8(in);
    switch (k >> 5) {
    case 0: return k & 1u ? 255u : 0u;
    case 1: return k & 1u ? 256u : 0xffffffffu;
    default: return 1u + (k & 7u);
    }
}

typedef struct slot {
    const own_strategy *s;
    own_table *t;
    void *mem;
} slot;

static slot ds[MAX_DESIGNS];
static unsigned nds;
static void *ref_mem;
static own_table *ref;

static void open_all(const own_map *m)
{
    if (ref_mem == NULL) {
        size_t b = own_reference.reserve(m);
        ref_mem = aligned_alloc(8, (b + 7u) & ~(size_t)7u);
        FUZZ_CHECK(ref_mem != NULL);
    }
    FUZZ_CHECK(own_reference.init(&ref, ref_mem, own_reference.reserve(m), m) == OWN_OK);
    nds = 0;
    for (unsigned i = 0; own_strategies[i] != NULL && nds < MAX_DESIGNS; i++) {
        slot *d = &ds[nds++];
        d->s = own_strategies[i];
        size_t b = d->s->reserve(m);
        FUZZ_CHECK(b > 0);
        d->mem = aligned_alloc(8, (b + 7u) & ~(size_t)7u);
        FUZZ_CHECK(d->mem != NULL);
        own_err e = d->s->init(&d->t, d->mem, b, m);
        if (e != OWN_OK) {
            fprintf(stderr, "%s refused a valid map: %s\n", d->s->name, own_err_name(e));
            abort();
        }
    }
}

static void close_all(void)
{
    for (unsigned i = 0; i < nds; i++) {
        ds[i].s->fini(ds[i].t);
        free(ds[i].mem);
    }
    nds = 0;
}

static void differ(const char *what, const slot *d, unsigned op, own_err ed, own_err er, uint32_t x,
                   uint32_t y)
{
    fprintf(stderr, "op %u (%s): %s answered %s %u, the model %s %u\n", op, what, d->s->name,
            own_err_name(ed), (unsigned)x, own_err_name(er), (unsigned)y);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size, 0};
    if (build_map(&in) != 0)
        return 0;
    own_map m = own_norm_as_map(&nm);
    uint64_t listed = 0;
    for (uint32_t i = 0; i < m.count; i++)
        listed += m.regions[i].pages;
    if (listed > (1u << 16) && m.count > 3u)
        return 0; /* keep the final page-by-page check cheap */
    open_all(&m);
    for (unsigned op = 0; op < MAX_OPS && fuzz_more(&in); op++) {
        uint32_t code = fuzz_u8(&in) % 16u;
        uint32_t a = 0, p = 0, q = 0, n = 0, y = 0;
        own_err er;
        const char *what;
        switch (code) {
        case 0: case 1: case 2:
            what = "owner";
            a = code == 2 ? fuzz_u32(&in) : pick_addr(&in, &m) | (fuzz_u8(&in) << 4);
            er = own_reference.owner(ref, a, &y);
            break;
        case 3: case 4: case 5:
            what = "claim";
            a = pick_addr(&in, &m), p = pick_pid(&in);
            er = own_reference.claim(ref, a, p);
            break;
        case 6: case 7:
            what = "release";
            a = pick_addr(&in, &m), p = pick_pid(&in);
            er = own_reference.release(ref, a, p);
            break;
        case 8: case 9:
            what = "move";
            a = pick_addr(&in, &m), p = pick_pid(&in), q = pick_pid(&in);
            er = own_reference.move(ref, a, p, q);
            break;
        case 10: case 11: {
            what = "claim_range";
            a = pick_addr(&in, &m), p = pick_pid(&in);
            uint32_t k = fuzz_u8(&in);
            n = k < 200u ? k % 40u : k < 250u ? fuzz_u16(&in) : 0xffffffffu - (k - 250u);
            er = own_reference.claim_range(ref, a, n, p);
            break;
        }
        case 12:
            what = "release_all";
            p = pick_pid(&in);
            er = own_reference.release_all(ref, p, &y);
            break;
        case 13:
            what = "count";
            p = pick_pid(&in);
            p = p == 255u ? 0u : p;
            er = own_reference.count(ref, p, &y);
            break;
        default:
            what = "alloc";
            p = pick_pid(&in);
            break;
        }
        if (code >= 14u) {
            /* the model first looks which pages are free, then takes its own */
            uint32_t picks[MAX_DESIGNS];
            own_err errs[MAX_DESIGNS];
            for (unsigned i = 0; i < nds; i++) {
                errs[i] = ds[i].s->alloc(ds[i].t, p, &picks[i]);
                if (errs[i] == OWN_OK && !ref_is_free_ram(ref, picks[i])) {
                    fprintf(stderr, "op %u: %s alloc gave 0x%08x, not a free main-RAM page\n", op,
                            ds[i].s->name, (unsigned)picks[i]);
                    abort();
                }
            }
            er = own_reference.alloc(ref, p, &y);
            for (unsigned i = 0; i < nds; i++) {
                if (errs[i] != er)
                    differ(what, &ds[i], op, errs[i], er, picks[i], y);
                if (er == OWN_OK && picks[i] != y) { /* back in step with the model */
                    own_err e1 = ds[i].s->release(ds[i].t, picks[i], p);
                    own_err e2 = ds[i].s->claim(ds[i].t, y, p);
                    if (e1 != OWN_OK || e2 != OWN_OK)
                        differ("alloc re-sync", &ds[i], op, e1 != OWN_OK ? e1 : e2, OWN_OK, 0, 0);
                }
            }
        } else {
            for (unsigned i = 0; i < nds; i++) {
                const own_strategy *s = ds[i].s;
                own_table *t = ds[i].t;
                uint32_t x = 0;
                own_err ed;
                switch (code) {
                case 0: case 1: case 2: ed = s->owner(t, a, &x); break;
                case 3: case 4: case 5: ed = s->claim(t, a, p); break;
                case 6: case 7: ed = s->release(t, a, p); break;
                case 8: case 9: ed = s->move(t, a, p, q); break;
                case 10: case 11: ed = s->claim_range(t, a, n, p); break;
                case 12: ed = s->release_all(t, p, &x); break;
                default: ed = s->count(t, p, &x); break;
                }
                if (ed != er || (ed == OWN_OK && x != y))
                    differ(what, &ds[i], op, ed, er, x, y);
            }
        }
        for (unsigned i = 0; i < nds; i++)
            FUZZ_CHECK(ds[i].s->peak(ds[i].t) >= ds[i].s->inuse(ds[i].t));
    }
    /* the whole state, page by page (on a big map: each region's first and
     * last 256 pages, where the operations mostly land), and the counts of
     * the PIDs in play */
    for (uint32_t g = 0; g < m.count; g++)
        for (uint32_t k = 0; k < m.regions[g].pages; k++) {
            if (listed > 8192u && k == 256u && m.regions[g].pages > 512u)
                k = m.regions[g].pages - 256u;
            uint32_t a = m.regions[g].base + (k << 12), y = 0;
            FUZZ_CHECK(own_reference.owner(ref, a, &y) == OWN_OK);
            for (unsigned i = 0; i < nds; i++) {
                uint32_t x = 999;
                if (ds[i].s->owner(ds[i].t, a, &x) != OWN_OK || x != y) {
                    fprintf(stderr, "final state: %s says page 0x%08x is %u's, the model %u's\n",
                            ds[i].s->name, (unsigned)a, (unsigned)x, (unsigned)y);
                    abort();
                }
            }
        }
    static const uint32_t pids[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 255};
    for (unsigned k = 0; k < sizeof pids / sizeof pids[0]; k++) {
        uint32_t y = 0;
        FUZZ_CHECK(own_reference.count(ref, pids[k], &y) == OWN_OK);
        for (unsigned i = 0; i < nds; i++) {
            uint32_t x = 0;
            if (ds[i].s->count(ds[i].t, pids[k], &x) != OWN_OK || x != y)
                differ("final count", &ds[i], pids[k], OWN_OK, OWN_OK, x, y);
        }
    }
    close_all();
    return 0;
}
