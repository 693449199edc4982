# run --tap: the timeline as comments, then three checks; a faulting target
# fails the last two; a method the host cannot run gives a TAP skip. The
# host's own method: vmx-exit (nine steps) on intel, svm-entry (eight) on amd.
. "$(dirname "$0")/../lib.sh"
if [ "$VMHOST" = amd ]; then
	steps=eight vmexit='#     5 M vmexit ' other=vmx-exit
else
	steps=nine vmexit='#     6 T vmexit ' other=svm-entry
fi
t_run run --tap --method "$other" "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 77
expect_out '^1\.\.0 # SKIP '
t_run run --tap "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 0
expect_out '^TAP version 13$'
expect_out "^$vmexit"
expect_out '^1\.\.3$'
expect_out "^ok 1 - all $steps steps of the switch, in order\$"
expect_out '^ok 2 - final vCPU state verified'
expect_out '^ok 3 - target returned 0$'
expect_no_out '^[^#Tok1]'
t_run run --tap "$BUILD/examples/original64.elf" "$BUILD/tests/images/target-pagefault64.elf"
expect_rc 1
expect_out "^not ok 1 - all $steps steps"
expect_out '^not ok 3 - target returned 0$'
expect_out '^# exception 14 in target context'
t_done
