/*
 * harness.h - what the shared test cases need from the platform they run on
 * (host or RV32 under QEMU): storage, the test maps, and a way to open a table.
 */
#ifndef OWNLAB_HARNESS_H
#define OWNLAB_HARNESS_H
#include "../lookup/ownership.h"
#include "../tool/normalise.h"
#include "../bench/workload.h"

/* Storage aligned to OWN_STORAGE_ALIGN, or NULL; freed by test_free_all(). */
void *test_alloc(size_t bytes);
void test_free_all(void);

/* The maps every test runs on: the three boards, one 1 GiB RAM region, a few
 * hundred scattered small regions, and a map ending at 2^32. */
uint32_t test_map_count(void);
const char *test_map_name(uint32_t i);
/* Normalises map i into *out; 0 on success. */
int test_map_build(uint32_t i, norm_map *out);

/* reserve + storage + init; NULL (after printing why) on failure. */
own_table *test_open(const own_strategy *s, const own_map *map, void **storage, size_t *bytes);
void test_close(const own_strategy *s, own_table *t);

/* 64-bit FNV-1a of n bytes: to show storage did not change. */
uint64_t test_hash(const void *p, size_t n);

/* the workloads' seeded generator: reproducible streams on any platform */
typedef own_rng test_rng;
#define test_next own_rng_next
#define test_below own_rng_below

/* The shared suites. */
typedef void (*test_case_fn)(const own_strategy *s);
typedef struct test_case { const char *name; test_case_fn fn; } test_case;
extern const test_case conformance_cases[];
extern const unsigned conformance_case_count;

/* Differential run of `ops` operations on map `map_index`; 0 if all agreed. */
int differential_run(const own_strategy *s, uint32_t map_index, uint64_t seed, uint32_t ops);
#endif
