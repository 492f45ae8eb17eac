#!/bin/bash
# run.sh - runs the test steps `make test` lists, one make target each, and
# ends with one line that says how they went: "N passed, M failed".
set -u
if [ $# -eq 0 ]; then # "0 passed, 0 failed" must never read as success
    echo "run.sh: no test step given (TEST_STEPS is empty)"
    echo "0 passed, 1 failed"
    exit 1
fi
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
