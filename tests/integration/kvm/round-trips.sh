# run --round-trips with the host's own method (vmx-exit on intel, svm-entry
# on amd): after the switch, back to O and again to T 100 times. For
# vmx-exit each trip is a VMX session of its own: the context landed in
# turns VMX on, its VMCS has itself as guest and the other as host, and the
# VM exit lands in the other. The VMM checks all 201 landings, O's and T's
# in turn; the cost each way is summed up, beside 100 bare exit round trips
# measured in the same VM (a guest that only calls, a handler that only
# enters it again).
. "$(dirname "$0")/../lib.sh"
ex=$BUILD/examples
if [ "$VMHOST" = amd ]; then
	t32=$BUILD/tests/images/target-2level32.elf
else
	t32=$ex/target32.elf
fi
for pair in "$ex/original64.elf $ex/target64.elf" "$ex/original32.elf $t32"; do
	# shellcheck disable=SC2086
	t_run run --round-trips 100 $pair
	expect_rc 0
	expect_out '^ +[0-9]+ O trip +\+[0-9]+ 1 to O in [0-9]+ TSC cycles$'
	expect_out '^ +[0-9]+ T trip +\+[0-9]+ 200 to T in [0-9]+ TSC cycles$'
	expect_out '^ +[0-9]+ [OM] bare-exit +\+[0-9]+ 100 in [0-9]+ TSC cycles$'
	expect_out '^round trips: 100; TSC cycles per switch, min/median/max: O->T [0-9]+/[0-9]+/[0-9]+ \(101\), T->O [0-9]+/[0-9]+/[0-9]+ \(100\); bare exit round trip [0-9]+/[0-9]+/[0-9]+ \(100\)$'
	expect_out '^landing: the vCPU at the first instruction in the target is the target '
	expect_out '^verified: '
	expect_out '^result: PASS '
done
# The VMM tells a landing in the wrong context: a trip asked of a run whose
# target fails at once still ends with that failure, not a hang.
t_run run --round-trips 2 "$ex/original64.elf" "$BUILD/tests/images/target-pagefault64.elf"
expect_rc 1
expect_out '^result: FAIL exception 14 in target context'
t_done
