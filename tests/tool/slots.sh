# slots.sh - alloc slots are comments to the tool, sourced by run.sh once per
# tool ($tool set, pass/fail defined there).
#
# The Xous traces name an IPC buffer's page with `# @K` (workloads/trace.h);
# the replay benchmarks honour that, but to the contract `#` starts a
# comment, so `ownlab replay` must answer a trace with annotations exactly
# as the same trace with every comment cut off: the well-formed ones, the
# malformed ones (only a slot-honouring replay refuses those) and ones on
# operations that take no address alike.  Then the same on a real Xous trace
# (the plain tool only: a long trace through ASan adds nothing here).

S=$TMP/slots
mkdir -p "$S"
printf '%s\n' '# slots: well formed, malformed, misplaced' \
    'alloc 2 # @0' 'owner 0x40000000 # @0' 'alloc 2 #@1 free text after the slot' \
    'move 0x40001000 2 3 #  @1' 'release 0x40001000 3 # @1' 'claim 0x40002000 4 # @0' \
    'claim_range 0x40003000 2 4 # @4095' 'count 2 # @0' 'release_all 2 # @3' \
    'owner 0x40000000 # @x' 'owner 0x40000000 # @4096' 'owner 0x40000000 # @' \
    'owner 0x40000000 # @12abc' 'owner 0x40000000 # @99999999999999999999' \
    'alloc 5 # @-1' 'owner 0x40000000 ## @0' 'owner 0x40000000#@0' 'count 0' > "$S/annotated.trace"
sed 's/#.*//' "$S/annotated.trace" > "$S/plain.trace"
for s in $("$tool" strategies); do
    "$tool" replay -s "$s" -m boards/precursor.map "$S/annotated.trace" > "$S/a.out" 2> "$S/a.err"
    ra=$?
    "$tool" replay -s "$s" -m boards/precursor.map "$S/plain.trace" > "$S/p.out" 2> "$S/p.err"
    rp=$?
    if [ $ra = 0 ] && [ $rp = 0 ] && [ ! -s "$S/a.err" ] && cmp -s "$S/a.out" "$S/p.out" &&
        [ "$(wc -l < "$S/a.out")" = 18 ]; then
        pass
    else
        fail "slot annotations are comments to ownlab replay ($s, $tool): rc $ra/$rp, $(head -n 1 "$S/a.err") $(diff "$S/p.out" "$S/a.out" | head -n 3)"
    fi
done
if [ "$tool" = "$OWNLAB" ]; then
    for b in precursor-quiet bao1x-busy; do
        m=${b%%-*}
        sed 's/#.*//' "workloads/traces/$b.trace" > "$S/$b.plain"
        grep -q '# @' "workloads/traces/$b.trace" || fail "workloads/traces/$b.trace has no alloc slot"
        for s in xous xous_fixed; do
            if "$tool" replay -s $s -m "boards/$m.map" "workloads/traces/$b.trace" > "$S/a.out" 2> "$S/a.err" &&
                "$tool" replay -s $s -m "boards/$m.map" "$S/$b.plain" > "$S/p.out" 2>&1 &&
                [ ! -s "$S/a.err" ] && cmp -s "$S/a.out" "$S/p.out"; then
                pass
            else
                fail "the $b trace answers differently with its slot comments cut off ($s)"
            fi
        done
    done
fi
