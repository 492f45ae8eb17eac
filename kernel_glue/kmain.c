/*
 * kmain.c - the kernel variant's life, scripted: boot on the Precursor map,
 * then the things a Xous kernel's memory manager lives through, each checked
 * and timed in instructions retired (QEMU with -icount counts them exactly).
 *
 * The Precursor map comes from boards/precursor.map (compiled in through
 * build/gen/boards.h); it is normalised and packed into boot arguments the way
 * a loader would, and the manager reads it back from those, so the boot path
 * is the real one.  The run ends "N passed, M failed" and exits non-zero on
 * any failed check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "normalise.h"
#include "boards.h"
#include "mm.h"

#define STR_(x) #x
#define STR(x) STR_(x)
#define META_BYTES (1024u * 1024u)
#define IMAGE_PAGES 64u  /* the kernel's own image and stacks */
#define PROCS 30u        /* PIDs 2..31 */
#define MIRROR 0x70000000u /* LiteX shows 0xe0000000 here again; not listed */

static uint64_t metadata[META_BYTES / 8u]; /* the static metadata region */
static uint32_t args[2u + 5u + 2u + 3u * BOOTARGS_MAX_REGIONS];
static norm_map precursor;
static uint32_t expect_ram[256];     /* main-RAM pages each PID should own */
static uint32_t first_heap[256];     /* first heap page each process got */
static unsigned passed, failed;
static int step_ok;

static uint64_t instret(void)
{
    uint32_t hi, lo, again;
    do {
        __asm__ volatile("csrr %0, instreth" : "=r"(hi));
        __asm__ volatile("csrr %0, instret" : "=r"(lo));
        __asm__ volatile("csrr %0, instreth" : "=r"(again));
    } while (hi != again);
    return (uint64_t)hi << 32 | lo;
}

