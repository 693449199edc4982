# task-switch between two 32-bit contexts: one far JMP to a TSS loads CR3,
# EIP, EFLAGS, the registers and the selectors; GDTR, IDTR, TR, CR4 and CR0
# are loaded around it. The VMM checks the landing (every one, back and forth
# under --round-trips) and the final state; the
# probe finds the CPU in neither context around the JMP, and NMIs there fatal.
# Intel host only: in the AMD host (QEMU TCG's SVM under kvm_amd) the task
# switch itself triple-faults (TCG's SVM task-switch intercept).
. "$(dirname "$0")/../lib.sh"
t_only intel
t_run run --method task-switch "$BUILD/examples/original32.elf" "$BUILD/tests/images/target-2level32.elf"
expect_rc 0
expect_events enter-original switch-start piece piece piece piece piece piece piece enter-target target-done
expect_out 'piece .* loaded task$'
expect_out '^landing: the vCPU at the first instruction in the target is the target '
expect_out '^verified: '
expect_out '^result: PASS .* with task-switch in [0-9]+ TSC cycles'
# Back and forth: each trip is a task switch the other way, its TSS and
# task GDT rebuilt from the context being left; every landing is checked.
t_run run --method task-switch --round-trips 100 "$BUILD/examples/original32.elf" "$BUILD/tests/images/target-2level32.elf"
expect_rc 0
expect_out '^ +[0-9]+ T trip +\+[0-9]+ 200 to T in [0-9]+ TSC cycles$'
expect_out '^round trips: 100; TSC cycles per switch, min/median/max: O->T [0-9]+/[0-9]+/[0-9]+ \(101\), T->O [0-9]+/[0-9]+/[0-9]+ \(100\)$'
expect_out '^result: PASS '
t_run probe --method task-switch "$BUILD/examples/original32.elf" "$BUILD/tests/images/target-2level32.elf"
expect_rc 0
expect_out '^inconsistent boundaries: [1-9][0-9]* of [1-9][0-9]*, crashed: [1-9][0-9]* of [1-9][0-9]*$'
# After the LGDT of the GDT both contexts map: GDTR is neither O's nor T's.
expect_out ' task_switch_(now|go)\+0x[0-9a-f]+ +O +O +O +[=O] +\? +O +O +O +O +INCONSISTENT '
t_done
