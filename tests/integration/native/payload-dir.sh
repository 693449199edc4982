# A payload folder too long for a path (5000 bytes, past PATH_MAX): run,
# probe and inspect say so in one line, without the folder, and exit 1
# (the monitor's own files are missing), before any KVM is touched. A long
# folder that fits keeps the reason at the end of its line. Under valgrind,
# where installed, neither reads uninitialised memory.
. "$(dirname "$0")/../lib.sh"
long=$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "d" }')
ex=$BUILD/examples
want='^pmswitch: payload path too long: a 5000-byte folder and switcher64\.elf make more than PATH_MAX \(4096\) bytes$'
while read -r args; do
	# shellcheck disable=SC2086
	t_run --payload-dir "$long" $args
	expect_rc 1
	expect_err_one_line
	expect_err "$want"
done <<TABLE
inspect $ex/original64.elf
inspect --json $ex/original64.elf
run $ex/original64.elf $ex/target64.elf
run --method piecemeal $ex/original64.elf $ex/target64.elf
probe $ex/original64.elf $ex/target64.elf
TABLE
t_run run --payload-dir "$long" "$ex/original64.elf" "$ex/target64.elf"
expect_rc 1
expect_err_one_line
expect_err "$want"
PMSWITCH_PAYLOAD_DIR=$long t_run inspect "$ex/original64.elf"
expect_rc 1
expect_err "$want"

# 300 bytes fit in a path: the line names the payload and ends with why.
dir=/nonexistent/$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "d" }')
t_run --payload-dir "$dir" inspect "$ex/original64.elf"
expect_rc 1
expect_err_one_line
expect_err "^pmswitch: $dir/switcher64\.elf: cannot open: No such file or directory$"

# An image path past PATH_MAX is refused without being named: exit 3.
t_run inspect "/$long"
expect_rc 3
expect_err_one_line
expect_err '^pmswitch: image path too long \(5001 bytes, more than PATH_MAX, 4096\)$'

# Not with AddressSanitizer (make SANITIZE=address): the two do not mix.
if command -v valgrind >/dev/null 2>&1 && ! t_asan; then
	real=$PMSWITCH
	PMSWITCH=valgrind
	for cmd in inspect run; do
		t_run -q --error-exitcode=99 "$real" --payload-dir "$long" $cmd "$ex/original64.elf" \
			$([ $cmd = run ] && echo "$ex/target64.elf")
		expect_rc 1
		expect_err_one_line
		expect_err "$want"
	done
	PMSWITCH=$real
fi
t_done
