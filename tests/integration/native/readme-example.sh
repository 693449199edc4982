# The README's context image, typed as shown: its C code and its gcc command
# line, taken from README.md itself, build an image that inspect accepts, in
# both widths (-m32 as the README says).
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../../.." && pwd)
d=${TMPDIR:-/tmp}/pmsw-readme.$$
mkdir -p "$d"
awk '/^## Writing a context image/ { on = 1 } on && /^```c$/ { c = 1; next }
	c && /^```$/ { exit } c' "$top/README.md" >"$d/hello.c"
cmd=$(awk '/^## Writing a context image/ { on = 1 } on && /^gcc / { line = $0;
	while (line ~ /\\$/) { sub(/\\$/, "", line); getline more; line = line more }; print line; exit }' \
	"$top/README.md")
[ -s "$d/hello.c" ] && [ -n "$cmd" ] || t_fail "README.md has no example code or gcc line"
for w in 64 32; do
	(cd "$top" && cp "$d/hello.c" "$d/hello$w.c" &&
		eval "$(echo "$cmd" | sed "s|-m64|-m$w|; s| hello\\.c | $d/hello$w.c |; s|-o hello\\.elf|-o $d/hello$w.elf|")") \
		>"$T_OUT" 2>"$T_ERR" || t_fail "README gcc line failed for -m$w"
	[ ! -s "$T_ERR" ] || t_fail "README gcc line warns for -m$w"
	t_run inspect "$d/hello$w.elf"
	expect_rc 0
	expect_out "^mode: $w-bit"
done
rm -rf "$d"
t_done
