# A VMCS with HOST_TR_SELECTOR = 0: VMLAUNCH fails with VMfailValid, and the
# VM-instruction error is decoded to its SDM name.
. "$(dirname "$0")/../lib.sh"
t_only intel
t_run run --inject host-tr "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 1
expect_out 'VMLAUNCH: VMfailValid, VM-instruction error 8: VM entry with invalid host-state field\(s\)'
expect_no_out 'enter-target'
t_done
