#!/bin/bash
# run.sh - runs the test steps `make test` lists, one make target each, and
# ends with one line that says how they went: "N passed, M failed".
set -u
passed=0 failed=0 failures=""
for step in "$@"; do
    echo "=== $step"
    if make --no-print-directory "$step"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failures="$failures $step"
    fi
done
[ -z "$failures" ] || echo "failed steps:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
