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

BASE = "xous_fixed"   # the primary baseline: Xous with its allocation cursor fixed
XOUS = "xous"         # Xous as it is today
CYCLE_BOARDS = ["precursor", "bao1x"]  # the two boards of the cycle model
MAP_BOARDS = ["precursor", "bao1x", "renode", "artyvexii"]
OWNER_ROWS = ["owner_listed", "owner_ram", "owner_other"]
BUDGET = 1.1   # reserved bytes allowed on each board, as a multiple of xous's (the rule)
BASELINES = ["xous", "xous_fixed", "xous_hint"]  # today's Xous and its two smallest fixes
DEFAULT_VARIANT = "quiet"  # the variant the per-phase tables show
DEBUG_VARIANTS = ["debug"]  # never decide a verdict
TIE = 0.01     # whole-trace cycles closer than this fraction are a tie
NOISE = 0.02   # host medians closer than this are not told apart
PHASES = ["loader", "boot", "steady", "exit", "all"]


def read_csv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f))


def ordered(rows, key="strategy"):
    seen = []
    for r in rows:
        if r[key] not in seen:
            seen.append(r[key])
    return seen


host_rows = read_csv("results/host/summary.csv")
rv32_rows = read_csv("results/rv32/summary.csv")
trace_rows = read_csv("results/rv32/traces.csv")
layout = {}
for r in read_csv("results/rv32/traces_layout.csv"):
    layout.setdefault((r["strategy"], r["board"]), []).append(float(r["net_cycles"]))
mapcost = {(r["strategy"], r["board"], r["what"]): r for r in read_csv("results/rv32/mapcost.csv")}
host = {(r["strategy"], r["map"], r["pattern"], r["op"]): r for r in host_rows}
# rows without a board column are instruction counts from before the cycle model
rv32 = {(r["strategy"], r["map"], r["op"], r.get("board") or r["map"]): r for r in rv32_rows}
def variant_of(r):
    return r["trace"].replace(".trace", "").split("-", 1)[-1]


# traces.csv holds one trace per board and variant; the per-phase tables and
# the model's sensitivity read the default variant, the verdict all of them
traces = {(r["strategy"], r["board"], r["phase"]): r for r in trace_rows if variant_of(r) == DEFAULT_VARIANT}
traces_v = {(r["strategy"], r["board"], variant_of(r), r["phase"]): r for r in trace_rows}
VARIANTS = ordered(trace_rows, "trace")
VARIANTS = [v for v in dict.fromkeys(variant_of({"trace": t}) for t in VARIANTS)]
VERDICT_VARIANTS = [v for v in VARIANTS if v not in DEBUG_VARIANTS]
# the kernel's whole bill (issue 18), where measured: whole_cycles per
# variant, board, strategy over the charged phases
bill = {}
for r in read_csv("results/rv32/bill.csv"):
    if r.get("phase") in ("boot", "steady", "exit"):
        k = (r["strategy"], r["board"], r["variant"])
        bill[k] = bill.get(k, 0.0) + float(r["whole_cycles"])
sizes = {r["object"]: r for r in read_csv("results/rv32/code_size.csv")}
# Designs are what the results hold, in registry order: those with an RV32
# build are the kernel's candidates, the rest (host only) are the peers.
DESIGNS = [d for d in ordered(rv32_rows) if d != "noop"]
PEERS = [d for d in ordered(host_rows) if d not in DESIGNS and d != "floor"]
MAPS = [m for m in ["precursor", "bao1x", "renode", "artyvexii", "ram1g", "scattered"]
        if any(k[1] == m for k in host)]


def h(d, m, p, op, field="ns_per_op"):
    r = host.get((d, m, p, op))
    return float(r[field]) if r and r.get(field, "") != "" else None


def rv(d, op, m="precursor", field="instructions_per_op", board=None):
    r = rv32.get((d, m, op, board or m))
    return float(r[field]) if r and r.get(field, "") not in ("", None) else None


def tr_raw(d, board, phase="all", field="cycles"):
    r = traces.get((d, board, phase))
    return float(r[field]) if r and r.get(field, "") not in ("", None) else None


def tv(d, board, variant, phase="all", field="cycles"):
    """tr() for any variant: the design's window less the no-op's."""
    r, z = traces_v.get((d, board, variant, phase)), traces_v.get(("noop", board, variant, phase))
    if r is None or r.get(field, "") in ("", None):
        return None
    if field in ("ops", "errors") or z is None:
        return float(r[field])
    return float(r[field]) - float(z[field])


def verdict_cost(d, board, variant):
    """What the rule counts: the kernel's whole bill where bill.csv has the
    design, the table's own cycles (net of the replay loop) until then."""
    if bill and all((x, board, variant) in bill for x in [d] + BASELINES):
        return bill.get((d, board, variant))
    return tv(d, board, variant)


def geomean(xs):
    xs = [x for x in xs if x is not None and x > 0]
    if not xs:
        return None
    prod = 1.0
    for x in xs:
        prod *= x
    return prod ** (1.0 / len(xs))


def best_base(board, variant):
    c = [(verdict_cost(x, board, variant), x) for x in BASELINES]
    c = [x for x in c if x[0] is not None]
    return min(c) if c else (None, None)


def tr(d, board, phase="all", field="cycles"):
    """A design's cost for a trace phase: its replay window less the same
    replay calling the no-op pseudo-design (the loop, the op decoding, the
    call), as every RV32 figure here is counted beyond an empty call."""
    mine, loop = tr_raw(d, board, phase, field), tr_raw("noop", board, phase, field)
    if mine is None or field in ("ops", "errors"):
        return mine
    return mine - loop if loop is not None else mine


