/*
 * test_rv32.c - the shared suites on RV32 under QEMU (bare metal, picolibc,
 * semihosting): every conformance case and a differential run on every test
 * map, for every design in the registry, each a job that passes or fails.
 * Ends with "N passed, M failed" and exit status 1 if anything failed.
 *
 * A run that tested nothing fails: an empty registry, no conformance case or
 * no test map each count as a failed job, so "0 passed, 0 failed" cannot
 * come out of it.
 *
 * No environment here: the seed and the number of differential operations
 * are fixed at build time (-DRV32_SEED=, -DRV32_DIFF_OPS=).
 */
#include <stdio.h>
#include <stdlib.h>
#include "check.h"
#include "harness.h"

#ifndef RV32_DIFF_OPS
#define RV32_DIFF_OPS 20000u
#endif
#ifndef RV32_SEED
#define RV32_SEED 20261125u
#endif

size_t test_arena_high(void);

static unsigned passed, failed;

static void verdict(const char *design, const char *what, const char *map, int ok)
{
    if (ok)
        passed++;
    else
        failed++;
    printf("%s %s/%s%s%s\n", ok ? "ok  " : "FAIL", design, what, map ? "/" : "", map ? map : "");
}

int main(void)
{
    const unsigned long long seed = RV32_SEED;
    const uint32_t ops = RV32_DIFF_OPS;
    printf("rv32 tests: differential seed %llu, %u operations per design per map\n", seed,
           (unsigned)ops);
    unsigned designs = 0;
    for (unsigned d = 0; own_strategies[d] != NULL; d++, designs++) {
        const own_strategy *s = own_strategies[d];
        for (unsigned c = 0; c < conformance_case_count; c++) {
            unsigned before = check_failures;
            conformance_cases[c].fn(s);
            test_free_all();
            verdict(s->name, conformance_cases[c].name, NULL, check_failures == before);
        }
        for (uint32_t m = 0; m < lab_map_count(); m++) {
            int bad = differential_run(s, m, seed, ops);
            test_free_all();
            verdict(s->name, "differential", lab_map_name(m), bad == 0);
        }
    }
    if (designs == 0) {
        printf("FAIL no design in the registry\n");
        failed++;
    }
    if (conformance_case_count == 0 || lab_map_count() == 0) {
        printf("FAIL %u conformance cases, %u test maps: nothing to run\n", conformance_case_count,
               (unsigned)lab_map_count());
        failed++;
    }
    if (passed + failed == 0) {
        printf("FAIL no test ran\n");
        failed++;
    }
    printf("arena high-water mark: %zu bytes\n", test_arena_high());
    printf("%u passed, %u failed\n", passed, failed);
    exit(failed != 0 ? 1 : 0);
}
