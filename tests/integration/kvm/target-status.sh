# A target returning non-zero: exit 1 and the value reported.
. "$(dirname "$0")/../lib.sh"
t_only intel
t_run run "$BUILD/examples/original64.elf" "$BUILD/tests/images/target-status64.elf"
expect_rc 1
expect_out 'target-done .* target returned 42'
expect_out '^verified: '
expect_out '^result: FAIL target returned 42$'
t_done
