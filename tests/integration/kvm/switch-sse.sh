# Plain C at -O2 uses SSE; the target runs it (CR4.OSFXSR is on by default).
. "$(dirname "$0")/../lib.sh"
t_only intel
t_run run "$BUILD/examples/original64.elf" "$BUILD/tests/images/target-sse64.elf"
expect_rc 0
expect_out '"target used SSE registers"'
expect_out '^verified: '
t_done
