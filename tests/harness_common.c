/* harness_common.c - the parts of the test platform that are the same on the
 * host and on RV32. */
#include <stdio.h>
#include <string.h>
#include "harness.h"

own_table *test_open(const own_strategy *s, const own_map *map, void **storage, size_t *bytes)
{
    own_table *t = NULL;
    *bytes = s->reserve(map);
    *storage = *bytes ? test_alloc(*bytes) : NULL;
    if (*storage == NULL) {
        printf("%s: no storage for this map (reserve %zu)\n", s->name, *bytes);
        return NULL;
    }
    memset(*storage, 0xa5, *bytes); /* a design must not rely on zeroed storage */
    own_err e = s->init(&t, *storage, *bytes, map);
    if (e != OWN_OK) {
        printf("%s: init refused the map: %s\n", s->name, own_err_name(e));
        return NULL;
    }
    return t;
}

void test_close(const own_strategy *s, own_table *t) { s->fini(t); }

uint64_t test_hash(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}
