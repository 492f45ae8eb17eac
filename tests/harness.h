/*
 * harness.h - what the shared test cases need from the platform they run on
 * (host or RV32 under QEMU): storage and a way to open a table.
 */
#ifndef OWNLAB_HARNESS_H
#define OWNLAB_HARNESS_H
#include "ownership.h"
#include "normalise.h"
#include "workload.h"
#include "labmaps.h"

/* Storage aligned to OWN_STORAGE_ALIGN, or NULL; freed by test_free_all(). */
void *test_alloc(size_t bytes);
void test_free_all(void);

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
