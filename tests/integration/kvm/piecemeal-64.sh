# piecemeal on the 64-bit example pair, on any KVM: the registers are loaded
# one at a time, every half-switched state is in the timeline (after the CR3
# load, CR3 is T's while GDTR is still O's), and the VMM verifies T.
. "$(dirname "$0")/../lib.sh"
t_run run --method piecemeal "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 0
expect_events enter-original switch-start piece piece piece piece piece piece piece piece enter-target target-done
o_cr3=$(sed -n 's/.* O enter-original .* cr3=\(0x[0-9a-f]*\) .*/\1/p' "$T_OUT")
t_cr3=$(sed -n 's/.* T enter-target .* cr3=\(0x[0-9a-f]*\) .*/\1/p' "$T_OUT")
[ -n "$o_cr3" ] && [ "$o_cr3" != "$t_cr3" ] || t_fail "O's cr3 '$o_cr3' should differ from T's '$t_cr3'"
expect_out "piece .* loaded cr3: .* cr3=$t_cr3 .* gdtr_base=0x7fe10000 "
expect_out "piece .* loaded gdtr: .* gdtr_base=0x7fe20000 .* idtr_base=0x7fe11000 "
expect_out "piece .* loaded efer: "
expect_out "piece .* loaded cr0: "
expect_out '^landing: the vCPU at the first instruction in the target is the target \(.* fs gs rip\)$'
expect_out '^verified: '
expect_out '^result: PASS .* with piecemeal in [0-9]+ TSC cycles \(first load -> last load'
t_done
