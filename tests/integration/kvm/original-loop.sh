# An original that never ends is stopped by --timeout: exit 4.
. "$(dirname "$0")/../lib.sh"
t_only intel
t_run run --timeout 2 "$BUILD/tests/images/original-loop64.elf" "$BUILD/examples/target64.elf"
expect_rc 4
expect_out '^result: FAIL timeout: no result after 2.000 s'
t_done
