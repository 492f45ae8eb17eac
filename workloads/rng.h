/*
 * rng.h - the lab's one random generator, xorshift64*: small, fast and the
 * same sequence on every platform, so a seed names the same workload on the
 * host, under QEMU and in the kernel image.
 */
#ifndef OWNLAB_RNG_H
#define OWNLAB_RNG_H
#include <stdint.h>

typedef struct own_rng { uint64_t s; } own_rng;

static inline uint64_t own_rng_next(own_rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 2685821657736338717ull;
}

/* uniform enough below n (n > 0) for workloads; not for cryptography */
static inline uint32_t own_rng_below(own_rng *r, uint32_t n)
{
    return (uint32_t)((own_rng_next(r) >> 32) % n);
}
#endif
