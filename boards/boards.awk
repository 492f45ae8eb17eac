# boards.awk - turns boards/*.map into C arrays (build/gen/boards.h) for the
# tests and benchmarks; the map files stay the single source of the boards.
# Only well-formed lines are expected here: the files are the project's own
# and are checked by the tool's tests.
FNR == 1 {
    if (NR > 1) print "};"
    b = FILENAME; sub(/.*\//, "", b); sub(/\.map$/, "", b)
    names[nb++] = b
    print "static const raw_region board_" b "[] = {"
}
{ sub(/#.*/, "") }
NF >= 3 { printf "    {\"%s\", %s, %s, %d},\n", $1, $2, $3, ($4 == "ram") }
END {
    print "};"
    printf "#define BOARD_COUNT %du\n", nb
    printf "static const char *const board_names[] = {"
    for (i = 0; i < nb; i++) printf "\"%s\", ", names[i]
    print "};"
    printf "static const raw_region *const board_regions[] = {"
    for (i = 0; i < nb; i++) printf "board_%s, ", names[i]
    print "};"
    printf "static const uint32_t board_sizes[] = {"
    for (i = 0; i < nb; i++) printf "sizeof board_%s / sizeof board_%s[0], ", names[i], names[i]
    print "};"
}
