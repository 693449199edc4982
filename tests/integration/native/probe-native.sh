# pmswitch probe of piecemeal needs no nesting: where this host's /dev/kvm
# runs a 64-bit guest and single-steps it, the probe runs here, as a table
# and as JSON. Bad command lines are refused before anything runs.
. "$(dirname "$0")/../lib.sh"
t_run probe --tap "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 2
expect_err "^pmswitch probe: prints a table or --json"
t_run probe "$BUILD/examples/original64.elf"
expect_rc 2
expect_err '^pmswitch probe: needs ORIGINAL.elf and TARGET.elf$'
[ "$T_FAILED" = 0 ] || t_done
"$PMSWITCH" check 2>/dev/null | grep -q '^guest-64: long64' || { echo "no /dev/kvm that runs a 64-bit guest"; exit 77; }
t_run probe --method piecemeal "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 0
expect_out '^inconsistent boundaries: [1-9][0-9]* of [1-9][0-9]*, crashed: [1-9][0-9]* of [1-9][0-9]*$'
expect_out ' piecemeal_load\+0x[0-9a-f]+ +O +T +O +[=OT] +O +O +O +O +O +INCONSISTENT +nmi: died \(triple fault\)$'
t_run probe --json --method piecemeal "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 0
expect_out '^\{"boundary": 0, "rip": [0-9]+, "where": "piecemeal_switch_now\+0x[0-9a-f]+", "owners": \{"cr0": "O", "cr3": "O", '
expect_out '"consistent": false, "nmi": "died", "nmi-detail": "triple fault"\}$'
expect_out '^\{"event": "probe", "boundaries": [1-9][0-9]*, "inconsistent": [1-9][0-9]*, "crashed": [1-9][0-9]*, "cut": false, "status": 0, '
n=$(grep -vc '^{.*}$' "$T_OUT")
[ "$n" -eq 0 ] || t_fail "$n lines are not one JSON object each"
t_done
