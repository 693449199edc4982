# A switcher that says "vmlaunch" but reaches the target without the VM exit
# (it loads T one register at a time): the final state matches T, and the
# run still fails, because vmx-exit's steps vmcall, vmexit, vmxoff never came.
. "$(dirname "$0")/../lib.sh"
t_only intel
t_run run --inject skip-exit "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 1
expect_events enter-original vmxon vmcs-ready vmlaunch enter-target target-done
expect_out '^verified: final vCPU state matches the target context'
expect_no_out '^landing'
expect_out "^result: FAIL the switch's steps are not the method's: enter-target came where vmcall was due$"
t_run run --tap --inject skip-exit "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 1
expect_out '^not ok 1 - all nine steps of the switch, in order$'
expect_out '^ok 2 - final vCPU state verified'
expect_out '^not ok 3 - target returned 0$'
t_done
