/*
 * conformance.c - the contract, case by case, written once and run against
 * every design in the registry (on the host under cmocka, on RV32 under QEMU).
 *
 * Most cases use one small LiteX-like map whose every feature is deliberate:
 *   FLASH 0x20000000  32 pages
 *   RAM   0x40000000  64 pages  (main RAM)
 *   CSR   0xe0000000  16 pages  (its mirror at 0x70000000 is NOT listed)
 *   SHA   0xe0020000   1 page
 *   TOP   0xffffe000   2 pages  (ends exactly at 2^32)
 * A state fingerprint (owner of every listed page, and every count) taken
 * before and after a failing operation shows that it changed nothing.
 */
#include "check.h"
#include "harness.h"

#define FLASH 0x20000000u
#define RAM 0x40000000u
#define CSR 0xe0000000u
#define MIRROR 0x70000000u
#define SHA 0xe0020000u
#define TOP 0xffffe000u
#define RAM_PAGES 64u
#define ALL_PAGES (32u + 64u + 16u + 1u + 2u)

static const own_region small_regions[] = {
    {FLASH, 32}, {RAM, RAM_PAGES}, {CSR, 16}, {SHA, 1}, {TOP, 2},
};
static const own_map small_map = {small_regions, 5, 1, 0, 0};

static own_table *open_small(const own_strategy *s)
{
    void *storage;
    size_t bytes;
    return test_open(s, &small_map, &storage, &bytes);
}

/* Every listed page's owner and every PID's count, folded into one hash. */
static uint64_t fingerprint(const own_strategy *s, const own_table *t)
{
    uint64_t h = 1469598103934665603ull;
    for (uint32_t i = 0; i < small_map.count; i++)
        for (uint32_t k = 0; k < small_map.regions[i].pages; k++) {
            uint32_t pid = 999;
            own_err e = s->owner(t, small_map.regions[i].base + (k << 12), &pid);
            h = (h ^ (uint64_t)e ^ ((uint64_t)pid << 8)) * 1099511628211ull;
        }
    for (uint32_t pid = 0; pid <= 255u; pid++) {
        uint32_t n = 0;
        s->count(t, pid, &n);
        h = (h ^ n) * 1099511628211ull;
    }
    return h;
}

static uint32_t owner_of(const own_strategy *s, const own_table *t, uint32_t addr)
{
    uint32_t pid = 999;
    if (s->owner(t, addr, &pid) != OWN_OK)
        return 1000;
    return pid;
}

/* count() for every PID against a tally of owner() over every listed page
 * (so every PID the case touched, not only a few), and BadPid for what is
 * not a PID, including values whose low byte is one. */
static void check_counts(const own_strategy *s, const own_table *t)
{
    static const uint32_t not_pids[] = {256u, 0x103u, 0x10000u, 0xffffffffu};
    uint32_t tally[OWN_PID_MAX + 1u] = {0}, n = 0;
    for (uint32_t i = 0; i < small_map.count; i++)
        for (uint32_t k = 0; k < small_map.regions[i].pages; k++) {
            uint32_t pid = 999;
            CHECK_ERR(s->owner(t, small_map.regions[i].base + (k << 12), &pid), OWN_OK);
            CHECK(pid <= OWN_PID_MAX);
            tally[pid]++;
        }
    for (uint32_t pid = 0; pid <= OWN_PID_MAX; pid++) {
        n = ~0u;
        CHECK_ERR(s->count(t, pid, &n), OWN_OK);
        if (n != tally[pid])
            printf("%s: count(%u) = %u, owner() says %u\n", s->name, (unsigned)pid,
                   (unsigned)n, (unsigned)tally[pid]);
        CHECK_EQ(n, tally[pid]);
    }
    for (unsigned i = 0; i < sizeof not_pids / sizeof not_pids[0]; i++)
        CHECK_ERR(s->count(t, not_pids[i], &n), OWN_BAD_PID);
}

static void case_fresh_table(const own_strategy *s)
{
    own_table *t = open_small(s);
    CHECK(t != NULL);
    uint32_t pid = 7, n = 0;
    CHECK_ERR(s->owner(t, RAM, &pid), OWN_OK);
    CHECK_EQ(pid, 0);
    CHECK_ERR(s->owner(t, TOP + 0x1fffu, &pid), OWN_OK); /* any address, last byte */
    CHECK_ERR(s->owner(t, RAM - 1u, &pid), OWN_BAD_ADDRESS);
    CHECK_ERR(s->owner(t, 0, &pid), OWN_BAD_ADDRESS);
    CHECK_ERR(s->count(t, 0, &n), OWN_OK);
    CHECK_EQ(n, ALL_PAGES);
    CHECK_ERR(s->count(t, 255, &n), OWN_OK);
    CHECK_EQ(n, 0);
    CHECK(s->inuse(t) > 0 && s->peak(t) >= s->inuse(t));
    test_close(s, t);
}

static void case_claim(const own_strategy *s)
{
    own_table *t = open_small(s);
    CHECK(t != NULL);
    CHECK_ERR(s->claim(t, RAM + 0x3000u, 5), OWN_OK);
    CHECK_EQ(owner_of(s, t, RAM + 0x3123u), 5); /* owner rounds down */
    CHECK_ERR(s->claim(t, RAM + 0x3000u, 5), OWN_OK); /* your own page again */
    uint64_t before = fingerprint(s, t);
    CHECK_ERR(s->claim(t, RAM + 0x3000u, 6), OWN_MEMORY_IN_USE);
    CHECK_EQ(fingerprint(s, t), before);
    CHECK_EQ(owner_of(s, t, RAM + 0x3000u), 5);
    CHECK_ERR(s->claim(t, FLASH, 1), OWN_OK); /* the kernel is PID 1 */
    CHECK_ERR(s->claim(t, SHA, 255), OWN_OK);
    CHECK_EQ(owner_of(s, t, SHA), 255);
    check_counts(s, t);
    test_close(s, t);
}

