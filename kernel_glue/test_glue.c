/*
 * test_glue.c - host unit tests of the kernel glue: the boot-argument reader
 * refuses every kind of damaged block, and the memory manager's lending,
 * process death and next-fit allocation behave as the kernel needs.  Built
 * with the same compile-time design selection as the kernel image.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "mm.h"

#define RAM 0x40000000u
#define CSR 0xe0000000u

static uint64_t storage[1u << 17];
static uint32_t args[64];
static const own_region others[] = {{CSR, 16}, {0x20000000u, 64}};
static const uint32_t names[] = {FOURCC('C', 'S', 'R', ' '), FOURCC('F', 'L', 'S', 'H')};

static uint32_t good_args(void)
{
    own_region ram = {RAM, 128};
    return bootargs_build(args, 64, ram, FOURCC('S', 'R', 'A', 'M'), others, names, 2);
}

static void fix_crc(uint32_t tag_at)
{
    uint32_t size = args[tag_at + 1] >> 16;
    args[tag_at + 1] = size << 16 | bootargs_crc16(&args[tag_at + 2], size);
}

static void test_round_trip(void **state)
{
    (void)state;
    bootargs_map m;
    uint32_t n = good_args();
    assert_int_equal(n, 7 + 2 + 6);
    assert_null(bootargs_parse(args, n, &m));
    assert_int_equal(m.count, 3);
    assert_int_equal(m.regions[0].base, RAM);
    assert_int_equal(m.regions[0].pages, 128);
    assert_int_equal(m.regions[1].base, CSR);
    assert_int_equal(m.names[2], names[1]);
}

static void test_unknown_tag_skipped(void **state)
{
    (void)state;
    bootargs_map m;
    uint32_t n = good_args();
    args[n] = FOURCC('B', 'a', 's', 'e');
    args[n + 1] = 1u << 16;
    args[n + 2] = 0x1234;
    fix_crc(n);
    args[2] = n + 3;
    fix_crc(0);
    assert_null(bootargs_parse(args, n + 3, &m));
    assert_int_equal(m.count, 3);
}

/* Each damage, and the sentence it must be refused with. */
static void test_damaged_blocks(void **state)
{
    (void)state;
    bootargs_map m;
    struct { int what; const char *why; } cases[] = {
        {0, "a tag's CRC does not match"},
        {1, "XArg total length does not match the block"},
        {2, "boot arguments do not start with an XArg tag"},
        {3, "a region is not page-aligned"},
        {4, "a region is empty"},
        {5, "a region runs past 4 GiB"},
        {6, "two regions overlap"},
        {7, "MREx length is not a whole number of regions"},
        {8, "unknown XArg version"},
        {9, "a tag runs past the end of the block"},
        {10, "XArg tag has the wrong size"},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t n = good_args(), words = n;
        switch (cases[i].what) {
        case 0: args[10] ^= 1; break;
        case 1: words = n - 1; break;
        case 2: args[0] = 0; break;
        case 3: args[5] = 0x5c20; fix_crc(0); break;
        case 4: args[10] = 0; fix_crc(7); break;
        case 5: args[12] = 0xfffff000u; fix_crc(7); break;
        case 6: args[9] = RAM + 0x10000u; fix_crc(7); break;
        case 7: args[8] = 5u << 16; fix_crc(7); args[2] = n - 1; fix_crc(0); words = n - 1; break;
        case 8: args[3] = 2; fix_crc(0); break;
        case 9: args[8] = 40u << 16; break;
        default: args[1] = 4u << 16; break;
        }
        const char *why = bootargs_parse(args, words, &m);
        assert_non_null(why);
        assert_string_equal(why, cases[i].why);
    }
    assert_non_null(bootargs_parse(NULL, 0, &m));
}

static void boot(void)
{
    uint32_t n = good_args();
    assert_null(mm_init(args, n, storage, sizeof storage));
}

static void test_touching_regions_refused(void **state)
{
    (void)state;
    own_region ram = {RAM, 128}, next[] = {{RAM + (128u << 12), 4}};
    uint32_t n = bootargs_build(args, 64, ram, 0, next, names, 1);
    assert_non_null(mm_init(args, n, storage, sizeof storage));
    n = good_args();
    assert_non_null(mm_init(args, n, storage, 64)); /* metadata region too small */
}

