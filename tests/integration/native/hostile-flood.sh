# What a guest can make the VMM keep and print is bounded: the record log
# keeps at most 8192 records (the rest are counted, and still count for
# the verdict), so a timeline of the widest records, 488 bytes of text that
# is not printable each, stays under 16 MiB, 24 MiB in JSON; emergency
# writes keep 255 characters. Measured here against a guest that sends
# 30000 such records (3.7 times what is kept) in 12 KiB buffers, and one
# that makes 10000 emergency writes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../hostile/lib.sh"
hostile_host
FLOOD=30003     # records 0 and 1 through the switcher's console, 2 .. 30002 raw
KEPT=8192
# A bound, not a timing: the flood takes about a second here.
T="--timeout 300"

# The whole timeline goes to $F; T_OUT keeps its first and last three
# lines, cut to 200 bytes, so that a failure shows evidence, not 16 MiB.
F=${TMPDIR:-/tmp}/pmsw-flood.$$
trap 'rm -f "$T_OUT" "$T_ERR" "$F"' EXIT
flood_digest() {
	mv "$T_OUT" "$F"
	awk -v n="$(wc -l <"$F")" 'NR <= 3 || NR > n - 3' "$F" | cut -c 1-200 >"$T_OUT"
}

# A short run to compare with: the VMM's peak resident set with 3 records.
t_run_rss run $T --method piecemeal "$HOSTILE/desc_loop.elf" "$BUILD/examples/target64.elf"
expect_rc 1
base_kb=$T_RSS_KB

t_run_rss run $T --method piecemeal "$HOSTILE/raw_flood.elf" "$BUILD/examples/target64.elf"
flood_kb=$T_RSS_KB
flood_digest
expect_rc 1
expect_verdict -F "FAIL the run ended before the target finished"
expect_kept raw_flood
expect_out "^  \\.\\.\\. $((FLOOD - KEPT)) more records were not kept \\(at most $KEPT are\\)\$"
shown=$(grep -Ec '^ +[0-9]+ O text ' "$F")
[ "$shown" = $((KEPT - 1)) ] || t_fail "$shown text records shown, expected $((KEPT - 1))"
grep -Eq "^ *$((KEPT - 1)) O text +[+][0-9]+ \"(\\\\x01){488}\"\$" "$F" || t_fail "record $((KEPT - 1)) is not shown whole"
! grep -Eq "^ *$KEPT O " "$F" || t_fail "record $KEPT is shown"
bytes=$(wc -c <"$F")
[ "$bytes" -lt $((16 << 20)) ] || t_fail "the timeline is $bytes bytes, not under 16 MiB"
# The log holds 8192 records of 520 bytes (4160 KiB); 30003 would take
# more than 15 MiB. The bound leaves room for what AddressSanitizer adds.
grown=$((flood_kb - base_kb))
[ "$grown" -lt 12288 ] || t_fail "peak RSS grew by $grown KiB (from $base_kb KiB), not under 12 MiB"
echo "# raw_flood: $bytes bytes of timeline; peak RSS $flood_kb KiB, a short run's $base_kb KiB"

hostile_run raw_flood $T --json
flood_digest
expect_rc 1
expect_out "^\\{\"event\": \"records-not-kept\", \"count\": $((FLOOD - KEPT))\\}\$"
expect_out '^\{"event": "result", "status": 1, .*"reason": "the run ended before the target finished"\}$'
shown=$(grep -c '^{"seq": ' "$F")
[ "$shown" = $KEPT ] || t_fail "--json: $shown records shown, expected $KEPT"
bytes=$(wc -c <"$F")
[ "$bytes" -lt $((24 << 20)) ] || t_fail "--json: $bytes bytes, not under 24 MiB"
echo "# raw_flood --json: $bytes bytes"

# Emergency writes: 10000 printable characters, 255 kept, shown in the
# result line when the run ends before the target.
A=$(printf '%0255d' 0 | tr 0 A)
hostile emerg_flood 1 "FAIL the run ended before the target finished; early console: $A"
expect_out '^ +2 O text +\+[0-9]+ "original called exit\(\) before switching"$'
t_done
