/*
 * test_host.c - runs the shared suites under cmocka: every conformance case
 * and a differential run on every test map, for every design in the registry.
 *
 * OWN_SEED=<n> changes the differential seed (a failure prints the one it
 * used); OWN_DIFF_OPS=<n> the number of operations per design per map.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include "harness.h"

#define DIFF_OPS 100000u

typedef struct job {
    const own_strategy *s;
    const test_case *c; /* NULL: a differential run */
    uint32_t map;
    char name[96];
} job;

static uint64_t seed = 20261125u;
static uint32_t ops = DIFF_OPS;

void check_err_cmocka(int got, int want, const char *what, const char *file, int line)
{
    if (got != want) {
        print_error("%s answered %s, expected %s\n", what, own_err_name((own_err)got),
                    own_err_name((own_err)want));
        _fail(file, line);
    }
}

static void run(void **state)
{
    const job *j = *state;
    if (j->c != NULL)
        j->c->fn(j->s);
    else
        assert_int_equal(differential_run(j->s, j->map, seed, ops), 0);
}

static int teardown(void **state)
{
    (void)state;
    test_free_all();
    return 0;
}

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL; /* optional: one design */
    if (getenv("OWN_SEED") != NULL)
        seed = strtoull(getenv("OWN_SEED"), NULL, 0);
    if (getenv("OWN_DIFF_OPS") != NULL)
        ops = (uint32_t)strtoul(getenv("OWN_DIFF_OPS"), NULL, 0);

    static job jobs[1024];
    static struct CMUnitTest tests[1024];
    size_t n = 0;
    for (unsigned d = 0; own_strategies[d] != NULL; d++) {
        const own_strategy *s = own_strategies[d];
        if (only != NULL && own_find(only) != s)
            continue;
        for (unsigned c = 0; c < conformance_case_count; c++) {
            jobs[n] = (job){s, &conformance_cases[c], 0, ""};
            snprintf(jobs[n].name, sizeof jobs[n].name, "%s/%s", s->name, conformance_cases[c].name);
            n++;
        }
        for (uint32_t m = 0; m < lab_map_count(); m++) {
            jobs[n] = (job){s, NULL, m, ""};
            snprintf(jobs[n].name, sizeof jobs[n].name, "%s/differential/%s", s->name,
                     lab_map_name(m));
            n++;
        }
    }
    for (size_t i = 0; i < n; i++)
        tests[i] = (struct CMUnitTest){jobs[i].name, run, NULL, teardown, &jobs[i]};
    printf("differential: seed %llu, %u operations per design per map\n",
           (unsigned long long)seed, (unsigned)ops);
    return _cmocka_run_group_tests("ownership", tests, n, NULL, NULL);
}
