# pmswitch probe: the VMM single-steps the switch's path and says whose each
# context register is at every boundary. piecemeal leaves the CPU half in
# one context and half in the other (K > 0, each such row naming its
# instruction); vmx-exit goes from all O's to all T's in one step (K = 0).
. "$(dirname "$0")/../lib.sh"
t_run probe --method piecemeal "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 0
expect_out '^inconsistent boundaries: [1-9][0-9]* of [1-9][0-9]*$'
# Right after the CR3 load: CR3 is T's, everything else still O's.
expect_out ' piecemeal_load\+0x[0-9a-f]+ +O +T +O +[=OT] +O +O +O +O +O +inconsistent$'
expect_out ' piecemeal_landing\+0x[0-9a-f]+ +T +T +T +[=T] +T +T +T +T +T$'
t_run probe --json --method piecemeal "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 0
expect_out '^\{"boundary": 0, "rip": [0-9]+, "where": "piecemeal_switch_now\+0x[0-9a-f]+", "owners": \{"cr0": "O", "cr3": "O", '
expect_out '^\{"event": "probe", "boundaries": [1-9][0-9]*, "inconsistent": [1-9][0-9]*, "cut": false, "status": 0, '
n=$(grep -vc '^{.*}$' "$T_OUT")
[ "$n" -eq 0 ] || t_fail "$n lines are not one JSON object each"
if [ "$VMHOST" = intel ]; then
	t_run probe "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
	expect_rc 0
	expect_out '^inconsistent boundaries: 0 of [1-9][0-9]*$'
	expect_out ' vmx_exit_switch_now\+0x[0-9a-f]+ +O +O +O +[=O] +O +O +O +O +O$'
	expect_out ' vmx_host_entry\+0x0 +T +T +T +[=T] +T +T +T +T +T$'
	expect_no_out 'inconsistent$'
fi
t_done
