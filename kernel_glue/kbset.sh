#!/bin/bash
# kbset.sh DIR CC "CFLAGS" TRACE... - a set of workloads for the kernel image
# (kernel.mk): each trace made C by kernel_glue/bill.awk and compiled, all
# archived as DIR/traces.a, and DIR/kb_traces.h naming them (KB_TRACES:
# X(id) each; id = the file name with every non-identifier character made _).
set -eu
dir=$1 cc=$2 cflags=$3; shift 3
mkdir -p "$dir"
rm -f "$dir/traces.a" "$dir"/*.o
ids=""
for f in "$@"; do
    n=$(basename "$f" .trace)
    id=$(printf '%s' "$n" | tr -c 'a-zA-Z0-9_' _)
    awk -v id="$id" -v name="$n" -f kernel_glue/bill.awk "$f" > "$dir/$id.c"
    # shellcheck disable=SC2086
    $cc $cflags -c -o "$dir/$id.o" "$dir/$id.c"
    ids="$ids X($id)"
done
ar rcs "$dir/traces.a" "$dir"/*.o
echo "#define KB_TRACES$ids" > "$dir/kb_traces.h"
echo "kbset.sh: $dir:$ids"
