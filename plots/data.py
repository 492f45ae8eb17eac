#!/usr/bin/env python3
"""data.py - turns results/ into the small tables gnuplot draws.

    python3 plots/data.py OUTDIR

Reads results/host/summary.csv (medians), results/host/bench.json (every
repetition, for the error bars) and results/rv32/summary.csv, and writes one
whitespace-separated .dat file per figure into OUTDIR.  Standard library only.
"""
import csv
import json
import os
import statistics
import sys

DESIGNS = ["flat", "bitmap", "ranges", "radix", "xous", "judy", "roaring"]
PEERS = ["judy", "roaring"]
RV32_DESIGNS = ["flat", "bitmap", "ranges", "radix", "xous"]
BOARDS = ["precursor", "renode", "artyvexii"]
MAPS = BOARDS + ["ram1g", "scattered"]
RV32_OPS = ["owner_listed", "owner_ram", "owner_other", "owner_unlisted10", "claim_release",
            "claim_range16", "count", "alloc_90pct", "release_all_1pct", "release_all_10pct"]


def read_csv(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def host_index(rows):
    return {(r["strategy"], r["map"], r["pattern"], r["op"]): r for r in rows}


def repetitions(path):
    """(strategy, map, pattern, op) -> list of ns per repetition."""
    reps = {}
    if not os.path.exists(path):
        return reps
    with open(path) as f:
        data = json.load(f)
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
    for b in data.get("benchmarks", []):
        if b.get("run_type") != "iteration" or "error_occurred" in b:
            continue
        parts = b["name"].split("/")
        while parts and (parts[-1] == "manual_time" or parts[-1].startswith("iterations:")):
            parts.pop()
        if len(parts) == 4:
            reps.setdefault(tuple(parts), []).append(b["real_time"] * scale[b["time_unit"]])
    return reps


def owner_ratios(host, reps, out):
    """Figure 1: owner over whitelisted addresses, steady, ratio to floor."""
    with open(os.path.join(out, "owner_ratio.dat"), "w") as f:
        f.write("# map " + " ".join("%s %s_lo %s_hi" % (d, d, d) for d in DESIGNS) + "\n")
        for m in MAPS:
            floor = host.get(("floor", m, "steady", "owner_listed"))
            if floor is None:
                continue
            base = float(floor["ns_per_op"])
            cells = []
            for d in DESIGNS:
                r = host.get((d, m, "steady", "owner_listed"))
                if r is None:
                    cells.append("NaN NaN NaN")
                    continue
                ratios = [t / base for t in reps.get((d, m, "steady", "owner_listed"), [])]
                mid = float(r["ratio_to_floor"])
                lo, hi = (min(ratios), max(ratios)) if ratios else (mid, mid)
                cells.append("%.4f %.4f %.4f" % (mid, lo, hi))
            f.write("%s %s\n" % (m, " ".join(cells)))


def rv32_tables(rv, out):
    """Figure 2: instructions per operation on Precursor, and code size."""
    idx = {(r["strategy"], r["map"], r["op"]): r for r in rv}
    with open(os.path.join(out, "rv32_ops.dat"), "w") as f:
        f.write("# op " + " ".join(RV32_DESIGNS) + "\n")
        for op in RV32_OPS:
            vals = []
            for d in RV32_DESIGNS:
                r = idx.get((d, "precursor", op))
                vals.append(r["instructions_per_op"] if r else "NaN")
            f.write("%s %s\n" % (op, " ".join(vals)))
    with open(os.path.join(out, "rv32_size.dat"), "w") as f:
        f.write("# design text_bytes reserved_bytes inuse_bytes (precursor)\n")
        for d in RV32_DESIGNS:
            r = idx.get((d, "precursor", "owner_listed"))
            if r:
                f.write("%s %s %s %s\n" % (d, r["text_bytes"], r["reserved_bytes"], r["inuse_bytes"]))


def scaling(host, out):
    """Figure 3: cost growth against size, regions and owned runs."""
    series = {"size": ("MiB", lambda s: float(s[:-3]) if s.endswith("MiB") else float(s[:-3]) * 1024),
              "regions": ("", float), "runs": ("", float)}
    for kind, (_, num) in series.items():
        for op in ("owner_listed", "release_all_1pct", "release_all_50pct"):
            rows = {}
            for (d, m, p, o), r in host.items():
                if o != op or not m.startswith(kind + "-"):
                    continue
                x = num(m[len(kind) + 1:])
                rows.setdefault(x, {})[d] = r["ns_per_op"]
            if not rows:
                continue
            with open(os.path.join(out, "scale_%s_%s.dat" % (kind, op)), "w") as f:
                f.write("# x " + " ".join(["floor"] + DESIGNS) + "\n")
                for x in sorted(rows):
                    f.write("%g %s\n" % (x, " ".join(rows[x].get(d, "NaN") for d in ["floor"] + DESIGNS)))


def pareto(points):
    """Points (bytes, cost, label) not beaten on both axes, by bytes."""
    front = []
    for p in sorted(points):
        if not front or p[1] < front[-1][1]:
            front.append(p)
    return front


def tradeoff(host, out):
    """Figure 4: reserved (and in-use) bytes against owner cost, per board."""
    for m in BOARDS:
        pts = []
        with open(os.path.join(out, "tradeoff_%s.dat" % m), "w") as f:
            f.write("# design reserved_bytes inuse_bytes ratio_to_floor\n")
            for d in DESIGNS:
                r = host.get((d, m, "steady", "owner_listed"))
                if r is None:
                    continue
                # A peer's storage is only a header: what it costs is what
                # its library allocated, so its in-use bytes stand for both.
                reserved = r["inuse_bytes"] if d in PEERS else r["reserved_bytes"]
                f.write("%s %s %s %s\n" % (d, reserved, r["inuse_bytes"], r["ratio_to_floor"]))
                pts.append((float(reserved), float(r["ratio_to_floor"]), d))
        with open(os.path.join(out, "pareto_%s.dat" % m), "w") as f:
            for b, c, d in pareto(pts):
                f.write("%g %g %s\n" % (b, c, d))


def speedup(host, d, key):
    """How many times faster than xous, both measured in the same run."""
    mine, base = host.get((d,) + key), host.get(("xous",) + key)
    if mine is None or base is None:
        return "NaN"
    return "%.4g" % (float(base["ns_per_op"]) / float(mine["ns_per_op"]))


def occupancy(host, out):
    """Figure 5: alloc against RAM occupancy and release_all against the
    victim's share, every design as a speed-up over xous in the same run."""
    with open(os.path.join(out, "alloc_occupancy.dat"), "w") as f:
        f.write("# occupancy_pct " + " ".join(DESIGNS) + "  (xous time / design time, precursor)\n")
        for pct in (50, 90, 99):
            key = ("precursor", "fill", "alloc_%dpct" % pct)
            f.write("%d %s\n" % (pct, " ".join(speedup(host, d, key) for d in DESIGNS)))
    with open(os.path.join(out, "release_share.dat"), "w") as f:
        f.write("# share_pct " + " ".join(DESIGNS) + "  (xous time / design time, precursor, steady)\n")
        for pct in (1, 10):
            key = ("precursor", "steady", "release_all_%dpct" % pct)
            f.write("%d %s\n" % (pct, " ".join(speedup(host, d, key) for d in DESIGNS)))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    host = host_index(read_csv("results/host/summary.csv"))
    reps = repetitions("results/host/bench.json")
    rv = read_csv("results/rv32/summary.csv")
    owner_ratios(host, reps, out)
    rv32_tables(rv, out)
    scaling(host, out)
    tradeoff(host, out)
    occupancy(host, out)


if __name__ == "__main__":
    main()