constants = {r["board"]: {k: float(v) for k, v in r.items() if k != "board"}
             for r in read_csv("results/rv32/model_constants.csv")}
# cycles = insns + sum(count x constant) + bus waits: the counts each
# constant multiplies (vexcache/model.h), from traces.csv's columns (a store's
# own L2 misses reach the cycles only through the bus waits, held fixed here)
COST_TERMS = [(("icache_misses",), "i_refill_cycles"),
              (("dcache_misses", "pte_misses"), "d_refill_cycles"),
              (("l2_misses", "-l2_store_misses"), "mem_fill_cycles"),
              (("l2_writebacks", "-l2_store_writebacks"), "mem_writeback_cycles"),
              (("stores",), "store_cycles"), (("io",), "io_cycles"),
              (("walk_levels",), "ptw_level_cycles")]


def recost(d, board, change):
    """Whole-trace cycles (net of the loop) had the model's latencies been
    others: the counts do not depend on them, so cycles move linearly."""
    base = constants.get(board)
    if base is None or tr(d, board) is None:
        return None
    delta = 0.0
    for counts, const in COST_TERMS:
        if const in change:
            n = 0.0
            for c in counts:
                v = tr(d, board, "all", c.lstrip("-")) or 0.0
                n += -v if c.startswith("-") else v
            delta += n * (change[const] - base[const])
    return tr(d, board) + delta


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


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
            r = h(d, m, "steady", "owner_listed", "ratio_to_floor")
            cells.append(times(r))
        rows.append([d if d not in PEERS else d + " (peer)"] + cells)
    return table(head, rows)


def block_host_ops():
    """Host: every operation on Precursor as a speed-up over xous_fixed (and
    over xous, for the cursor), both measured in the same run."""
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
            cells.append(times(ratio(h(BASE, "precursor", p, op), h(d, "precursor", p, op))))
        rows.append([d if d not in PEERS else d + " (peer)"] + cells)
    return table(head, rows)


RV32_OPS = OWNER_ROWS + ["owner_local", "owner_unlisted10", "claim_release", "claim_range16", "count",
                         "release_all_1pct", "release_all_10pct", "alloc_90pct"]


def block_rv32():
    head = ["design"] + RV32_OPS + [".text+.rodata (bytes)"]
    rows = []
    for d in DESIGNS:
        size = rv(d, "owner_listed", field="text_bytes")
        rows.append([d] + [num(rv(d, op)) for op in RV32_OPS] + [num(size)])
    shared = sizes.get("map")
    note = ("\n\nEvery design also links the shared `lookup/map.c` (map validation, and the whitelist "
            "index that all but `xous` and `xous_fixed` use): %s bytes of .text+.rodata." % shared["text_plus_rodata"]) if shared else ""
    return table(head, rows) + note


def block_cycles():
    """Per board: modelled cycles per operation beside exact instructions."""
    ops = ["owner_listed", "owner_local", "owner_ram", "owner_other", "claim_release", "claim_range16",
           "release_all_1pct", "alloc_90pct"]
    out = []
    for b in CYCLE_BOARDS:
        head = ["design"] + ops
        rows = []
        for d in DESIGNS:
            cells = []
            for op in ops:
                i, c = rv(d, op, b), rv(d, op, b, "cycles_per_op")
                dm = rv(d, op, b, "dcache_misses_per_op")
                cells.append("–" if c is None else "%s / %s (%s)" % (num(i), num(c), num(dm, 2)))
            rows.append([d] + cells)
        out.append("**%s** — instructions / cycles (D-cache misses) per operation\n\n%s" % (b, table(head, rows)))
    return "\n\n".join(out)


def block_memory():
    boards = [b for b in MAP_BOARDS if rv(DESIGNS[0], "owner_listed", b, "reserved_bytes") is not None] if DESIGNS else []
    head = ["design"] + ["%s reserved / in use" % b for b in boards] + ["reserved × xous (Precursor / bao1x)"]
    rows = []
    for d in DESIGNS:
        cells = []
        for b in boards:
            res, use = rv(d, "owner_listed", b, "reserved_bytes"), rv(d, "owner_listed", b, "inuse_bytes")
            cells.append("%s / %s" % (num(res), num(use)))
        x = [ratio(rv(d, "owner_listed", b, "reserved_bytes"), rv(XOUS, "owner_listed", b, "reserved_bytes"))
             for b in CYCLE_BOARDS]
        rows.append([d + " (RV32)"] + cells + [" / ".join("–" if v is None else "%.3f×" % v for v in x)])
    for d in PEERS:
        cells = []
        for b in boards:
            res, use = h(d, b, "steady", "owner_listed", "reserved_bytes"), h(d, b, "steady", "owner_listed", "inuse_bytes")
            cells.append("%s / %s" % (num(res), num(use)))
        rows.append([d + " (host, peer)"] + cells + ["–"])
    return table(head, rows)