static void case_error_order(const own_strategy *s)
{
    own_table *t = open_small(s);
    CHECK(t != NULL);
    CHECK_ERR(s->claim(t, RAM, 9), OWN_OK);
    uint64_t before = fingerprint(s, t);
    /* PID first, even when everything else is wrong too */
    CHECK_ERR(s->claim(t, MIRROR + 1u, 0), OWN_BAD_PID);
    CHECK_ERR(s->claim(t, RAM, 256), OWN_BAD_PID);
    CHECK_ERR(s->release(t, RAM, 0), OWN_BAD_PID);
    CHECK_ERR(s->move(t, RAM, 9, 256), OWN_BAD_PID);
    CHECK_ERR(s->move(t, RAM, 0, 3), OWN_BAD_PID);
    CHECK_ERR(s->claim_range(t, MIRROR + 1u, 0, 0), OWN_BAD_PID);
    uint32_t n = 0, addr = 0;
    CHECK_ERR(s->release_all(t, 0, &n), OWN_BAD_PID);
    CHECK_ERR(s->release_all(t, 256, &n), OWN_BAD_PID);
    CHECK_ERR(s->count(t, 256, &n), OWN_BAD_PID);
    CHECK_ERR(s->alloc(t, 0, &addr), OWN_BAD_PID);
    CHECK_ERR(s->alloc(t, 256, &addr), OWN_BAD_PID);
    /* then alignment, before the whitelist and ownership */
    CHECK_ERR(s->claim(t, MIRROR + 1u, 3), OWN_BAD_ALIGNMENT);
    CHECK_ERR(s->claim(t, RAM + 4u, 3), OWN_BAD_ALIGNMENT);
    CHECK_ERR(s->release(t, RAM + 2048u, 3), OWN_BAD_ALIGNMENT);
    CHECK_ERR(s->move(t, RAM + 1u, 3, 4), OWN_BAD_ALIGNMENT);
    CHECK_ERR(s->claim_range(t, RAM + 1u, 0, 3), OWN_BAD_ALIGNMENT);
    /* then the whitelist, before ownership */
    CHECK_ERR(s->claim(t, MIRROR, 3), OWN_BAD_ADDRESS);
    CHECK_ERR(s->release(t, RAM + (RAM_PAGES << 12), 3), OWN_BAD_ADDRESS);
    CHECK_ERR(s->move(t, 0x10000000u, 3, 4), OWN_BAD_ADDRESS);
    /* and ownership last */
    CHECK_ERR(s->claim(t, RAM, 3), OWN_MEMORY_IN_USE);
    CHECK_ERR(s->release(t, RAM, 3), OWN_MEMORY_IN_USE);
    CHECK_ERR(s->move(t, RAM, 3, 4), OWN_MEMORY_IN_USE);
    CHECK_EQ(fingerprint(s, t), before);
    check_counts(s, t);
    test_close(s, t);
}

static void case_release(const own_strategy *s)
{
    own_table *t = open_small(s);
    CHECK(t != NULL);
    CHECK_ERR(s->release(t, RAM, 4), OWN_OK); /* a free page: fine */
    CHECK_ERR(s->claim(t, RAM, 4), OWN_OK);
    CHECK_ERR(s->release(t, RAM, 5), OWN_MEMORY_IN_USE);
    CHECK_EQ(owner_of(s, t, RAM), 4);
    CHECK_ERR(s->release(t, RAM, 4), OWN_OK);
    CHECK_EQ(owner_of(s, t, RAM), 0);
    uint32_t n = 9;
    CHECK_ERR(s->count(t, 4, &n), OWN_OK);
    CHECK_EQ(n, 0);
    check_counts(s, t);
    test_close(s, t);
}

static void case_move(const own_strategy *s)
{
    own_table *t = open_small(s);
    CHECK(t != NULL);
    CHECK_ERR(s->claim(t, CSR, 2), OWN_OK);
    CHECK_ERR(s->move(t, CSR, 2, 3), OWN_OK); /* from the owner */
    CHECK_EQ(owner_of(s, t, CSR), 3);
    CHECK_ERR(s->move(t, CSR, 2, 3), OWN_OK); /* already the target's */
    CHECK_EQ(owner_of(s, t, CSR), 3);
    CHECK_ERR(s->move(t, CSR, 2, 4), OWN_MEMORY_IN_USE); /* a third party's */
    CHECK_EQ(owner_of(s, t, CSR), 3);
    CHECK_ERR(s->move(t, CSR + 0x1000u, 7, 8), OWN_OK); /* free: simply taken */
    CHECK_EQ(owner_of(s, t, CSR + 0x1000u), 8);
    uint32_t n = 0;
    CHECK_ERR(s->count(t, 8, &n), OWN_OK);
    CHECK_EQ(n, 1);
    CHECK_ERR(s->count(t, 2, &n), OWN_OK);
    CHECK_EQ(n, 0);
    check_counts(s, t);
    test_close(s, t);
}

