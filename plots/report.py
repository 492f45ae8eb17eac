#!/usr/bin/env python3
"""report.py - the numbers in REPORT.md, and results/WINNER, from results/.

    python3 plots/report.py REPORT.md results/WINNER

REPORT.md holds prose and figures written by people, and blocks between
    <!-- BEGIN name -->  and  <!-- END name -->
that only this script writes.  No number in the report is typed by hand: the
tables, the goal checks and the winner all come from results/host/summary.csv,
results/host/bench.json, results/rv32/summary.csv and results/rv32/code_size.csv.
Running it twice, or on committed results, changes nothing.  Standard library
only.
"""
import csv
import json
import os
import re
import sys

DESIGNS = ["flat", "bitmap", "ranges", "radix", "xous"]
PEERS = ["judy", "roaring"]
BOARDS = ["precursor", "renode", "artyvexii"]
MAPS = BOARDS + ["ram1g", "scattered"]
OWNER_ROWS = ["owner_listed", "owner_ram", "owner_other"]
BUDGET = 1.25  # reserved bytes allowed, as a multiple of xous's (the rule)
TIE = 1.0      # instructions within which owner costs count as a tie
NOISE = 0.02   # host medians closer than this are not told apart


def read_csv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f))


host = {(r["strategy"], r["map"], r["pattern"], r["op"]): r
        for r in read_csv("results/host/summary.csv")}
rv32 = {(r["strategy"], r["map"], r["op"]): r for r in read_csv("results/rv32/summary.csv")}
sizes = {r["object"]: r for r in read_csv("results/rv32/code_size.csv")}


def h(d, m, p, op, field="ns_per_op"):
    r = host.get((d, m, p, op))
    return float(r[field]) if r and r[field] != "" else None


def rv(d, op, m="precursor", field="instructions_per_op"):
    r = rv32.get((d, m, op))
    return float(r[field]) if r and r[field] != "" else None


def num(x, digits=3):
    """A number as a reader wants it: 3 significant digits, thousands apart."""
    if x is None:
        return "–"
    if abs(x) >= 1000:
        return "{:,.0f}".format(x)
    return "{:.{}g}".format(x, digits) if abs(x) < 100 else "{:.0f}".format(x)


def times(x):
    return "–" if x is None else num(x) + "×"


