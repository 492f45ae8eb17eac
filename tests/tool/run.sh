#!/bin/bash
# run.sh - tests of build/ownlab: golden `ownlab map` output, every kind of bad
# input, Xous argument blocks (xous.sh), alloc slots as comments (slots.sh), replay of a long generated trace
# through every design, streaming.
#
# Run from anywhere; paths are taken from the project root.  Environment:
#   OWNLAB        the tool (default build/ownlab)
#   OWNLAB_ASAN   an ASan+UBSan build to run the golden and bad-input cases too
#   TOOLTEST_BIN  where gentrace and refcheck are (default build/tool-tests)
#   TOOLTEST_TMP  scratch directory (default build/tool-tests/tmp)
#   TRACE_LINES   length of the cross-design trace (default 150000)
#   STREAM_LINES  length of the bounded-memory streaming run (default 10000000)
#   XOUS_BLOCKS   where make wrote the boards' Xous blocks (default build/xous)
#   UPDATE_GOLDEN=1 rewrites tests/tool/golden/ from the current output
# Ends with "N passed, M failed"; exits 1 if anything failed.
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
OWNLAB=${OWNLAB:-build/ownlab}
OWNLAB_ASAN=${OWNLAB_ASAN:-}
BIN=${TOOLTEST_BIN:-build/tool-tests}
TMP=${TOOLTEST_TMP:-build/tool-tests/tmp}
TRACE_LINES=${TRACE_LINES:-150000}
STREAM_LINES=${STREAM_LINES:-10000000}
GOLDEN=tests/tool/golden
rm -rf "$TMP"
mkdir -p "$TMP"

passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    echo "FAIL: $*"
}

# check DESC STATUS STDERR_REGEX EXPECTED_STDOUT -- CMD...
# STDERR_REGEX must match the first line of stderr (grep -E), '' = stderr empty.
# EXPECTED_STDOUT is compared exactly ('' = nothing); '*' = not checked.
check() {
    local desc=$1 want_rc=$2 want_err=$3 want_out=$4
    shift 5
    local out err rc
    "$@" > "$TMP/out" 2> "$TMP/err" < "${CHECK_STDIN:-/dev/null}"
    rc=$?
    out=$(cat "$TMP/out")
    err=$(head -n 1 "$TMP/err")
    if [ "$rc" != "$want_rc" ]; then
        fail "$desc: exit status $rc, wanted $want_rc (stderr: $err)"
    elif [ -z "$want_err" ] && [ -s "$TMP/err" ]; then
        fail "$desc: unexpected stderr: $err"
    elif [ -n "$want_err" ] && ! grep -qE -- "$want_err" <<< "$err"; then
        fail "$desc: stderr '$err' does not match '$want_err'"
    elif [ "$want_out" != "*" ] && [ "$out" != "$want_out" ]; then
        fail "$desc: stdout was '$(head -c 300 "$TMP/out")', wanted '$want_out'"
    else
        pass
    fi
}

# ---------------------------------------------------------------- golden
golden() {
    local tool=$1 name=$2
    shift 2
    "$tool" map "$@" > "$TMP/g.out" 2> "$TMP/g.err"
    local rc=$?
    # the strategies' table follows "strategies (": its bytes are the designs'
    # business; the normalisation above it is what the golden files pin down
    sed '/^strategies (/,$d' "$TMP/g.out" > "$TMP/g.head"
    if [ "${UPDATE_GOLDEN:-0}" = 1 ] && [ "$tool" = "$OWNLAB" ]; then
        cp "$TMP/g.head" "$GOLDEN/$name.out"
        cp "$TMP/g.err" "$GOLDEN/$name.err"
    fi
    if [ $rc != 0 ]; then
        fail "golden $name ($tool): exit status $rc"
    elif ! diff -u "$GOLDEN/$name.out" "$TMP/g.head"; then
        fail "golden $name ($tool): stdout differs"
    elif ! diff -u "$GOLDEN/$name.err" "$TMP/g.err"; then
        fail "golden $name ($tool): stderr differs"
    else
        pass
    fi
    # one table row per design, each with three numbers
    local rows
    rows=$(sed -n '/^strategies (/,$p' "$TMP/g.out" | awk 'NR > 3 && NF == 4 && $2 ~ /^[0-9]+$/' | wc -l)
    if [ "$rows" != "$("$tool" strategies | wc -l)" ]; then
        fail "golden $name ($tool): $rows table rows for $("$tool" strategies | wc -l) strategies"
    else
        pass
    fi
}