static void case_claim_range(const own_strategy *s)
{
    own_table *t = open_small(s);
    CHECK(t != NULL);
    uint32_t n = 0;
    CHECK_ERR(s->claim_range(t, MIRROR, 0, 3), OWN_OK); /* n = 0: nothing to check */
    CHECK_ERR(s->claim_range(t, RAM, RAM_PAGES, 3), OWN_OK);
    CHECK_ERR(s->count(t, 3, &n), OWN_OK);
    CHECK_EQ(n, RAM_PAGES);
    CHECK_ERR(s->claim_range(t, RAM, 4, 3), OWN_OK); /* own pages again */
    CHECK_ERR(s->release_all(t, 3, &n), OWN_OK);
    CHECK_EQ(n, RAM_PAGES);

    CHECK_ERR(s->claim(t, CSR + 0x5000u, 6), OWN_OK);
    uint64_t before = fingerprint(s, t);
    /* across the end of a region: BadAddress, nothing claimed */
    CHECK_ERR(s->claim_range(t, RAM + ((RAM_PAGES - 2u) << 12), 3, 4), OWN_BAD_ADDRESS);
    /* the first failing page answers: in use (page 5) before unlisted (page 16) */
    CHECK_ERR(s->claim_range(t, CSR, 20, 4), OWN_MEMORY_IN_USE);
    /* pages 6..15 free, then 0xe0010000 unlisted */
    CHECK_ERR(s->claim_range(t, CSR + 0x6000u, 20, 4), OWN_BAD_ADDRESS);
    /* past 2^32: BadAddress */
    CHECK_ERR(s->claim_range(t, TOP, 3, 4), OWN_BAD_ADDRESS);
    CHECK_ERR(s->claim_range(t, TOP + 0x1000u, 0xffffffffu, 4), OWN_BAD_ADDRESS);
    CHECK_EQ(fingerprint(s, t), before);
    /* up to exactly 2^32: fine */
    CHECK_ERR(s->claim_range(t, TOP, 2, 4), OWN_OK);
    CHECK_EQ(owner_of(s, t, 0xfffff000u), 4);
    check_counts(s, t);
    test_close(s, t);
}

static void case_release_all_and_count(const own_strategy *s)
{
    own_table *t = open_small(s);
    CHECK(t != NULL);
    uint32_t n = 0, total = 0;
    for (uint32_t k = 0; k < RAM_PAGES; k++)
        CHECK_ERR(s->claim(t, RAM + (k << 12), 2u + k % 3u), OWN_OK);
    CHECK_ERR(s->claim_range(t, FLASH, 32, 2), OWN_OK);
    CHECK_ERR(s->claim(t, SHA, 3), OWN_OK);
    for (uint32_t pid = 0; pid <= 255u; pid++) {
        CHECK_ERR(s->count(t, pid, &n), OWN_OK);
        total += n;
    }
    CHECK_EQ(total, ALL_PAGES);
    CHECK_ERR(s->count(t, 2, &n), OWN_OK);
    CHECK_EQ(n, 22u + 32u);
    CHECK_ERR(s->release_all(t, 2, &n), OWN_OK);
    CHECK_EQ(n, 22u + 32u);
    CHECK_ERR(s->count(t, 2, &n), OWN_OK);
    CHECK_EQ(n, 0);
    CHECK_ERR(s->count(t, 3, &n), OWN_OK);
    CHECK_EQ(n, 21u + 1u);
    CHECK_EQ(owner_of(s, t, RAM + 0x1000u), 3);
    CHECK_ERR(s->release_all(t, 2, &n), OWN_OK); /* nothing left */
    CHECK_EQ(n, 0);
    CHECK_ERR(s->release_all(t, 200, &n), OWN_OK); /* never owned anything */
    CHECK_EQ(n, 0);
    CHECK_ERR(s->count(t, 0, &n), OWN_OK);
    CHECK_EQ(n, ALL_PAGES - 22u - 21u); /* PIDs 3 and 4 keep theirs */
    check_counts(s, t);
    test_close(s, t);
}

static void case_alloc_until_full(const own_strategy *s)
{
    own_table *t = open_small(s);
    CHECK(t != NULL);
    uint32_t seen[RAM_PAGES] = {0}, addr = 0, n = 0;
    CHECK_ERR(s->claim(t, RAM + 0x5000u, 9), OWN_OK); /* one page already taken */
    for (uint32_t k = 0; k < RAM_PAGES - 1u; k++) {
        CHECK_ERR(s->alloc(t, 7, &addr), OWN_OK);
        CHECK(addr >= RAM && addr < RAM + (RAM_PAGES << 12) && (addr & 0xfffu) == 0);
        CHECK(addr != RAM + 0x5000u);
        CHECK_EQ(seen[(addr - RAM) >> 12]++, 0);
        CHECK_EQ(owner_of(s, t, addr), 7);
    }
    uint64_t before = fingerprint(s, t);
    CHECK_ERR(s->alloc(t, 7, &addr), OWN_OUT_OF_MEMORY);
    CHECK_ERR(s->alloc(t, 8, &addr), OWN_OUT_OF_MEMORY);
    CHECK_EQ(fingerprint(s, t), before);
    CHECK_ERR(s->count(t, 7, &n), OWN_OK);
    CHECK_EQ(n, RAM_PAGES - 1u);
    CHECK_ERR(s->release(t, RAM + 0x9000u, 7), OWN_OK);
    CHECK_ERR(s->alloc(t, 8, &addr), OWN_OK);
    CHECK_EQ(addr, RAM + 0x9000u);
    CHECK_ERR(s->alloc(t, 8, &addr), OWN_OUT_OF_MEMORY);
    CHECK_ERR(s->release_all(t, 7, &n), OWN_OK);
    CHECK_EQ(n, RAM_PAGES - 2u);
    for (uint32_t k = 0; k < RAM_PAGES - 2u; k++)
        CHECK_ERR(s->alloc(t, 10, &addr), OWN_OK);
    CHECK_ERR(s->alloc(t, 10, &addr), OWN_OUT_OF_MEMORY);
    check_counts(s, t);
    test_close(s, t);
}

