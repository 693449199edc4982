# A target that page-faults: exit 1, vector 14 and CR2 reported.
. "$(dirname "$0")/../lib.sh"
t_only intel
t_run run "$BUILD/examples/original64.elf" "$BUILD/tests/images/target-pagefault64.elf"
expect_rc 1
expect_out 'T exception .* vector 14 .*cr2=0xdead000'
expect_out '^result: FAIL exception 14 in target context .*cr2=0xdead000'
t_done