tools=("$OWNLAB")
[ -n "$OWNLAB_ASAN" ] && tools+=("$OWNLAB_ASAN")
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1

for tool in "${tools[@]}"; do
    echo "--- golden maps and bad input with $tool"
    for m in precursor renode artyvexii; do
        golden "$tool" "$m" "boards/$m.map"
    done
    golden "$tool" fixture --svd tests/tool/fixture.svd

    # ------------------------------------------------------------ usage
    check "no arguments" 2 '^usage: ownlab' '' -- "$tool"
    check "unknown command" 2 '^ownlab: unknown command' '' -- "$tool" frob
    check "strategies with an argument" 2 '^ownlab: ' '' -- "$tool" strategies x
    check "map without file" 2 '^ownlab: ' '' -- "$tool" map
    check "map --svd without file" 2 '^ownlab: ' '' -- "$tool" map --svd
    check "map with two files" 2 '^ownlab: ' '' -- "$tool" map boards/precursor.map boards/renode.map
    check "replay without -s" 2 '^ownlab: .*-s STRATEGY' '' -- "$tool" replay -m boards/precursor.map
    check "replay without map" 2 '^ownlab: .*-m MAPFILE' '' -- "$tool" replay -s flat
    check "replay with -m and --svd" 2 '^ownlab: ' '' -- \
        "$tool" replay -s flat -m boards/precursor.map --svd tests/tool/fixture.svd
    check "replay unknown strategy" 2 "^ownlab: unknown strategy 'nope'" '' -- \
        "$tool" replay -s nope -m boards/precursor.map
    check "replay two traces" 2 '^ownlab: more than one trace' '' -- \
        "$tool" replay -s flat -m boards/precursor.map a b
    check "replay unknown option" 2 '^ownlab: unknown option' '' -- \
        "$tool" replay -s flat -m boards/precursor.map -x
    check "replay -s lacks value" 2 '^ownlab: ' '' -- "$tool" replay -m boards/precursor.map -s
    check "help" 0 '' '*' -- "$tool" --help
    check "strategies" 0 '' "$(printf 'flat\n'; "$tool" strategies | tail -n +2)" -- "$tool" strategies

    # ------------------------------------------------------------ map files
    m=$TMP/bad.map
    badmap() { # DESC CONTENT(printf format) LINE REGEX
        printf "$2" > "$m"
        check "map: $1" 2 "^$m:$3: $4" '' -- "$tool" map "$m"
        printf '%s\n' 'owner 0x40000000' > "$TMP/one.trace"
        check "replay, map: $1" 2 "^$m:$3: $4" '' -- "$tool" replay -s flat -m "$m" "$TMP/one.trace"
    }
    badmap "malformed base" 'ROM 0x80000000 0x10000\nRAM 0x4000zz00 0x1000 ram\n' 2 "malformed number '0x4000zz00' for BASE"
    badmap "malformed size" '# c\nRAM 0x40000000 12k ram\n' 2 "malformed number '12k' for SIZE"
    badmap "empty hex number" 'RAM 0x 0x1000 ram\n' 1 "malformed number '0x'"
    badmap "negative number" 'RAM -4096 0x1000 ram\n' 1 "malformed number '-4096'"
    badmap "number past 64 bits" 'RAM 0x40000000 0x10000000000000000 ram\n' 1 "SIZE '0x10000000000000000' does not fit in 64 bits"
    badmap "missing field" 'ROM 0x80000000 0x10000\nRAM 0x40000000\n' 2 "missing field: expected 'NAME BASE SIZE \\[ram\\]'"
    badmap "ram in place of SIZE" 'RAM 0x40000000 ram\n' 1 "malformed number 'ram' for SIZE"
    badmap "name only" 'RAM\n' 1 "missing field"
    badmap "extra field" 'RAM 0x40000000 0x1000 ram extra\n' 1 "extra field 'extra'"
    badmap "unknown flag" 'RAM 0x40000000 0x1000 rom\n' 1 "unknown flag 'rom'"
    badmap "flag in capitals" 'RAM 0x40000000 0x1000 RAM\n' 1 "unknown flag 'RAM'"
    badmap "region past 2^32" 'RAM 0x40000000 0x1000 ram\nTOP 0xfffff000 0x1001\n' 2 "region TOP runs past 2\\^32"
    badmap "base past 2^32" 'RAM 0x40000000 0x1000 ram\nHI 0x100000000 0x0\n' 2 "region HI runs past 2\\^32"
    badmap "no ram line" 'ROM 0x80000000 0x10000\n\n# end\n' 3 "no region is marked ram"
    badmap "two ram lines" 'A 0x40000000 0x1000 ram\nB 0x0 0x1000\nC 0x50000000 0x1000 ram\n' 3 "a second 'ram' region"
    badmap "empty main RAM" 'ROM 0x80000000 0x10000\nRAM 0x40000000 0 ram\n' 2 "main RAM region RAM has size 0"
    badmap "empty file" '' 1 "empty file"
    badmap "comments only" '# nothing\n\n   \n' 3 "no regions"
    badmap "NUL byte" 'ROM 0x80000000 0x10000\nRAM 0x40000000\0 0x1000 ram\n' 2 "binary file \\(NUL byte\\)"
    badmap "control character" 'RAM 0x40000000\a 0x1000 ram\n' 1 "control character 0x07"
    badmap "over-long line" "RAM 0x40000000 0x1000 ram\nROM 0x80000000 0x1000 $(printf '%*s' 1100 '' | tr ' ' 'x')\n" 2 "line longer than 1024 characters"
    badmap "name too long" "$(printf '%*s' 48 '' | tr ' ' 'N') 0x40000000 0x1000 ram\n" 1 "region name longer than 47"
    badmap "name with a non-ASCII byte" 'R\xe9M 0x40000000 0x1000 ram\n' 1 "region name .* outside printable ASCII"
    badmap "too many regions" "$(for i in $(seq 0 4096); do printf 'R%d 0x%x 0x1000%s\\n' $i $((i * 8192)) "$([ $i = 0 ] && echo ' ram')"; done)" 4097 "too many regions"
    check "map: missing file" 2 "^$TMP/nope.map: cannot open" '' -- "$tool" map "$TMP/nope.map"

    # good edge cases
    printf 'RAM 0x40000000 0x1000 ram\nTOP 0xfffff000 0x1000\nZERO 0x0 0x0 # gone\r\n\tTAB\t0x10\t5\t# sub-page, tabs\n' > "$TMP/edge.map"
    check "map: region ending at 2^32, CRLF, tabs, size 0" 0 "^$TMP/edge.map:3: warning: region ZERO has size 0: dropped" '*' -- "$tool" map "$TMP/edge.map"
    if grep -qE '^  TOP +0xfffff000  0x100000000 +1$' "$TMP/out" && grep -qE '^  TAB +0x00000000  0x00001000 +1$' "$TMP/out"; then pass; else fail "map edge: table rows"; fi
    printf 'owner 0xfffff000\nclaim 0xfffff000 3\nowner 0xffffffff\nclaim_range 0xfffff000 2 3\nclaim_range 0xfffff000 1 3\nowner 0x40\n' > "$TMP/edge.trace"
    check "replay at the top of the space" 0 "warning" "$(printf 'ok 0\nok\nok 3\nerr BadAddress\nok\nok 0')" -- \
        "$tool" replay -s flat -m "$TMP/edge.map" "$TMP/edge.trace"

    # ------------------------------------------------------------ traces
    t=$TMP/bad.trace
    P=boards/precursor.map
    badtrace() { # DESC CONTENT LINE REGEX EXPECTED_STDOUT
        printf "$2" > "$t"
        check "trace: $1" 2 "^$t:$3: $4" "$5" -- "$tool" replay -s flat -m $P "$t"
        CHECK_STDIN=$t check "trace on stdin: $1" 2 "^-:$3: $4" "$5" -- "$tool" replay -s flat -m $P -
    }
    badtrace "malformed number" 'claim 0x40000000 3\nclaim 0x4000000g 3\ncount 3\n' 2 "malformed number '0x4000000g'" 'ok'
    badtrace "number past 32 bits" 'count 0\nclaim 0x100000000 3\n' 2 "number '0x100000000' does not fit in 32 bits" 'ok 37000'
    badtrace "PID past 32 bits" 'alloc 4294967296\n' 1 "number '4294967296' does not fit in 32 bits" ''
    badtrace "unknown operation" 'claim 0x40000000 3\n# c\n\nfrobnicate 1\nowner 0x40000000\n' 4 "unknown operation 'frobnicate'" 'ok'
    badtrace "operation in capitals" 'CLAIM 0x40000000 3\n' 1 "unknown operation 'CLAIM'" ''
    badtrace "missing field" 'claim 0x40000000 3\nowner 0x40000000\nmove 0x40000000 3\n' 3 "missing field: expected 'move ADDR FROM TO'" "$(printf 'ok\nok 3')"
    badtrace "extra field" 'count 1 2\n' 1 "extra field '2': expected 'count PID'" ''
    badtrace "negative PID" 'claim 0x40000000 -1\n' 1 "malformed number '-1'" ''
    badtrace "over-long line" "count 0\nowner 0x40000000 #$(printf '%*s' 1100 '' | tr ' ' 'x')\n" 2 "line longer than 1024 characters" 'ok 37000'
    badtrace "NUL byte" 'count 0\ncount\0 0\n' 2 "binary file \\(NUL byte\\)" 'ok 37000'
    badtrace "control character" 'count 0\x1b\n' 1 "control character 0x1b" ''
    badtrace "empty file" '' 1 "empty file" ''
    check "trace: missing file" 2 "^$TMP/nope.trace: cannot open" '' -- "$tool" replay -s flat -m $P "$TMP/nope.trace"

    # good trace: every operation, bad PIDs, comments, hex and decimal, no final newline
    printf '%s\n' '# every operation once or more' \
        'count 0' 'owner 0x40000000' 'claim 0x40000000 3' 'claim 1073741824 3' 'owner 0x40000fff' \
        'claim 0x40000000 4' 'release 0x40000000 4' 'move 0x40000000 3 4' 'owner 0x40000000' \
        'claim_range 0x40001000 16 5' 'count 5' 'claim_range 0x40000000 2 5' 'claim_range 0x40ffe000 3 5' \
        'claim_range 0x40001000 0 7' 'release_all 5' 'count 5' 'alloc 6' 'count 6' \
        'claim 0x40000000 0' 'claim 0x40000000 256' 'claim 0x40000000 4294967295' 'count 256' 'count 0x0' \
        'claim 0x40000001 3' 'claim 0x30000000 3' 'owner 0x30000000' 'move 0x40000000 4 0' \
        'release 0x40000000 3' 'release 0x41000000 3' 'alloc 0' 'release_all 0' '  owner   0xf0000000   # x' > "$t"
    printf 'count 4' >> "$t"
    expect=$(printf '%s\n' 'ok 37000' 'ok 0' 'ok' 'ok' 'ok 3' 'err MemoryInUse' 'err MemoryInUse' 'ok' 'ok 4' \
        'ok' 'ok 16' 'err MemoryInUse' 'err BadAddress' 'ok' 'ok 16' 'ok 0' 'ALLOC' 'ok 1' \
        'err BadPid' 'err BadPid' 'err BadPid' 'err BadPid' 'ok 36998' \
        'err BadAlignment' 'err BadAddress' 'err BadAddress' 'err BadPid' \
        'err MemoryInUse' 'err BadAddress' 'err BadPid' 'err BadPid' 'ok 0' 'ok 1')
    for s in $("$tool" strategies); do
        "$tool" replay -s "$s" -m $P "$t" > "$TMP/out" 2> "$TMP/err"
        rc=$?
        got=$(sed 's/^ok 0x4[0-9a-f]\{7\}$/ALLOC/' "$TMP/out")
        if [ $rc = 0 ] && [ "$got" = "$expect" ] && [ ! -s "$TMP/err" ]; then pass; else
            fail "replay every operation on $s: rc $rc: $(diff <(echo "$expect") <(echo "$got") | head -5)"
        fi
    done
    check "replay from an SVD map" 0 '^tests/tool/fixture.svd:39: warning' "$(printf 'ok 4189\nok\nok 3')" -- \
        "$tool" replay -s flat --svd tests/tool/fixture.svd <(printf 'count 0\nclaim 0x10040000 3\nowner 0x10040000\n')
    # the alloc pool is main RAM as declared: a device touching RAM is merged
    # with it and listed, but alloc never hands it out (the contract's example)
    printf 'RAM 0x40000000 0x2000 ram\nDEV 0x40002000 0x1000\n' > "$TMP/pool.map"
    printf 'alloc 2\nalloc 2\nalloc 2\nclaim 0x40002000 3\nowner 0x40002000\n' > "$TMP/pool.trace"
    for s in $("$tool" strategies); do
        check "alloc pool, device touching RAM: $s" 0 '' \
            "$(printf 'ok 0x40000000\nok 0x40001000\nerr OutOfMemory\nok\nok 3')" -- \
            "$tool" replay -s "$s" -m "$TMP/pool.map" "$TMP/pool.trace"
    done

    # ------------------------------------------------------------ SVD files
    s=$TMP/bad.svd
    badsvd() { # DESC CONTENT LINE REGEX
        printf "$2" > "$s"
        check "svd: $1" 2 "^$s:$3: $4" '' -- "$tool" map --svd "$s"
        check "replay, svd: $1" 2 "^$s:$3: $4" '' -- "$tool" replay -s flat --svd "$s" "$TMP/one.trace"
    }
    R='<memoryRegion><name>%s</name><baseAddress>%s</baseAddress><size>%s</size></memoryRegion>\n'
    svd() { # REGIONS... as name base size triples
        printf '<?xml version="1.0"?>\n<device>\n<vendorExtensions>\n<memoryRegions>\n'
        while [ $# -ge 3 ]; do printf "$R" "$1" "$2" "$3"; shift 3; done
        printf '</memoryRegions>\n</vendorExtensions>\n</device>\n'
    }
    badsvd "not XML" 'RAM 0x40000000 0x1000 ram\n' 1 "not well-formed XML"
    badsvd "unclosed element" '<?xml version="1.0"?>\n<device>\n<vendorExtensions>\n</device>\n' 5 "not well-formed XML: Premature end of data"
    badsvd "empty file" '' 1 "empty file"
    badsvd "NUL byte" '<?xml version="1.0"?>\n<device>\0</device>\n' 2 "binary file \\(NUL byte\\)"
    badsvd "not a device" '<?xml version="1.0"?>\n<foo/>\n' 2 "not an SVD file"
    badsvd "no memoryRegions" '<?xml version="1.0"?>\n<device>\n<vendorExtensions/>\n</device>\n' 2 "no <memoryRegions>"
    badsvd "empty memoryRegions" '<?xml version="1.0"?>\n<device>\n<vendorExtensions>\n<memoryRegions>\n</memoryRegions>\n</vendorExtensions>\n</device>\n' 4 "no memoryRegion"
    badsvd "no main RAM" "$(svd ROM 0x80000000 0x10000 RERAM 0x60000000 0x100000)" 4 "no main RAM"
    badsvd "main RAM of size 0 only" "$(svd ROM 0x80000000 0x10000 SRAM 0x40000000 0)" 4 "no main RAM"
    badsvd "bad number" "$(svd ROM 0x80000000 0x10000 SRAM 0x4000zz00 0x1000)" 6 "malformed number '0x4000zz00' in <baseAddress>"
    badsvd "number past 64 bits" "$(svd SRAM 0x40000000 0x10000000000000000)" 5 "<size> '0x10000000000000000' does not fit in 64 bits"
    badsvd "region past 2^32" "$(svd SRAM 0x40000000 0x1000 TOP 0xfffff000 0x2000)" 6 "region TOP runs past 2\\^32"
    badsvd "missing size" '<?xml version="1.0"?>\n<device>\n<vendorExtensions>\n<memoryRegions>\n<memoryRegion>\n<name>SRAM</name>\n<baseAddress>0</baseAddress>\n</memoryRegion>\n</memoryRegions>\n</vendorExtensions>\n</device>\n' 5 "memoryRegion without <size>"
    badsvd "unexpected element" '<?xml version="1.0"?>\n<device>\n<vendorExtensions>\n<memoryRegions>\n<region/>\n</memoryRegions>\n</vendorExtensions>\n</device>\n' 5 "unexpected <region> in <memoryRegions>"
    badsvd "element inside name" "$(svd '<b>SRAM</b>' 0 0x1000)" 5 "unexpected content inside <name>"
    check "svd: missing file" 2 "^$TMP/nope.svd: cannot open" '' -- "$tool" map --svd "$TMP/nope.svd"
    # good SVD edge cases: binary and octal numbers as svd2utra reads them, ties
    svd sram_b 0b1000000000000000000000000000000 0x2000 SRAM_A 012000000000 0x2000 ddr_ram 0x80000000 0x1000 > "$s"
    check "svd: binary/octal numbers, main RAM tie to the first name" 0 '' '*' -- "$tool" map --svd "$s"
    if grep -q '^main RAM: SRAM_A, 0x50000000..0x50002000, 2 pages$' "$TMP/out"; then pass; else fail "svd tie: $(grep 'main RAM:' "$TMP/out")"; fi
    svd SRAM 0x40000000 0x1000 my_ddr_ram 0x80000000 0x2000 > "$s"
    check "svd: ddr_ram larger than sram" 0 '' '*' -- "$tool" map --svd "$s"
    if grep -q '^main RAM: my_ddr_ram, ' "$TMP/out"; then pass; else fail "svd ddr_ram: $(grep 'main RAM:' "$TMP/out")"; fi

    # ------------------------------------------------------------ Xous argument blocks
    . tests/tool/xous.sh
    # ------------------------------------------------------------ alloc slots are comments
    . tests/tool/slots.sh
done

# ---------------------------------------------------------------- replay across designs
echo "--- cross-design replay ($TRACE_LINES lines)"
T=$TMP/long.trace
"$BIN/gentrace" boards/precursor.map "$TRACE_LINES" 42 > "$T"
lines=$(wc -l < "$T")
ops=$(grep -cvE '^[[:space:]]*(#|$)' "$T")
[ "$lines" -ge 100000 ] && pass || fail "generated trace has only $lines lines"
for op in owner claim release move claim_range release_all count alloc; do
    grep -q "^$op[[:space:]]" "$T" && pass || fail "generated trace has no $op"
done
first=""
for s in $("$OWNLAB" strategies); do
    if ! "$OWNLAB" replay -s "$s" -m boards/precursor.map "$T" > "$TMP/ans.$s" 2> "$TMP/err.$s"; then
        fail "replay $s: $(head -n 1 "$TMP/err.$s")"
        continue
    fi
    n=$(wc -l < "$TMP/ans.$s")
    [ "$n" = "$ops" ] && pass || fail "replay $s: $n answers for $ops operations"
    # every answer, alloc's included, checked against the reference model
    if "$BIN/refcheck" boards/precursor.map "$T" "$TMP/ans.$s" > "$TMP/ref.$s" 2>&1; then pass; else
        fail "replay $s disagrees with the reference model:"
        head -n 12 "$TMP/ref.$s"
    fi
    sed 's/^ok 0x[0-9a-f]\{8\}$/ok ALLOC/' "$TMP/ans.$s" > "$TMP/masked.$s"
    if [ -z "$first" ]; then
        first=$s
        grep -q '^ok ALLOC$' "$TMP/masked.$s" && pass || fail "no alloc succeeded"
        grep -q '^err OutOfMemory$' "$TMP/masked.$s" && pass || fail "no alloc ran out of memory"
        for e in BadPid BadAlignment BadAddress MemoryInUse; do
            grep -q "^err $e\$" "$TMP/masked.$s" && pass || fail "no answer err $e"
        done
    elif cmp -s "$TMP/masked.$first" "$TMP/masked.$s"; then
        pass
    else
        fail "$s and $first answer differently (alloc lines aside):"
        diff "$TMP/masked.$first" "$TMP/masked.$s" | head -n 6
    fi
done
if [ -n "$OWNLAB_ASAN" ]; then
    head -n 30000 "$T" > "$TMP/short.trace"
    for s in $("$OWNLAB_ASAN" strategies); do
        if "$OWNLAB_ASAN" replay -s "$s" -m boards/precursor.map "$TMP/short.trace" > "$TMP/asan.$s" 2> "$TMP/asanerr.$s" &&
            [ ! -s "$TMP/asanerr.$s" ] && cmp -s "$TMP/asan.$s" <(head -n "$(wc -l < "$TMP/asan.$s")" "$TMP/ans.$s") &&
            [ "$(wc -l < "$TMP/asan.$s")" = "$(grep -cvE '^[[:space:]]*(#|$)' "$TMP/short.trace")" ]; then
            pass
        else
            fail "ASan replay of $s: $(head -n 3 "$TMP/asanerr.$s")"
        fi
    done
fi

# ---------------------------------------------------------------- streaming
echo "--- streaming"
"$OWNLAB" replay -s flat -m boards/precursor.map - < "$T" > "$TMP/stdin.out" 2>&1 &&
    cmp -s "$TMP/stdin.out" "$TMP/ans.flat" && pass || fail "replay from stdin '-' differs from the file"
"$OWNLAB" replay -s flat -m boards/precursor.map < "$T" > "$TMP/stdin2.out" 2>&1 &&
    cmp -s "$TMP/stdin2.out" "$TMP/ans.flat" && pass || fail "replay with no trace argument differs from the file"
cat "$T" | "$OWNLAB" replay -s flat -m boards/precursor.map - > "$TMP/pipe.out" 2>&1 &&
    cmp -s "$TMP/pipe.out" "$TMP/ans.flat" && pass || fail "replay from a pipe differs from the file"
# answers come back before the input ends: one line in, one answer out
coproc REPLAY { "$OWNLAB" replay -s flat -m boards/precursor.map -; }
a1="" a2=""
echo "count 0" >&"${REPLAY[1]}"
read -r -t 10 -u "${REPLAY[0]}" a1
echo "claim 0x40000000 3" >&"${REPLAY[1]}"
read -r -t 10 -u "${REPLAY[0]}" a2
exec {REPLAY[1]}>&-
wait "$REPLAY_PID"
[ "$a1 / $a2" = "ok 37000 / ok" ] && pass || fail "interactive replay through a pipe: got '$a1 / $a2'"
# bounded memory: a long trace through a pipe with 64 MiB of address space
echo "--- $STREAM_LINES lines through a pipe, ulimit -v 65536"
n=$("$BIN/gentrace" boards/precursor.map "$STREAM_LINES" 7 |
    (ulimit -v 65536 && "$OWNLAB" replay -s flat -m boards/precursor.map -) | wc -l)
want=$("$BIN/gentrace" boards/precursor.map "$STREAM_LINES" 7 | grep -cvE '^[[:space:]]*(#|$)')
[ "$n" = "$want" ] && pass || fail "long streaming replay: $n answers for $want operations"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