static void case_top_of_space(const own_strategy *s)
{
    own_table *t = open_small(s);
    CHECK(t != NULL);
    CHECK_ERR(s->claim(t, 0xfffff000u, 200), OWN_OK);
    CHECK_EQ(owner_of(s, t, 0xffffffffu), 200);
    CHECK_ERR(s->move(t, 0xfffff000u, 200, 201), OWN_OK);
    uint32_t n = 0;
    CHECK_ERR(s->release_all(t, 201, &n), OWN_OK);
    CHECK_EQ(n, 1);
    check_counts(s, t);
    test_close(s, t);

    static const own_region whole[] = {{0, OWN_PAGES_IN_SPACE}};
    const own_map everything = {whole, 1, 0, 0, 0};
    void *storage;
    size_t bytes;
    t = test_open(s, &everything, &storage, &bytes);
    CHECK(t != NULL);
    CHECK_ERR(s->claim(t, 0xfffff000u, 3), OWN_OK);
    CHECK_ERR(s->claim(t, 0, 3), OWN_OK);
    CHECK_ERR(s->count(t, 0, &n), OWN_OK);
    CHECK_EQ(n, OWN_PAGES_IN_SPACE - 2u);
    test_close(s, t);
}

static void case_mirror_alias(const own_strategy *s)
{
    own_table *t = open_small(s);
    CHECK(t != NULL);
    uint32_t pid = 0;
    CHECK_ERR(s->claim(t, CSR, 5), OWN_OK);
    /* LiteX shows the CSR space at 0xe0000000 and again at 0x70000000; only
     * the first is listed, so the mirror can never be used to share it. */
    for (uint32_t k = 0; k < 16u; k++) {
        CHECK_ERR(s->claim(t, MIRROR + (k << 12), 6), OWN_BAD_ADDRESS);
        CHECK_ERR(s->owner(t, MIRROR + (k << 12), &pid), OWN_BAD_ADDRESS);
        CHECK_ERR(s->move(t, MIRROR + (k << 12), 5, 6), OWN_BAD_ADDRESS);
    }
    CHECK_ERR(s->claim_range(t, MIRROR, 16, 6), OWN_BAD_ADDRESS);
    CHECK_EQ(owner_of(s, t, CSR), 5);
    check_counts(s, t);
    test_close(s, t);
}

static void case_init_refusals(const own_strategy *s)
{
    static const own_region overlap[] = {{RAM, 16}, {RAM + 0x8000u, 16}};
    static const own_region touch[] = {{RAM, 16}, {RAM + 0x10000u, 16}};
    static const own_region unaligned[] = {{RAM + 0x800u, 16}};
    static const own_region empty[] = {{RAM, 16}, {CSR, 0}};
    static const own_region wraps[] = {{0xfffff000u, 2}};
    static const struct { own_map map; own_err want; } bad[] = {
        {{overlap, 2, 0, 0, 0}, OWN_REGION_OVERLAP},
        {{touch, 2, 1, 0, 0}, OWN_REGION_OVERLAP},
        {{unaligned, 1, 0, 0, 0}, OWN_REGION_UNALIGNED},
        {{empty, 2, 0, 0, 0}, OWN_REGION_EMPTY},
        {{wraps, 1, 0, 0, 0}, OWN_REGION_WRAPS},
        {{small_regions, 5, 5, 0, 0}, OWN_BAD_RAM_INDEX},
        {{small_regions, 0, 0, 0, 0}, OWN_BAD_RAM_INDEX},
        {{small_regions, OWN_MAX_REGIONS + 1u, 0, 0, 0}, OWN_TOO_MANY_REGIONS},
    };
    own_table *t = NULL;
    size_t big = 1u << 16;
    void *storage = test_alloc(big);
    CHECK(storage != NULL);
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_EQ(s->reserve(&bad[i].map), 0);
        CHECK_ERR(s->init(&t, storage, big, &bad[i].map), bad[i].want);
    }
    size_t need = s->reserve(&small_map);
    CHECK(need > 0);
    CHECK_ERR(s->init(&t, NULL, need, &small_map), OWN_BAD_STORAGE);
    CHECK_ERR(s->init(&t, (char *)storage + 1, need, &small_map), OWN_BAD_STORAGE);
    CHECK_ERR(s->init(&t, storage, need - 1u, &small_map), OWN_BAD_STORAGE);
    /* unsorted input is fine as long as nothing overlaps */
    static const own_region shuffled[] = {{TOP, 2}, {CSR, 16}, {RAM, RAM_PAGES}, {FLASH, 32}};
    const own_map ok = {shuffled, 4, 2, 0, 0};
    void *st;
    size_t bytes;
    t = test_open(s, &ok, &st, &bytes);
    CHECK(t != NULL);
    CHECK_ERR(s->claim(t, FLASH, 2), OWN_OK);
    uint32_t addr = 0;
    CHECK_ERR(s->alloc(t, 2, &addr), OWN_OK);
    CHECK(addr >= RAM && addr < RAM + (RAM_PAGES << 12));
    test_close(s, t);
}

