# task-switch switches 32-bit contexts of one paging mode: other pairs are
# refused before any KVM is touched, with exit 3 and the reason.
. "$(dirname "$0")/../lib.sh"
t_run run --method task-switch "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 3
expect_err_one_line
expect_err 'original64.elf is 64-bit: task-switch switches 32-bit contexts only \(IA-32e mode has no task switch\)$'
t_run run --method task-switch "$BUILD/examples/original32.elf" "$BUILD/examples/target32.elf"
expect_rc 3
expect_err_one_line
expect_err 'use different paging modes: task-switch needs one'
t_done