def block_traces():
    """The Xous traces, per phase: modelled cycles (and instructions)."""
    out = []
    for b in CYCLE_BOARDS:
        head = ["design"] + ["%s cycles" % p for p in PHASES] + ["all: instructions", "all: × xous_fixed",
                                                                "all: cycles with the replay loop"]
        rows = []
        for d in DESIGNS:
            if tr(d, b) is None:
                continue
            rows.append([d] + [num(tr(d, b, p)) for p in PHASES] + [num(tr(d, b, "all", "instructions")),
                                                                    times(ratio(tr(d, b), tr(BASE, b))),
                                                                    num(tr_raw(d, b))])
        ops = {p: tr(BASE, b, p, "ops") for p in PHASES}
        out.append("**%s** (%s operations: %s)\n\n%s" % (
            b, num(ops["all"]), ", ".join("%s %s" % (p, num(ops[p])) for p in PHASES[:-1]), table(head, rows)))
    return "\n\n".join(out)


def block_split():
    """Each design's gain over today's Xous, split into the cursor fix
    (xous -> xous_fixed) and the table (xous_fixed -> design), whole trace."""
    head = ["design"]
    for b in CYCLE_BOARDS:
        head += ["%s: gain over xous" % b, "of which the cursor fix", "of which the table"]
    rows = []
    for d in DESIGNS:
        cells = []
        for b in CYCLE_BOARDS:
            x, f, c = tr(XOUS, b), tr(BASE, b), tr(d, b)
            cells += [times(ratio(x, c)), times(ratio(x, f)), times(ratio(f, c))]
        rows.append([d] + cells)
    return table(head, rows) + ("\n\nThe split is multiplicative: gain = cursor fix × table. The same split per "
                                "phase: `alloc` lives in the boot (heaps) and steady (IPC churn) phases.")


def eligible(board="precursor"):
    base = rv(XOUS, "owner_listed", board, "reserved_bytes")
    return {d: (rv(d, "owner_listed", board, "reserved_bytes"), base) for d in DESIGNS}


def score(d, board):
    """Geometric mean over the non-debug variants of the rule's cost."""
    xs = [verdict_cost(d, board, v) for v in VERDICT_VARIANTS]
    return None if any(x is None for x in xs) else geomean(xs)


def winner():
    """The rule, committed in REPORT.md before the results (issue 17):
    candidates are the designs within BUDGET x xous's reserved bytes on each
    board; Precursor decides, fewest cycles by geometric mean over the
    non-debug variants; within TIE, Baochip-1x decides.  Cycles are the
    kernel's whole bill where bill.csv has them, the table's own until then."""
    rows, fits = [], []
    for d in DESIGNS:
        ok = True
        cells = [d]
        for b in CYCLE_BOARDS:
            r, base = eligible(b)[d]
            m = None if r is None or not base else r / base
            ok = ok and m is not None and m <= BUDGET
            cells.append("–" if m is None else "%.3f×" % m)
        sp, sb = score(d, "precursor"), score(d, "bao1x")
        ok = ok and sp is not None
        bp = geomean([best_base("precursor", v)[0] for v in VERDICT_VARIANTS])
        bb = geomean([best_base("bao1x", v)[0] for v in VERDICT_VARIANTS])
        cells += ["yes" if ok else "no", num(sp), num(sb), times(ratio(sp, bp)), times(ratio(sb, bb))]
        rows.append(cells)
        if ok:
            fits.append((sp, sb if sb is not None else float("inf"), d))
    if not fits:
        return None, [], rows
    best = min(f[0] for f in fits)
    tied = sorted((f for f in fits if f[0] <= best * (1 + TIE)), key=lambda f: (f[1], f[0]))
    win = tied[0]
    others = sorted(f for f in fits if f[2] != win[2])
    return win, others, rows


def block_winner():
    win, others, rows = winner()
    head = ["design", "reserved × xous, Precursor", "× xous, Baochip-1x", "candidate",
            "Precursor: geomean cycles", "Baochip-1x: geomean cycles",
            "Precursor × best Xous (geomean)", "Baochip-1x × best Xous (geomean)"]
    what = "the kernel's whole bill (results/rv32/bill.csv)" if bill else \
        "the table's own modelled cycles, net of the replay loop (results/rv32/traces.csv; no bill.csv yet)"
    text = "Cycles counted: %s; variants: %s.\n\n" % (what, ", ".join("`%s`" % v for v in VERDICT_VARIANTS))
    text += table(head, rows)
    if win is None:
        return text + "\n\n**No winner**: no design within budget has trace results.", None
    text += "\n\n**Winner: `%s`** — geometric mean %s cycles a Precursor variant" % (win[2], num(win[0]))
    if others:
        ru = others[0]
        text += ("; the runner-up, `%s`, %s (%.3f× the winner's)" % (ru[2], num(ru[0]), ru[0] / win[0]))
    tied = [o for o in others if o[0] <= win[0] * (1 + TIE)]
    text += (". Tied within %d%% on Precursor and decided on Baochip-1x: %s." % (
        round(TIE * 100), ", ".join("`%s`" % o[2] for o in tied)) if tied else ".")
    return text, win[2]


def block_variants(whole=False):
    """Every design on every variant: cycles as a multiple of the best of
    the three Xous baselines on that variant -- the table's own cycles (with
    the floor), or the kernel's whole bill."""
    if whole and not bill:
        return "No bill yet (`make bench-bill`)."
    cost = (lambda d, b, v: bill.get((d, b, v))) if whole else tv
    out = []
    for b in CYCLE_BOARDS:
        head = ["design"] + ["`%s`" % v for v in VARIANTS] + ["geomean (non-debug)"] + \
            ([] if whole else ["× floor (geomean)"])
        rows = []
        for d in DESIGNS + ([] if whole else ["floor"]):
            cells, rs, fs = [], [], []
            for v in VARIANTS:
                c = cost(d, b, v)
                base = min((x for x in (cost(y, b, v) for y in BASELINES) if x is not None), default=None)
                r = ratio(c, base)
                cells.append(times(r))
                if v not in DEBUG_VARIANTS:
                    rs.append(r)
                    fs.append(ratio(c, tv("floor", b, v)))
            rows.append([d] + cells + [times(geomean(rs))] + ([] if whole else [times(geomean(fs))]))
        what = "the kernel's whole bill (bill.csv)" if whole else "the table's own cycles (traces.csv)"
        out.append("**%s** — %s × the best Xous baseline of the variant\n\n%s" % (b, what, table(head, rows)))
    return "\n\n".join(out)


