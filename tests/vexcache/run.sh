#!/bin/bash
# run.sh - proof of the vexcache plugin (vexcache/): runs
#   1. the host unit test of the model (BUILD/unit),
#   2. the RV32 micro-programs (BUILD/micro_BOARD.elf, tests/vexcache/micro.c)
#      under QEMU with the plugin, for each board, checking every
#      "expect K FIELD OP VALUE" line the guest prints against the plugin's
#      "vexcache: ... window=K" line,
#   3. that a second run prints the same plugin lines (determinism),
#   4. that the plugin refuses to load with a bad board or argument.
# Usage: run.sh PLUGIN.so BUILD_DIR.  Ends with "vexcache: N passed, M failed";
# exit status 1 on any failure.  Knobs: RV32_QEMU, VEXCACHE_TIMEOUT (seconds).
set -u
plugin=$1 dir=$2
qemu=${RV32_QEMU:-qemu-system-riscv32}
tmo=${VEXCACHE_TIMEOUT:-120}
passed=0 failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# QEMU 7.2 sends both the guest's semihosting output and the plugin's lines
# (its log) to stderr; the guest's lines and the plugin's are told apart by
# their first word, and paired by window number, not by position.
run_qemu() {   # board elf stdout stderr [plugin args, "" for none]
    local spec="$plugin,board=$1"
    if [ $# -ge 5 ]; then spec=$plugin${5:+,$5}; fi
    timeout "$tmo" "$qemu" -machine virt -m 128M -nographic -bios none \
        -semihosting-config enable=on,target=native -icount shift=0 -d plugin \
        -plugin "$spec" -kernel "$2" > "$3" 2> "$4" < /dev/null
}

# 1. The model alone.
if "$dir/unit" > "$dir/unit.log" 2>&1; then
    n=$(grep -c '^ok ' "$dir/unit.log"); passed=$((passed + n))
    echo "unit: $n checks passed"
else
    grep -c '^ok ' "$dir/unit.log" >/dev/null && passed=$((passed + $(grep -c '^ok ' "$dir/unit.log")))
    n=$(grep -c '^FAIL' "$dir/unit.log"); failed=$((failed + (n > 0 ? n : 1)))
    grep '^FAIL' "$dir/unit.log"
fi

# 2. The micro-programs, both boards.
for board in precursor bao1x; do
    elf=$dir/micro_$board.elf out=$dir/micro_$board.out err=$dir/micro_$board.err
    run_qemu "$board" "$elf" "$out" "$err"; rc=$?
    cat "$err" >> "$out"
    if [ $rc -ne 0 ]; then
        fail "$board: QEMU exit status $rc$([ $rc -eq 124 ] && echo ' (timed out)')"
        head -n 5 "$err"
        continue
    fi
    tr -d '\r' < "$out" > "$out.tmp" && mv "$out.tmp" "$out"
    # window K -> its plugin line; then each expectation.
    result=$(awk -v board="$board" '
        FNR == NR {
            if ($1 == "vexcache:" && $2 ~ /^insns=/) {
                k = ""
                for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2]; if (kv[1] == "window") k = kv[2] }
                for (key in f) val[k, key] = f[key]
                seen[k] = 1; delete f
            }
            next
        }
        $1 == "window" { name[$2] = $3 }
        $1 == "expect" {
            k = $2; field = $3; op = $4; want = $5
            if (!(k in seen)) { printf "FAIL %s window %s (%s): no plugin line\n", board, k, name[k]; bad++; next }
            if (!((k, field) in val)) { printf "FAIL %s window %s (%s): no field %s\n", board, k, name[k], field; bad++; next }
            got = val[k, field] + 0
            ok = (op == "eq" && got == want) || (op == "le" && got <= want) || (op == "ge" && got >= want)
            if (ok) good++
            else { printf "FAIL %s window %s (%s): %s = %s, want %s %s\n", board, k, name[k], field, got, op, want; bad++ }
        }
        END { printf "RESULT %d %d\n", good, bad }' "$out" "$out")
    echo "$result" | grep '^FAIL'
    read -r _ good bad <<< "$(echo "$result" | grep '^RESULT')"
    passed=$((passed + good)); failed=$((failed + bad))
    echo "$board: $good expectations met, $bad not"
    if ! tail -n 1 "$out" | grep -q '^done'; then fail "$board: the guest did not finish"; else pass; fi
done

# 3. Determinism: the same plugin lines again.
run_qemu precursor "$dir/micro_precursor.elf" "$dir/again.out" "$dir/again.err"
if cmp -s <(grep '^vexcache:' "$dir/again.err") <(grep '^vexcache:' "$dir/micro_precursor.err"); then
    pass
else
    fail "a second run printed different plugin lines"
fi

# 4. Bad arguments: QEMU must refuse to start, saying why.
for args in board=pdp11 frobnicate=1 ""; do
    run_qemu precursor "$dir/micro_precursor.elf" "$dir/bad.out" "$dir/bad.err" "$args"; rc=$?
    [ -z "$args" ] && args="(no board)"
    if [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q '^vexcache: .*usage' "$dir/bad.err"; then
        pass
    else
        fail "plugin argument '$args' was not refused (exit $rc)"
    fi
done

echo "vexcache: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
