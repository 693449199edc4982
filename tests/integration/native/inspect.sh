# pmswitch inspect: every example shows its segments, stack and the whole
# switcher window with the right permissions; --json parses; bad image -> 3.
. "$(dirname "$0")/../lib.sh"
for img in "$BUILD"/examples/*.elf; do
	t_run inspect "$img"
	expect_rc 0
	expect_out "^image: $img$"
	expect_out '^mode: (64-bit IA-32e mode, 4-level|32-bit protected mode, (2-level|pae)) paging$'
	# 2-level paging has no NX: every mapped page is executable there.
	x=-
	grep -q '2-level paging' "$T_OUT" && x=x
	while read -r perm what; do
		expect_out " $perm  $what$"
	done <<TABLE
r-x- image segment
rw${x}- image stack
r-x- switcher
rw${x}- switcher
rw${x}- boot-info
rw${x}- GDT, IDT, TSS
rw${x}- VMX/SVM scratch, transfer
rw${x}- switcher stack
rw${x}u virtio-console registers
TABLE
	expect_no_out ' other$'
	t_run inspect --json "$img"
	expect_rc 0
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert d["width"] in (32, 64) and d["mappings"], d
assert any(m["what"] == "image segment" and "x" in m["perm"] for m in d["mappings"])
assert all(m["va"] % 4096 == 0 and m["size"] % 4096 == 0 for m in d["mappings"])' "$T_OUT" ||
		t_fail "inspect --json output is not the expected JSON"
done
# The note's choices show: the PAE target asks for PAE and CR4.PGE (0x6a0 with
# the default OSFXSR and OSXMMEXCPT).
t_run inspect "$BUILD/examples/target32.elf"
expect_out '^mode: 32-bit protected mode, pae paging$'
expect_out 'cr4: 0x6a0 '
t_run inspect /etc/hostname
expect_rc 3
expect_err_one_line
t_run inspect
expect_rc 2
t_done
