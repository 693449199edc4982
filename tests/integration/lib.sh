# Assertions for integration tests; POSIX sh (runs under busybox inside the
# emulated hosts). Each test file sources this, runs pmswitch with t_run, and
# checks; any failed check makes the file exit 1 with the evidence printed.
# Environment: PMSWITCH (binary), BUILD (build dir), VMHOST (intel|amd|native).

T_OUT=${TMPDIR:-/tmp}/pmsw-out.$$
T_ERR=${TMPDIR:-/tmp}/pmsw-err.$$
T_FAILED=0
trap 'rm -f "$T_OUT" "$T_ERR"' EXIT

t_run() {
	T_CMD="pmswitch $*"
	"$PMSWITCH" "$@" >"$T_OUT" 2>"$T_ERR"
	T_RC=$?
}

t_fail() {
	echo "# FAIL: $*"
	echo "# command: $T_CMD (exit $T_RC)"
	sed 's/^/#   out: /' "$T_OUT"
	sed 's/^/#   err: /' "$T_ERR"
	T_FAILED=1
}

expect_rc() {
	[ "$T_RC" = "$1" ] || t_fail "exit status $T_RC, expected $1"
}

expect_out() {
	grep -Eq -- "$1" "$T_OUT" || t_fail "stdout lacks /$1/"
}

expect_no_out() {
	! grep -Eq -- "$1" "$T_OUT" || t_fail "stdout has /$1/"
}

expect_err() {
	grep -Eq -- "$1" "$T_ERR" || t_fail "stderr lacks /$1/"
}

# stderr is exactly one line.
expect_err_one_line() {
	n=$(wc -l <"$T_ERR")
	[ "$n" -eq 1 ] || t_fail "stderr has $n lines, expected 1"
}

# The timeline's event column (3rd field) holds exactly these events, in order.
expect_events() {
	want=$*
	got=$(awk '$1 ~ /^[0-9]+$/ && ($2 == "O" || $2 == "T" || $2 == "M" || $2 == "-") { printf "%s ", $3 }' "$T_OUT" |
		sed 's/ text//g; s/ $//')
	[ "$got" = "$want" ] || t_fail "events '$got', expected '$want'"
}

# Keeps a copy of FILE as NAME for checks outside the host (the suite prints
# artifacts, run-all checks them: NAME.pass.tap must satisfy prove,
# NAME.fail.tap must not, NAME.xml must parse).
t_artifact() {
	[ -n "${PMSW_ARTIFACTS:-}" ] && cp "$2" "$PMSW_ARTIFACTS/$1"
	return 0
}

# The scenario needs this kind of host; elsewhere it is reported as a skip.
t_only() {
	[ "$VMHOST" = "$1" ] || { echo "$1 host only"; exit 77; }
}

# t_ulimit_v KB: ulimit -v KB, except for a pmswitch built with
# AddressSanitizer (make SANITIZE=address), whose shadow memory is a
# reservation far beyond any such limit: there the limit is left out.
t_ulimit_v() {
	t_asan || ulimit -v "$1"
}

# Is pmswitch built with AddressSanitizer (it needs libasan)?
t_asan() {
	grep -q libasan "$PMSWITCH" 2>/dev/null
}

t_done() {
	exit "$T_FAILED"
}

# t_spawn ARGS...: pmswitch in the background (its pid in T_PID, output in
# T_OUT and T_ERR). A shell's background job ignores SIGINT, and pmswitch
# leaves an ignored signal ignored: perl sets it back to the default.
t_spawn() {
	T_CMD="pmswitch $*"
	# Emptied here, not by the background job's redirection, which may come
	# after t_wait_out's first look: that would find the last run's output.
	: >"$T_OUT"
	: >"$T_ERR"
	perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die "exec: $!\n"' "$PMSWITCH" "$@" \
		>"$T_OUT" 2>"$T_ERR" &
	T_PID=$!
}

# t_wait_out REGEX: polls until the spawned pmswitch's stdout matches; 1 if
# it ended first or 60 s went by (a bound, not a timing).
t_wait_out() {
	n=0
	until grep -Eq -- "$1" "$T_OUT"; do
		kill -0 "$T_PID" 2>/dev/null && [ $n -lt 600 ] || return 1
		n=$((n + 1))
		sleep 0.1
	done
}

# t_reap: waits for the spawned pmswitch; its exit status in T_RC.
t_reap() {
	wait "$T_PID"
	T_RC=$?
}

# t_spawn_failed WHY: the spawned pmswitch never got where the test waits
# for it: killed, reaped, and the test ends failed.
t_spawn_failed() {
	kill -KILL "$T_PID" 2>/dev/null
	t_reap
	t_fail "$1"
	t_done
}
