# phases.awk - labels the cache model's lines in a kernel run and sums them
# per phase.  The image prints "replay: phase NAME" just before it opens the
# model's window (vexcache/guest.h), and the plugin prints one
# "vexcache: ... cycles=N ..." line on QEMU's stderr when the window closes;
# this puts the phase's name on that line, passes every other line, and at
# the end prints the cycles of each phase name (a trace may visit a phase
# more than once: Xous's boot is the loader's pass, then the first faults).
# -v model=BOARD names the cache model the plugin was given.
/^replay: phase / { phase = $3 }
/^vexcache: / {
    line = $0; sub(/^vexcache: /, "", line)
    if (phase != "") {
        printf "  phase %s: modelled %s\n", phase, line
        for (i = 1; i <= NF; i++) if ($i ~ /^cycles=/) { c = substr($i, 8) + 0 }
        if (!(phase in cycles)) order[n++] = phase
        cycles[phase] += c
        phase = ""; fflush(); next
    }
}
{ print; fflush() }
END {
    if (n == 0) exit
    printf "cycles per phase (VexRiscv model of %s):", model
    for (i = 0; i < n; i++) printf " %s %.0f%s", order[i], cycles[order[i]], i + 1 < n ? "," : "\n"
}