def trace_counts(name):
    """Operation lines per kind and phase in a committed trace."""
    n, phase = {}, None
    path = "workloads/traces/%s.trace" % name
    if not os.path.exists(path):
        return n
    with open(path) as f:
        for line in f:
            if line.startswith("# phase "):
                phase = line.split()[2]
            elif line.strip() and not line.startswith("#"):
                k = (phase, line.split()[0])
                n[k] = n.get(k, 0) + 1
    return n


def block_answer(win):
    """The maintainer's answer in numbers: what each change is worth per
    event, per variant and board (the table's own cycles)."""
    head = ["board", "variant", "allocs", "cursor line: xous − xous_hint per alloc",
            "xous − xous_fixed per alloc", "exits", "release_all: xous_fixed − %s per exit" % win,
            "%s × best Xous" % win, "flag (> 1.05×)"]
    rows = []
    for b in CYCLE_BOARDS:
        for v in VARIANTS:
            n = trace_counts("%s-%s" % (b, v))
            allocs = sum(c for (p, k), c in n.items() if k == "alloc" and p != "loader")
            exits = sum(c for (p, k), c in n.items() if k == "release_all")
            x, f, hnt = tv(XOUS, b, v), tv(BASE, b, v), tv("xous_hint", b, v)
            ex_f, ex_w = tv(BASE, b, v, "exit"), tv(win, b, v, "exit")
            r = ratio(verdict_cost(win, b, v), best_base(b, v)[0])
            flag = "" if r is None or r <= 1.05 else ("**yes**" if v not in DEBUG_VARIANTS else "yes (debug)")
            rows.append([b, v, num(allocs), num(None if x is None or hnt is None or not allocs else (x - hnt) / allocs),
                         num(None if x is None or f is None or not allocs else (x - f) / allocs), num(exits),
                         num(None if ex_f is None or ex_w is None or not exits else (ex_f - ex_w) / exits),
                         times(r), flag])
    return table(head, rows)


heldout_rows = read_csv("results/rv32/heldout.csv")
bill_rows = read_csv("results/rv32/bill.csv")
bill_event_rows = read_csv("results/rv32/bill_events.csv")
EVENTS = ["fault", "ipc", "pt", "queue", "spawn", "map", "unmap", "send", "exit", "debug"]


def block_bill_events(win):
    """Per event kind, all variants and charged phases together: the whole
    bill per event, the table's cycles in it, and the share."""
    if not bill_event_rows:
        return "No bill yet (`make bench-bill`)."
    designs = [d for d in ["xous", "xous_fixed", "xous_hint", win] if d in DESIGNS]
    designs = list(dict.fromkeys(designs))
    agg = {}
    for r in bill_event_rows:
        if r["phase"] == "loader":
            continue
        k = (r["board"], r["strategy"], r["event"])
        a = agg.setdefault(k, [0, 0.0, 0.0])
        a[0] += int(r["events"])
        a[1] += float(r["whole_cycles"])
        a[2] += float(r["table_cycles"])
    out = []
    for b in CYCLE_BOARDS:
        rows = []
        for e in EVENTS:
            cells = []
            for d in designs:
                a = agg.get((b, d, e))
                if not a or not a[0]:
                    cells.append("–")
                    continue
                cells.append("%s / %s / %.1f%%" % (num(a[1] / a[0]), num(a[2] / a[0]), 100.0 * a[2] / a[1]))
            if any(c != "–" for c in cells):
                n = agg.get((b, designs[0], e), [0])[0]
                rows.append(["%s (%s)" % (e, num(n))] + cells)
        out.append("**%s** — cycles per event: whole / table / the table's share (events in brackets)\n\n%s" % (
            b, table(["event"] + ["`%s`" % d for d in designs], rows)))
    return "\n\n".join(out)


def block_bill_total():
    """The whole bill over every variant and charged phase, per design."""
    if not bill_rows:
        return "No bill yet (`make bench-bill`)."
    tot = {}
    for r in bill_rows:
        if r["phase"] == "loader":
            continue
        k = (r["board"], r["strategy"], r["variant"] in DEBUG_VARIANTS)
        a = tot.setdefault(k, [0.0, 0.0])
        a[0] += float(r["whole_cycles"])
        a[1] += float(r["table_cycles"])
    rows = []
    for d in DESIGNS:
        cells = []
        for b in CYCLE_BOARDS:
            a = tot.get((b, d, False))
            base = min((tot[(b, x, False)][0] for x in BASELINES if (b, x, False) in tot), default=None)
            cells += ["–" if a is None else "%s (%.1f%%)" % (num(a[0]), 100.0 * a[1] / a[0]),
                      times(ratio(a[0], base) if a else None)]
        rows.append([d] + cells)
    head = ["design"]
    for b in CYCLE_BOARDS:
        head += ["%s: whole bill, non-debug variants (table's share)" % b, "× best Xous"]
    return table(head, rows)



