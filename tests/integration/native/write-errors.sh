# Output that cannot be written fails the command, whatever it found: with
# stdout on /dev/full, one line "pmswitch: write error: No space left on
# device" and exit 1. A closed stdout that nothing was written to is no
# error. The runs that need KVM run where this host's /dev/kvm runs a 64-bit
# guest (piecemeal needs no nesting).
. "$(dirname "$0")/../lib.sh"
[ -w /dev/full ] || { echo "no /dev/full here"; exit 77; }
d=${TMPDIR:-/tmp}/pmsw-full.$$
mkdir -p "$d"
ex=$BUILD/examples
printf 'not an ELF\n' >"$d/text.elf"
printf 'text.elf %s 3\n' "$ex/target64.elf" >"$d/pairs.txt"

t_run_full() {
	T_CMD="pmswitch $* >/dev/full"
	: >"$T_OUT"
	"$PMSWITCH" "$@" >/dev/full 2>"$T_ERR"
	T_RC=$?
}

expect_write_error() {
	expect_rc 1
	expect_err_one_line
	expect_err '^pmswitch: write error: No space left on device$'
}

while read -r args; do
	# shellcheck disable=SC2086
	t_run_full $args
	expect_write_error
done <<TABLE
--help
-V
--version
inspect $ex/original64.elf
inspect --json $ex/target32.elf
inspect --help
run --help
probe --help
batch --help
check --help
check
check --json
batch $d/pairs.txt
batch --tap $d/pairs.txt
TABLE

# Nothing written, nothing lost: the command's own status and line.
t_run_full run --method vmx-exit "$ex/original64.elf" "$ex/target32.elf"
expect_rc 3
expect_err_one_line
"$PMSWITCH" inspect "$ex/original64.elf" >&- 2>"$T_ERR"
T_RC=$? T_CMD="pmswitch inspect >&-"
expect_rc 1
expect_err_one_line
expect_err '^pmswitch: write error: Bad file descriptor$'
"$PMSWITCH" run --method vmx-exit "$ex/original64.elf" "$ex/target32.elf" >&- 2>"$T_ERR"
T_RC=$? T_CMD="pmswitch run (widths differ) >&-"
expect_rc 3
expect_err_one_line
expect_err 'vmx-exit needs both of one width'

if "$PMSWITCH" check 2>/dev/null | grep -q '^guest-64: long64'; then
	for fmt in "" --quiet --json --tap; do
		t_run_full run --method piecemeal $fmt "$ex/original64.elf" "$ex/target64.elf"
		expect_write_error
	done
	t_run_full probe --method piecemeal "$ex/original64.elf" "$ex/target64.elf"
	expect_write_error
fi
rm -rf "$d"
t_done