/*
 * Denial of service.  A kernel that tracks only whitelisted pages must be able
 * to take any flood of bad requests without spending or changing anything, so
 * every kind of bad input is crossed with every operation it can reach, and
 * each call must give exactly the error the contract's check order gives (PID,
 * then alignment, then whitelist, then ownership), while inuse(), peak() and
 * every byte of the storage stay as they were.
 *
 * The state is a full house, so that every input has something to collide
 * with: main RAM handed out page by page to PIDs 3 and 4, the even CSR pages
 * to 5, SHA to 6; FLASH, the odd CSR pages and TOP are free.  alloc with a
 * good PID is therefore OutOfMemory, the one flood that needs no bad argument.
 * Huge PIDs include 0x103 and 0x104, which a table that kept only the low byte
 * would take for the owners 3 and 4.
 */
enum { DOS_OWNER, DOS_CLAIM, DOS_RELEASE, DOS_MOVE, DOS_CLAIM_RANGE, DOS_RELEASE_ALL, DOS_COUNT,
       DOS_ALLOC, DOS_OPS };
enum { PK_VALID, PK_ZERO, PK_256, PK_HUGE, PK_KINDS };
enum { AK_NONE, AK_MISALIGNED, AK_UNLISTED, AK_MIRROR, AK_IN_USE, AK_PAST_TOP, AK_RUN_OFF_END,
       AK_RUN_INTO_USE, AK_KINDS };
static const char *const dos_ops[DOS_OPS] = {"owner", "claim", "release", "move", "claim_range",
                                             "release_all", "count", "alloc"};
static const char *const dos_pids[PK_KINDS] = {"good PID", "PID 0", "PID 256", "huge PID"};
static const char *const dos_addrs[AK_KINDS] = {
    "good address", "misaligned", "unlisted", "mirror alias", "another's page",
    "past 2^32", "off a region's end", "into another's page"};
#define DOS_SAMPLES 1000u
#define DOS_COMBINATIONS 100u /* what dos_applies() admits; checked below */

/* The state's owner of a listed page. */
static uint32_t dos_owner_of(uint32_t addr)
{
    if (addr - RAM < (RAM_PAGES << 12))
        return 3u + ((addr - RAM) >> 12) % 2u;
    if (addr - CSR < (16u << 12))
        return ((addr - CSR) >> 12) % 2u ? 0u : 5u;
    return addr - SHA < 0x1000u ? 6u : 0u;
}

/* Which (operation, PID kind, address kind) are bad inputs the operation can
 * be given.  owner takes no PID and any alignment; release_all, count and
 * alloc take no address; count takes PID 0; a good PID and a good address
 * is no bad input, except for alloc on full RAM. */
static int dos_applies(unsigned op, unsigned pk, unsigned ak)
{
    switch (op) {
    case DOS_OWNER:
        return pk == PK_VALID && (ak == AK_MISALIGNED || ak == AK_UNLISTED || ak == AK_MIRROR);
    case DOS_CLAIM:
    case DOS_RELEASE:
    case DOS_MOVE:
        return ak <= AK_IN_USE && (pk != PK_VALID || ak != AK_NONE);
    case DOS_CLAIM_RANGE:
        return pk != PK_VALID || ak != AK_NONE;
    case DOS_RELEASE_ALL:
        return ak == AK_NONE && pk != PK_VALID;
    case DOS_COUNT:
        return ak == AK_NONE && pk != PK_VALID && pk != PK_ZERO;
    default:
        return ak == AK_NONE;
    }
}

/* The contract's answer: the first failing check, in its order. */
static own_err dos_want(unsigned op, unsigned pk, unsigned ak)
{
    if (op == DOS_OWNER)
        return OWN_BAD_ADDRESS; /* a misaligned listed address is answered */
    if (pk != PK_VALID)
        return OWN_BAD_PID;
    switch (ak) {
    case AK_NONE: return OWN_OUT_OF_MEMORY;
    case AK_MISALIGNED: return OWN_BAD_ALIGNMENT;
    case AK_IN_USE:
    case AK_RUN_INTO_USE: return OWN_MEMORY_IN_USE;
    default: return OWN_BAD_ADDRESS;
    }
}

static uint32_t dos_pid(test_rng *r, unsigned pk, uint32_t avoid)
{
    static const uint32_t huge[] = {257u, 0x103u, 0x104u, 0x105u, 0x1ffu, 0x10000u,
                                    0x80000003u, 0xffffffffu};
    switch (pk) {
    case PK_ZERO: return 0;
    case PK_256: return 256u;
    case PK_HUGE:
        return test_below(r, 2) ? huge[test_below(r, 8)]
                                : 257u + (uint32_t)(test_next(r) % (0xffffffffu - 256u));
    default: {
        uint32_t p = 1u + test_below(r, 255u);
        return p == avoid ? p % 255u + 1u : p;
    }
    }
}

static uint32_t dos_unlisted(test_rng *r)
{
    static const uint32_t edges[] = {0u, FLASH - 0x1000u, FLASH + (32u << 12), RAM - 0x1000u,
                                     RAM + (RAM_PAGES << 12), CSR - 0x1000u, CSR + (16u << 12),
                                     SHA - 0x1000u, SHA + 0x1000u, TOP - 0x1000u};
    if (test_below(r, 4) != 0)
        for (unsigned tries = 0; tries < 64u; tries++) {
            uint32_t a = (uint32_t)test_next(r) & ~0xfffu;
            if (!own_is_listed(&small_map, a))
                return a;
        }
    return edges[test_below(r, sizeof edges / sizeof edges[0])];
}

/* An address (and claim_range's n) of kind ak; *owner is the state's owner
 * of the page the check order stops at, 0 if none. */
