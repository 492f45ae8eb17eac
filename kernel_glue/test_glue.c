/*
 * test_glue.c - host unit tests of the kernel glue, built once per design
 * with the same compile-time selection as the kernel image, under ASan and
 * UBSan: boot from an argument block through the shared parser (blocks made
 * by the project's writer from the board files), refusals of damaged blocks
 * with their offset, the loader's placement adopted into the table, the
 * memory manager's lending (no slot limit, a dead lender's page freed on
 * return), its use of the design's own alloc and count, and the contract's
 * error names in the contract's order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "kboot.h"
#include "boards.h"
#include "mm.h"
#include "xousblock.h"

#define FLASH 0x20000000u
#define RAM 0x40000000u
#define CSR 0xe0000000u
#define RAM_PAGES 128u
#define MIRROR 0x70000000u
#define STR_(x) #x
#define STR(x) STR_(x)

/* The arena the design overlays with its structs: only ever handed to
 * mm_init, never read or written here under any type. */
static union {
    uint64_t align;
    unsigned char bytes[1u << 20];
} arena;

/* In address order, as the loaders' normalising leaves a map. */
static const own_region regions[] = {{FLASH, 64}, {RAM, RAM_PAGES}, {CSR, 16}};
static const own_map map = {regions, 3, 1, 0, 0};

static void boot(void) { assert_null(mm_init(&map, arena.bytes, sizeof arena.bytes)); }

static uint32_t owner_of(uint32_t addr)
{
    uint32_t pid = 999;
    assert_int_equal(mm_owner(addr, &pid), OWN_OK);
    return pid;
}

static uint32_t count_of(uint32_t pid)
{
    uint32_t n = 0;
    assert_int_equal(mm_count(pid, &n), OWN_OK);
    return n;
}

static void test_init_refusals(void **state)
{
    (void)state;
    static const own_region touching[] = {{RAM, RAM_PAGES}, {RAM + (RAM_PAGES << 12), 4}};
    static const own_region unsorted[] = {{RAM, RAM_PAGES}, {FLASH, 64}};
    const own_map t = {touching, 2, 0, 0, 0}, u = {unsorted, 2, 0, 0, 0};
    assert_int_equal(mm_reserve(&t), 0);
    assert_non_null(mm_init(&t, arena.bytes, sizeof arena.bytes));
    assert_string_equal(mm_init(&u, arena.bytes, sizeof arena.bytes),
                        "the regions are not in address order");
    size_t need = mm_reserve(&map);
    /* the lending table is a byte per listed page on top of the design */
    assert_true(need >= 64u + RAM_PAGES + 16u);
    assert_string_equal(mm_init(&map, arena.bytes, need - 1u),
                        "the metadata region is too small for this map");
    assert_null(mm_init(&map, arena.bytes, need));
    assert_int_equal(mm_reserved(), need);
}

static void test_alloc_and_count_are_the_designs(void **state)
{
    (void)state;
    boot();
    uint32_t a = 0, got = 0;
    assert_int_equal(mm_claim(RAM + 0x5000u, 2), OWN_OK);
    assert_int_equal(mm_map_range(FLASH, 8, 3), OWN_OK);
    own_err e;
    while ((e = mm_alloc_page(4, &a)) == OWN_OK) {
        assert_true(a >= RAM && a < RAM + (RAM_PAGES << 12));
        assert_int_equal(owner_of(a), 4);
        got++;
    }
    assert_int_equal(e, OWN_OUT_OF_MEMORY);
    assert_int_equal(got, RAM_PAGES - 1u); /* every free RAM page, no other */
    assert_int_equal(count_of(4), RAM_PAGES - 1u);
    assert_int_equal(count_of(3), 8);
    assert_int_equal(count_of(0), 64u - 8u + 16u); /* flash and CSR stay free */
    assert_int_equal(mm_alloc_page(0, &a), OWN_BAD_PID);
    assert_int_equal(mm_alloc_page(256, &a), OWN_BAD_PID);
    uint32_t n = 0;
    assert_int_equal(mm_count(256, &n), OWN_BAD_PID);
}

