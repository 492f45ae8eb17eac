#!/usr/bin/env python3
"""report.py - the fuzz campaign's record -> REPORT.md's fuzzing block.

    python3 tests/fuzz/report.py RESULTS_DIR REPORT.md

Reads RESULTS_DIR/summary.csv, crashes.txt and run.txt (written by
tests/fuzz/campaign.sh) and rewrites what lies between
<!-- BEGIN fuzz --> and <!-- END fuzz --> in REPORT.md, so the figures there
are always the last recorded run's, never typed by hand.  Exit status 1 if a
file is missing or the report has no such block.  Standard library only.
"""
import csv
import os
import re
import sys

# What each target checks, for the table (a target not listed gets its name).
WHAT = {
    "mapfile": "map-file parser and normaliser: every input loads into a map that keeps the "
               "normalisation rules, or is refused on a line of the input",
    "svd": "SVD import (libxml2) and the main-RAM rule, same checks",
    "trace": "trace parser and executor: a line written back parses the same, runs on flat "
             "with an answer of the contract's shape; the stream replay stops alike",
    "ops": "every design against the reference model, operation by operation, then the "
           "whole state",
    "xousargs": "Xous argument-block parser and writer: refused at an offset inside the "
                "input, or parsed into a normalised map that writes back and reads back alike",
}
GOAL = 10 ** 7


def group(n):
    return "{:,}".format(n)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: report.py RESULTS_DIR REPORT.md")
    results, report = sys.argv[1], sys.argv[2]
    try:
        with open(os.path.join(results, "summary.csv")) as f:
            rows = list(csv.DictReader(f))
        with open(os.path.join(results, "crashes.txt")) as f:
            crashes = [l.rstrip("\n") for l in f if l.strip()]
        with open(os.path.join(results, "run.txt")) as f:
            run = dict(l.rstrip("\n").split(": ", 1) for l in f if ": " in l)
        with open(report) as f:
            text = f.read()
    except OSError as e:
        sys.exit("report.py: %s" % e)

    targets = [r for r in rows if r["target"] != "total"]
    total = next((r for r in rows if r["target"] == "total"), None)
    if not targets or total is None:
        sys.exit("report.py: %s/summary.csv has no targets or no total row" % results)

    out = ["| target | what it checks | seconds | executions | per second | crashes |",
           "|---|---|---|---|---|---|"]
    for r in targets:
        out.append("| `%s` | %s | %s | %s | %s | %s |" % (
            r["target"], WHAT.get(r["target"], r["target"]), r["seconds"],
            group(int(r["executions"])), group(int(r["exec_per_s"])), r["crashes"]))
    execs, ncrash = int(total["executions"]), int(total["crashes"])
    out.append("")
    verdict = "0 crashes" if ncrash == 0 else "%d crash%s" % (ncrash, "" if ncrash == 1 else "es")
    out.append("%s executions in all (%s the goal of %s), %s, in %s s of wall time "
               "(%s); run of %s on commit %s, clang %s." % (
                   group(execs), "above" if execs >= GOAL else "BELOW", group(GOAL), verdict,
                   total["seconds"], "lanes: " + run.get("lanes", "?").split(";")[0],
                   run.get("date", "?"), run.get("commit", "?"),
                   re.sub(r"^.*version ([0-9.]+).*$", r"\1", run.get("clang", "?"))))
    if ncrash:
        out.append("")
        out.append("Crashing inputs (kept in `%s/crashes/`):" % results)
        out.append("")
        out.extend("- `%s`" % c for c in crashes)
    out.append("")
    out.append("Raw: `%s/summary.csv`, `crashes.txt`, `run.txt` (`make fuzz`, then "
               "`make fuzz-report`)." % results)
    block = "\n".join(out) + "\n"

    pattern = re.compile(r"(<!-- BEGIN fuzz -->\n).*?(<!-- END fuzz -->)", re.S)
    if not pattern.search(text):
        sys.exit("report.py: %s has no <!-- BEGIN fuzz --> ... <!-- END fuzz --> block" % report)
    new = pattern.sub(lambda m: m.group(1) + block + m.group(2), text)
    if new != text:
        with open(report, "w") as f:
            f.write(new)
    print("report.py: %s executions, %s -> %s" % (group(execs), verdict, report))


if __name__ == "__main__":
    main()