def block_heldout(win):
    """The held-out workloads: every design's cycles over the best Xous
    baseline of that trace."""
    if not heldout_rows:
        return "No held-out results yet (`make bench-heldout`)."
    names = ordered(heldout_rows, "trace")
    designs = [d for d in ordered(heldout_rows) if d in DESIGNS or d == "floor"]
    r = {(x["board"], x["trace"], x["strategy"]): float(x["ratio_to_best_xous"]) for x in heldout_rows}
    spec = {(x["board"], x["trace"]): x["spec"] for x in heldout_rows}
    rows = []
    for b in CYCLE_BOARDS:
        for n in names:
            if (b, n) not in spec:
                continue
            w = r.get((b, n, win))
            rows.append(["%s %s" % (b, n), "`%s`" % spec[(b, n)]] + [times(r.get((b, n, d))) for d in designs] +
                        ["" if w is None or w <= 1.05 else "**yes**"])
    worst = max((v, k) for k, v in r.items() if k[2] == win) if any(k[2] == win for k in r) else (None, None)
    text = table(["trace", "xoustrace arguments"] + designs + ["%s > 1.05×" % win], rows)
    if worst[0] is not None:
        text += "\n\nWorst case for `%s`: %s the best Xous baseline (%s %s)." % (win, times(worst[0]), worst[1][0], worst[1][1])
    return text


# The RTL's replays (make bench-rtl: every variant of the call mix).
rtl_rows = read_csv("results/rtl/traces.csv")


def block_rtl_verdict(win):
    """The verdict's table cycles on the CPUs' RTL (results/rtl/traces.csv,
    S-mode with Sv32; memory beyond the CPU modelled): per replayed variant,
    boot + steady + exit less the no-op's, as a multiple of the best Xous
    baseline there, beside the model's same figure from the same run."""
    if not rtl_rows:
        return "No RTL results (`make bench-rtl`)."
    cyc = {}
    for r in rtl_rows:
        if r["phase"] not in ("boot", "steady", "exit"):
            continue
        v = r["bench"].replace("replay_", "").split("-", 1)
        if len(v) != 2:
            continue
        k = (r["board"], v[1], r["strategy"])
        a = cyc.setdefault(k, [0.0, 0.0])
        a[0] += float(r["rtl_cycles"])
        a[1] += float(r["model_cycles"])
    rows = []
    designs = [d for d in [win] + BASELINES + ["split", "floor"] if any(k[2] == d for k in cyc)]
    designs = list(dict.fromkeys(designs))
    for b in CYCLE_BOARDS:
        for v in VARIANTS:
            if (b, v, "noop") not in cyc:
                continue
            net = lambda d, i: cyc[(b, v, d)][i] - cyc[(b, v, "noop")][i] if (b, v, d) in cyc else None
            cells = []
            for i in (0, 1):
                best = min((x for x in (net(y, i) for y in BASELINES) if x is not None), default=None)
                cells.append([times(ratio(net(d, i), best)) for d in designs])
            rows.append([b, v] + ["%s (%s)" % (r, m) for r, m in zip(cells[0], cells[1])])
    return table(["board", "variant"] + ["`%s`: RTL (model)" % d for d in designs], rows)


def rtl_tables_text():
    path = "results/rtl/tables.md"
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return f.read()


def block_rtl_tables():
    """rtl/tables.awk's tables: each board's quiet steady phase per design and
    the per-operation summary (the other variants' steady tables stay in
    results/rtl/tables.md)."""
    text = rtl_tables_text()
    if text is None:
        return "No RTL results (`make bench-rtl`)."
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    keep, take = [], False
    for p in paras:
        head = p.split("\n")[0]
        if head.startswith("Model error against the RTL") or head.startswith("Ranking of the designs"):
            take = False
        elif ", steady phase" in head:
            take = "-quiet, steady phase" in head
        elif head.startswith("Per-operation suite"):
            take = True
        if take:
            keep.append(p)
    return "\n\n".join(keep)


def block_rtl_variants():
    """The summary over every variant of the call mix on both RTL sims: the
    model's error per phase and the rankings."""
    text = rtl_tables_text()
    if text is None:
        return "No RTL results (`make bench-rtl`)."
    i = text.find("Model error against the RTL per trace phase")
    j = text.find("Per-operation suite")
    return text[i:j if j > i else len(text)].strip() if i >= 0 else text.strip()


def block_rtl_bill(win):
    """The kernel image on the RTL (results/rtl/bill.csv, make bench-rtl's
    bill-rtl): per board and design, the whole bill and the table's own
    cycles (boot + steady + exit) on the RTL, the model's error on each, and
    each design's table and whole as a multiple of the best Xous fix's."""
    rows = read_csv("results/rtl/bill.csv")
    if not rows:
        return "No RTL results (`make bench-rtl`)."
    tot = {}
    for r in rows:
        if r["phase"] not in ("boot", "steady", "exit"):
            continue
        a = tot.setdefault((r["board"], r["strategy"]), [0.0] * 4)
        for i, k in enumerate(("rtl_whole", "model_whole", "rtl_table", "model_table")):
            a[i] += float(r[k])
    out = []
    for b in CYCLE_BOARDS:
        designs = [d for d in BASELINES + [win] if (b, d) in tot]
        designs += sorted(d for (bb, d) in tot if bb == b and d not in designs)
        if not designs:
            continue
        fixes = [d for d in BASELINES if d != "xous" and (b, d) in tot]
        best = min(fixes, key=lambda d: tot[(b, d)][2]) if fixes else None
        for d in designs:
            w, mw, t, mt = tot[(b, d)]
            out.append([b, "`%s`" % d, "%d" % w, "%+.1f%%" % (100 * (mw - w) / w), "%d" % t,
                        "%+.1f%%" % (100 * (mt - t) / t), "%.1f%%" % (100 * t / w),
                        times(ratio(t, tot[(b, best)][2])) if best else "",
                        times(ratio(w, tot[(b, best)][0])) if best else ""])
    return table(["board", "design", "whole bill, RTL cycles", "model error", "table, RTL cycles",
                  "model error", "table's share", "table × best fix", "whole × best fix"], out)


