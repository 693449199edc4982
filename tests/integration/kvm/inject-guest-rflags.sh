# A guest state with RFLAGS bit 1 clear: the VM entry fails and loads the
# host (target) state; the exit reason 0x80000021 is reported.
. "$(dirname "$0")/../lib.sh"
t_only intel
t_run run --inject guest-rflags "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 1
expect_out 'VM exit reason 0x80000021 \(VM-entry failure due to invalid guest state\)'
t_done
