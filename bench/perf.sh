#!/bin/bash
# perf.sh - `perf stat` around the owner benchmarks, one design at a time.
#
#   bench/perf.sh HOST_BENCH RESULTS_DIR WORK_DIR "google-benchmark args"
#
# Writes RESULTS_DIR/perf.txt (what was measured, what the CPU exposes, the
# per-design table) and RESULTS_DIR/perf.csv:
#   strategy,event,value,unit,lookups,per_lookup
# Hardware events (cycles, instructions, cache and branch misses) are used
# when the CPU exposes them; a virtual machine often exposes none, and then
# the software events are recorded instead and perf.txt says so: this script
# never fails for want of counters (nor for want of perf: it says that too).
#
# Only the timed owner loops are counted: perf starts with its events
# disabled (-D -1) and host_bench writes "enable"/"disable" on the control
# fd around each loop (OWNLAB_PERF_CTL_FD / OWNLAB_PERF_ACK_FD), so building
# the states is left out.  lookups = the iterations Google Benchmark reports
# for those benchmarks (one iteration is one owner() call), so per_lookup is
# events per lookup, the library's own loop bookkeeping included (1/256 of a
# KeepRunningBatch call per lookup).
set -u
hb=$1 out=$2 work=$3 args=${4:-}
mkdir -p "$out" "$work"
txt=$out/perf.txt csv=$out/perf.csv
HW="cycles instructions cache-references cache-misses branch-misses L1-dcache-load-misses"
SW="task-clock context-switches cpu-migrations page-faults"

{
    echo "# perf stat around the host owner benchmarks ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(uname -n))"
    echo "# $(perf --version 2>/dev/null || echo 'perf: not installed')"
    echo "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "# kernel.perf_event_paranoid = $(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo '?')"
} > "$txt"

if ! command -v perf >/dev/null 2>&1 || ! perf stat -e task-clock -- true >/dev/null 2>&1; then
    echo "perf stat is NOT usable on this host (missing or not permitted): nothing measured." >> "$txt"
    echo "strategy,event,value,unit,lookups,per_lookup" > "$csv"
    echo "perf: perf stat not usable here; see $txt"
    exit 0
fi

# Which hardware events does this CPU expose?
probe=$(perf stat -x, -e "$(echo $HW | tr ' ' ',')" -- true 2>&1 >/dev/null)
hw_ok=""
for e in $HW; do
    line=$(echo "$probe" | awk -F, -v e="$e" '$3 == e || $3 ~ ("^" e "(:|$)")' | head -n 1)
    case "$line" in
        ""|"<not supported>"*|"<not counted>"*) ;;
        *) hw_ok="$hw_ok $e" ;;
    esac
done
if [ -n "$hw_ok" ]; then
    events="$hw_ok $SW"
    echo "hardware counters: available:$hw_ok" >> "$txt"
else
    events="$SW"
    {
        echo "hardware counters: NOT AVAILABLE on this host (perf stat -e instructions says <not supported>):"
        echo "no cycles, instructions or cache misses; recorded the software events instead."
        echo "Exact instruction counts per lookup: results/host/callgrind.csv (valgrind), and the RV32 suite."
    } >> "$txt"
fi
echo "events: $events" >> "$txt"

# Control fds: count the timed loops only, if this perf has --control.
rm -f "$work/ctl.fifo" "$work/ack.fifo"
mkfifo "$work/ctl.fifo" "$work/ack.fifo"
exec {ctl}<>"$work/ctl.fifo" {ack}<>"$work/ack.fifo"
control=(-D -1 --control "fd:$ctl,$ack")
if perf stat -e task-clock "${control[@]}" -- true >/dev/null 2>&1; then
    echo "window: only the timed owner loops (perf --control, enabled by host_bench around each loop)" >> "$txt"
    ctl_env=(OWNLAB_PERF_CTL_FD=$ctl OWNLAB_PERF_ACK_FD=$ack)
else
    control=()
    ctl_env=()
    echo "window: the whole process (this perf has no --control): state building included" >> "$txt"
fi
echo "benchmarks: <design>/<map>/<pattern>/owner_(listed|unlisted10), args: $args" >> "$txt"
echo >> "$txt"

echo "strategy,event,value,unit,lookups,per_lookup" > "$csv.tmp"
for d in $("$hb" --list-designs); do
    env "${ctl_env[@]}" perf stat -x, -o "$work/$d.perf" -e "$(echo $events | tr ' ' ',')" \
        "${control[@]}" -- "$hb" --benchmark_filter="^$d/[^/]*/[^/]*/owner_" $args \
        --benchmark_out="$work/$d.json" --benchmark_out_format=json > "$work/$d.log" 2>&1 \
        || { echo "perf: $d FAILED (log: $work/$d.log)"; tail -n 5 "$work/$d.log"; exit 1; }
    lookups=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(sum(b["iterations"] for b in d["benchmarks"] if b.get("run_type") == "iteration"))' "$work/$d.json")
    awk -F, -v d="$d" -v n="$lookups" '
        /^#/ || NF < 3 { next }
        { v = $1; u = $2; e = $3; sub(/:.*/, "", e)
          if (v ~ /^</) { printf "%s,%s,,%s,%s,\n", d, e, v, n; next }
          printf "%s,%s,%s,%s,%s,%.4g\n", d, e, v, u, n, (n > 0 ? v / n : 0) }' \
        "$work/$d.perf" >> "$csv.tmp"
done
mv "$csv.tmp" "$csv"

# The table for people: per lookup, one column per event.
python3 - "$csv" >> "$txt" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
events = list(dict.fromkeys(r["event"] for r in rows))
designs = list(dict.fromkeys(r["strategy"] for r in rows))
val = {(r["strategy"], r["event"]): r for r in rows}
print("per owner() lookup (task-clock in ns when the unit is msec):")
print("%-10s %12s  %s" % ("strategy", "lookups", "  ".join("%16s" % e for e in events)))
for d in designs:
    cells = []
    for e in events:
        r = val.get((d, e))
        if r is None or not r["per_lookup"]:
            cells.append("%16s" % (r["unit"] if r else "-"))
            continue
        x = float(r["per_lookup"])
        if r["unit"] == "msec":
            x *= 1e6
        cells.append("%16.4g" % x)
    n = next((val[(d, e)]["lookups"] for e in events if (d, e) in val), "")
    print("%-10s %12s  %s" % (d, n, "  ".join(cells)))
EOF
echo "perf: $txt, $csv"
