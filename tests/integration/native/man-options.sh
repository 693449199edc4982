# The man page and the program describe the same command line:
#  - the commands of "pmswitch --help" and the man page's COMMANDS agree,
#    and every command answers --help;
#  - every option a --help text shows is documented for that command in
#    OPTIONS ("Global options", "Options for COMMAND"), and every option
#    documented there shows up in that command's --help;
#  - the page is clean for mandoc -Tlint and renders with man -l (and
#    groff -ww) without a single warning.
# -h/--help is documented once for every command, so it is not looked up
# per command; that every command takes it is checked instead.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../manpage.sh"
top=$(cd "$(dirname "$0")/../../.." && pwd)
page=$top/man/pmswitch.1
tmp=${TMPDIR:-/tmp}/pmsw-man.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp" "$T_OUT" "$T_ERR"' EXIT
T_CMD=
T_RC=-
: >"$T_OUT"
: >"$T_ERR"

need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	t_fail "$1 is not installed (Debian package $2; make check installs it)"
	return 1
}


# The subsections "Options for CMD" there are.
man_option_sections() {
	awk '/^\.SH/ { opts = ($2 == "OPTIONS") }
	     opts && /^\.SS Options for / { print $4 }' "$page"
}

# The commands of COMMANDS: the first word of every tag there.
man_commands() {
	awk '/^\.SH/ { cmds = ($2 == "COMMANDS"); tag = 0; next }
	     cmds && /^\.TP/ { tag = 1; next }
	     cmds && tag { tag = 0; sub(/^\.B[RI]? +/, ""); sub(/\\f.*/, ""); print $1 }' "$page"
}

[ -f "$page" ] || { t_fail "no man page at $page"; t_done; }

# ---- the page itself -------------------------------------------------------
if need mandoc mandoc; then
	mandoc -Tlint "$page" >"$tmp/lint" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ] || [ -s "$tmp/lint" ]; then
		T_CMD="mandoc -Tlint man/pmswitch.1" T_RC=$rc
		cp "$tmp/lint" "$T_ERR"
		t_fail "mandoc -Tlint is not clean"
	fi
fi
if need man man-db; then
	LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$page" >"$tmp/render" 2>"$tmp/render-err"
	rc=$?
	if [ "$rc" -ne 0 ] || [ -s "$tmp/render-err" ] || [ ! -s "$tmp/render" ]; then
		T_CMD="MANWIDTH=80 man -l man/pmswitch.1" T_RC=$rc
		cp "$tmp/render-err" "$T_ERR"
		t_fail "man -l warns or renders nothing"
	fi
fi
if need groff groff-base; then
	LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$page" >"$tmp/groff" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ] || [ -s "$tmp/groff" ]; then
		T_CMD="groff -man -ww -z man/pmswitch.1" T_RC=$rc
		cp "$tmp/groff" "$T_ERR"
		t_fail "groff -ww warns"
	fi
fi

# ---- commands ----------------------------------------------------------------
t_run --help
expect_rc 0
cp "$T_OUT" "$tmp/help-main"
# "commands:" starts the list; each command is the first word of a line
# indented below it.
awk '/^commands:/ { on = 1; next } on && /^  +[a-z]/ { print $1 } on && /^[^ ]/ { on = 0 }' \
	"$tmp/help-main" | sort -u >"$tmp/prog-cmds"
[ -s "$tmp/prog-cmds" ] || t_fail "pmswitch --help lists no commands under 'commands:'"
man_commands | sort -u >"$tmp/man-cmds"
[ -s "$tmp/man-cmds" ] || t_fail "the man page's COMMANDS section names no commands"
for c in $(comm -23 "$tmp/prog-cmds" "$tmp/man-cmds"); do
	t_fail "command '$c' (pmswitch --help) is missing from the man page's COMMANDS"
done
for c in $(comm -13 "$tmp/prog-cmds" "$tmp/man-cmds"); do
	t_fail "command '$c' (man page) is missing from pmswitch --help"
done
for c in $(man_option_sections); do
	grep -qx "$c" "$tmp/man-cmds" || t_fail "man page has 'Options for $c' but no command $c"
done
t_run -h
expect_rc 0

# ---- options, both ways --------------------------------------------------------
# The options a --help text offers: those on its usage lines ("usage:
# pmswitch ..." and indented "pmswitch ..." continuations) and those that
# start an indented option line ("  -m, --method METHOD   what it does"),
# up to the gap before the description. Prose (such as a manifest line's
# syntax) is not an offer.
help_opts() {
	awk '/^usage: / || /^[ \t]+pmswitch / { print; next }
	     /^[ \t]+-/ { sub(/^[ \t]+/, ""); sub(/  .*/, ""); print }' "$1" | opts_of
}

# $1: section name (global or a command), $2: its --help text, $3: the
# command line that printed it. One failure per direction, naming them all.
compare() {
	man_tags "$1" | opts_of | grep -vxE -- '-h|--help' >"$tmp/man-opts"
	help_opts "$2" | grep -vxE -- '-h|--help' >"$tmp/help-opts"
	undocumented=$(comm -23 "$tmp/help-opts" "$tmp/man-opts" | tr '\n' ' ' | sed 's/ $//')
	unlisted=$(comm -13 "$tmp/help-opts" "$tmp/man-opts" | tr '\n' ' ' | sed 's/ $//')
	[ -z "$undocumented" ] ||
		t_fail "in '$3' but not documented for $1 in the man page: $undocumented"
	[ -z "$unlisted" ] ||
		t_fail "documented for $1 in the man page but not in '$3': $unlisted"
}

# Global options: what --help shows before its command list.
sed '/^commands:/,$d' "$tmp/help-main" >"$tmp/help-global"
T_CMD="pmswitch --help" T_RC=0
compare global "$tmp/help-global" "pmswitch --help"
[ -n "$(man_tags global)" ] || t_fail "the man page has no 'Global options'"

for c in $(cat "$tmp/man-cmds" "$tmp/prog-cmds" | sort -u); do
	t_run "$c" --help
	if [ "$T_RC" -ne 0 ]; then
		t_fail "pmswitch $c --help exits $T_RC, expected 0 (is '$c' built in yet?)"
		continue
	fi
	grep -q "usage: pmswitch $c" "$T_OUT" || t_fail "pmswitch $c --help has no 'usage: pmswitch $c' line"
	cp "$T_OUT" "$tmp/help-$c"
	grep -qx "$c" "$tmp/man-cmds" || continue
	[ -n "$(man_tags "$c")" ] || [ -z "$(help_opts "$tmp/help-$c" | grep -vxE -- '-h|--help')" ] ||
		t_fail "the man page has no 'Options for $c'"
	compare "$c" "$tmp/help-$c" "pmswitch $c --help"
done
t_done
