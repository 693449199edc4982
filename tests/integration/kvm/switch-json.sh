# --json: one object per record, then verify and result objects.
. "$(dirname "$0")/../lib.sh"
t_only intel
t_run run --json "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 0
expect_out '^\{"seq": 0, "event": "enter-original", "ctx": "O", '
expect_out '"event": "vmexit", .*"exit-reason": 18'
expect_out '^\{"event": "landing", "ok": true, "fields": \{"cr0": '
expect_out '^\{"event": "verify", "ok": true'
expect_out '^\{"event": "result", "status": 0, "switched": true, "verified": true'
n=$(grep -vc '^{.*}$' "$T_OUT")
[ "$n" -eq 0 ] || t_fail "$n lines are not one JSON object each"
t_done
