# xous.sh - tests of Xous argument blocks, sourced by run.sh once per tool
# ($tool set, pass/fail/check defined there).  Three independent sides meet:
# the tool's parser and writer (C), blocks made by tests/tool/xous_blocks.py
# (Python, its own CRC from binascii), and the map files.
#
#   XOUS_BLOCKS   where make put the boards' blocks (default build/xous)

XB=${XOUS_BLOCKS:-build/xous}
X=$TMP/xous
rm -rf "$X"
mkdir -p "$X"

# exact DESC STATUS STDERR STDOUT -- CMD...: stderr and stdout compared whole
# ('*' = stdout not checked).
exact() {
    local desc=$1 want_rc=$2 want_err=$3 want_out=$4
    shift 5
    "$@" > "$TMP/out" 2> "$TMP/err" < /dev/null
    local rc=$?
    if [ "$rc" != "$want_rc" ]; then
        fail "$desc: exit status $rc, wanted $want_rc (stderr: $(head -n 2 "$TMP/err"))"
    elif [ "$(cat "$TMP/err")" != "$want_err" ]; then
        fail "$desc: stderr '$(head -c 300 "$TMP/err")', wanted '$want_err'"
    elif [ "$want_out" != "*" ] && [ "$(cat "$TMP/out")" != "$want_out" ]; then
        fail "$desc: stdout '$(head -c 300 "$TMP/out")', wanted '$want_out'"
    else
        pass
    fi
}

# The region table, main RAM and page lines of `ownlab map`, names left out
# (a block keeps 4-character names): base, end, pages, the main-RAM mark.
regions_of() {
    sed -n '/^  name /,/^pages:/p' "$1" | sed 's/^main RAM: [^,]*,/main RAM:/' |
        awk '/^  / && NF >= 4 { print $2, $3, $4, $5, $6; next } { print }'
}

echo "--- Xous argument blocks with $tool"
# ------------------------------------------------------------ the CRC itself
[ "$(python3 tests/tool/xous_blocks.py check)" = 0x906e ] && pass ||
    fail "xous_blocks.py: CRC-16/X-25 of '123456789' is not 0x906e"
python3 tests/tool/xous_blocks.py golden "$X" || fail "xous_blocks.py golden failed"

# ------------------------------------------------------------ a hand-made block
# Main RAM of 2 pages with a device touching it, a ROM, Bflg and an unknown tag
# skipped, an IniE and an IniF (no stack sections: Xous's loader gives each
# its 8 pages), XKrn, PNam, and image bytes after the block.
exact "xous: hand-made block" 0 '' '*' -- "$tool" map --xous "$X/good.bin"
sed '/^strategies (/,$d; 1s|^map .* (|map FILE (|' "$TMP/out" > "$X/good.head"
if [ "${UPDATE_GOLDEN:-0}" = 1 ] && [ "$tool" = "$OWNLAB" ]; then cp "$X/good.head" "$GOLDEN/xous-hand.out"; fi
diff -u "$GOLDEN/xous-hand.out" "$X/good.head" > "$X/diff" && pass || { fail "xous: hand-made block's map"; head -n 20 "$X/diff"; }
rows=$(sed -n '/^strategies (/,$p' "$TMP/out" | awk 'NR > 3 && NF == 4 && $2 ~ /^[0-9]+$/' | wc -l)
[ "$rows" = "$("$tool" strategies | wc -l)" ] && pass || fail "xous: hand-made block: $rows strategy rows"
# the contract's pool example, read from the block, through every design
printf 'alloc 2\nalloc 2\nalloc 2\nclaim 0x40002000 3\nowner 0x40002000\nclaim 0x80010000 3\ncount 0\n' > "$X/pool.trace"
for s in $("$tool" strategies); do
    exact "xous: replay the pool example on $s" 0 '' \
        "$(printf 'ok 0x40000000\nok 0x40001000\nerr OutOfMemory\nok\nok 3\nerr BadAddress\nok 16')" -- \
        "$tool" replay -s "$s" --xous "$X/good.bin" "$X/pool.trace"
