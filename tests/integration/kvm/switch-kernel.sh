# A kernel-style target, linked at 0xffffffff80000000 with -mcmodel=kernel:
# O switches to it with the host's default method (vmx-exit on Intel,
# svm-entry on AMD), the upper-half entry is called with a 64-bit absolute
# call, and T runs on a stack of its own in the upper half and returns 0.
# The other 64-bit methods of the host take it as well.
. "$(dirname "$0")/../lib.sh"
o=$BUILD/examples/original64.elf
t=$BUILD/tests/images/target-kernel64.elf
case $VMHOST in
intel) default=vmx-exit others="vmx-entry piecemeal" ;;
*) default=svm-entry others=piecemeal ;;
esac
t_run run "$o" "$t"
expect_rc 0
expect_out " method $default$"
expect_out '^ +[0-9]+ T text .*"hello from the upper half"$'
expect_out 'T target-done .* target returned 0$'
expect_out '^landing: the vCPU at the first instruction in the target is the target '
expect_out '^verified: '
expect_out "^result: PASS switched $o -> $t with $default "
for m in $others; do
	t_run run -q --method "$m" "$o" "$t"
	expect_rc 0
	expect_out "^result: PASS switched $o -> $t with $m "
done
t_done
