/* geometry.h - each board's cache geometry as the micro-programs expect it,
 * restated here (not taken from vexcache/model.c) so that a wrong
 * board table fails the tests.  Sources: model.c's table comments. */
#ifndef VEXCACHE_GEOMETRY_H
#define VEXCACHE_GEOMETRY_H

#if defined(VC_BOARD_PRECURSOR)
#define VC_BOARD "precursor"
#define ICACHE_BYTES 8192u
#define ICACHE_WAYS 2u
#define DCACHE_BYTES 16384u
#define DCACHE_WAYS 4u
#define DTLB_ENTRIES 4u
#define L2_BYTES 65536u
#elif defined(VC_BOARD_BAO1X)
#define VC_BOARD "bao1x"
#define ICACHE_BYTES 16384u
#define ICACHE_WAYS 4u
#define DCACHE_BYTES 16384u
#define DCACHE_WAYS 4u
#define DTLB_ENTRIES 8u
#define L2_BYTES 0u
#else
#error "build with -DVC_BOARD_PRECURSOR or -DVC_BOARD_BAO1X"
#endif

#endif
