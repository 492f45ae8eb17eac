#!/bin/bash
# campaign.sh - a recorded fuzz campaign: every libFuzzer target for its own
# time budget, spread over parallel lanes, and what it did written down by the
# run itself, so that the numbers in REPORT.md are never typed by hand.
#
#   campaign.sh BIN_DIR WORK_DIR RESULTS_DIR LANES TARGET:SECONDS...
#
# BIN_DIR holds fuzz_<target>; WORK_DIR (under build/) the working corpora,
# seeded from tests/corpus/<target>, and the logs; RESULTS_DIR receives
#   summary.csv   target,seconds,executions,exec_per_s,new_units,corpus_units,
#                 peak_rss_mb,crashes,status - one row per target and a
#                 "total" row (executions and crashes summed, seconds = wall);
#   crashes.txt   "0 crashes", or one line per crashing input (target, file,
#                 libFuzzer's reason); the inputs themselves are kept in
#                 RESULTS_DIR/crashes/ to be committed and replayed;
#   run.txt       when, on which commit, with which clang, lanes and budgets.
# Exit status 1 if any target crashed or did not run, 2 on bad usage.
#
# Why lanes: targets are independent processes and the machine has 2 cores;
# two at a time halves the wall time for the same executions.  Longest
# budgets are placed first, each on the least loaded lane, so the lanes end
# close together.
set -u
if [ $# -lt 5 ]; then
    echo "usage: campaign.sh BIN_DIR WORK_DIR RESULTS_DIR LANES TARGET:SECONDS..." >&2
    exit 2
fi
bin=$1 work=$2 results=$3 lanes=$4
shift 4
case $lanes in '' | *[!0-9]* | 0) echo "campaign.sh: LANES must be a positive number" >&2; exit 2 ;; esac

targets=() seconds=()
for spec in "$@"; do
    t=${spec%%:*} s=${spec#*:}
    case $s in '' | *[!0-9]* | 0) echo "campaign.sh: bad budget '$spec' (TARGET:SECONDS)" >&2; exit 2 ;; esac
    [ -x "$bin/fuzz_$t" ] || { echo "campaign.sh: no $bin/fuzz_$t" >&2; exit 2; }
    [ -d "tests/corpus/$t" ] || { echo "campaign.sh: no seed corpus tests/corpus/$t" >&2; exit 2; }
    targets+=("$t") seconds+=("$s")
done

# A new campaign replaces the record of the last one, crash inputs included.
rm -rf "$results/crashes" "$results/summary.csv" "$results/crashes.txt" "$results/run.txt"
mkdir -p "$work" "$results/crashes"

# Longest first onto the least loaded lane.
order=$(for i in "${!targets[@]}"; do echo "${seconds[$i]} $i"; done | sort -rn | cut -d' ' -f2)
declare -a load lane_of
for ((l = 0; l < lanes; l++)); do load[l]=0; done
for i in $order; do
    best=0
    for ((l = 1; l < lanes; l++)); do [ "${load[l]}" -lt "${load[best]}" ] && best=$l; done
    lane_of[i]=$best
    load[best]=$((load[best] + seconds[i]))
done

run_one() { # index
    local t=${targets[$1]} s=${seconds[$1]}
    local corpus=$work/corpus/$t log=$work/$t.log
    mkdir -p "$corpus"
    cp -n "tests/corpus/$t"/* "$corpus"/ 2>/dev/null || true
    echo "fuzz $t: $s s (lane ${lane_of[$1]})"
    "$bin/fuzz_$t" -max_total_time="$s" -max_len=4096 -timeout=60 -print_final_stats=1 \
        -artifact_prefix="$results/crashes/$t-" "$corpus" > "$log" 2>&1
    echo $? > "$work/$t.rc"
}

start=$(date +%s)
pids=()
for ((l = 0; l < lanes; l++)); do
    (for i in $order; do [ "${lane_of[i]}" -eq "$l" ] && run_one "$i"; done) &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
wall=$(($(date +%s) - start))

# What each run did, from its own log: libFuzzer's final stats, or, when a
# crash cut the run short, the last status line ("#N ... corp: U/..").
fstat() { sed -n "s/^stat::$1: *\([0-9]*\).*/\1/p" "$2" | tail -n 1; }
total_exec=0 total_crash=0 failed=""
echo "target,seconds,executions,exec_per_s,new_units,corpus_units,peak_rss_mb,crashes,status" \
    > "$results/summary.csv"
: > "$results/crashes.txt.tmp"
for i in "${!targets[@]}"; do
    t=${targets[$i]} s=${seconds[$i]} log=$work/${targets[$i]}.log
    rc=$(cat "$work/$t.rc" 2>/dev/null || echo 255)
    execs=$(fstat number_of_executed_units "$log")
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    [ -n "$execs" ] || execs=$(echo "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
    execs=${execs:-0}
    rate=$(fstat average_exec_per_sec "$log")
    newu=$(fstat new_units_added "$log")
    rss=$(fstat peak_rss_mb "$log")
    units=$(echo "$last" | sed -n 's/.*corp: \([0-9]*\)\/.*/\1/p')
    crashes=0
    for f in "$results/crashes/$t"-*; do
        [ -e "$f" ] || continue
        crashes=$((crashes + 1))
        # the target's own last words before libFuzzer's ERROR line, and that line
        why=$(awk '/^==[0-9]+== ?ERROR/ { print (prev != "" ? prev " / " : "") $0; exit }
                   !/^(#|INFO:|MS:| )/ && NF { prev = $0 }' "$log" | tr ',' ';')
        echo "$t,${f#"$results"/},${why:-see $log}" >> "$results/crashes.txt.tmp"
    done
    status=ok
    if [ "$rc" -ne 0 ]; then
        status="exit $rc"
        failed="$failed $t"
        if [ "$crashes" -eq 0 ]; then # died without leaving an input: still a finding
            crashes=1
            echo "$t,(no input saved),exit $rc: see $log" >> "$results/crashes.txt.tmp"
        fi
    fi
    echo "$t,$s,$execs,${rate:-$((execs / s))},${newu:-},${units:-},${rss:-},$crashes,$status" \
        >> "$results/summary.csv"
    total_exec=$((total_exec + execs)) total_crash=$((total_crash + crashes))
done
echo "total,$wall,$total_exec,$((total_exec / (wall > 0 ? wall : 1))),,,,$total_crash," \
    >> "$results/summary.csv"
if [ -s "$results/crashes.txt.tmp" ]; then
    mv "$results/crashes.txt.tmp" "$results/crashes.txt"
else
    rm -f "$results/crashes.txt.tmp"
    echo "0 crashes" > "$results/crashes.txt"
fi
rmdir "$results/crashes" 2>/dev/null || true

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "clang: $(clang --version 2>/dev/null | head -n 1)"
    echo "lanes: $lanes; wall: $wall s; budgets: $*"
    echo "cpus: $(nproc 2>/dev/null || echo '?')"
} > "$results/run.txt"

column -s, -t < "$results/summary.csv" 2>/dev/null || cat "$results/summary.csv"
echo "campaign: $total_exec executions, $total_crash crashes, $wall s wall ($results/summary.csv)"
if [ -n "$failed" ]; then
    echo "campaign: findings in:$failed (inputs in $results/crashes/, logs in $work/)"
    exit 1
fi
