/*
 * gbench.h - a thin C binding to Google Benchmark (libbenchmark 1.7.x).
 *
 * The whole C++ side is bench/gbench.cc; everything else in the host suite is
 * C and talks to the library only through these functions:
 *
 *   gb_register()            one benchmark: a name, a C function, its argument,
 *                            and a fixed iteration count (0: the library's
 *                            adaptive count, driven by --benchmark_min_time)
 *   gb_keep_running()        the KeepRunning() loop, one iteration at a time
 *   gb_keep_running_batch()  KeepRunningBatch(n): the body does n operations,
 *                            so reported times are per operation
 *   gb_pause()/gb_resume()   PauseTiming()/ResumeTiming() (heavyweight)
 *   gb_set_iteration_time()  with GB_MANUAL_TIME: the seconds this batch took
 *   gb_counter()             a user counter (plain value, reported as is)
 *   gb_add_context()         a key/value in the JSON "context" block
 *   gb_main()                Initialize, run what --benchmark_filter selects,
 *                            Shutdown; returns a process exit status
 */
#ifndef OWNLAB_GBENCH_H
#define OWNLAB_GBENCH_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gb_state gb_state; /* really a benchmark::State */
typedef void (*gb_fn)(gb_state *st, void *arg);

enum {
    GB_MANUAL_TIME = 1u, /* the body reports its own time: gb_set_iteration_time */
};

void gb_register(const char *name, gb_fn fn, void *arg, unsigned flags, uint64_t iterations);

int gb_keep_running(gb_state *st);
int gb_keep_running_batch(gb_state *st, uint64_t n);
uint64_t gb_iterations(const gb_state *st);
void gb_pause(gb_state *st);
void gb_resume(gb_state *st);
void gb_set_iteration_time(gb_state *st, double seconds);
void gb_counter(gb_state *st, const char *name, double value);
void gb_set_label(gb_state *st, const char *label);
void gb_skip_with_error(gb_state *st, const char *message);

void gb_add_context(const char *key, const char *value);
int gb_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif
#endif