done
exact "xous: a region of size 0 is dropped with a warning" 0 \
    "$X/zero-region.bin: offset 0x24: warning: region Boot has size 0: dropped" '*' -- \
    "$tool" map --xous "$X/zero-region.bin"

# ------------------------------------------------------------ broken blocks
while IFS='|' read -r f off why; do
    exact "xous: $f" 2 "$X/$f: offset $off: $why" '' -- "$tool" map --xous "$X/$f"
    exact "xous, replay: $f" 2 "$X/$f: offset $off: $why" '' -- \
        "$tool" replay -s flat --xous "$X/$f" "$X/pool.trace"
done < "$X/refused.txt"
[ "$(wc -l < "$X/refused.txt")" -ge 20 ] && pass || fail "xous: too few broken blocks"
exact "xous: missing file" 2 "$X/nope.bin: cannot open: No such file or directory" '' -- \
    "$tool" map --xous "$X/nope.bin"
check "xous: map --xous without a file" 2 '^ownlab: ' '' -- "$tool" map --xous
check "xous: replay with -m and --xous" 2 '^ownlab: .*--xous FILE' '' -- \
    "$tool" replay -s flat -m boards/precursor.map --xous "$X/good.bin"
check "xous: replay --xous twice" 2 '^ownlab: an option is given twice' '' -- \
    "$tool" replay -s flat --xous "$X/good.bin" --xous "$X/good.bin"

# ------------------------------------------------------------ the writer
for m in boards/*.map; do
    b=$(basename "$m" .map)
    # byte for byte as the Python rendering of xous-create-image writes it
    python3 tests/tool/xous_blocks.py frommap "$m" "$X/$b.py.bin"
    exact "xous-block $b" 0 '' '' -- "$tool" xous-block -m "$m" -o "$X/$b.bin"
    cmp -s "$X/$b.py.bin" "$X/$b.bin" && pass || fail "xous-block $b differs from xous_blocks.py frommap"
    # the board's block from make: XArg's word 0 counts the whole file
    if [ -f "$XB/$b.bin" ]; then
        words=$(od -An -t u4 -j 8 -N 4 "$XB/$b.bin" | tr -d ' ')
        [ $((words * 4)) = "$(wc -c < "$XB/$b.bin")" ] && pass || fail "$XB/$b.bin: XArg says $words words"
        # round trip: the block's whitelist is the map file's, page for page
        "$tool" map "$m" > "$X/$b.map.out" 2>&1
        "$tool" map --xous "$XB/$b.bin" > "$X/$b.xous.out" 2>&1
        regions_of "$X/$b.map.out" > "$X/$b.map.rows"
        regions_of "$X/$b.xous.out" > "$X/$b.xous.rows"
        if [ "$(wc -l < "$X/$b.map.rows")" -ge 5 ] && diff "$X/$b.map.rows" "$X/$b.xous.rows" > "$X/diff"; then
            pass
        else
            fail "round trip $b: map --xous differs from map"
            head -n 8 "$X/diff"
        fi
    else
        fail "no $XB/$b.bin (make builds one per board)"
    fi
    # and its boot images, as the boot description states them; the STACK
    # column is the boot model's, not the block's: read back, every process
    # has the loader's 8 pages (32768 bytes)
    if [ -f "workloads/boot/$b.boot" ] && [ -f "$XB/$b.bin" ]; then
        awk '{ sub(/#.*/, "") } NF == 4 && $1 == "kernel" { print 1, "XKrn", "kernel", $2, $3, $4, "-" }
             NF == 6 { print ++n + 1, ($1 == "inie" ? "IniE" : "IniF"), $2, $3, $4, $5, 32768 }' \
            "workloads/boot/$b.boot" > "$X/$b.want"
        sed -n '/^images:/,/^$/p' "$X/$b.xous.out" | awk 'NR > 2 && NF == 9 { print $1, $2, $3, $4, $5, $6, $7 }' \
            > "$X/$b.got"
        if [ -s "$X/$b.want" ] && diff "$X/$b.want" "$X/$b.got" > "$X/diff"; then pass; else
            fail "boot round trip $b: the block's images differ from workloads/boot/$b.boot"
            head -n 8 "$X/diff"
        fi
    fi
