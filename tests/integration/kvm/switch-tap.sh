# run --tap: the timeline as comments, then three checks; a faulting target
# fails the last two; a host without VMX gives a TAP skip.
. "$(dirname "$0")/../lib.sh"
t_run run --tap "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
if [ "$VMHOST" = amd ]; then
	expect_rc 77
	expect_out '^1\.\.0 # SKIP '
	t_done
fi
expect_rc 0
expect_out '^TAP version 13$'
expect_out '^#     6 T vmexit '
expect_out '^1\.\.3$'
expect_out '^ok 1 - all nine steps of the switch, in order$'
expect_out '^ok 2 - final vCPU state verified'
expect_out '^ok 3 - target returned 0$'
expect_no_out '^[^#Tok1]'
t_run run --tap "$BUILD/examples/original64.elf" "$BUILD/tests/images/target-pagefault64.elf"
expect_rc 1
expect_out '^not ok 1 - all nine steps'
expect_out '^not ok 3 - target returned 0$'
expect_out '^# exception 14 in target context'
t_done
