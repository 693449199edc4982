# Inputs that are not regular files (a FIFO nobody writes to, a device) are
# refused before anything reads them, with one line naming the file: exit 3
# for an image (run, probe, inspect, a batch pair), 1 for a payload, 2 for a
# batch manifest. Each command runs under `timeout` and a memory limit, so a
# VMM that waits on the FIFO or reads /dev/zero fails here instead of hanging.
. "$(dirname "$0")/../lib.sh"
d=${TMPDIR:-/tmp}/pmsw-notreg.$$
mkdir -p "$d"
mkfifo "$d/fifo.elf"
ex=$BUILD/examples

t_run_limited() {
	T_CMD="pmswitch $*"
	(t_ulimit_v 1048576 && exec timeout 20 "$PMSWITCH" "$@") >"$T_OUT" 2>"$T_ERR"
	T_RC=$?
}

for img in "$d/fifo.elf" /dev/zero; do
	while read -r args; do
		# shellcheck disable=SC2086
		t_run_limited $args
		expect_rc 3
		expect_err_one_line
		expect_err "^pmswitch: $img: not a regular file$"
	done <<TABLE
run $img $ex/target64.elf
run $ex/original64.elf $img
probe $img $ex/target64.elf
inspect $img
inspect --json $img
TABLE
done

# A payload that is a FIFO: the VMM's own file, so exit 1 (not the image's 3).
mkdir "$d/payloads"
mkfifo "$d/payloads/switcher64.elf"
t_run_limited --payload-dir "$d/payloads" inspect "$ex/original64.elf"
expect_rc 1
expect_err_one_line
expect_err "^pmswitch: $d/payloads/switcher64\.elf: not a regular file$"

printf '%s %s 3\n' "$d/fifo.elf" "$ex/target64.elf" >"$d/pairs.txt"
printf '%s %s 3\n' "$ex/original64.elf" /dev/zero >>"$d/pairs.txt"
t_run_limited batch "$d/pairs.txt"
expect_rc 0
expect_out '^batch: 2 passed, 0 failed, 0 skipped$'
# A manifest that is not a regular file: a usage error, exit 2.
mkfifo "$d/manifest"
for m in "$d/manifest" /dev/zero; do
	t_run_limited batch "$m"
	expect_rc 2
	expect_err_one_line
	expect_err "^pmswitch batch: $m: not a regular file$"
done
rm -rf "$d"
t_done