def block_goals19():
    """Issue 19's goals, from the RTL results: the model's error on every
    per-operation row and every replayed trace phase, and the ranking per
    variant (boot + steady + exit) under RTL and model."""
    perop = read_csv("results/rtl/perop.csv")
    traces = read_csv("results/rtl/traces.csv")
    ranking = read_csv("results/rtl/ranking.csv")
    if not perop or not traces:
        return "No RTL results (`make bench-rtl`)."

    def errs(rows):
        e = [(abs(float(r["model_err_pct"])), r) for r in rows if r["model_err_pct"] not in ("", None)]
        worst = max(e, key=lambda x: x[0]) if e else (0, None)
        return e, worst

    def where(r):
        return "%s %s %s %s" % (r["board"], r["strategy"], r["bench"].replace("replay_", ""), r["phase"])

    def misses(e):
        out = sorted(((x, r) for x, r in e if x > 15), key=lambda t: -t[0])
        return "" if not out else "; over 15%%: %s" % ", ".join(
            "%s (%+.1f%%)" % (where(r), float(r["model_err_pct"])) for _, r in out)
    ep, wp = errs(perop)
    et, wt = errs(traces)
    variants = sorted({r["bench"] for r in traces})
    per_var = [r for r in ranking if r["phase"] == "all"]
    same = sum(1 for r in per_var if r["same_order"] == "yes")
    disc = [r for r in per_var if int(r["discordant_pairs"]) > 0]
    rows = [
        ["Must: instructions per window equal to QEMU's", "every window of every run (bench-rtl fails otherwise)", "met"],
        ["Must: model within 15% on every per-operation row",
         "%d of %d rows; worst %.1f%% (%s)%s" % (sum(1 for e, _ in ep if e <= 15), len(ep), wp[0], where(wp[1]),
                                                 misses(ep)),
         "met" if all(e <= 15 for e, _ in ep) else "missed"],
        ["Must: model within 15%% on every trace phase (%d replays)" % len(variants),
         "designs: %d of %d phases; the no-op baseline (the replay loop alone): %d of %d; worst %.1f%% (%s)" % (
             sum(1 for e, r in et if e <= 15 and r["strategy"] != "noop"), sum(1 for e, r in et if r["strategy"] != "noop"),
             sum(1 for e, r in et if e <= 15 and r["strategy"] == "noop"), sum(1 for e, r in et if r["strategy"] == "noop"),
             wt[0], where(wt[1])) + misses(et),
         "met" if all(e <= 15 for e, _ in et) else
         "met for the designs" if all(e <= 15 for e, r in et if r["strategy"] != "noop") else "missed"],
        ["Must: same ranking of designs on every variant (boot + steady + exit)",
         "same order on %d of %d; %s" % (same, len(per_var),
                                         "no discordant pair beyond a 3% near-tie" if not disc else
                                         "discordant: " + ", ".join("%s %s (%s pairs)" % (r["board"], r["bench"].replace("replay_", ""), r["discordant_pairs"]) for r in disc)),
         "met" if not disc else "missed"],
        ["Goal: within 5%", "per-op %d of %d rows, trace phases %d of %d" % (
            sum(1 for e, _ in ep if e <= 5), len(ep), sum(1 for e, _ in et if e <= 5), len(et)),
         "met" if all(e <= 5 for e, _ in ep + et) else "missed"],
    ]
    return table(["goal", "measured", ""], rows)


def block_rtl_stalls():
    path = "results/rtl/stalls.md"
    if not os.path.exists(path):
        return "No RTL stall breakdown (`make bench-rtl`, then `make rtl-stalls`)."
    with open(path) as f:
        return f.read().strip()


def block_goals17(win):
    rows = []
    for b in CYCLE_BOARDS:
        worst = max(((ratio(verdict_cost(win, b, v), best_base(b, v)[0]) or 0, v) for v in VERDICT_VARIANTS),
                    default=(None, None))
        rows.append(goal("%s, %s: ≤ 1.05× the best Xous baseline on every non-debug variant" % (win, b),
                         None if worst[0] is None else worst[0] <= 1.05,
                         "worst %s on `%s`" % (times(worst[0]), worst[1])))
        m = ratio(rv(win, "owner_listed", b, "reserved_bytes"), rv(XOUS, "owner_listed", b, "reserved_bytes"))
        rows.append(goal("%s, %s: reserved bytes ≤ 1.1× xous" % (win, b), None if m is None else m <= 1.1,
                         "–" if m is None else "%.3f×" % m))
        what = "whole bill" if bill else "table cycles"
        g = geomean([ratio(best_base(b, v)[0], verdict_cost(win, b, v)) for v in VERDICT_VARIANTS])
        rows.append(goal("%s, %s: ≥ 1.25× fewer cycles than the best Xous baseline (geomean, %s)" % (win, b, what),
                         None if g is None else g >= 1.25, "%s fewer" % times(g)))
        if bill:
            tb = lambda v: min((x for x in (tv(y, b, v) for y in BASELINES) if x is not None), default=None)
            g2 = geomean([ratio(tb(v), tv(win, b, v)) for v in VERDICT_VARIANTS])
            rows.append(goal("%s, %s: the same, the table's own cycles (traces.csv)" % (win, b),
                             None if g2 is None else g2 >= 1.25, "%s fewer" % times(g2)))
        fl = geomean([ratio(tv(win, b, v), tv("floor", b, v)) for v in VERDICT_VARIANTS])
        rows.append(goal("%s, %s: within 1.5× of the floor (geomean)" % (win, b), None if fl is None else fl <= 1.5,
                         times(fl)))
    hw = [float(x["ratio_to_best_xous"]) for x in heldout_rows if x["strategy"] == win]
    if hw:
        rows.append(goal("%s: ≤ 1.05× the best Xous baseline on the held-out workloads (both boards)" % win,
                         max(hw) <= 1.05, "worst %s over %d traces" % (times(max(hw)), len(hw))))
    return table(["goal (issue 17)", "measured", "verdict"], rows)