static uint32_t dos_addr(test_rng *r, unsigned ak, uint32_t *n, uint32_t *owner)
{
    uint32_t a, k;
    *n = 1u + test_below(r, 64u);
    *owner = 0;
    switch (ak) {
    case AK_NONE:
        *n = test_below(r, 65u);
        return own_listed_addr(&small_map, test_below(r, ALL_PAGES));
    case AK_MISALIGNED:
        *n = test_below(r, 65u); /* n = 0 is still misaligned */
        a = test_below(r, 2) ? own_listed_addr(&small_map, test_below(r, ALL_PAGES))
                             : (uint32_t)test_next(r) & ~0xfffu;
        return a | (1u + test_below(r, 4095u));
    case AK_UNLISTED:
        return dos_unlisted(r);
    case AK_MIRROR:
        return MIRROR + (test_below(r, 16u) << 12);
    case AK_IN_USE:
        k = test_below(r, 3);
        a = k == 0 ? RAM + (test_below(r, RAM_PAGES) << 12)
                   : k == 1 ? CSR + (2u * test_below(r, 8u) << 12) : SHA;
        *owner = dos_owner_of(a);
        return a;
    case AK_PAST_TOP: /* from one of TOP's free pages to beyond 2^32 */
        k = test_below(r, 2);
        *n = test_below(r, 8) == 0 ? 0xffffffffu - test_below(r, 16u) : 3u - k + test_below(r, 64u);
        return TOP + (k << 12);
    case AK_RUN_OFF_END: /* free FLASH pages, then the unlisted page after it */
        k = test_below(r, 32u);
        *n = 32u - k + 1u + test_below(r, 64u);
        return FLASH + (k << 12);
    default: /* AK_RUN_INTO_USE: a free odd CSR page, then an even one of PID 5 */
        k = 1u + 2u * test_below(r, 7u);
        *n = 2u + test_below(r, 64u);
        *owner = 5u;
        return CSR + (k << 12);
    }
}

static void case_denial_of_service(const own_strategy *s)
{
    void *storage;
    size_t bytes;
    own_table *t = test_open(s, &small_map, &storage, &bytes);
    CHECK(t != NULL);
    for (uint32_t k = 0; k < RAM_PAGES; k++)
        CHECK_ERR(s->claim(t, RAM + (k << 12), 3u + k % 2u), OWN_OK);
    for (uint32_t k = 0; k < 16u; k += 2u)
        CHECK_ERR(s->claim(t, CSR + (k << 12), 5), OWN_OK);
    CHECK_ERR(s->claim(t, SHA, 6), OWN_OK);
    uint64_t print = fingerprint(s, t), hash = test_hash(storage, bytes);
    size_t inuse = s->inuse(t), peak = s->peak(t);
    test_rng r = {0xd05d05ull};
    unsigned combinations = 0;
    for (unsigned op = 0; op < DOS_OPS; op++)
        for (unsigned pk = 0; pk < PK_KINDS; pk++)
            for (unsigned ak = 0; ak < AK_KINDS; ak++) {
                if (!dos_applies(op, pk, ak))
                    continue;
                combinations++;
                for (uint32_t i = 0; i < DOS_SAMPLES; i++) {
                    uint32_t n, owner, a = dos_addr(&r, ak, &n, &owner);
                    uint32_t pid = dos_pid(&r, pk, owner), other = dos_pid(&r, PK_VALID, owner);
                    uint32_t out = 999u, bad_slot = test_below(&r, 3);
                    own_err want = dos_want(op, pk, ak), got;
                    switch (op) {
                    case DOS_OWNER:
                        got = s->owner(t, a, &out);
                        if (own_is_listed(&small_map, a))
                            want = OWN_OK; /* owner takes any address */
                        break;
                    case DOS_CLAIM: got = s->claim(t, a, pid); break;
                    case DOS_RELEASE: got = s->release(t, a, pid); break;
                    case DOS_MOVE: /* the bad PID as from, as to, or both */
                        got = s->move(t, a, bad_slot == 1 ? other : pid,
                                      bad_slot == 0 ? other : pid);
                        break;
                    case DOS_CLAIM_RANGE: got = s->claim_range(t, a, n, pid); break;
                    case DOS_RELEASE_ALL: got = s->release_all(t, pid, &out); break;
                    case DOS_COUNT: got = s->count(t, pid, &out); break;
                    default: got = s->alloc(t, pid, &out); break;
                    }
                    if (got != want || s->inuse(t) != inuse)
                        printf("denial_of_service %s: %s(%s, %s) addr 0x%08x n %u pid %u: "
                               "answered %s, expected %s; inuse %zu, was %zu\n",
                               s->name, dos_ops[op], dos_pids[pk], dos_addrs[ak], (unsigned)a,
                               (unsigned)n, (unsigned)pid, own_err_name(got),
                               own_err_name(want), s->inuse(t), inuse);
                    CHECK_ERR(got, want);
                    if (want == OWN_OK)
                        CHECK_EQ(out, dos_owner_of(a & ~0xfffu));
                    CHECK_EQ(s->inuse(t), inuse);
                }
                if (test_hash(storage, bytes) != hash || s->peak(t) != peak)
                    printf("denial_of_service %s: %s(%s, %s) changed the storage or peak()\n",
                           s->name, dos_ops[op], dos_pids[pk], dos_addrs[ak]);
                CHECK_EQ(test_hash(storage, bytes), hash);
                CHECK_EQ(s->peak(t), peak);
            }
    CHECK_EQ(combinations, DOS_COMBINATIONS);
    CHECK_EQ(fingerprint(s, t), print);
    check_counts(s, t);
    test_close(s, t);
}

