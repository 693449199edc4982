# svm-entry: vmx-entry's monitor on AMD. The monitor (M) turns EFER.SVME
# on, gives O and T one VMCB each whose save area is the context as built,
# and VMRUNs them; O's VMMCALL comes back as #VMEXIT and VMRUN into T's
# VMCB loads all of T at once, in any width. The default method of the AMD
# host. In the Intel host there is no nested SVM: exit 77.
# PAE contexts are left out in the AMD host: its emulated CPU (QEMU 7.2
# TCG) sets the accessed bit (bit 5, reserved there) in a PDPTE it walks,
# and its KVM then refuses the table on a MOV to CR4 or a VMRUN (piecemeal
# between PAE contexts faults too). Seen with kprobes on KVM's load_pdptrs:
# PDPTE[1] 0x417001 at KVM_SET_SREGS, 0x417021 once the guest ran.
. "$(dirname "$0")/../lib.sh"
ex=$BUILD/examples
img=$BUILD/tests/images
if [ "$VMHOST" != amd ]; then
	t_run run --method svm-entry "$ex/original64.elf" "$ex/target64.elf"
	expect_rc 77
	expect_err_one_line
	expect_err '^pmswitch: this host cannot run svm-entry: no nested SVM .*; it can run .*vmx-entry'
	t_done
fi
t_run run "$ex/original64.elf" "$ex/target64.elf"
expect_rc 0
expect_out ' method svm-entry$'
expect_events svm-on vmcb-ready enter-original vmmcall vmexit vmrun enter-target target-done
expect_out '^ +[0-9]+ M vmexit .* code 0x81 \(VMMCALL\) exitinfo1 0x0$'
expect_out '^ +[0-9]+ T text .*"hello from the target context"$'
expect_out '^landing: the vCPU at the first instruction in the target is the target \(.* rip rsp rflags\)$'
expect_out '^verified: '
expect_out '^result: PASS .* with svm-entry in [0-9]+ TSC cycles \(vmmcall -> first target instruction\)$'
while read -r o t; do
	t_run run -q --method svm-entry "$o" "$t"
	expect_rc 0
	expect_out "^result: PASS switched $o -> $t with svm-entry"
done <<PAIRS
$ex/original32.elf $img/target-2level32.elf
$ex/original64.elf $img/target-2level32.elf
$ex/original32.elf $ex/target64.elf
$img/original-switchnow32.elf $ex/target64.elf
PAIRS
# T's EFER carries SVME, which a guest needs (APM 15.5.1).
t_run run -v "$ex/original32.elf" "$ex/target64.elf"
expect_rc 0
expect_out '^  efer=0x0*1d00 '
t_run run "$ex/original64.elf" "$img/target-pagefault64.elf"
expect_rc 1
expect_out '^result: FAIL exception 14 in target context at rip=0x[0-9a-f]+ error code 0x0 cr2=0xdead000$'
# The probe: all M's up to VMLOAD, all T's from the landing. VMRUN does not
# load TR, LDTR, FS and GS: VMLOAD does, one instruction before it, so
# that one boundary holds T's TR in the monitor; GIF is clear there (CLGI),
# so the NMI raised there waits for the guest and is handled.
t_run probe "$ex/original64.elf" "$img/target-2level32.elf"
expect_rc 0
expect_out '^inconsistent boundaries: 1 of [1-9][0-9]*, crashed: 0 of [1-9][0-9]*$'
expect_out ' svm_entry_go\+0x[0-9a-f]+ +O +M +O +O +M +M +M +M +T +INCONSISTENT +nmi handled$'
expect_out ' svm_entry_landing\+0x0 +T +T +T +[=T] +T +T +T +T +T +consistent +nmi handled$'
t_run run --nmi 8 "$ex/original32.elf" "$ex/target64.elf"
expect_rc 0
expect_out '^result: PASS .* with svm-entry, surviving 8 NMIs \(2 in the switch\)$'
t_run run --round-trips 100 "$ex/original64.elf" "$img/target-2level32.elf"
expect_rc 0
expect_out '^ +[0-9]+ T trip +\+[0-9]+ 200 to T in [0-9]+ TSC cycles$'
expect_out '^round trips: 100; TSC cycles per switch, min/median/max: O->T [0-9]+/[0-9]+/[0-9]+ \(101\), T->O [0-9]+/[0-9]+/[0-9]+ \(100\); bare exit round trip [0-9]+/[0-9]+/[0-9]+ \(100\)$'
expect_out '^result: PASS '
t_run run --json "$ex/original32.elf" "$ex/target64.elf"
expect_out '^\{"seq": 5, "event": "vmexit", "ctx": "M", .*"svm": true, "exit-code": 129, "exit-code-name": "VMMCALL"'
t_done
