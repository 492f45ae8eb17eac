# errors.awk - the model's error against the RTL, per table (perop.csv, traces.csv):
# rows, mean |error|, worst row, rows within 5% and 15%, now and before calibration.
BEGIN { FS = "," }
FNR == 1 { f = FILENAME; sub(/.*\//, "", f); next }
$6 > 0 { for (c = 8; c <= 10; c += 2) { e = $c < 0 ? -$c : $c; n[f, c]++; s[f, c] += e
         if (e > w[f, c]) { w[f, c] = e; wr[f, c] = $1 " " $2 " " $3 " " $4 }
         if (e <= 5) a5[f, c]++; if (e <= 15) a15[f, c]++ } files[f] = 1 }
END { for (f in files) for (c = 10; c >= 8; c -= 2)
    printf "errors %s %s: %d rows, mean |err| %.1f%%, within 5%%: %d, within 15%%: %d, worst %.1f%% (%s)\n",
        f, c == 8 ? "model now" : "model before calibration", n[f, c], s[f, c] / n[f, c], a5[f, c], a15[f, c], w[f, c], wr[f, c] }
