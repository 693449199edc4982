# pmswitch check --json: one object, with the probe results inside.
. "$(dirname "$0")/../lib.sh"
t_run check --json
expect_rc 0
[ "$(wc -l <"$T_OUT")" -eq 1 ] || t_fail "not one line"
expect_out '^\{"kvm": true, "api-version": 12, '
expect_out '"guest-64": \{"ok": true, "mode": "long64"'
expect_out '"methods": \["[a-z-]+"(, "[a-z-]+")*\], "can-run": true\}$'
t_done
