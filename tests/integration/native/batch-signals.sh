# batch: SIGINT, SIGTERM or SIGHUP stops it: the running children are
# stopped too and reaped, every pair is reported (an unfinished one as
# stopped, one never started as not run) in TAP, the human lines and a
# JUnit file that is complete XML, and the batch exits 128+N. Children die
# with a batch killed by SIGKILL, and its JUnit file is left as it was.
# A pair that never ends (original-loop64 under piecemeal, natively) keeps
# the batch going; each signal goes once the batch is seen where the test
# wants it (a TAP line out, a child started), never after a sleep.
. "$(dirname "$0")/../lib.sh"
"$PMSWITCH" check 2>/dev/null | grep -q '^guest-64: long64' || { echo "no /dev/kvm that runs a 64-bit guest"; exit 77; }
command -v perl >/dev/null 2>&1 || t_fail "perl is missing (Debian package perl): cannot spawn with SIGINT"
command -v python3 >/dev/null 2>&1 || t_fail "python3 is missing: the JUnit check cannot run"
d=${TMPDIR:-/tmp}/pmsw-batch-signals.$$
mkdir -p "$d"
ex=$BUILD/examples
quick="$ex/original64.elf $ex/target64.elf 0 --method=piecemeal"
looping="$BUILD/tests/images/original-loop64.elf $ex/target64.elf 0 --method=piecemeal --timeout=300"
printf '%s\n%s\n' "$quick" "$looping" >"$d/quick-first.txt"
printf '%s\n%s\n' "$looping" "$quick" >"$d/loop-first.txt"
seen=

# children: the child processes of $want, from /proc (in stat, after the
# last ')' come the state and the parent's pid).
children() {
	for s in /proc/[0-9]*/stat; do
		{ read -r line <"$s"; } 2>/dev/null || continue
		set -- ${line##*) }
		[ "$2" = "$want" ] && echo "${line%% *}"
	done
}
# running PID: a pmswitch that has not exited (an exited child is gone,
# or a zombie of an init that does not reap).
running() {
	grep -qx pmswitch "/proc/$1/comm" 2>/dev/null || return 1
	{ read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
	set -- ${line##*) }
	[ "$1" != Z ]
}
# Whatever the test leaves running (a batch that failed it) is killed.
cleanup() {
	for k in $seen; do
		running "$k" && kill -KILL "$k"
	done
	rm -rf "$d" "$T_OUT" "$T_ERR"
}
trap cleanup EXIT

# t_wait_child: polls until the spawned batch has started a child; its
# children in KIDS (bounded at 60 s).
t_wait_child() {
	n=0
	want=$T_PID
	until KIDS=$(children); [ -n "$KIDS" ]; do
		kill -0 "$T_PID" 2>/dev/null && [ $n -lt 600 ] || return 1
		n=$((n + 1))
		sleep 0.1
	done
	seen="$seen $KIDS"
}

# no_child_left: none of KIDS is running, at once after the batch ended.
no_child_left() {
	for k in $KIDS; do
		running "$k" && t_fail "$1: child $k is still running"
	done
}

# junit_stopped FILE TESTS FAILURES SKIPPED WHY: complete XML, those
# counts, and a <failure type="stopped"> whose message starts with WHY.
junit_stopped() {
	python3 - "$@" <<'PY' || t_fail "JUnit check of $1"
import sys, xml.dom.minidom
doc = xml.dom.minidom.parse(sys.argv[1])
suite = doc.getElementsByTagName("testsuite")[0]
got = [int(suite.getAttribute(a)) for a in ("tests", "failures", "skipped")]
want = [int(x) for x in sys.argv[2:5]]
stops = [f.getAttribute("message") for f in doc.getElementsByTagName("failure")
         if f.getAttribute("type") == "stopped"]
ok = got == want and len(stops) == 1 and stops[0].startswith(sys.argv[5])
if not ok:
    print("# junit: counts %s (expected %s), stopped failures %s" % (got, want, stops))
sys.exit(0 if ok else 1)
PY
}

# The quick pair has ended and the looping one runs (-j 2: both started
# at once): the signal stops the batch there.
for sig in TERM:143 INT:130 HUP:129; do
	name=${sig%:*} status=${sig#*:}
	echo old >"$d/j.xml"
	t_spawn batch -j 2 --tap --junit "$d/j.xml" "$d/quick-first.txt"
	t_wait_out '^ok 1 - ' || t_spawn_failed "SIG$name: the quick pair's TAP line never came"
	t_wait_child || t_spawn_failed "SIG$name: the looping pair has no process"
	kill -"$name" "$T_PID"
	t_reap
	no_child_left "SIG$name"
	expect_rc "$status"
	expect_out '^1\.\.2$'
	expect_out '^ok 1 - .*/original64\.elf -> .*/target64\.elf --method=piecemeal$'
	expect_out "^not ok 2 - .*/original-loop64\\.elf -> .* # stopped by SIG$name\$"
	expect_out "^# result: FAIL stopped by SIG$name at rip="
	expect_out "^# batch: stopped by SIG$name: 1 passed, 0 failed, 0 skipped, 1 stopped, 0 not run\$"
	prove --exec cat "$T_OUT" >/dev/null 2>&1 && t_fail "SIG$name: prove passes the stopped batch's TAP"
	junit_stopped "$d/j.xml" 2 1 0 "stopped by SIG$name: result: FAIL stopped by SIG$name at rip="
	t_artifact "batch-signals.fail.tap" "$T_OUT"
	t_artifact "batch-signals.xml" "$d/j.xml"
	ls "$d"/j.xml.* >/dev/null 2>&1 && t_fail "SIG$name: a temporary JUnit file is left"
done

# -j 1, the looping pair first: the pair after it never starts.
t_spawn batch -j 1 "$d/loop-first.txt"
t_wait_child || t_spawn_failed "the looping pair has no process"
kill -TERM "$T_PID"
t_reap
no_child_left "SIGTERM, -j 1"
expect_rc 143
expect_out '^STOP  .*/original-loop64\.elf -> .* \(stopped by SIGTERM\)$'
expect_out '^      result: FAIL stopped by SIGTERM at rip='
expect_out '^STOP  .*/original64\.elf -> .* \(not run: the batch was stopped by SIGTERM\)$'
expect_out '^batch: stopped by SIGTERM: 0 passed, 0 failed, 0 skipped, 1 stopped, 1 not run$'

# SIGKILL cannot be caught: the child dies with the batch all the same
# (PR_SET_PDEATHSIG), and the JUnit file is not touched.
echo old >"$d/k.xml"
t_spawn batch -j 1 --junit "$d/k.xml" "$d/loop-first.txt"
t_wait_child || t_spawn_failed "SIGKILL: the looping pair has no process"
kill -KILL "$T_PID"
t_reap 2>/dev/null        # no "Killed" from the shell
n=0
for k in $KIDS; do
	while running "$k" && [ $n -lt 600 ]; do
		n=$((n + 1))
		sleep 0.1
	done
	running "$k" && t_fail "SIGKILL: child $k outlived the batch by 60 s"
done
[ "$(cat "$d/k.xml")" = old ] || t_fail "SIGKILL: the JUnit file was changed"
t_done