static void test_lend_and_return(void **state)
{
    (void)state;
    boot();
    assert_int_equal(mm_claim(RAM, 5), OWN_OK);
    assert_int_equal(mm_lend(RAM, 6, 7), OWN_MEMORY_IN_USE); /* not 6's to lend */
    assert_int_equal(mm_lend(RAM, 5, 0), OWN_BAD_PID);
    assert_int_equal(mm_lend(RAM, 5, 5), OWN_BAD_PID);           /* to itself */
    assert_int_equal(mm_lend(RAM, OWN_PID_KERNEL, 6), OWN_BAD_PID); /* the kernel lends nothing */
    assert_int_equal(mm_lend(RAM + 1, 5, 6), OWN_BAD_ALIGNMENT);
    assert_int_equal(mm_lend(MIRROR, 5, 6), OWN_BAD_ADDRESS);
    assert_int_equal(mm_lend(RAM, 5, 6), OWN_OK);
    assert_int_equal(mm_lend(RAM, 5, 9), OWN_MEMORY_IN_USE); /* once at a time */
    assert_int_equal(owner_of(RAM), 5);                      /* still the lender's */
    assert_int_equal(mm_claim(RAM, 5), OWN_OK);               /* your own page again */
    assert_int_equal(mm_release(RAM, 5), OWN_MEMORY_IN_USE);
    assert_int_equal(mm_release(RAM, OWN_PID_KERNEL), OWN_MEMORY_IN_USE);
    assert_int_equal(mm_move(RAM, 5, 6), OWN_MEMORY_IN_USE);
    /* the contract's order: PID, then alignment, before anything lent */
    assert_int_equal(mm_release(RAM, 0), OWN_BAD_PID);
    assert_int_equal(mm_release(RAM + 4, 5), OWN_BAD_ALIGNMENT);
    assert_int_equal(mm_move(RAM, 5, 256), OWN_BAD_PID);
    assert_int_equal(mm_return(RAM, 256), OWN_BAD_PID);
    assert_int_equal(mm_return(RAM + 8, 6), OWN_BAD_ALIGNMENT);
    assert_int_equal(mm_return(MIRROR, 6), OWN_BAD_ADDRESS);
    assert_int_equal(mm_return(RAM, 7), OWN_MEMORY_IN_USE);
    assert_int_equal(mm_lends(), 1);
    assert_int_equal(mm_return(RAM, 6), OWN_OK);
    assert_int_equal(mm_return(RAM, 6), OWN_BAD_ADDRESS); /* nothing left to return */
    assert_int_equal(mm_lends(), 0);
    assert_int_equal(mm_release(RAM, 5), OWN_OK);
    assert_int_equal(owner_of(RAM), 0);
}

/* Far past the old 64-slot limit: every listed page out at once, flash,
 * RAM and devices alike, then back. */
static void test_lending_has_no_slot_limit(void **state)
{
    (void)state;
    boot();
    const uint32_t listed = 64u + RAM_PAGES + 16u;
    for (uint32_t r = 0; r < 3u; r++)
        assert_int_equal(mm_map_range(regions[r].base, regions[r].pages, 5), OWN_OK);
    uint32_t lent = 0;
    for (uint32_t r = 0; r < 3u; r++)
        for (uint32_t k = 0; k < regions[r].pages; k++, lent++)
            assert_int_equal(mm_lend(regions[r].base + (k << 12), 5, 6u + lent % 200u), OWN_OK);
    assert_int_equal(lent, listed);
    assert_int_equal(mm_lends(), listed);
    assert_int_equal(mm_release(CSR + 0xf000u, 5), OWN_MEMORY_IN_USE);
    assert_int_equal(mm_move(FLASH, 5, 6), OWN_MEMORY_IN_USE);
    lent = 0;
    for (uint32_t r = 0; r < 3u; r++)
        for (uint32_t k = 0; k < regions[r].pages; k++, lent++)
            assert_int_equal(mm_return(regions[r].base + (k << 12), 6u + lent % 200u), OWN_OK);
    assert_int_equal(mm_lends(), 0);
    uint32_t freed = 0;
    assert_int_equal(mm_release_all_memory_for_process(5, &freed), OWN_OK);
    assert_int_equal(freed, listed);
}

