# run: SIGINT, SIGTERM or SIGHUP while the guest runs ends it cleanly: the
# timeline so far, a result line naming the signal, exit 128+N. The pair
# never ends (an original that loops, switched by piecemeal, which needs no
# nesting); the signal goes once the timeline's first line is out, so the
# guest is known to be running.
. "$(dirname "$0")/../lib.sh"
"$PMSWITCH" check 2>/dev/null | grep -q '^guest-64: long64' || { echo "no /dev/kvm that runs a 64-bit guest"; exit 77; }
command -v perl >/dev/null 2>&1 || t_fail "perl is missing (Debian package perl): cannot spawn with SIGINT"
loop=$BUILD/tests/images/original-loop64.elf

for sig in INT:130 TERM:143 HUP:129; do
	name=${sig%:*} status=${sig#*:}
	t_spawn run --method piecemeal --timeout 300 "$loop" "$BUILD/examples/target64.elf"
	t_wait_out '^ +0 O enter-original ' ||
		t_spawn_failed "SIG$name: the run never showed its first timeline line"
	kill -"$name" "$T_PID"
	t_reap
	expect_rc "$status"
	expect_out '^pmswitch: .*original-loop64\.elf \(64-bit\) -> .*target64\.elf \(64-bit\), method piecemeal$'
	expect_events enter-original
	expect_out "^result: FAIL stopped by SIG$name at rip=0x[0-9a-f]+ "
	[ -s "$T_ERR" ] && t_fail "SIG$name: stderr is not empty"
done

# JSON and TAP end the same way: the reason, and the status in JSON.
t_spawn run --json --method piecemeal --timeout 300 "$loop" "$BUILD/examples/target64.elf"
t_wait_out '"event": "enter-original"' || t_spawn_failed "--json: no enter-original line"
kill -TERM "$T_PID"
t_reap
expect_rc 143
expect_out '^\{"event": "result", "status": 143, .*"reason": "stopped by SIGTERM at rip='
t_spawn run --tap --method piecemeal --timeout 300 "$loop" "$BUILD/examples/target64.elf"
t_wait_out '^# +0 O enter-original ' || t_spawn_failed "--tap: no enter-original line"
kill -HUP "$T_PID"
t_reap
expect_rc 129
expect_out '^not ok 3 - target returned 0$'
expect_out '^# stopped by SIGHUP at rip='
t_done
