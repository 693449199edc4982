# run --nmi: the VMM single-steps the whole run, counting its instructions,
# and raises NMIs before planned ones, half of them on the switch's path.
# The payload's handler signals each NMI from the context that handled it
# and resumes. vmx-exit survives every NMI, in O up to the switch and in T
# from the landing on. piecemeal, stepped natively at every instruction,
# takes an NMI half-switched (CPU "in mixed") and dies; inside the emulated
# hosts KVM reports steps only where it emulates an instruction, so the
# NMIs there come at the switch's edges only, and what happens is reported.
. "$(dirname "$0")/../lib.sh"
t_run run --method piecemeal --nmi 8 "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_out '^nmis: [1-8] of 8 raised over [1-9][0-9]* instructions \([1-9] in the switch\), [0-8] handled$'
expect_out '^  nmi 1 +before +[0-9]+  0x[0-9a-f]+ +[a-z_]+\+0x[0-9a-f]+ +in O +handled in O$'
if [ "$T_RC" = 1 ]; then
	expect_out '^result: FAIL NMI [1-8] of 8, raised before instruction [0-9]+ \(.*\), was not handled: '
else
	expect_rc 0
	expect_out '^result: PASS .* with piecemeal, surviving 8 NMIs \([1-8] in the switch\)$'
fi
if [ "$VMHOST" = native ]; then
	expect_rc 1
	expect_out ' switch +in mixed +died: (triple fault|exception [0-9]+)$'
fi
t_run run --method piecemeal --nmi 2 --json "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_out '^\{"event": "nmis", "asked": 2, "planned": 2, "raised": 2, "handled": 2, "in-switch": 1, "instructions": [0-9]+\}$'
expect_out '^\{"event": "nmi", "n": 2, "instruction": [0-9]+, "rip": [0-9]+, "where": "piecemeal_switch_now\+0x[0-9a-f]+", "in-switch": true, "context": "O", "handled": true, "handler-context": "O"\}$'
if [ "$VMHOST" = intel ]; then
	t_run run --nmi 8 "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
	expect_rc 0
	expect_out '^nmis: 8 of 8 raised over [0-9]+ instructions \(2 in the switch\), 8 handled$'
	expect_out ' vmx_exit_launch\+0x[0-9a-f]+ +switch +in O +handled in O$'
	expect_out ' vmx_exit_landing\+0x0 +switch +in T +handled in T$'
	expect_no_out 'in mixed|died'
	expect_out '^landing: the vCPU at the first instruction in the target is the target '
	expect_out '^result: PASS .* with vmx-exit, surviving 8 NMIs \(2 in the switch\)$'
	t_run run --nmi 4 "$BUILD/examples/original32.elf" "$BUILD/examples/target32.elf"
	expect_rc 0
	expect_out '^result: PASS .* with vmx-exit, surviving 4 NMIs \([1-2] in the switch\)$'
fi
t_done
