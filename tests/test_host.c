/*
 * test_host.c - runs the shared suites under cmocka: every conformance case
 * and a differential run on every test map, for every design in the registry.
 *
 * OWN_SEED=<n> changes the differential seed (a failure prints the one it
 * used); OWN_DIFF_OPS=<n> the number of operations per design per map.
 *
 * `test_host NAME` runs one design.  A suite that runs nothing must not look
 * like one that passed: a NAME that is no design, a registry built empty
 * (make DESIGNS= PEERS=), no conformance case, no test map or zero
 * differential operations all stop the runner with a message and a non-zero
 * status before cmocka starts (which would report "0 passed" and exit 0).
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

static void list_designs(void)
{
    fprintf(stderr, "test_host: designs in this build:");
    for (unsigned d = 0; own_strategies[d] != NULL; d++)
        fprintf(stderr, " %s", own_strategies[d]->name);
    fprintf(stderr, "%s\n", own_strategies[0] == NULL ? " none" : "");
}

#define MAX_JOBS 1024u

int main(int argc, char **argv)
{
    if (argc > 2) {
        fprintf(stderr, "usage: test_host [DESIGN]\n");
        return 2;
    }
    const char *only = argc > 1 ? argv[1] : NULL; /* optional: one design */
    if (only != NULL && own_find(only) == NULL) {
        fprintf(stderr, "test_host: no design called '%s'\n", only);
        list_designs();
        return 2;
    }
    if (getenv("OWN_SEED") != NULL)
        seed = strtoull(getenv("OWN_SEED"), NULL, 0);
    if (getenv("OWN_DIFF_OPS") != NULL)
        ops = (uint32_t)strtoul(getenv("OWN_DIFF_OPS"), NULL, 0);
    if (ops == 0) {
        fprintf(stderr, "test_host: OWN_DIFF_OPS=0 would make every differential run vacuous\n");
        return 2;
    }
    if (conformance_case_count == 0 || lab_map_count() == 0) {
        fprintf(stderr, "test_host: %u conformance cases, %u test maps: nothing to run\n",
                conformance_case_count, (unsigned)lab_map_count());
        return 1;
    }

    static job jobs[MAX_JOBS];
    static struct CMUnitTest tests[MAX_JOBS];
    size_t n = 0;
    for (unsigned d = 0; own_strategies[d] != NULL; d++) {
        const own_strategy *s = own_strategies[d];
        if (only != NULL && own_find(only) != s)
            continue;
        if (n + conformance_case_count + lab_map_count() > MAX_JOBS) {
            fprintf(stderr, "test_host: more than %u tests: raise MAX_JOBS\n", MAX_JOBS);
            return 1;
        }
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
    if (n == 0) {
        fprintf(stderr, "test_host: no test to run: the registry is empty\n");
        list_designs();
        return 1;
    }
    for (size_t i = 0; i < n; i++)
        tests[i] = (struct CMUnitTest){jobs[i].name, run, NULL, teardown, &jobs[i]};
    printf("differential: seed %llu, %u operations per design per map\n",
           (unsigned long long)seed, (unsigned)ops);
    return _cmocka_run_group_tests("ownership", tests, n, NULL, NULL);
}
