# The 64-bit example pair switches with vmx-exit: all nine events in order,
# the images' text passed through, and the VMM verifies the final state.
. "$(dirname "$0")/../lib.sh"
t_run run --method=vmx-exit "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
if [ "$VMHOST" = intel ]; then
	expect_rc 0
	expect_events enter-original vmxon vmcs-ready vmlaunch vmcall vmexit vmxoff enter-target target-done
	expect_out 'O text +[-+0-9]+ "hello from the original context"'
	expect_out 'T text +[-+0-9]+ "hello from the target context"'
	expect_out 'vmexit .* reason 18 \(VMCALL\)'
	expect_out '^landing: the vCPU at the first instruction in the target is the target \(.* rip rsp rflags\)$'
	# O and T differ wherever the architecture lets them.
	expect_out '^      cr0 +0x80010033 +0x80050033$'
	expect_out '^      gdtr_limit +0x27 +0x2f$'
	expect_out '^      cs +0x8 +0x10$'
	expect_out '^verified: '
	expect_out '^result: PASS .* in [0-9]+ TSC cycles'
else
	expect_rc 77
	expect_err_one_line
	expect_err 'cannot run vmx-exit: no nested VMX'
fi
t_done