/*
 * The alloc pool is main RAM as declared.  A device that touches or overlaps
 * RAM is merged with it into one listed region by normalising, but alloc
 * must still hand out the declared RAM's pages and nothing else, while the
 * device's pages stay claimable.  Each case builds its map through the
 * loaders' normalising (boards/normalise.c), checks the merged region and
 * the pool it reports, then runs pool_drill on it.
 */
static norm_map pool_nm; /* large: kept off the RV32 stack */

static int pool_in(uint32_t addr, uint32_t base, uint32_t pages)
{
    return addr >= base && (addr - base) >> 12 < pages;
}

/* alloc until OutOfMemory: exactly `pages` answers, all distinct pool pages,
 * now pid's.  Returns how many it got (the caller checks), at most pages + 1
 * calls. */
static uint32_t pool_fill(const own_strategy *s, own_table *t, uint32_t pid, uint32_t base,
                          uint32_t pages)
{
    uint32_t got = 0, addr = 0, before = 0, after = 0;
    s->count(t, pid, &before);
    for (uint32_t i = 0; i <= pages; i++) {
        own_err e = s->alloc(t, pid, &addr);
        if (e == OWN_OUT_OF_MEMORY)
            break;
        if (e != OWN_OK || !pool_in(addr, base, pages) || owner_of(s, t, addr) != pid)
            return ~0u;
        got++;
    }
    s->count(t, pid, &after);
    return after - before == got ? got : ~0u; /* each a page not pid's before */
}

/*
 * On the merged map: fill the pool; claim a device page; free and refill
 * through release_all; claim the whole merged region in one claim_range
 * (which straddles the pool's edge), free every other page of it and fill
 * again, so that tables which keep runs or blocks count the pool's free pages
 * across its edge.
 */
static void pool_drill(const own_strategy *s, uint32_t dev)
{
    const own_map map = own_norm_as_map(&pool_nm);
    const own_region merged = pool_nm.regions[pool_nm.ram];
    uint32_t base = pool_nm.pool_base, pages = pool_nm.pool_pages, listed = 0, n = 0;
    for (uint32_t i = 0; i < pool_nm.count; i++)
        listed += pool_nm.regions[i].pages;
    void *storage;
    size_t bytes;
    own_table *t = test_open(s, &map, &storage, &bytes);
    CHECK(t != NULL);

    CHECK_EQ(pool_fill(s, t, 2, base, pages), pages);
    CHECK_ERR(s->count(t, 0, &n), OWN_OK);
    CHECK_EQ(n, listed - pages); /* the device pages are listed and free */
    CHECK_EQ(owner_of(s, t, dev), 0);
    CHECK_ERR(s->claim(t, dev, 3), OWN_OK);
    CHECK_EQ(owner_of(s, t, dev), 3);
    uint32_t addr = 0;
    CHECK_ERR(s->alloc(t, 7, &addr), OWN_OUT_OF_MEMORY);

    CHECK_ERR(s->release_all(t, 2, &n), OWN_OK);
    CHECK_EQ(n, pages);
    CHECK_EQ(pool_fill(s, t, 5, base, pages), pages);
    CHECK_ERR(s->release_all(t, 5, &n), OWN_OK);
    CHECK_EQ(n, pages);

    /* the whole merged region: the device page in use answers first */
    CHECK_ERR(s->claim_range(t, merged.base, merged.pages, 4), OWN_MEMORY_IN_USE);
    CHECK_ERR(s->release(t, dev, 3), OWN_OK);
    CHECK_ERR(s->claim_range(t, merged.base, merged.pages, 4), OWN_OK);
    CHECK_ERR(s->count(t, 4, &n), OWN_OK);
    CHECK_EQ(n, merged.pages);
    CHECK_ERR(s->alloc(t, 7, &addr), OWN_OUT_OF_MEMORY);
    uint32_t freed_in_pool = 0;
    for (uint32_t k = 0; k < merged.pages; k += 2) {
        uint32_t a = merged.base + (k << 12);
        CHECK_ERR(s->release(t, a, 4), OWN_OK);
        freed_in_pool += pool_in(a, base, pages);
    }
    CHECK_EQ(pool_fill(s, t, 6, base, pages), freed_in_pool);
    CHECK_ERR(s->release_all(t, 4, &n), OWN_OK);
    CHECK_EQ(n, merged.pages - (merged.pages + 1u) / 2u);
    CHECK_ERR(s->release_all(t, 6, &n), OWN_OK);
    CHECK_EQ(n, freed_in_pool);
    CHECK_ERR(s->count(t, 0, &n), OWN_OK);
    CHECK_EQ(n, listed);
    CHECK_EQ(pool_fill(s, t, 8, base, pages), pages);
    test_close(s, t);
}

/* Normalises `raw`, which must merge main RAM with something into one region
 * [merged_base, +merged_pages) and leave the pool [pool_base, +pool_pages). */
static int pool_map(const raw_region *raw, uint32_t n, uint32_t merged_base, uint32_t merged_pages,
                    uint32_t pool_base, uint32_t pool_pages)
{
    return own_normalise(raw, n, &pool_nm) == NORM_OK &&
           pool_nm.regions[pool_nm.ram].base == merged_base &&
           pool_nm.regions[pool_nm.ram].pages == merged_pages && pool_nm.pool_base == pool_base &&
           pool_nm.pool_pages == pool_pages;
}

/* The contract's own example, a device just above RAM: two allocs, then
 * OutOfMemory; the device page is still claimed.  Then a device that fills a
 * whole 256 KiB block with RAM (so block-keyed tables meet the pool's edge
 * inside one block). */
