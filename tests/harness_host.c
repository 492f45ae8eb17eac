/* harness_host.c - the platform half of the tests on the host: malloc'd
 * storage (the tests may allocate; the designs may not). */
#include <stdio.h>
#include <stdlib.h>
#include "harness.h"

static void *blocks[64];
static unsigned nblocks;

void *test_alloc(size_t bytes)
{
    if (nblocks == sizeof blocks / sizeof blocks[0])
        return NULL;
    void *p = aligned_alloc(OWN_STORAGE_ALIGN, (bytes + OWN_STORAGE_ALIGN - 1u) & ~(size_t)(OWN_STORAGE_ALIGN - 1u));
    if (p != NULL)
        blocks[nblocks++] = p;
    return p;
}

void test_free_all(void)
{
    while (nblocks > 0)
        free(blocks[--nblocks]);
}
