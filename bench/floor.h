/*
 * floor.h - the physical limit for an owner lookup, as a pseudo-design.
 *
 * One byte per page over ONE span of pages, no whitelist, no checks:
 *
 *     *pid = bytes[(addr - base) >> 12];
 *
 * The span runs from the lowest to the highest page of the map's listed
 * regions, widened (floor_widen) to take in every address of the stream the
 * benchmark drives, so an unlisted address in the 10%-unlisted stream is
 * still one load inside the array.  For a multi-region map the array
 * therefore also covers the gaps between regions; pages a stream touches are
 * the same whatever the gaps.
 *
 * It is an own_strategy so that the shared workloads (bench/workload.c) put
 * exactly the same owners into it as into every design, and it is called
 * through the same function pointer, so the ratio design/floor compares the
 * data structures, not the call.  It is NOT in the registry (own_strategies[])
 * and it does not honour the contract: claim and friends store without any
 * check, alloc is not implemented.  Benchmarks only.
 */
#ifndef OWNLAB_FLOOR_H
#define OWNLAB_FLOOR_H
#include "ownership.h"

extern const own_strategy own_strategy_floor;

/* The next reserve()/init() also cover [lo, hi] (addresses); n = 0 resets. */
void floor_widen(const uint32_t *addrs, uint32_t n);
#endif
