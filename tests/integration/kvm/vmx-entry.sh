# vmx-entry: a monitor in a context of its own (M) runs O and T as VMX
# guests, one VMCS each whose guest state is the context as built; O's
# request is a VMCALL and entering T's VMCS loads all of T at once. A VM
# entry's IA-32e control is per VMCS, so every pair of widths and paging
# modes switches. The VMM checks T at its first instruction and at the end.
# In the AMD host there is no nested VMX: exit 77, naming what can run.
. "$(dirname "$0")/../lib.sh"
ex=$BUILD/examples
img=$BUILD/tests/images
if [ "$VMHOST" != intel ]; then
	t_run run --method vmx-entry "$ex/original64.elf" "$ex/target64.elf"
	expect_rc 77
	expect_err_one_line
	expect_err '^pmswitch: this host cannot run vmx-entry: no nested VMX .*; it can run piecemeal'
	t_done
fi
t_run run --method vmx-entry "$ex/original64.elf" "$ex/target64.elf"
expect_rc 0
expect_events vmxon vmcs-ready enter-original vmcall vmexit vmlaunch enter-target target-done
expect_out '^ +[0-9]+ M vmexit .* reason 18 \(VMCALL\)'
expect_out '^ +[0-9]+ T text .*"hello from the target context"$'
expect_out '^landing: the vCPU at the first instruction in the target is the target \(.* rip rsp rflags\)$'
expect_out '^verified: '
expect_out '^result: PASS .* with vmx-entry in [0-9]+ TSC cycles \(vmcall -> first target instruction\)$'
# Every width and paging mode, each way.
while read -r o t; do
	t_run run -q --method vmx-entry "$o" "$t"
	expect_rc 0
	expect_out "^result: PASS switched $o -> $t with vmx-entry"
done <<PAIRS
$ex/original32.elf $img/target-2level32.elf
$ex/original-pae32.elf $img/target-2level32.elf
$ex/original32.elf $ex/target32.elf
$ex/original64.elf $ex/target32.elf
$ex/original32.elf $ex/target64.elf
$ex/original-pae32.elf $ex/target64.elf
$img/original-switchnow32.elf $ex/target64.elf
PAIRS
# T's CR4 carries VMXE, which VMX operation needs: T reads its CR4 as
# built (0x6a4) through the read shadow, KVM sees 0x26a4.
t_run run -v --method vmx-entry "$ex/original64.elf" "$ex/target32.elf"
expect_rc 0
expect_out '^ +[0-9]+ T enter-target .* cr4=0x6a4 '
expect_out '^  cr0=0x0*80050033 cr2=0x0* cr3=0x[0-9a-f]+ cr4=0x0*26a4$'
# A fault in T comes back to the monitor as an exit and is reported.
t_run run --method vmx-entry "$ex/original64.elf" "$img/target-pagefault64.elf"
expect_rc 1
expect_out '^result: FAIL exception 14 in target context at rip=0x[0-9a-f]+ error code 0x0 cr2=0xdead000$'
t_run run -q --method vmx-entry "$ex/original64.elf" "$img/target-status64.elf"
expect_rc 1
expect_out '^result: FAIL target returned 42$'
# The probe: every boundary is all M's (the monitor, up to its VMLAUNCH) or
# all T's (from the landing); an NMI anywhere is handled: in a guest it
# exits to the monitor (NMI exiting), never into a handler of the wrong width.
t_run probe --method vmx-entry "$ex/original64.elf" "$ex/target32.elf"
expect_rc 0
expect_out '^inconsistent boundaries: 0 of [1-9][0-9]*, crashed: 0 of [1-9][0-9]*$'
expect_out ' vmx_entry_go\+0x[0-9a-f]+ +M +M +M +M +M +M +M +M +M +consistent +nmi handled$'
expect_out ' vmx_entry_landing\+0x0 +T +T +T +T +T +T +T +T +T +consistent +nmi handled$'
t_run run --nmi 8 --method vmx-entry "$ex/original64.elf" "$ex/target32.elf"
expect_rc 0
expect_out ' vmx_entry_landing\+0x0 +switch +in T +handled in M$'
expect_out '^result: PASS .* with vmx-entry, surviving 8 NMIs \(2 in the switch\)$'
# Round trips: after the switch, back to O and again to T, each way the same
# VM entry; every landing checked by the VMM against its context, every trip
# reported with its cost, and the cost each way summed up.
t_run run --round-trips 100 --method vmx-entry "$ex/original32.elf" "$ex/target64.elf"
expect_rc 0
expect_out '^ +[0-9]+ O trip +\+[0-9]+ 1 to O in [0-9]+ TSC cycles$'
expect_out '^ +[0-9]+ T trip +\+[0-9]+ 200 to T in [0-9]+ TSC cycles$'
expect_no_out ' 201 to '
expect_out '^round trips: 100; TSC cycles per switch, min/median/max: O->T [0-9]+/[0-9]+/[0-9]+ \(101\), T->O [0-9]+/[0-9]+/[0-9]+ \(100\); bare exit round trip [0-9]+/[0-9]+/[0-9]+ \(100\)$'
expect_out '^result: PASS '
t_run run -q --round-trips 3 --method vmx-entry "$ex/original64.elf" "$ex/target32.elf"
expect_rc 0
t_run run --round-trips 2 --json --method vmx-entry "$ex/original-pae32.elf" "$img/target-2level32.elf"
expect_rc 0
expect_out '^\{"event": "round-trips", "asked": 2, "o-to-t": \{"count": 3, .*"bare": \{"count": 2, "min": [0-9]+, "median": [0-9]+, "max": [0-9]+\}\}$'
t_run run --method vmx-entry --json "$ex/original32.elf" "$ex/target64.elf"
expect_rc 0
expect_out '^\{"seq": 4, "event": "vmcall", "ctx": "O", '
expect_out '^\{"seq": 5, "event": "vmexit", "ctx": "M", '
expect_out '^\{"event": "result", "status": 0, "switched": true, "verified": true, '
t_done
