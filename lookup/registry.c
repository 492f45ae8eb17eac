/*
 * registry.c - every design built in, by name.
 *
 * The tool, the tests and the benchmarks iterate this list, so a design
 * added here is tested and measured everywhere without another edit.  The
 * peers wrap host libraries and are left out of kernel and RV32 builds
 * (-DOWN_NO_PEERS).
 */
#include "ownership.h"

/* The build says which designs are linked (-DOWN_HAVE_<name>, from the
 * Makefile's DESIGNS and PEERS): RV32 and kernel builds leave out the peers. */
const own_strategy *const own_strategies[] = {
#ifdef OWN_HAVE_flat
    &own_strategy_flat,
#endif
#ifdef OWN_HAVE_bitmap
    &own_strategy_bitmap,
#endif
#ifdef OWN_HAVE_ranges
    &own_strategy_ranges,
#endif
#ifdef OWN_HAVE_radix
    &own_strategy_radix,
#endif
#ifdef OWN_HAVE_xous
    &own_strategy_xous,
#endif
#ifdef OWN_HAVE_xous_fixed
    &own_strategy_xous_fixed,
#endif
#ifdef OWN_HAVE_xous_hint
    &own_strategy_xous_hint,
#endif
#ifdef OWN_HAVE_split
    &own_strategy_split,
#endif
#ifdef OWN_HAVE_freemap
    &own_strategy_freemap,
#endif
#ifdef OWN_HAVE_judy
    &own_strategy_judy,
#endif
#ifdef OWN_HAVE_roaring
    &own_strategy_roaring,
#endif
    NULL,
};

static int same(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

const own_strategy *own_find(const char *name)
{
    for (unsigned i = 0; own_strategies[i] != NULL; i++)
        if (same(own_strategies[i]->name, name))
            return own_strategies[i];
    return NULL;
}