done
# an SVD's whitelist through a block
exact "xous-block --svd" 0 "$(printf '%s\n' \
    'tests/tool/fixture.svd:39: warning: region MAIN_DDR_RAM_SHADOW has size 0: dropped' \
    'tests/tool/fixture.svd:65: warning: region EMPTY has size 0: dropped')" '' -- \
    "$tool" xous-block --svd tests/tool/fixture.svd -o "$X/fixture.bin"
"$tool" map --svd tests/tool/fixture.svd > "$X/fixture.svd.out" 2> /dev/null
"$tool" map --xous "$X/fixture.bin" > "$X/fixture.xous.out" 2>&1
regions_of "$X/fixture.svd.out" > "$X/fixture.svd.rows"
regions_of "$X/fixture.xous.out" > "$X/fixture.xous.rows"
[ "$(wc -l < "$X/fixture.svd.rows")" -ge 5 ] && diff "$X/fixture.svd.rows" "$X/fixture.xous.rows" > "$X/diff" && pass ||
    { fail "round trip fixture.svd: map --xous differs from map --svd"; head -n 8 "$X/diff"; }
# the same answers from the block as from the map file, every design
printf 'count 0\nalloc 5\nclaim_range 0xe0020000 48 6\nclaim 0xe0050000 6\nowner 0x20001000\nrelease_all 6\n' > "$X/board.trace"
for s in $("$tool" strategies); do
    "$tool" replay -s "$s" -m boards/precursor.map "$X/board.trace" > "$X/board.m" 2>&1
    "$tool" replay -s "$s" --xous "$XB/precursor.bin" "$X/board.trace" > "$X/board.x" 2>&1
    [ -s "$X/board.m" ] && cmp -s "$X/board.m" "$X/board.x" && pass ||
        fail "replay $s: --xous precursor.bin answers differ from -m precursor.map"
done

# the writer's refusals: usage, boot descriptions, maps
check "xous-block without -o" 2 "^ownlab: 'xous-block' needs -o OUT" '' -- "$tool" xous-block -m boards/precursor.map
check "xous-block without a map" 2 "^ownlab: 'xous-block' needs one of" '' -- "$tool" xous-block -o "$X/x.bin"
check "xous-block with -m and --svd" 2 "^ownlab: 'xous-block' needs one of" '' -- \
    "$tool" xous-block -m boards/precursor.map --svd tests/tool/fixture.svd -o "$X/x.bin"
check "xous-block unknown option" 2 "^ownlab: unknown option for 'xous-block'" '' -- \
    "$tool" xous-block -m boards/precursor.map -o "$X/x.bin" -q
check "xous-block -o lacks its value" 2 '^ownlab: an option lacks its value' '' -- \
    "$tool" xous-block -m boards/precursor.map -o
printf 'RAM 0x40000000 0x1000\n' > "$X/noram.map"
exact "xous-block of a bad map" 2 "$X/noram.map:1: no region is marked ram (exactly one must be)" '' -- \
    "$tool" xous-block -m "$X/noram.map" -o "$X/x.bin"
printf 'RAM 0x0 0x100000000 ram\n' > "$X/all.map"
exact "xous-block of 4 GiB of RAM" 2 "ownlab: $X/all.map: main RAM RAM spans 4 GiB: a Xous block cannot say so" '' -- \
    "$tool" xous-block -m "$X/all.map" -o "$X/x.bin"
