# run -v: every register in the records, and the final vCPU state as KVM
# holds it, whose CR3 and TR are the target's (T has a GDT layout of its own,
# so its TR selector is not O's).
. "$(dirname "$0")/../lib.sh"
t_only intel
t_run run -v "$BUILD/examples/original32.elf" "$BUILD/examples/target32.elf"
expect_rc 0
expect_out 'enter-target .* rip=0x[0-9a-f]+ rsp=0x[0-9a-f]+ rflags=0x[0-9a-f]+$'
expect_out '^final vCPU state \(KVM_GET_REGS, KVM_GET_SREGS\):$'
expect_out '^  tr   sel=0x0020 '
expect_out ' O enter-original .* tr=0x18 '
t_cr3=$(sed -n 's/.* T enter-target .* cr3=\(0x[0-9a-f]*\) .*/\1/p' "$T_OUT")
final=$(sed -n 's/.* cr3=0x0*\([0-9a-f]*\) cr4=.*/0x\1/p' "$T_OUT" | tail -n 1)
[ -n "$t_cr3" ] && [ "$t_cr3" = "$final" ] || t_fail "final cr3 $final is not the target's $t_cr3"
t_done
