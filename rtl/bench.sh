#!/bin/bash
# bench.sh - make bench-rtl's runs: every ELF on its board's RTL sim and, beside
# it, under QEMU with the vexcache plugin (the model's cycles for the same run),
# two runs at a time (2 cores); then rtl/join.awk pairs them window by window.
# Usage: bench.sh RTL_BUILD RESULTS VEXCACHE.so VEXCACHE0.so PEROP.elf REPLAY.elf...
#   (VEXCACHE0.so: the model before calibration, for the before/after columns)
#   PEROP.elf (its name with BOARD for the board's) runs on every board; a replay ELF named replay_<board>[-<variant>].elf
#   (or <dir>/replay_<board>.elf, e.g. shift_K/) runs on its board.
# Writes RESULTS/perop.csv, RESULTS/traces.csv, RESULTS/summary.txt.
set -u
rb=$1 res=$2 plugin=$3 plugin0=$4 perop=$5; shift 5
qemu=${RV32_QEMU:-qemu-system-riscv32} tmo=${RTL_TIMEOUT:-1800}
runs=${RTL_RUNS:-$rb/runs}   # RTL_RUNS: another directory for the runs (bench-rtl-variants)
# RTL_REUSE=1 keeps the RTL runs already in RTL_BUILD/runs that ended well (the
# RTL's cycles do not depend on the model: after a calibration only the model reruns).
[ -n "${RTL_REUSE:-}" ] || rm -rf "$runs"
mkdir -p "$runs" "$res"
start=$(date +%s)
jobs=$runs/jobs.txt; : > "$jobs"
# Longest first, so that the two lanes end together: each run's cycles in the
# last results (RESULTS/traces.csv per replay, RESULTS/summary.txt's per-op
# lines), else Precursor's replays before Baochip-1x's, by size.
cost() {   # tag: the last run's RTL cycles, or 0
    case $1 in
    perop_*) awk -v b="${1#perop_}" '$1 == "rtl:" && $2 == b && / windows=594 / { sub(/.* cycles=/, ""); print $1 + 0; exit }' "$res/summary.txt" 2>/dev/null ;;
    *) awk -F, -v t="$1" 'NR > 1 && $3 == t { s += $6 } END { print s + 0 }' "$res/traces.csv" 2>/dev/null ;;
    esac
}
{
    # RTL_NO_PEROP=1: the replays alone
    [ -n "${RTL_NO_PEROP:-}" ] || for b in precursor bao1x; do echo "$b perop_$b ${perop/BOARD/$b}"; done
    for e in "$@"; do
        base=$(basename "$e" .elf); b=${base#replay_}; b=${b%%-*}
        d=$(basename "$(dirname "$e")"); tag=$base; [ "$d" != replay ] && tag=$d.$base
        case $b in precursor|bao1x) echo "$b $tag $e" ;; *) echo "bench-rtl: $e: no board in its name, skipped" >&2 ;; esac
    done
} > "$runs/order.txt"   # the results' row order: the per-op suites, then the replays as given
while read -r b tag elf; do
    echo "$(cost "$tag") $([ "$b" = precursor ] && echo 1 || echo 0) $(stat -c %s "$elf") $b $tag $elf"
done < "$runs/order.txt" | sort -k1,1nr -k2,2nr -k3,3nr | cut -d' ' -f4- > "$jobs"
# one copy of every ELF, taken now: the tree may be rebuilt while the runs go on
while read -r b tag elf; do
    if [ ! -f "$runs/$tag.elf" ] || { [ -z "${RTL_REUSE:-}" ] && [ "$elf" -nt "$runs/$tag.elf" ]; }; then
        cp "$elf" "$runs/$tag.elf"
    fi
done < "$jobs"
one() {   # board tag elf: the RTL run and the model's run, one after the other
    b=$1 tag=$2
    elf=$runs/$tag.elf
    if [ -z "${RTL_REUSE:-}" ] || [ "$(cat "$runs/$tag.rtlrc" 2>/dev/null)" != 0 ] || [ ! -s "$runs/$tag.rtl" ]; then
        timeout "$tmo" "$rb/vexsim-$b" -s "$elf" > "$runs/$tag.rtl" 2> "$runs/$tag.rtlerr" < /dev/null
        echo $? > "$runs/$tag.rtlrc"
    fi
    timeout "$tmo" "$qemu" -machine virt -m 128M -nographic -bios none \
        -semihosting-config enable=on,target=native -icount shift=0 -d plugin \
        -plugin "$plugin,board=$b" -kernel "$elf" > "$runs/$tag.model" 2>&1 < /dev/null
    echo $? > "$runs/$tag.modelrc"
    tr -d '\r' < "$runs/$tag.model" > "$runs/$tag.model.tmp" && mv "$runs/$tag.model.tmp" "$runs/$tag.model"
    timeout "$tmo" "$qemu" -machine virt -m 128M -nographic -bios none \
        -semihosting-config enable=on,target=native -icount shift=0 -d plugin \
        -plugin "$plugin0,board=$b" -kernel "$elf" 2>&1 < /dev/null | tr -d '\r' > "$runs/$tag.model0"
}
export -f one; export rb runs tmo qemu plugin plugin0 RTL_REUSE
# longest first: the per-op suite, then the replays
xargs -P 2 -L 1 bash -c 'one "$0" "$1" "$2"' < "$jobs"
hdr="board,strategy,bench,phase,insns,rtl_cycles,model_cycles,model_err_pct,model0_cycles,model0_err_pct,rtl_irefills,rtl_drefills,rtl_stores,rtl_walks,model_icache_misses,model_dcache_misses,model_l2_misses,model_tlb_misses"
fail=0
echo "$hdr" > "$res/perop.csv.tmp"; echo "$hdr" > "$res/traces.csv.tmp"
{
while read -r b tag elf; do
    for k in rtl model; do
        rc=$(cat "$runs/$tag.${k}rc")
        if [ "$rc" != 0 ]; then echo "bench-rtl: $tag on $b: $k run exit status $rc"; tail -n 3 "$runs/$tag.${k}err" "$runs/$tag.$k" 2>/dev/null; fail=1; fi
    done
    mode=replay out=$res/traces.csv.tmp bench=$tag
    case $tag in perop_*) mode=perop out=$res/perop.csv.tmp bench=perop ;; esac
    awk -F, -v mode=$mode -v board=$b -v bench="$bench" -f rtl/join.awk "$runs/$tag.model0" "$runs/$tag.model" "$runs/$tag.rtl" >> "$out" \
        2> "$runs/$tag.join" || fail=1
    cat "$runs/$tag.join"
    grep '^rtl: .*Mcycles_per_s' "$runs/$tag.rtlerr"
done < "$runs/order.txt"
secs=$(( $(date +%s) - start ))
echo "bench-rtl: $(wc -l < "$jobs") ELF runs on the RTL (and the same under the model), ${secs} s wall on 2 parallel jobs"
} | tee "$res/summary.txt"
grep -q MISMATCH "$runs"/*.join && fail=1
mv "$res/perop.csv.tmp" "$res/perop.csv"; mv "$res/traces.csv.tmp" "$res/traces.csv"
awk -f rtl/ranking.awk "$res/traces.csv" > "$res/ranking.csv"
awk -f rtl/errors.awk "$res/perop.csv" "$res/traces.csv" | tee -a "$res/summary.txt"
awk -F, -f rtl/tables.awk "$res/traces.csv" "$res/ranking.csv" "$res/perop.csv" > "$res/tables.md"
exit $fail
