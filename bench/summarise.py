#!/usr/bin/env python3
"""summarise.py - Google Benchmark JSON from bench/host_bench -> summary.csv.

    python3 bench/summarise.py bench.json -o summary.csv [--expect "floor flat ..."]

One row per benchmark, medians over its repetitions (the per-repetition
"iteration" entries; aggregates in the JSON are ignored, so one repetition
works too):

    strategy,map,pattern,op,ns_per_op,ratio_to_floor,reserved_bytes,inuse_bytes

Names are strategy/map/pattern/op (trailing /iterations:N and /manual_time
are dropped).
ns_per_op is Google Benchmark's real_time per iteration, in ns (manual time
where the op times itself).  ratio_to_floor = ns_per_op / floor's ns_per_op on
the same map, pattern and op, for the lookup ops (owner_*); blank elsewhere.
Benchmarks that reported an error are left out and listed on stderr; the exit
status is then 1, except for claim_range16 where the state has no 16 free
pages in a row (not applicable: small maps).

--expect: the strategies that must appear on every map (the floor only needs
the owner ops); anything missing is listed and the exit status is 1.
Standard library only.
"""
import argparse
import csv
import json
import statistics
import sys

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
COLUMNS = ["strategy", "map", "pattern", "op", "ns_per_op", "ratio_to_floor",
           "reserved_bytes", "inuse_bytes"]


def key_of(name):
    parts = name.split("/")
    while parts and (parts[-1] == "manual_time" or parts[-1].startswith("iterations:")):
        parts = parts[:-1]
    if len(parts) != 4:
        return None
    return tuple(parts)


def fmt(x):
    if x is None:
        return ""
    if x >= 100:
        return "%.1f" % x
    return "%.4g" % x


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json")
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--expect", default="", help="strategies every map must have")
    args = ap.parse_args()

    with open(args.json) as f:
        data = json.load(f)
    runs, order, errors = {}, [], {}
    for b in data.get("benchmarks", []):
        if b.get("run_type", "iteration") != "iteration":
            continue
        k = key_of(b.get("run_name", b["name"]))
        if k is None:
            print("summarise: unexpected name %r" % b["name"], file=sys.stderr)
            continue
        if b.get("error_occurred"):
            errors[k] = b.get("error_message", "error")
            continue
        if k not in runs:
            runs[k] = []
            order.append(k)
        runs[k].append(b)

    rows = {}
    for k in order:
        rs = runs[k]
        ns = statistics.median(r["real_time"] * UNIT_NS[r.get("time_unit", "ns")] for r in rs)
        res = statistics.median(r.get("reserved_bytes", 0) for r in rs)
        inuse = statistics.median(r.get("inuse_bytes", 0) for r in rs)
        rows[k] = [ns, None, res, inuse]
    for k, row in rows.items():
        strategy, m, pattern, op = k
        if op.startswith("owner"):
            fl = rows.get(("floor", m, pattern, op))
            if fl and fl[0] > 0:
                row[1] = row[0] / fl[0]

    with open(args.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for k in order:
            ns, ratio, res, inuse = rows[k]
            w.writerow(list(k) + [fmt(ns), "" if ratio is None else "%.3f" % ratio,
                                  "%d" % res, "%d" % inuse])

    # claim_range16 needs 16 free pages in a row; small maps' steady state
    # (artyvexii: 32 pages of RAM) has none: not applicable, not a failure.
    na = sorted("/".join(k) for k, msg in errors.items() if msg.startswith("no run of 16"))
    if na:
        print("summarise: not applicable (no 16 free pages in a row): " + ", ".join(na),
              file=sys.stderr)
    for k, msg in sorted(errors.items()):
        if not msg.startswith("no run of 16"):
            print("summarise: %s: ERROR: %s" % ("/".join(k), msg), file=sys.stderr)
    status = 1 if len(errors) > len(na) else 0
    expect = args.expect.split()
    if expect:
        maps = sorted({k[1] for k in rows} | {k[1] for k in errors})
        have = {(k[0], k[1]) for k in rows}
        missing = ["%s on %s" % (s, m) for m in maps for s in expect if (s, m) not in have]
        if missing:
            print("summarise: MISSING: " + ", ".join(missing), file=sys.stderr)
            status = 1
        owner_ops = {(k[1], k[2], k[3]) for k in rows if k[3].startswith("owner")}
        no_floor = sorted(x for x in owner_ops if ("floor",) + x not in rows)
        if "floor" in expect and no_floor:
            print("summarise: no floor for: " + ", ".join("/".join(x) for x in no_floor),
                  file=sys.stderr)
            status = 1
    print("summarise: %d rows, %d not applicable, %d errors, %d maps -> %s" %
          (len(rows), len(na), len(errors) - len(na), len({k[1] for k in rows}), args.out))
    return status


if __name__ == "__main__":
    sys.exit(main())