static void test_lend_and_return(void **state)
{
    (void)state;
    boot();
    uint32_t pid = 0;
    assert_int_equal(mm_claim(RAM, 5), OWN_OK);
    assert_int_equal(mm_lend(RAM, 6, 7), OWN_MEMORY_IN_USE); /* not 6's to lend */
    assert_int_equal(mm_lend(RAM, 5, 0), OWN_BAD_PID);
    assert_int_equal(mm_lend(RAM + 1, 5, 6), OWN_BAD_ALIGNMENT);
    assert_int_equal(mm_lend(0x70000000u, 5, 6), OWN_BAD_ADDRESS);
    assert_int_equal(mm_lend(RAM, 5, 6), OWN_OK);
    assert_int_equal(mm_owner(RAM, &pid), OWN_OK);
    assert_int_equal(pid, 5);
    assert_int_equal(mm_release(RAM, 5), OWN_MEMORY_IN_USE);
    assert_int_equal(mm_move(RAM, 5, 6), OWN_MEMORY_IN_USE);
    assert_int_equal(mm_release(RAM, 0), OWN_BAD_PID); /* error order kept */
    assert_int_equal(mm_return(RAM, 7), OWN_MEMORY_IN_USE);
    assert_int_equal(mm_return(RAM, 6), OWN_OK);
    assert_int_equal(mm_return(RAM, 6), OWN_BAD_ADDRESS);
    assert_int_equal(mm_release(RAM, 5), OWN_OK);
    assert_int_equal(mm_lends(), 0);
}

static void test_death(void **state)
{
    (void)state;
    boot();
    uint32_t pid = 0;
    assert_int_equal(mm_map_range(RAM, 8, 5), OWN_OK);
    assert_int_equal(mm_claim(CSR, 5), OWN_OK);
    assert_int_equal(mm_claim(RAM + 0x10000u, 6), OWN_OK);
    assert_int_equal(mm_lend(RAM + 0x1000u, 5, 6), OWN_OK);  /* 5 lends to 6 */
    assert_int_equal(mm_lend(RAM + 0x10000u, 6, 5), OWN_OK); /* and borrows from 6 */
    assert_int_equal(mm_release_all_memory_for_process(5), 8); /* 7 RAM + CSR */
    assert_int_equal(mm_owner(RAM + 0x1000u, &pid), OWN_OK);
    assert_int_equal(pid, OWN_PID_KERNEL);
    assert_int_equal(mm_ram_used_by(5), 0);
    assert_int_equal(mm_ram_used_by(OWN_PID_KERNEL), 1);
    assert_int_equal(mm_lends(), 1); /* what 5 borrowed went home; what it lent stays lent */
    assert_int_equal(mm_release(RAM + 0x10000u, 6), OWN_OK);
    assert_int_equal(mm_return(RAM + 0x1000u, 6), OWN_OK);
    assert_int_equal(mm_release_all_memory_for_process(OWN_PID_KERNEL), 0); /* never dies */
}

static void test_next_fit(void **state)
{
    (void)state;
    boot();
    uint32_t a = 0, b = 0, n = 0;
    assert_int_equal(mm_alloc_page(2, &a), OWN_OK);
    assert_int_equal(a, RAM);
    assert_int_equal(mm_alloc_page(2, &b), OWN_OK);
    assert_int_equal(b, RAM + 0x1000u);
    assert_int_equal(mm_release(a, 2), OWN_OK);
    assert_int_equal(mm_alloc_page(3, &a), OWN_OK);
    assert_int_equal(a, RAM + 0x2000u); /* moves on, does not go back to the hole */
    while (mm_alloc_page(3, &a) == OWN_OK)
        n++;
    assert_int_equal(n, 128 - 2); /* the hole at the bottom is found after the wrap */
    assert_int_equal(mm_alloc_page(3, &a), OWN_OUT_OF_MEMORY);
    assert_int_equal(mm_alloc_page(0, &a), OWN_BAD_PID);
    assert_int_equal(mm_ram_used_by(3), 127);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_unknown_tag_skipped),
        cmocka_unit_test(test_damaged_blocks),
        cmocka_unit_test(test_touching_regions_refused),
        cmocka_unit_test(test_lend_and_return),
        cmocka_unit_test(test_death),
        cmocka_unit_test(test_next_fit),
    };
    return cmocka_run_group_tests_name("kernel_glue", tests, NULL, NULL);
}