/* Xous's leak, not repeated: the lender dies, the borrower returns the page,
 * and the page is free again instead of the kernel's for good. */
static void test_dead_lenders_page_freed_on_return(void **state)
{
    (void)state;
    boot();
    uint32_t freed = 0, kernel_before = count_of(OWN_PID_KERNEL);
    assert_int_equal(mm_map_range(RAM, 8, 5), OWN_OK);
    assert_int_equal(mm_claim(CSR, 5), OWN_OK);
    assert_int_equal(mm_claim(RAM + 0x10000u, 6), OWN_OK);
    assert_int_equal(mm_lend(RAM + 0x1000u, 5, 6), OWN_OK);  /* 5 lends to 6 */
    assert_int_equal(mm_lend(RAM + 0x10000u, 6, 5), OWN_OK); /* and borrows from 6 */
    assert_int_equal(mm_release_all_memory_for_process(5, &freed), OWN_OK);
    assert_int_equal(freed, 8); /* 7 RAM pages + CSR; the lent page is held */
    assert_int_equal(owner_of(RAM + 0x1000u), OWN_PID_KERNEL);
    assert_int_equal(count_of(5), 0);
    assert_int_equal(owner_of(RAM + 0x10000u), 6); /* what 5 borrowed went home */
    assert_int_equal(mm_lends(), 1);
    assert_int_equal(mm_release(RAM + 0x10000u, 6), OWN_OK); /* no longer lent */
    assert_int_equal(mm_release(RAM + 0x1000u, OWN_PID_KERNEL), OWN_MEMORY_IN_USE);
    assert_int_equal(mm_return(RAM + 0x1000u, 6), OWN_OK);
    assert_int_equal(owner_of(RAM + 0x1000u), 0);
    assert_int_equal(count_of(OWN_PID_KERNEL), kernel_before);
    assert_int_equal(mm_lends(), 0);
}

/* Both die, lender first: the borrower's death frees the page. */
static void test_dead_lender_then_dead_borrower(void **state)
{
    (void)state;
    boot();
    uint32_t freed = 0, a = 0;
    assert_int_equal(mm_alloc_page(5, &a), OWN_OK);
    assert_int_equal(mm_lend(a, 5, 6), OWN_OK);
    assert_int_equal(mm_claim(CSR + 0x1000u, 6), OWN_OK);
    assert_int_equal(mm_release_all_memory_for_process(5, &freed), OWN_OK);
    assert_int_equal(freed, 0);
    assert_int_equal(owner_of(a), OWN_PID_KERNEL);
    assert_int_equal(mm_release_all_memory_for_process(6, &freed), OWN_OK);
    assert_int_equal(freed, 2); /* its CSR page and the orphan it held */
    assert_int_equal(owner_of(a), 0);
    assert_int_equal(mm_lends(), 0);
    assert_int_equal(count_of(0), 64u + RAM_PAGES + 16u);
}

/* The borrower dies first: the lender gets its page back, free to release. */
static void test_dead_borrower(void **state)
{
    (void)state;
    boot();
    uint32_t freed = 0;
    assert_int_equal(mm_map_range(FLASH, 4, 5), OWN_OK);
    assert_int_equal(mm_lend(FLASH + 0x2000u, 5, 6), OWN_OK);
    assert_int_equal(mm_release_all_memory_for_process(6, &freed), OWN_OK);
    assert_int_equal(freed, 0);
    assert_int_equal(owner_of(FLASH + 0x2000u), 5);
    assert_int_equal(mm_return(FLASH + 0x2000u, 6), OWN_BAD_ADDRESS);
    assert_int_equal(mm_release(FLASH + 0x2000u, 5), OWN_OK);
    assert_int_equal(mm_release_all_memory_for_process(OWN_PID_KERNEL, &freed), OWN_BAD_PID);
    assert_int_equal(mm_release_all_memory_for_process(0, &freed), OWN_BAD_PID);
    assert_int_equal(mm_release_all_memory_for_process(256, &freed), OWN_BAD_PID);
}

