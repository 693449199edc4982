# piecemeal back and forth, natively: run --round-trips 1000 (the most it
# takes) loads O from T and T from O one register at a time, 2000 times after
# the switch, each landing at the same instruction; the VMM checks all 2001
# landings against their own context. The summary sorts 1001 values each
# way under the run's seccomp filter. piecemeal has no exit to set them
# against: no bare exit round trip is reported.
. "$(dirname "$0")/../lib.sh"
"$PMSWITCH" check 2>/dev/null | grep -q '^guest-64: long64' || { echo "no /dev/kvm that runs a 64-bit guest"; exit 77; }
ex=$BUILD/examples
t_run run --method piecemeal --round-trips 1000 "$ex/original64.elf" "$ex/target64.elf"
expect_rc 0
expect_out '^ +[0-9]+ O trip +\+[0-9]+ 1 to O in [0-9]+ TSC cycles$'
expect_out '^ +[0-9]+ T trip +\+[0-9]+ 2000 to T in [0-9]+ TSC cycles$'
expect_out '^round trips: 1000; TSC cycles per switch, min/median/max: O->T [0-9]+/[0-9]+/[0-9]+ \(1001\), T->O [0-9]+/[0-9]+/[0-9]+ \(1000\)$'
expect_no_out 'bare'
expect_out '^verified: '
expect_out '^result: PASS '
t_run run --json --method piecemeal --round-trips 3 "$ex/original64.elf" "$ex/target64.elf"
expect_rc 0
expect_out '^\{"event": "round-trips", "asked": 3, "o-to-t": \{"count": 4, .*"t-to-o": \{"count": 3, [^{}]*\}\}$'
t_done