static void case_pool_device_above(const own_strategy *s)
{
    static const raw_region spec[] = {
        {"RAM", 0x40000000u, 0x2000u, 1},
        {"DEV", 0x40002000u, 0x1000u, 0},
    };
    CHECK(pool_map(spec, 2, 0x40000000u, 3, 0x40000000u, 2));
    pool_drill(s, 0x40002000u);

    static const raw_region block[] = {
        {"FLASH", 0x20000000u, 0x8000u, 0},
        {"RAM", 0x40000000u, 0x20000u, 1},
        {"DEV", 0x40020000u, 0x20000u, 0},
    };
    CHECK(pool_map(block, 3, 0x40000000u, 64, 0x40000000u, 32));
    pool_drill(s, 0x4003f000u);
}

/* A device just below RAM, touching it, and RAM not page-aligned: the pool is
 * RAM widened to pages, the merged region starts at the device.  Then one
 * that fills a block with RAM from below. */
static void case_pool_device_below(const own_strategy *s)
{
    static const raw_region below[] = {
        {"CSR", 0xe0000000u, 0x1000u, 0},
        {"RAM", 0x40001800u, 0x2000u, 1}, /* pages 0x40001..0x40003 */
        {"DEV", 0x40000000u, 0x1000u, 0},
    };
    CHECK(pool_map(below, 3, 0x40000000u, 4, 0x40001000u, 3));
    pool_drill(s, 0x40000000u);

    /* the same below RAM sharing one 256 KiB block, RAM its upper half */
    static const raw_region block[] = {
        {"DEV", 0x40000000u, 0x20000u, 0},
        {"RAM", 0x40020000u, 0x20000u, 1},
    };
    CHECK(pool_map(block, 2, 0x40000000u, 64, 0x40020000u, 32));
    pool_drill(s, 0x40000000u);
}

/* Devices overlapping RAM at both ends (one starting inside RAM's last page,
 * one ending inside its first): merged, and the pool is RAM alone. */
static void case_pool_device_overlap(const own_strategy *s)
{
    static const raw_region overlap[] = {
        {"RAM", 0x40000000u, 0x4000u, 1},
        {"HIGH", 0x40003800u, 0x3000u, 0}, /* pages 0x40003..0x40006 */
        {"LOW", 0x3fffe000u, 0x2800u, 0},  /* pages 0x3fffe..0x40000 */
        {"SHA", 0xe0020000u, 0x1000u, 0},
    };
    CHECK(pool_map(overlap, 4, 0x3fffe000u, 9, 0x40000000u, 4));
    pool_drill(s, 0x40005000u);
    pool_drill(s, 0x3fffe000u);
}

/* A hand-built map names its pool or leaves both fields 0 (all of
 * regions[ram]); a pool that is unaligned or not inside regions[ram] is
 * refused before anything is built. */
static void case_pool_refusals(const own_strategy *s)
{
    static const own_region regions[] = {{FLASH, 32}, {RAM, RAM_PAGES}};
    static const struct { own_map map; own_err want; } cases[] = {
        {{regions, 2, 1, RAM, RAM_PAGES}, OWN_OK},
        {{regions, 2, 1, RAM + 0x3000u, 5}, OWN_OK},
        {{regions, 2, 1, RAM + 0x800u, 5}, OWN_BAD_POOL},
        {{regions, 2, 1, RAM, 0}, OWN_BAD_POOL},
        {{regions, 2, 1, RAM - 0x1000u, 5}, OWN_BAD_POOL},
        {{regions, 2, 1, RAM, RAM_PAGES + 1u}, OWN_BAD_POOL},
        {{regions, 2, 1, RAM + (RAM_PAGES << 12), 1}, OWN_BAD_POOL},
        {{regions, 2, 1, FLASH, 4}, OWN_BAD_POOL},
        {{regions, 2, 0, RAM, 4}, OWN_BAD_POOL},
    };
    own_table *t = NULL;
    size_t big = 1u << 16;
    void *spare = test_alloc(big);
    CHECK(spare != NULL);
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECK_ERR(own_map_validate(&cases[i].map), cases[i].want);
        if (cases[i].want != OWN_OK) {
            CHECK_EQ(s->reserve(&cases[i].map), 0);
            CHECK_ERR(s->init(&t, spare, big, &cases[i].map), cases[i].want);
            continue;
        }
        void *storage;
        size_t bytes;
        t = test_open(s, &cases[i].map, &storage, &bytes);
        CHECK(t != NULL);
        own_region pool = own_map_pool(&cases[i].map);
        CHECK_EQ(pool_fill(s, t, 2, pool.base, pool.pages), pool.pages);
        uint32_t n = 0;
        CHECK_ERR(s->count(t, 0, &n), OWN_OK);
        CHECK_EQ(n, 32u + RAM_PAGES - pool.pages); /* RAM outside the pool stays free */
        test_close(s, t);
    }
}

const test_case conformance_cases[] = {
    {"fresh_table", case_fresh_table},
    {"claim", case_claim},
    {"error_order", case_error_order},
    {"release", case_release},
    {"move", case_move},
    {"claim_range", case_claim_range},
    {"release_all_and_count", case_release_all_and_count},
    {"alloc_until_full", case_alloc_until_full},
    {"top_of_space", case_top_of_space},
    {"mirror_alias", case_mirror_alias},
    {"init_refusals", case_init_refusals},
    {"denial_of_service", case_denial_of_service},
    {"pool_device_above", case_pool_device_above},
    {"pool_device_below", case_pool_device_below},
    {"pool_device_overlap", case_pool_device_overlap},
    {"pool_refusals", case_pool_refusals},
};
const unsigned conformance_case_count = sizeof conformance_cases / sizeof conformance_cases[0];
