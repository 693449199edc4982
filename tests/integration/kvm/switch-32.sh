# The 32-bit example pair: a 2-level original switches to a PAE target.
. "$(dirname "$0")/../lib.sh"
t_only intel
t_run run "$BUILD/examples/original32.elf" "$BUILD/examples/target32.elf"
expect_rc 0
expect_events enter-original vmxon vmcs-ready vmlaunch vmcall vmexit vmxoff enter-target target-done
expect_out 'hello from the target context \(PAE\)'
expect_out '^landing: the vCPU at the first instruction in the target is the target '
expect_out '^verified: '
t_done
