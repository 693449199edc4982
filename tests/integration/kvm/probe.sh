# pmswitch probe: the VMM single-steps the switch's path and says whose each
# context register is at every boundary, then raises an NMI right after each
# boundary in a fresh VM. piecemeal leaves the CPU half in one context and
# half in the other, and an NMI there kills the VM (K > 0, C > 0, each row
# naming its instruction); vmx-exit goes from all O's to all T's in one step
# and survives every NMI (K = 0, C = 0).
. "$(dirname "$0")/../lib.sh"
t_run probe --method piecemeal "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 0
expect_out '^inconsistent boundaries: [1-9][0-9]* of [1-9][0-9]*, crashed: [1-9][0-9]* of [1-9][0-9]*$'
# Right after the CR3 load: CR3 is T's, the IDT still O's, which T does not
# map: the NMI cannot be delivered, and the VM triple-faults.
expect_out ' piecemeal_load\+0x[0-9a-f]+ +O +T +O +[=OT] +O +O +O +O +O +INCONSISTENT +nmi: died \(triple fault\)$'
expect_out ' piecemeal_landing\+0x[0-9a-f]+ +T +T +T +[=T] +T +T +T +T +T +consistent +nmi handled$'
expect_out ' piecemeal_switch_now\+0x[0-9a-f]+ +O +O +O +[=O] +O +O +O +O +O +consistent +nmi handled$'
if [ "$VMHOST" = intel ]; then
	t_run probe "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
	expect_rc 0
	expect_out '^inconsistent boundaries: 0 of [1-9][0-9]*, crashed: 0 of [1-9][0-9]*$'
	expect_out ' vmx_exit_launch\+0x[0-9a-f]+ +O +O +O +[=O] +O +O +O +O +O +consistent +nmi handled$'
	expect_out ' vmx_host_entry\+0x0 +T +T +T +[=T] +T +T +T +T +T +consistent +nmi handled$'
	expect_no_out 'INCONSISTENT|died'
fi
t_done