#define EXPECT(c)                                                                 \
    do {                                                                          \
        if (!(c)) {                                                               \
            printf("    check failed: %s (line %d)\n", #c, __LINE__);              \
            step_ok = 0;                                                          \
            return;                                                               \
        }                                                                         \
    } while (0)

static const raw_region *board;
static uint32_t board_n;

/* A device as the board describes it (ENGINE and USBDEV touch, so the
 * normalised map has them merged; the processes still ask for one each). */
typedef struct dev { uint32_t base, pages; } dev;
static dev region(const char *name)
{
    for (uint32_t i = 0; i < board_n; i++)
        if (strcmp(board[i].name, name) == 0)
            return (dev){(uint32_t)board[i].base, (uint32_t)((board[i].size + 4095u) >> 12)};
    printf("    no region %s on this board\n", name);
    return (dev){0, 0};
}

static uint32_t name4(const char *s)
{
    uint32_t v = 0;
    for (uint32_t i = 0; i < 4u && s[i] != '\0'; i++)
        v |= (uint32_t)(unsigned char)s[i] << (8u * i);
    return v;
}

static uint32_t build_args(void)
{
    own_region other[BOOTARGS_MAX_REGIONS];
    uint32_t names[BOOTARGS_MAX_REGIONS], n = 0;
    for (uint32_t i = 0; i < precursor.count; i++)
        if (i != precursor.ram) {
            other[n] = precursor.regions[i];
            names[n++] = name4(precursor.names[i]);
        }
    return bootargs_build(args, sizeof args / sizeof args[0], precursor.regions[precursor.ram],
                          name4(precursor.names[precursor.ram]), other, names, n);
}

static void step_boot(void)
{
    uint32_t n = build_args();
    EXPECT(n > 0u);
    /* A damaged block must stop boot with a reason, never build a table. */
    static uint32_t bad[sizeof args / sizeof args[0]];
    for (uint32_t k = 0; k < 4u; k++) {
        memcpy(bad, args, n * 4u);
        uint32_t words = n;
        if (k == 0)
            bad[9] ^= 1u << 20; /* a region's address: CRC mismatch */
        else if (k == 1)
            words = n - 1u; /* cut short */
        else if (k == 2)
            bad[0] = name4("XArx"); /* not an XArg list */
        else
            bad[5] = 0x5c20u; /* RAM size not in pages (XArg's CRC recomputed) */
        if (k == 3)
            bad[1] = (5u << 16) | bootargs_crc16(&bad[2], 5);
        const char *why = mm_init(bad, words, metadata, sizeof metadata);
        EXPECT(why != NULL);
        printf("    refused a bad block: %s\n", why);
    }
    const char *why = mm_init(args, n, metadata, sizeof metadata);
    if (why != NULL)
        printf("    boot stopped: %s\n", why);
    EXPECT(why == NULL);
    printf("    %u regions, main RAM %u pages, metadata %u bytes reserved\n",
           (unsigned)mm_map()->count, (unsigned)mm_map()->regions[0].pages,
           (unsigned)mm_reserved());
}

static void step_kernel_claims(void)
{
    const own_region *ram = &mm_map()->regions[0];
    uint32_t meta_pages = (uint32_t)((mm_reserved() + OWN_PAGE_SIZE - 1u) / OWN_PAGE_SIZE);
    uint32_t pages = IMAGE_PAGES + meta_pages;
    EXPECT(mm_map_range(ram->base, pages, OWN_PID_KERNEL) == OWN_OK);
    expect_ram[OWN_PID_KERNEL] = pages;
    /* the allocator starts above what the kernel took */
    uint32_t a = 0;
    EXPECT(mm_alloc_page(OWN_PID_KERNEL, &a) == OWN_OK && a == ram->base + (pages << 12));
    expect_ram[OWN_PID_KERNEL]++;
}

static void step_peripherals(void)
{
    dev csr = region("CSR"), engine = region("ENGINE"), flash = region("SPIFLASH");
    dev usb = region("USBDEV"), lcd = region("MEMLCD");
    EXPECT(csr.pages >= 24u && engine.pages && flash.pages >= 512u && usb.pages && lcd.pages);
    for (uint32_t pid = 2; pid <= 25u; pid++)
        EXPECT(mm_claim(csr.base + ((pid - 2u) << 12), pid) == OWN_OK);
    EXPECT(mm_claim(region("AUDIO").base, 26) == OWN_OK);
    EXPECT(mm_claim(region("SHA512").base, 27) == OWN_OK);
    EXPECT(mm_map_range(engine.base, engine.pages, 28) == OWN_OK);
    EXPECT(mm_map_range(usb.base, usb.pages, 29) == OWN_OK);
    EXPECT(mm_map_range(lcd.base, lcd.pages, 30) == OWN_OK);
    EXPECT(mm_map_range(flash.base + 0x100000u, 256, 31) == OWN_OK);
    /* the contested device: a second process wants the crypto engine */
    EXPECT(mm_map_range(engine.base, engine.pages, 3) == OWN_MEMORY_IN_USE);
    EXPECT(mm_claim(engine.base + 0x4000u, 3) == OWN_MEMORY_IN_USE);
    uint32_t pid = 0;
    EXPECT(mm_owner(engine.base + 0x4000u, &pid) == OWN_OK && pid == 28u);
    printf("    30 processes hold devices; the second claim on ENGINE was refused\n");
}

static void step_heaps(void)
{
    const own_region *ram = &mm_map()->regions[0];
    uint32_t goal = ram->pages * 90u / 100u, used = expect_ram[OWN_PID_KERNEL];
    for (uint32_t pid = 2; used < goal; pid = pid == 1u + PROCS ? 2u : pid + 1u) {
        uint32_t a = 0;
        EXPECT(mm_alloc_page(pid, &a) == OWN_OK);
        EXPECT(a >= ram->base && a - ram->base < (ram->pages << 12));
        if (expect_ram[pid]++ == 0u)
            first_heap[pid] = a;
        used++;
    }
    printf("    heaps grew to %u of %u RAM pages (90%%)\n", (unsigned)used, (unsigned)ram->pages);
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
    EXPECT(mm_lends() == 0u);
    EXPECT(mm_return(page, 6) == OWN_BAD_ADDRESS);      /* nothing to return */
}

static void step_death(void)
{
    uint32_t page = first_heap[7], pid = 0;
    EXPECT(mm_lend(page, 7, 8) == OWN_OK);
    uint32_t owned = expect_ram[7] + 1u; /* its heap and one CSR page */
    uint32_t freed = mm_release_all_memory_for_process(7);
    EXPECT(freed == owned - 1u);         /* all but the page out on loan */
    EXPECT(mm_owner(page, &pid) == OWN_OK && pid == OWN_PID_KERNEL);
    expect_ram[7] = 0;
    expect_ram[OWN_PID_KERNEL]++;
    EXPECT(mm_ram_used_by(7) == 0u);
    EXPECT(mm_return(page, 8) == OWN_OK); /* the borrower gives it back... */
    EXPECT(mm_owner(page, &pid) == OWN_OK && pid == OWN_PID_KERNEL); /* ...to the kernel */
    printf("    PID 7 died: %u pages freed, its lent page went to the kernel\n", (unsigned)freed);
}

static void step_mirror(void)
{
    uint32_t pid = 0;
    EXPECT(mm_claim(MIRROR, 9) == OWN_BAD_ADDRESS);
    EXPECT(mm_map_range(MIRROR, 4, 9) == OWN_BAD_ADDRESS);
    EXPECT(mm_owner(MIRROR, &pid) == OWN_BAD_ADDRESS);
    EXPECT(mm_move(MIRROR, 26, 9) == OWN_BAD_ADDRESS);
}

static uint64_t hash(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

static void step_flood(void)
{
    size_t n = mm_reserved();
    uint64_t before = hash(metadata, n);
    uint32_t x = 0x2545f491u, refused = 0;
    for (uint32_t i = 0; i < 100000u; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        uint32_t pid = 2u + (x >> 24) % 30u;
        uint32_t addr = i & 1u ? (MIRROR + (x & 0x0ffff000u)) : (x | 1u);
        own_err e;
        switch (i % 5u) {
        case 0: e = mm_claim(addr, pid); break;
        case 1: e = mm_map_range(addr, 1u + (x >> 28), pid); break;
        case 2: e = mm_release(addr, pid); break;
        case 3: e = mm_move(addr, pid, 9); break;
        default: e = mm_claim(0xf0000000u + ((x >> 8) & 0x3f000u), 0); break; /* PID 0 */
        }
        refused += e != OWN_OK;
    }
    EXPECT(refused == 100000u);
    EXPECT(hash(metadata, n) == before);
    printf("    100000 bad requests refused; metadata unchanged\n");
}

static void step_totals(void)
{
    const own_region *ram = &mm_map()->regions[0];
    uint32_t total = 0;
    for (uint32_t pid = 1; pid <= 1u + PROCS; pid++) {
        uint32_t used = mm_ram_used_by(pid);
        if (used != expect_ram[pid])
            printf("    PID %u uses %u RAM pages, expected %u\n", (unsigned)pid, (unsigned)used,
                   (unsigned)expect_ram[pid]);
        EXPECT(used == expect_ram[pid]);
        total += used;
    }
    EXPECT(total + mm_ram_used_by(0) == ram->pages);
    printf("    RAM: %u pages owned, %u free\n", (unsigned)total, (unsigned)(ram->pages - total));
}

static void step_next_fit(void)
{
    uint32_t low = first_heap[10], a = 0;
    EXPECT(mm_release(low, 10) == OWN_OK);
    EXPECT(mm_alloc_page(10, &a) == OWN_OK);
    EXPECT(a > low); /* the cursor moved on: no rescan from the bottom */
    uint32_t got = 0, free_pages = mm_ram_used_by(0);
    own_err e;
    while ((e = mm_alloc_page(11, &a)) == OWN_OK)
        got++;
    EXPECT(e == OWN_OUT_OF_MEMORY);
    EXPECT(got == free_pages);
    printf("    next-fit went on past the cursor; RAM filled with %u more pages, then OutOfMemory\n",
           (unsigned)got);
}

static void run(const char *name, void (*step)(void))
{
    printf("step: %s\n", name);
    step_ok = 1;
    uint64_t t0 = instret();
    step();
    uint64_t spent = instret() - t0;
    printf("  %s: %s, %llu instructions\n", step_ok ? "ok" : "FAILED", name,
           (unsigned long long)spent);
    if (step_ok)
        passed++;
    else
        failed++;
}

int main(void)
{
    printf("ownlab kernel variant\nstrategy: %s\n", STR(OWN_DIRECT));
    for (uint32_t i = 0; i < BOARD_COUNT; i++)
        if (strcmp(board_names[i], "precursor") == 0) {
            board = board_regions[i];
            board_n = board_sizes[i];
        }
    if (board == NULL || own_normalise(board, board_n, &precursor) != NORM_OK) {
        printf("no Precursor map compiled in\n");
        exit(2);
    }
    run("boot arguments parsed, table built", step_boot);
    if (failed) {
        printf("0 passed, 1 failed\n");
        exit(1);
    }
    run("kernel claims its image and tables", step_kernel_claims);
    run("30 processes claim peripherals, one contested", step_peripherals);
    run("heaps grow by alloc_page to 90% of RAM", step_heaps);
    run("pages lent and returned", step_lend);
    run("a process dies with a page lent out", step_death);
    run("a claim at a mirrored alias is refused", step_mirror);
    run("a flood of bad requests changes nothing", step_flood);
    run("RAM totals match the script", step_totals);
    run("next-fit allocation after a release", step_next_fit);
    printf("%u passed, %u failed\n", passed, failed);
    exit(failed ? 1 : 0);
}
