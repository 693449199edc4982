# piecemeal needs no nested virtualization: where this host's /dev/kvm runs a
# 64-bit guest, the 64-bit pair switches natively. Pairs piecemeal cannot
# switch are refused before any KVM is touched, with exit 3.
. "$(dirname "$0")/../lib.sh"
t_run run --method piecemeal "$BUILD/examples/original64.elf" "$BUILD/examples/target32.elf"
expect_rc 3
expect_err_one_line
expect_err 'is 64-bit but .* is 32-bit: piecemeal needs both of one width'
t_run run --method piecemeal "$BUILD/examples/original32.elf" "$BUILD/examples/target32.elf"
expect_rc 3
expect_err_one_line
expect_err 'use different paging modes: piecemeal needs one \(CR4.PAE and EFER.LME cannot change'
[ "$T_FAILED" = 0 ] || t_done
"$PMSWITCH" check 2>/dev/null | grep -q '^guest-64: long64' || { echo "no /dev/kvm that runs a 64-bit guest"; exit 77; }
t_run run --method piecemeal "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 0
expect_events enter-original switch-start piece piece piece piece piece piece piece piece enter-target target-done
expect_out '^verified: '
t_done