def block_owner_ranking():
    """The former rule, kept as a secondary table: the worst of the three
    Precursor owner rows, in instructions and in modelled cycles."""
    head = ["design", "owner: listed / RAM / other (instructions)", "worst", "owner: listed / local / RAM (cycles, Precursor)",
            "owner: listed / local / RAM (cycles, Baochip-1x)"]
    rows = []
    for d in DESIGNS:
        ins = [rv(d, op) for op in OWNER_ROWS]
        worst = max(x for x in ins if x is not None) if any(x is not None for x in ins) else None
        cyc = lambda b: " / ".join(num(rv(d, op, b, "cycles_per_op")) for op in ("owner_listed", "owner_local", "owner_ram"))
        rows.append([d, " / ".join(num(x) for x in ins), num(worst), cyc("precursor"), cyc("bao1x")])
    return table(head, rows)


def goal(name, ok, measured):
    return [name, measured, "–" if ok is None else ("met" if ok else "**missed**")]


def block_goals(win):
    """The sixth design's goals (issue 14), for the winner and for every
    design that claims them."""
    rows = []
    cands = [d for d in DESIGNS if d == "split"] or [win]
    for d in cands + ([win] if win not in cands else []):
        for b in CYCLE_BOARDS:
            c, f = tr(d, b), tr(BASE, b)
            others = [tr(o, b) for o in DESIGNS if o != d and tr(o, b) is not None]
            r, raw = ratio(c, f), ratio(tr_raw(d, b), tr_raw(BASE, b))
            row = goal("%s, %s: whole-trace cycles ≤ 0.5× xous_fixed" % (d, b), None if r is None else r <= 0.5,
                       "%s net of the replay loop; %s with it" % (times(r), times(raw)))
            if r is not None and raw is not None and (r <= 0.5) != (raw <= 0.5):
                row[2] += " net; %s with the loop" % ("met" if raw <= 0.5 else "**missed**")
            rows.append(row)
            lowest = None if c is None or not others else c < min(others)
            rows.append(goal("%s, %s: fewer whole-trace cycles than every other design" % (d, b), lowest,
                             "%s vs next best %s" % (num(c), num(min(others) if others else None))))
            m = ratio(rv(d, "owner_listed", b, "reserved_bytes"), rv(XOUS, "owner_listed", b, "reserved_bytes"))
            rows.append(goal("%s, %s: reserved bytes ≤ 1.1× xous" % (d, b), None if m is None else m <= 1.1,
                             "–" if m is None else "%.3f×" % m))
            x = ratio(rv(BASE, "release_all_1pct", b, "cycles_per_op"), rv(d, "release_all_1pct", b, "cycles_per_op"))
            rows.append(goal("%s, %s: release_all of a 1%% process ≥ 10× fewer cycles than xous_fixed" % (d, b),
                             None if x is None else x >= 10, times(x)))
            y = ratio(rv(BASE, "alloc_90pct", b, "cycles_per_op"), rv(d, "alloc_90pct", b, "cycles_per_op"))
            rows.append(goal("%s, %s: alloc at 90%% ≥ 2× fewer cycles than xous_fixed" % (d, b),
                             None if y is None else y >= 2, times(y)))
        o = rv(d, "owner_ram")
        rows.append(goal("%s: RV32 owner of a main-RAM page ≤ 8 instructions (Precursor)" % d,
                         None if o is None else o <= 8, num(o)))
    return table(["goal", "measured", "verdict"], rows)


def block_xous_cursor():
    rows = []
    for pct in (50, 90, 99):
        op = "alloc_%dpct" % pct
        rows.append(["%d%%" % pct, num(ratio(h(XOUS, "precursor", "fill", op), h("floor", "precursor", "steady", "owner_listed"))),
                     times(ratio(h(XOUS, "precursor", "fill", op), h(BASE, "precursor", "fill", op)))])
    text = table(["RAM occupied", "xous alloc, in floor lookups", "xous alloc / xous_fixed alloc (host)"], rows)
    for b in CYCLE_BOARDS:
        a, f = rv(XOUS, "alloc_90pct", b, "cycles_per_op"), rv(BASE, "alloc_90pct", b, "cycles_per_op")
        text += ("\n\n%s, RV32 at 90%% occupancy: `xous`'s alloc costs %s modelled cycles against %s for "
                 "`xous_fixed` (%s): the one-line fix alone." % (b, num(a), num(f), times(ratio(a, f))))
    return text


