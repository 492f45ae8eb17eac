#!/bin/bash
# callgrind.sh - exact instructions per owner() lookup, per design and map.
#
#   bench/callgrind.sh HOST_BENCH OUT.csv WORK_DIR
#
# `host_bench --callgrind D MAP` builds the steady state on MAP and runs one
# pass of owner() over the 65536-address listed stream in lookup_pass();
# valgrind's callgrind collects only inside that function (--toggle-collect),
# so the count is the lookups alone, the loop and the indirect call included
# (floor shows what those cost: its own body is one load).  Deterministic:
# the same build gives the same numbers on every run.
#   strategy,map,pattern,lookups,instructions,instructions_per_lookup
set -u
hb=$1 out=$2 work=$3
MAPS=${CALLGRIND_MAPS:-"artyvexii precursor renode ram1g scattered"}
mkdir -p "$work" "$(dirname "$out")"
if ! command -v valgrind >/dev/null 2>&1; then
    echo "callgrind: valgrind is not installed; nothing measured" >&2
    exit 1
fi
echo "strategy,map,pattern,lookups,instructions,instructions_per_lookup" > "$out.tmp"
for d in $("$hb" --list-designs); do
    for m in $MAPS; do
        f="$work/$d.$m.out"
        valgrind --tool=callgrind --callgrind-out-file="$f" --collect-atstart=no \
            --toggle-collect=lookup_pass "$hb" --callgrind "$d" "$m" > "$work/$d.$m.log" 2>&1 \
            || { echo "callgrind: $d on $m FAILED (log: $work/$d.$m.log)"; exit 1; }
        n=$(awk '/^lookups / { print $2 }' "$work/$d.$m.log")
        ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$f")
        awk -v d="$d" -v m="$m" -v n="$n" -v ir="$ir" \
            'BEGIN { printf "%s,%s,steady,%s,%s,%.2f\n", d, m, n, ir, ir / n }' >> "$out.tmp"
    done
done
mv "$out.tmp" "$out"
echo "callgrind: $out"