/* ---- boot from a block ---- */

static kboot kb;
static uint8_t block[XB_MAX_BYTES];
static xb_boot desc;

static const raw_region *board(const char *name, uint32_t *n)
{
    for (uint32_t b = 0; b < BOARD_COUNT; b++)
        if (strcmp(board_names[b], name) == 0) {
            *n = board_sizes[b];
            return board_regions[b];
        }
    fail_msg("no board %s", name);
    return NULL;
}

/* The block tool.mk writes for a board: its map file and boot description. */
static size_t write_block(const char *name, int with_images)
{
    uint32_t n = 0;
    const raw_region *raw = board(name, &n);
    tool_error e;
    char path[64];
    snprintf(path, sizeof path, "workloads/boot/%s.boot", name);
    assert_int_equal(xb_boot_read_path(path, &desc, &e), 0);
    size_t len = 0;
    assert_int_equal(xb_write(raw, n, with_images ? &desc : NULL, block, sizeof block, &len, &e), 0);
    return len;
}

static void test_block_whitelist_is_the_maps(void **state)
{
    (void)state;
    static norm_map want;
    char why[KBOOT_WHY];
    uint32_t n = 0;
    const raw_region *raw = board("precursor", &n);
    size_t len = write_block("precursor", 1);
    assert_int_equal(kboot_read(&kb, block, len, why), 0);
    assert_int_equal(own_normalise(raw, n, &want), NORM_OK);
    assert_string_equal(kb.board, "precursor");
    assert_int_equal(kb.wl.count, want.count);
    for (uint32_t i = 0; i < want.count; i++) {
        assert_int_equal(kb.wl.regions[i].base, want.regions[i].base);
        assert_int_equal(kb.wl.regions[i].pages, want.regions[i].pages);
    }
    assert_int_equal(kb.wl.pool_base, want.pool_base);
    assert_int_equal(kb.wl.pool_pages, want.pool_pages);
    /* a longer buffer than the block (a file with payloads after it) is fine */
    assert_int_equal(kboot_read(&kb, block, sizeof block, why), 0);
    assert_int_equal(kb.wl.count, want.count);
}

