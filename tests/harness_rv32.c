/* harness_rv32.c - the platform half of the tests on RV32 under QEMU: a
 * static arena instead of malloc (bare metal, and the designs may not
 * allocate anyway), and the failure counting that check.h's CHECK macros
 * call when cmocka is not there. */
#include <stdio.h>
#include "check.h"
#include "harness.h"

/* Big enough for the reference model (about 2.1 MiB), a design's tables on
 * the 1 GiB map or on the whole 4 GiB space, and what a conformance case
 * opens before test_free_all(); the linker's RAM size must cover it. */
#ifndef RV32_ARENA_BYTES
#define RV32_ARENA_BYTES (32u << 20)
#endif

static unsigned char arena[RV32_ARENA_BYTES] __attribute__((aligned(OWN_STORAGE_ALIGN)));
static size_t arena_used, arena_high;

void *test_alloc(size_t bytes)
{
    size_t n = (bytes + OWN_STORAGE_ALIGN - 1u) & ~(size_t)(OWN_STORAGE_ALIGN - 1u);
    if (n < bytes || n > sizeof arena - arena_used) {
        printf("test_alloc: arena exhausted (%zu bytes wanted, %zu of %zu in use)\n", bytes,
               arena_used, sizeof arena);
        return NULL;
    }
    void *p = arena + arena_used;
    arena_used += n;
    if (arena_used > arena_high)
        arena_high = arena_used;
    return p;
}

void test_free_all(void) { arena_used = 0; }

size_t test_arena_high(void) { return arena_high; }

unsigned check_failures;

void check_report(const char *file, int line, const char *what, unsigned long long got,
                  unsigned long long want)
{
    check_failures++;
    printf("%s:%d: check failed: %s is %llu (0x%llx), expected %llu (0x%llx)\n", file, line,
           what, got, got, want, want);
}
