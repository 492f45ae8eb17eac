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

BOARDS = ["precursor", "bao1x", "renode", "artyvexii"]
MAPS = BOARDS + ["ram1g", "scattered"]
CYCLE_BOARDS = ["precursor", "bao1x"]
BASE = "xous_fixed"
RV32_OPS = ["owner_listed", "owner_local", "owner_ram", "owner_other", "owner_unlisted10", "claim_release",
            "claim_range16", "count", "alloc_90pct", "release_all_1pct", "release_all_10pct"]
PHASES = ["boot", "steady", "exit"]
# Filled in by main() from the results: designs in registry order; those with
# an RV32 build are the kernel's candidates, the rest are the host-only peers.
DESIGNS, PEERS, RV32_DESIGNS = [], [], []


def ordered(rows):
    seen = []
    for r in rows:
        if r["strategy"] not in seen:
            seen.append(r["strategy"])
    return seen


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
    idx = {(r["strategy"], r["map"], r["op"]): r for r in rv if r.get("board", r["map"]) == r["map"]}
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
    """How many times faster than xous_fixed, both measured in the same run."""
    mine, base = host.get((d,) + key), host.get((BASE,) + key)
    if mine is None or base is None:
        return "NaN"
    return "%.4g" % (float(base["ns_per_op"]) / float(mine["ns_per_op"]))


def occupancy(host, out):
    """Figure 5: alloc against RAM occupancy and release_all against the
    victim's share, every design as a speed-up over xous_fixed in the same run."""
    with open(os.path.join(out, "alloc_occupancy.dat"), "w") as f:
        f.write("# occupancy_pct " + " ".join(DESIGNS) + "  (xous_fixed time / design time, precursor)\n")
        for pct in (50, 90, 99):
            key = ("precursor", "fill", "alloc_%dpct" % pct)
            f.write("%d %s\n" % (pct, " ".join(speedup(host, d, key) for d in DESIGNS)))
    with open(os.path.join(out, "release_share.dat"), "w") as f:
        f.write("# share_pct " + " ".join(DESIGNS) + "  (xous_fixed time / design time, precursor, steady)\n")
        for pct in (1, 10):
            key = ("precursor", "steady", "release_all_%dpct" % pct)
            f.write("%d %s\n" % (pct, " ".join(speedup(host, d, key) for d in DESIGNS)))


def cycles(rv, out):
    """Figure 6: modelled cycles and exact instructions per operation, per
    board of the cycle model (map = board)."""
    idx = {(r["strategy"], r["op"], r.get("board", "")): r for r in rv if r.get("board") == r["map"]}
    for b in CYCLE_BOARDS:
        with open(os.path.join(out, "cycles_%s.dat" % b), "w") as f:
            f.write("# op " + " ".join(RV32_DESIGNS) + " " + " ".join(d + "_ins" for d in RV32_DESIGNS) + "\n")
            for op in RV32_OPS:
                cyc, ins = [], []
                for d in RV32_DESIGNS:
                    r = idx.get((d, op, b))
                    cyc.append(r["cycles_per_op"] if r and r.get("cycles_per_op") else "NaN")
                    ins.append(r["instructions_per_op"] if r else "NaN")
                f.write("%s %s %s\n" % (op, " ".join(cyc), " ".join(ins)))


def trace_phases(out):
    """Figure 7: whole-trace modelled cycles split by phase, per board, as a
    multiple of xous_fixed's whole trace; each net of the same replay calling
    the no-op pseudo-design (the loop and the op decoding), as in REPORT.md."""
    path = "results/rv32/traces.csv"
    rows = read_csv(path) if os.path.exists(path) else []
    # the `quiet` variant of each board (REPORT.md's per-phase table reads it too)
    raw = {(r["strategy"], r["board"], r["phase"]): float(r["cycles"]) for r in rows
           if r["trace"] == "%s-quiet.trace" % r["board"]}
    idx = {k: v - raw.get(("noop", k[1], k[2]), 0.0) for k, v in raw.items() if k[0] != "noop"}
    for b in CYCLE_BOARDS:
        base = idx.get((BASE, b, "all"))
        with open(os.path.join(out, "traces_%s.dat" % b), "w") as f:
            f.write("# design " + " ".join(PHASES) + "\n")
            for d in RV32_DESIGNS:
                if (d, b, "all") not in idx or not base:
                    continue
                f.write("%s %s\n" % (d, " ".join("%.5f" % (idx.get((d, b, p), 0.0) / base) for p in PHASES)))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    host_rows = read_csv("results/host/summary.csv")
    host = host_index(host_rows)
    reps = repetitions("results/host/bench.json")
    rv = read_csv("results/rv32/summary.csv")
    RV32_DESIGNS[:] = [d for d in ordered(rv) if d != "noop"]
    PEERS[:] = [d for d in ordered(host_rows) if d not in RV32_DESIGNS and d != "floor"]
    DESIGNS[:] = RV32_DESIGNS + PEERS
    with open(os.path.join(out, "designs.gp"), "w") as f:
        # the figures loop over these words, so a new design needs no new script
        f.write("rv32_designs = '%s'\nall_designs = '%s'\npeers = '%s'\n"
                % (" ".join(RV32_DESIGNS), " ".join(DESIGNS), " ".join(PEERS)))
    cycles(rv, out)
    trace_phases(out)
    owner_ratios(host, reps, out)
    rv32_tables(rv, out)
    scaling(host, out)
    tradeoff(host, out)
    occupancy(host, out)


if __name__ == "__main__":
    main()
