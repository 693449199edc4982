# Least privilege (cli/sandbox.c): once the session is built, before the
# first KVM_RUN, run gives up what the vCPU loop does not need. run -v
# shows the process as it then sees itself (/proc/self/status) and the
# files it still holds; a system call outside the seccomp filter ends the
# run with one line and exit 159; --user changes the user as root.
. "$(dirname "$0")/../lib.sh"
d=${TMPDIR:-/tmp}/pmsw-sandbox.$$
mkdir -p "$d"
trap 'rm -rf "$d" "$T_OUT" "$T_ERR"' EXIT
ex=$BUILD/examples
pair="$ex/original64.elf $ex/target64.elf"

# --user is looked up before anything runs: an unknown one is a usage error.
t_run --user pmsw-no-such-user run --method piecemeal $pair
expect_rc 2
expect_err_one_line
expect_err "^pmswitch: --user: no user 'pmsw-no-such-user'"
[ "$T_FAILED" = 0 ] || t_done
"$PMSWITCH" check 2>/dev/null | grep -q '^guest-64: long64' || { echo "no /dev/kvm that runs a 64-bit guest"; exit 77; }

# A descriptor inherited from the shell is closed; the KVM ones are kept.
T_CMD="pmswitch run -v --method piecemeal $pair 3</etc/passwd"
"$PMSWITCH" run -v --method piecemeal $pair >"$T_OUT" 2>"$T_ERR" 3</etc/passwd
T_RC=$?
expect_rc 0
expect_out '^privileges: CapEff 0000000000000000, NoNewPrivs 1, Seccomp 2, Uid [0-9]+$'
expect_out '^files: .*/dev/kvm.*anon_inode:kvm-vm.*anon_inode:kvm-vcpu'
expect_no_out '^files: .*passwd'
expect_no_out '^files: 3 '
expect_out '^result: PASS '

# TAP: a comment line; JSON: an event of its own.
t_run run -v --tap --method piecemeal $pair
expect_rc 0
expect_out '^# privileges: CapEff 0000000000000000, NoNewPrivs 1, Seccomp 2, '
expect_out '^ok 3 - target returned 0$'
t_run run -v --json --method piecemeal $pair
expect_rc 0
expect_out '^\{"event": "privileges", "status": "CapEff 0000000000000000, NoNewPrivs 1, Seccomp 2, '
t_run run --json --method piecemeal $pair
expect_no_out '"privileges"'

# run --nmi builds both of its sessions before the drop.
t_run run -v --nmi 1 --method piecemeal $pair
expect_out '^privileges: CapEff 0000000000000000, NoNewPrivs 1, Seccomp 2, '
expect_out '^nmis: '

# A forbidden call (the test hook's socket()) ends the run: one line, 159.
T_CMD="PMSWITCH_TEST_FORBIDDEN_SYSCALL=1 pmswitch run --method piecemeal $pair"
PMSWITCH_TEST_FORBIDDEN_SYSCALL=1 "$PMSWITCH" run --method piecemeal $pair >"$T_OUT" 2>"$T_ERR"
T_RC=$?
expect_rc 159
expect_err_one_line
expect_err '^pmswitch: seccomp: forbidden system call [0-9]+ \(socket\)$'
expect_no_out '^result:'

# Each batch child is sandboxed too.
printf '%s %s 159 --method=piecemeal\n' "$ex/original64.elf" "$ex/target64.elf" >"$d/m.txt"
printf '%s %s 159 --method=piecemeal --nmi=1\n' "$ex/original64.elf" "$ex/target64.elf" >>"$d/m.txt"
T_CMD="PMSWITCH_TEST_FORBIDDEN_SYSCALL=1 pmswitch batch -j 2 --junit $d/j.xml $d/m.txt"
PMSWITCH_TEST_FORBIDDEN_SYSCALL=1 "$PMSWITCH" batch -j 2 --junit "$d/j.xml" "$d/m.txt" \
	>"$T_OUT" 2>"$T_ERR"
T_RC=$?
expect_rc 0
expect_out '^batch: 2 passed, 0 failed, 0 skipped$'
n=$(grep -c '<system-out>pmswitch: seccomp: forbidden system call [0-9]* (socket)' "$d/j.xml")
[ "$n" = 2 ] || t_fail "$n of 2 children's outputs in $d/j.xml say the call was refused"

# --user: root becomes the user; anyone else may only name themselves.
if [ "$(id -u)" = 0 ]; then
	t_run --user nobody run -v --method piecemeal $pair
	expect_rc 0
	expect_out "^privileges: CapEff 0000000000000000, NoNewPrivs 1, Seccomp 2, Uid $(id -u nobody)\$"
	expect_out '^result: PASS '
else
	t_run --user root run --method piecemeal $pair
	expect_rc 2
	expect_err_one_line
	expect_err '^pmswitch: --user root: only root can change user'
fi
t_done
