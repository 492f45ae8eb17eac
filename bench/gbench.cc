// gbench.cc - the C++ half of the C binding to Google Benchmark (gbench.h).
// Kept deliberately tiny: every benchmark is written in C.
#include "gbench.h"

#include <benchmark/benchmark.h>

namespace {
benchmark::State &S(gb_state *st) { return *reinterpret_cast<benchmark::State *>(st); }
const benchmark::State &S(const gb_state *st)
{
    return *reinterpret_cast<const benchmark::State *>(st);
}
} // namespace

extern "C" {

void gb_register(const char *name, gb_fn fn, void *arg, unsigned flags, uint64_t iterations)
{
    benchmark::internal::Benchmark *b = benchmark::RegisterBenchmark(
        name, [fn, arg](benchmark::State &st) { fn(reinterpret_cast<gb_state *>(&st), arg); });
    b->Unit(benchmark::kNanosecond);
    if (flags & GB_MANUAL_TIME)
        b->UseManualTime();
    if (iterations > 0)
        b->Iterations(static_cast<benchmark::IterationCount>(iterations));
}

int gb_keep_running(gb_state *st) { return S(st).KeepRunning(); }
int gb_keep_running_batch(gb_state *st, uint64_t n)
{
    return S(st).KeepRunningBatch(static_cast<benchmark::IterationCount>(n));
}
uint64_t gb_iterations(const gb_state *st) { return static_cast<uint64_t>(S(st).iterations()); }
void gb_pause(gb_state *st) { S(st).PauseTiming(); }
void gb_resume(gb_state *st) { S(st).ResumeTiming(); }
void gb_set_iteration_time(gb_state *st, double seconds) { S(st).SetIterationTime(seconds); }
void gb_counter(gb_state *st, const char *name, double value)
{
    S(st).counters[name] = benchmark::Counter(value);
}
void gb_set_label(gb_state *st, const char *label) { S(st).SetLabel(label); }
void gb_skip_with_error(gb_state *st, const char *message) { S(st).SkipWithError(message); }

void gb_add_context(const char *key, const char *value) { benchmark::AddCustomContext(key, value); }

int gb_main(int argc, char **argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 2;
    size_t ran = benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return ran > 0 ? 0 : 1;
}
}