def table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def block_method():
    ctx, reps, mintime = {}, set(), set()
    path = "results/host/bench.json"
    if os.path.exists(path):
        with open(path) as f:
            data = json.load(f)
        ctx = data.get("context", {})
        for b in data.get("benchmarks", []):
            reps.add(b.get("repetitions"))
    rows = [
        ["host CPUs (Google Benchmark's context)", "%s × %s MHz" % (ctx.get("num_cpus", "?"), ctx.get("mhz_per_cpu", "?"))],
        ["host caches", ", ".join("L%d %s %d KiB" % (c["level"], c["type"].lower(), c["size"] // 1024)
                                  for c in ctx.get("caches", []))],
        ["repetitions per benchmark (statistic: median)", ", ".join(str(r) for r in sorted(x for x in reps if x))],
        ["Google Benchmark library build", ctx.get("library_build_type", "?")],
        ["address stream", ctx.get("ownlab_stream", "?")],
        ["floor", ctx.get("ownlab_floor", "?")],
    ]
    perf = "results/host/perf.txt"
    if os.path.exists(perf):
        with open(perf) as f:
            first = [l.strip() for l in f if l.strip() and not l.startswith("#")][:2]
        rows.append(["perf on this host", " ".join(first) if first else "see results/host/perf.txt"])
    return table(["what", "value"], rows)


def block_owner_host():
    head = ["design"] + MAPS
    rows = []
    for d in ["floor"] + DESIGNS + PEERS:
        cells = []
        for m in MAPS:
            ratio = h(d, m, "steady", "owner_listed", "ratio_to_floor")
            cells.append(times(ratio))
        rows.append([d if d not in PEERS else d + " (peer)"] + cells)
    return table(head, rows)


def block_host_ops():
    ops = [("owner_unlisted10", "steady", "owner, 10% unlisted (× floor)"),
           ("claim_release", "steady", "claim+release"),
           ("claim_range16", "steady", "claim_range 16"),
           ("count", "steady", "count"),
           ("release_all_1pct", "steady", "release_all 1%"),
           ("release_all_10pct", "steady", "release_all 10%"),
           ("alloc_50pct", "fill", "alloc at 50%"),
           ("alloc_90pct", "fill", "alloc at 90%"),
           ("alloc_99pct", "fill", "alloc at 99%")]
    head = ["design"] + [label for _, _, label in ops]
    rows = []
    for d in DESIGNS + PEERS:
        cells = []
        for op, p, _ in ops:
            if op.startswith("owner"):
                cells.append(times(h(d, "precursor", p, op, "ratio_to_floor")))
                continue
            mine, base = h(d, "precursor", p, op), h("xous", "precursor", p, op)
            cells.append("–" if mine is None or base is None else times(base / mine))
        rows.append([d] + cells)
    return table(head, rows)


def block_rv32():
    ops = OWNER_ROWS + ["owner_unlisted10", "claim_release", "claim_range16", "count",
                        "release_all_1pct", "release_all_10pct", "alloc_90pct"]
    head = ["design"] + ops + [".text+.rodata (bytes)"]
    rows = []
    for d in DESIGNS:
        size = rv(d, "owner_listed", field="text_bytes")
        rows.append([d] + [num(rv(d, op)) for op in ops] + [num(size)])
    shared = sizes.get("map")
    note = ("\n\nEvery design but `xous` also links the shared `lookup/map.c` (validation and the "
            "whitelist index): %s bytes of .text+.rodata." % shared["text_plus_rodata"]) if shared else ""
    return table(head, rows) + note


def block_memory():
    head = ["design"] + ["%s reserved / in use" % b for b in BOARDS]
    rows = []
    for d in DESIGNS:
        cells = []
        for b in BOARDS:
            res, use = rv(d, "owner_listed", b, "reserved_bytes"), rv(d, "owner_listed", b, "inuse_bytes")
            cells.append("%s / %s" % (num(res), num(use)))
        rows.append([d + " (RV32)"] + cells)
    for d in PEERS:
        cells = []
        for b in BOARDS:
            res, use = h(d, b, "steady", "owner_listed", "reserved_bytes"), h(d, b, "steady", "owner_listed", "inuse_bytes")
            cells.append("%s / %s" % (num(res), num(use)))
        rows.append([d + " (host, peer)"] + cells)
    return table(head, rows)


def winner():
    base = rv("xous", "owner_listed", field="reserved_bytes")
    rows, fits = [], []
    for d in DESIGNS:
        res = rv(d, "owner_listed", field="reserved_bytes")
        worst = max(rv(d, op) for op in OWNER_ROWS)
        ok = res is not None and base and res <= BUDGET * base
        rows.append([d, num(res), "%.2f×" % (res / base), "yes" if ok else "no",
                     " / ".join(num(rv(d, op)) for op in OWNER_ROWS), num(worst),
                     num(rv(d, "release_all_10pct")), num(rv(d, "alloc_90pct"))])
        if ok:
            fits.append((worst, rv(d, "release_all_10pct"), rv(d, "alloc_90pct"), d))
    best = min(f[0] for f in fits)
    tied = sorted((f for f in fits if f[0] <= best + TIE), key=lambda f: (f[1], f[2]))
    win = tied[0]
    others = sorted(f for f in fits if f[3] != win[3])
    return win, others, rows


def block_winner():
    win, others, rows = winner()
    head = ["design", "reserved bytes (Precursor)", "× xous", "within budget",
            "owner: listed / RAM / other", "worst owner row", "release_all 10%", "alloc 90%"]
    text = table(head, rows)
    text += "\n\n**Winner: `%s`** — worst owner row %s instructions" % (win[3], num(win[0]))
    if others:
        ru = others[0]
        text += ("; the runner-up within budget, `%s`, needs %s (%s more, %.2f× the winner's)"
                 % (ru[3], num(ru[0]), num(ru[0] - win[0]), ru[0] / win[0]))
    xous_worst = max(rv("xous", op) for op in OWNER_ROWS)
    text += "; `xous` needs %s (%.2f× the winner's)." % (num(xous_worst), xous_worst / win[0])
    return text, win[3]


def goal(name, ok, measured):
    return [name, measured, "met" if ok else "**missed**"]


def block_goals(win):
    rows = []
    r = h(win, "precursor", "steady", "owner_listed", "ratio_to_floor")
    best = min((h(d, "precursor", "steady", "owner_listed", "ratio_to_floor"), d) for d in DESIGNS)
    rows.append(goal("host: the best design's owner within 1.5× floor (Precursor, steady)", r <= 1.5,
                     "%s: %s (lowest of the designs: %s %s)" % (win, times(r), best[1], times(best[0]))))
    for fast, peer in (("radix", "judy"), ("bitmap", "roaring")):
        for op in ("owner_listed", "count", "release_all_1pct", "release_all_10pct"):
            a, b = h(fast, "precursor", "steady", op), h(peer, "precursor", "steady", op)
            row = goal("host: %s at least as fast as %s, %s" % (fast, peer, op), a <= b,
                       "%s is %s the speed of %s" % (fast, times(b / a), peer))
            if a > b and a <= b * (1 + NOISE):
                row[2] = "tie (within %d%%, the noise between repetitions)" % round(NOISE * 100)
            rows.append(row)
    for op, p in (("release_all_1pct", "steady"), ("release_all_10pct", "steady"), ("alloc_90pct", "fill")):
        x = h("xous", "precursor", p, op) / h(win, "precursor", p, op)
        rows.append(goal("host: %s, %s at least 10× faster than xous" % (win, op), x >= 10, times(x)))
        y = rv("xous", op) / rv(win, op)
        rows.append(goal("RV32: %s, %s at least 10× faster than xous" % (win, op), y >= 10, times(y)))
    avg = rv(win, "owner_listed")
    worst = max(rv(win, op) for op in OWNER_ROWS)
    rows.append(goal("RV32: the best design's owner at most 12 instructions on average (Precursor)",
                     avg <= 12.0, "%s: %s" % (win, num(avg))))
    rows.append(goal("RV32: ... and at most 16 on any owner row (listed, RAM, other)", worst <= 16.0,
                     "%s: worst %s" % (win, num(worst))))
    return table(["goal", "measured", "verdict"], rows)


def block_xous_cursor():
    rows = []
    for pct in (50, 90, 99):
        op = "alloc_%dpct" % pct
        rows.append(["%d%%" % pct, num(h("xous", "precursor", "fill", op) / h("floor", "precursor", "steady", "owner_listed")),
                     times(h("xous", "precursor", "fill", op) / h("flat", "precursor", "fill", op))])
    text = table(["RAM occupied", "xous alloc, in floor lookups", "xous alloc / flat alloc"], rows)
    a, b = rv("xous", "alloc_90pct"), rv("flat", "alloc_90pct")
    text += ("\n\nOn RV32 at 90%% occupancy, `xous`'s alloc retires %s instructions against %s for "
             "`flat`'s next-fit cursor (%s)." % (num(a), num(b), times(a / b)))
    return text


def block_scaling():
    rows = []
    for d in ["floor"] + DESIGNS + PEERS:
        lo, hi = h(d, "size-16MiB", "steady", "owner_listed"), h(d, "size-4GiB", "steady", "owner_listed")
        r1, r1000 = h(d, "regions-1", "steady", "owner_listed"), h(d, "regions-1000", "steady", "owner_listed")
        u1, u = h(d, "runs-1", "runs", "owner_listed"), h(d, "runs-32768", "runs", "owner_listed")
        cell = lambda a, b: "–" if a is None or b is None else times(b / a)
        rows.append([d, cell(lo, hi), cell(r1, r1000), cell(u1, u)])
    return table(["design", "owner: 4 GiB vs 16 MiB", "owner: 1000 vs 1 regions",
                  "owner: 32768 vs 1 runs"], rows)


def main():
    report, winner_path = sys.argv[1], sys.argv[2]
    winner_text, win = block_winner()
    blocks = {
        "method": block_method(),
        "owner-host": block_owner_host(),
        "host-ops": block_host_ops(),
        "rv32": block_rv32(),
        "memory": block_memory(),
        "winner": winner_text,
        "goals": block_goals(win),
        "xous-cursor": block_xous_cursor(),
        "scaling": block_scaling(),
    }
    with open(report) as f:
        text = f.read()
    for name, body in blocks.items():
        pattern = re.compile(r"(<!-- BEGIN %s -->\n).*?(<!-- END %s -->)" % (name, name), re.S)
        if not pattern.search(text):
            sys.exit("report.py: REPORT.md has no block %s" % name)
        text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
    with open(report, "w") as f:
        f.write(text)
    with open(winner_path, "w") as f:
        f.write(win + "\n")
    print("report: REPORT.md tables regenerated; winner %s" % win)


if __name__ == "__main__":
    main()
