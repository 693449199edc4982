# pmswitch probe of piecemeal needs no nesting: where this host's /dev/kvm
# runs a 64-bit guest and single-steps it, the probe runs here. Bad command
# lines are refused before anything runs.
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
expect_out '^inconsistent boundaries: [1-9][0-9]* of [1-9][0-9]*$'
expect_out ' piecemeal_load\+0x[0-9a-f]+ +O +T +O +[=OT] +O +O +O +O +O +inconsistent$'
t_done
