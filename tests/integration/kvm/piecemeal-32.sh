# piecemeal between two 32-bit contexts with 2-level paging: the same eight
# loads, CS by a 32-bit far return.
. "$(dirname "$0")/../lib.sh"
t_run run --method piecemeal "$BUILD/examples/original32.elf" "$BUILD/tests/images/target-2level32.elf"
expect_rc 0
expect_events enter-original switch-start piece piece piece piece piece piece piece piece enter-target target-done
expect_out 'T text +[-+0-9]+ "hello from a 2-level target"'
expect_out '^verified: '
t_done