def block_mapcost():
    """A whole map and unmap (alloc + PTE write + sfence.vma; PTE clear +
    sfence.vma + release): the table's share of the modelled cycles."""
    def mc(d, b, what, field="cycles_per_page"):
        r = mapcost.get((d, b, what))
        return float(r[field]) if r else None
    head = ["design"]
    for b in CYCLE_BOARDS:
        head += ["%s: map (cycles)" % b, "table's share", "unmap (cycles)", "table's share", "TLB misses per map"]
    rows = []
    for d in DESIGNS:
        cells = []
        for b in CYCLE_BOARDS:
            m, pm, u, pu = mc(d, b, "map"), mc(d, b, "pt_map"), mc(d, b, "unmap"), mc(d, b, "pt_unmap")
            share = lambda whole, part: "–" if whole is None or part is None else "%d%%" % round(100 * (whole - part) / whole)
            cells += [num(m), share(m, pm), num(u), share(u, pu), num(mc(d, b, "map", "dtlb_misses_per_page"), 2)]
        rows.append([d] + cells)
    return table(head, rows)


SCENARIOS = [("as modelled", {}),
             ("page walk 2 cycles a level", {"ptw_level_cycles": 2}),
             ("page walk 20 cycles a level", {"ptw_level_cycles": 20}),
             ("L1 refills and fills ×0.5", "half"),
             ("L1 refills and fills ×2", "double"),
             ("stores 1 cycle", {"store_cycles": 1}),
             ("stores 4 cycles", {"store_cycles": 4})]


def scenario(board, spec):
    if isinstance(spec, dict):
        return spec
    base = constants.get(board, {})
    k = 0.5 if spec == "half" else 2.0
    return {c: base[c] * k for c in ("i_refill_cycles", "d_refill_cycles", "mem_fill_cycles",
                                     "mem_writeback_cycles") if c in base}


def block_sensitivity():
    """Would the verdict survive other values of the model's assumed
    latencies?  Whole-trace cycles recomputed from the same counts."""
    head = ["assumption"]
    for b in CYCLE_BOARDS:
        head += ["%s: fewest cycles" % b, "its cycles × xous_fixed", "runner-up × winner"]
    rows = []
    for label, spec in SCENARIOS:
        cells = []
        for b in CYCLE_BOARDS:
            change = scenario(b, spec)
            costs = sorted((recost(d, b, change), d) for d in DESIGNS if recost(d, b, change) is not None)
            if not costs:
                cells += ["–", "–", "–"]
                continue
            f = recost(BASE, b, change)
            cells += ["`%s`" % costs[0][1], times(ratio(costs[0][0], f)),
                      "`%s` %s" % (costs[1][1], times(ratio(costs[1][0], costs[0][0]))) if len(costs) > 1 else "–"]
        rows.append([label] + cells)
    return table(head, rows) + ("\n\nCounts (instructions, misses, stores, walks) do not depend on the latencies, "
                                "so each row re-prices the same run; it cannot show a change of geometry "
                                "(cache or TLB sizes), which would need a new run.")


def block_layout():
    """The whole trace with the table moved by 0, 16, 32 and 48 KiB: how much
    of a result is where the table happens to fall in a direct-mapped L2."""
    head = ["design"] + ["%s: least .. most cycles (spread)" % b for b in CYCLE_BOARDS]
    rows = []
    for d in DESIGNS:
        cells = []
        for b in CYCLE_BOARDS:
            v = layout.get((d, b))
            cells.append("–" if not v else "%s .. %s (%.2f%%)" % (num(min(v)), num(max(v)), 100 * (max(v) - min(v)) / min(v)))
        rows.append([d] + cells)
    best = {}
    for b in CYCLE_BOARDS:
        shifts = len(next((v for (d, bb), v in layout.items() if bb == b), []))
        winners = set()
        for i in range(shifts):
            winners.add(min((v[i], d) for (d, bb), v in layout.items() if bb == b and len(v) > i)[1])
        best[b] = winners
    return table(head, rows) + "\n\nFewest cycles at every shift: " + "; ".join(
        "%s %s" % (b, ", ".join("`%s`" % w for w in sorted(best[b])) or "–") for b in CYCLE_BOARDS) + "."


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
        "cycles": block_cycles(),
        "traces": block_traces(),
        "split": block_split(),
        "winner": winner_text,
        "variants": block_variants(),
        "variants-bill": block_variants(True),
        "answer": block_answer(win),
        "goals17": block_goals17(win),
        "heldout": block_heldout(win),
        "rtl-verdict": block_rtl_verdict(win),
        "rtl-tables": block_rtl_tables(),
        "rtl-variants": block_rtl_variants(),
        "rtl-bill": block_rtl_bill(win),
        "rtl-stalls": block_rtl_stalls(),
        "goals19": block_goals19(),
        "bill-events": block_bill_events(win),
        "bill-total": block_bill_total(),
        "owner-ranking": block_owner_ranking(),
        "goals": block_goals(win),
        "xous-cursor": block_xous_cursor(),
        "scaling": block_scaling(),
        "mapcost": block_mapcost(),
        "sensitivity": block_sensitivity(),
        "layout": block_layout(),
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
    if win is None:
        sys.exit("report.py: no winner: results/rv32/traces.csv lacks designs within budget")
    with open(winner_path, "w") as f:
        f.write(win + "\n")
    print("report: REPORT.md tables regenerated; winner %s" % win)


if __name__ == "__main__":
    main()