[ ! -e "$X/x.bin" ] && pass || fail "xous-block left an output behind after a refusal"
badboot() { # DESC CONTENT(printf format) LINE REASON
    printf "$2" > "$X/bad.boot"
    exact "boot: $1" 2 "$X/bad.boot:$3: $4" '' -- \
        "$tool" xous-block -m boards/precursor.map --boot "$X/bad.boot" -o "$X/x.bin"
}
badboot "empty file" '' 1 "empty file"
badboot "comments only" '# none\n' 1 "no kernel line"
badboot "unknown kind" 'kernel 1 2 3\nini x 1 2 3 4\n' 2 "unknown image kind 'ini' (kernel, inie or inif)"
badboot "kernel fields" 'kernel 1 2\n' 1 "missing field: expected 'kernel TEXT DATA BSS'"
badboot "init fields" 'kernel 1 2 3\ninie a 1 2 3 4 5\n' 2 "extra field '5': expected 'inie NAME TEXT DATA BSS STACK'"
badboot "kernel last" 'inie a 1 2 3 4\nkernel 1 2 3\n' 1 "the kernel line must come before the inits"
badboot "two kernels" 'kernel 1 2 3\nkernel 1 2 3\n' 2 "a second kernel line"
badboot "inie after inif" 'kernel 1 2 3\ninif a 1 2 3 4\ninie b 1 2 3 4\n' 3 "an inie after an inif (xous-create-image writes every IniE first)"
badboot "bad number" 'kernel 1 2 3\ninie a 1 2k 3 4\n' 2 "malformed number '2k' for DATA (decimal or 0x hex)"
badboot "section of 16 MiB" 'kernel 1 2 3\ninif a 0x1000000 2 3 4\n' 2 "TEXT 16777216 is 16 MiB or more: a section's size has 24 bits"
badboot "number past 32 bits" 'kernel 0x100000000 2 3\n' 1 "TEXT '0x100000000' does not fit in 32 bits"
badboot "name with a control character" 'kernel 1 2 3\ninie a\x01b 1 2 3 4\n' 2 "control character 0x01"
badboot "NUL byte" 'kernel 1 2 3\n\0\n' 2 "binary file (NUL byte)"
badboot "line too long" "kernel 1 2 3\n#$(printf '%01100d' 0)\n" 2 "line longer than 1024 characters"
badboot "name too long" "kernel 1 2 3\ninie $(printf 'n%.0s' $(seq 64)) 1 2 3 4\n" 2 "name longer than 63 characters"
badboot "name past ASCII" 'kernel 1 2 3\ninie caf\xc3\xa9 1 2 3 4\n' 2 "name 'caf$(printf '\xc3\xa9')' has a character outside printable ASCII"
badboot "a long token quoted" "kernel 1 2 3\ninie a 1 $(printf 'z%.0s' $(seq 50)) 3 4\n" 2 "malformed number '$(printf 'z%.0s' $(seq 40))...' for DATA (decimal or 0x hex)"
badboot "blank and comment lines count" '# c\n\n\t \r\nkernel 1 2 3 # k\ninie a 1 2 3\n' 5 "missing field: expected 'inie NAME TEXT DATA BSS STACK'"
badboot "too many inits" "kernel 1 2 3\n$(for i in $(seq 255); do printf 'inif p%d 1 2 3 4\\n' "$i"; done)\n" 256 "more than 254 inits (PIDs end at 255)"
exact "boot: missing file" 2 "$X/nope.boot: cannot open: No such file or directory" '' -- \
    "$tool" xous-block -m boards/precursor.map --boot "$X/nope.boot" -o "$X/x.bin"
# the largest boot a block can carry: 254 inits, PIDs 2..255
{ echo 'kernel 4096 0 0'; for i in $(seq 254); do echo "inif p$i 4096 4096 0 4096"; done; } > "$X/full.boot"
exact "boot: 254 inits" 0 '' '' -- "$tool" xous-block -m boards/bao1x.map --boot "$X/full.boot" -o "$X/full.bin"
"$tool" map --xous "$X/full.bin" > "$TMP/out" 2>&1
grep -qE '^  255  IniF  p254 +4096 +4096 +0 +32768 +36864  0x' "$TMP/out" && pass ||
    fail "boot: 254 inits: PID 255 is not p254 ($(grep -c IniF "$TMP/out") IniF rows)"
