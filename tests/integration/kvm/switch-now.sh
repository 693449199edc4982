# An original that calls switch_now() is switched at once; its code after
# the call never runs.
. "$(dirname "$0")/../lib.sh"
t_only intel
t_run run "$BUILD/tests/images/original-switchnow32.elf" "$BUILD/examples/target32.elf"
expect_rc 0
expect_out '"switching now"'
expect_no_out 'NOT REACHED'
expect_out '^verified: '
t_done