static int starts(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

/* Damage the kernel must refuse before believing anything, with where. */
static void test_damaged_blocks_refused(void **state)
{
    (void)state;
    char why[KBOOT_WHY];
    size_t len = write_block("precursor", 1);
    block[16] ^= 0x10u; /* XArg: RAM start, under the CRC */
    assert_int_equal(kboot_read(&kb, block, len, why), -1);
    assert_true(starts(why, "offset 0x"));
    assert_non_null(strstr(why, "CRC"));
    block[16] ^= 0x10u;
    assert_int_equal(kboot_read(&kb, block, len, why), 0);
    assert_int_equal(kboot_read(&kb, block, 20, why), -1); /* cut short */
    assert_true(starts(why, "offset 0x"));
    block[0] = 'Y'; /* not an XArg block */
    assert_int_equal(kboot_read(&kb, block, len, why), -1);
    assert_true(starts(why, "offset 0x0: "));
    static const uint8_t zeros[64];
    assert_int_equal(kboot_read(&kb, zeros, sizeof zeros, why), -1); /* nothing loaded */
}

static uint32_t top_of(uint32_t pid)
{
    uint32_t top = 0;
    for (uint32_t i = 0; i < kb.nruns; i++)
        if (kb.runs[i].pid == pid && kb.runs[i].addr + kb.runs[i].pages * 4096u > top)
            top = kb.runs[i].addr + kb.runs[i].pages * 4096u;
    return top;
}

/* Precursor: every service copied to RAM, from the top down, PIDs in tag
 * order, and the table the kernel adopts says so page for page. */
static void test_loader_placement_precursor(void **state)
{
    (void)state;
    char why[KBOOT_WHY];
    size_t len = write_block("precursor", 1);
    assert_int_equal(kboot_read(&kb, block, len, why), 0);
    assert_int_equal(kb.nimgs, desc.n);
    for (uint32_t i = 1; i < desc.n; i++)
        assert_string_equal(kb.imgs[i].name, desc.img[i].name); /* PID i + 1 */
    assert_int_equal(kboot_adopt(&kb, arena.bytes, sizeof arena.bytes, why), 0);
    uint32_t ram_top = kb.wl.pool_base + kb.wl.pool_pages * 4096u, total = 0;
    for (uint32_t pid = 1; pid <= kb.nimgs; pid++) {
        uint32_t planned = kboot_planned(&kb, pid);
        assert_true(planned > 0u);
        assert_int_equal(count_of(pid), planned);
        total += planned;
    }
    assert_int_equal(count_of(kb.nimgs + 1u), 0);
    for (uint32_t i = 0; i < kb.nruns; i++) /* all IniE: nothing outside RAM */
        assert_true(kb.runs[i].addr >= kb.wl.pool_base &&
                    kb.runs[i].addr + kb.runs[i].pages * 4096u <= ram_top);
    /* from the top down, in tag order: PID 2's copy sits above PID 26's */
    assert_true(top_of(2) > top_of(kb.nimgs));
    /* and the loader took one block of pages at the top, no more */
    uint32_t low = ram_top;
    for (uint32_t i = 0; i < kb.nruns; i++)
        low = kb.runs[i].addr < low ? kb.runs[i].addr : low;
    assert_true(ram_top - low <= (total + kb.cfg.guard_pages + 1u) * 4096u);
    assert_int_equal(count_of(0), 32768u + 4096u + 16u + 6u + 1u + 1u + 48u + 64u - total);
}

/* Baochip-1x: IniF texts run in place from RRAM, right after the block. */
static void test_loader_placement_bao1x(void **state)
{
    (void)state;
    char why[KBOOT_WHY];
    size_t len = write_block("bao1x", 1);
    assert_int_equal(kboot_read(&kb, block, len, why), 0);
    assert_string_equal(kb.board, "bao1x");
    assert_int_equal(kboot_adopt(&kb, arena.bytes, sizeof arena.bytes, why), 0);
    uint32_t in_flash = 0;
    for (uint32_t i = 0; i < kb.nruns; i++) {
        const xous_run *r = &kb.runs[i];
        if (r->addr >= kb.wl.pool_base && r->addr < kb.wl.pool_base + kb.wl.pool_pages * 4096u)
            continue;
        assert_true(r->addr >= kb.base && r->pid >= 2u);
        assert_int_equal(kb.imgs[r->pid - 1u].kind, XOUS_INIF);
        assert_int_equal(owner_of(r->addr), r->pid);
        in_flash += r->pages;
    }
    assert_true(in_flash > 0u);
    for (uint32_t pid = 1; pid <= kb.nimgs; pid++)
        assert_int_equal(count_of(pid), kboot_planned(&kb, pid));
}

/* A block with a whitelist and no images boots with nothing placed. */
static void test_block_without_images(void **state)
{
    (void)state;
    char why[KBOOT_WHY];
    size_t len = write_block("precursor", 0);
    assert_int_equal(kboot_read(&kb, block, len, why), 0);
    assert_int_equal(kb.nimgs, 0);
    assert_int_equal(kboot_adopt(&kb, arena.bytes, sizeof arena.bytes, why), 0);
    assert_int_equal(count_of(OWN_PID_KERNEL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_block_whitelist_is_the_maps),
        cmocka_unit_test(test_damaged_blocks_refused),
        cmocka_unit_test(test_loader_placement_precursor),
        cmocka_unit_test(test_loader_placement_bao1x),
        cmocka_unit_test(test_block_without_images),
        cmocka_unit_test(test_init_refusals),
        cmocka_unit_test(test_alloc_and_count_are_the_designs),
        cmocka_unit_test(test_lend_and_return),
        cmocka_unit_test(test_lending_has_no_slot_limit),
        cmocka_unit_test(test_dead_lenders_page_freed_on_return),
        cmocka_unit_test(test_dead_lender_then_dead_borrower),
        cmocka_unit_test(test_dead_borrower),
    };
    return cmocka_run_group_tests_name("kernel_glue (" STR(OWN_DIRECT) ")", tests, NULL, NULL);
}
