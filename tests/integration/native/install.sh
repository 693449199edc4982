# make install into a temporary DESTDIR: the installed binary finds its
# payloads and inspects an installed example; make uninstall removes it all.
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../../.." && pwd)
dest=${TMPDIR:-/tmp}/pmsw-dest.$$
make -s -C "$top" BUILD="$BUILD" DESTDIR="$dest" PREFIX=/usr install >"$T_OUT" 2>"$T_ERR" ||
	t_fail "make install failed"
for f in usr/bin/pmswitch usr/lib/pmswitch/switcher64.elf usr/lib/pmswitch/switcher32.elf \
	usr/share/pmswitch/examples/original64.elf usr/share/pmswitch/examples/image.ld \
	usr/include/pmswitch/image.h usr/share/man/man1/pmswitch.1 \
	usr/share/bash-completion/completions/pmswitch usr/share/zsh/site-functions/_pmswitch \
	usr/share/fish/vendor_completions.d/pmswitch.fish; do
	[ -f "$dest/$f" ] || t_fail "not installed: $f"
done
PMSWITCH=$dest/usr/bin/pmswitch
t_run inspect "$dest/usr/share/pmswitch/examples/original64.elf"
expect_rc 0
expect_out '  switcher$'
t_run --version
expect_out '^pmswitch '
make -s -C "$top" BUILD="$BUILD" DESTDIR="$dest" PREFIX=/usr uninstall >"$T_OUT" 2>"$T_ERR" ||
	t_fail "make uninstall failed"
left=$(find "$dest" -type f | wc -l)
[ "$left" -eq 0 ] || t_fail "uninstall left $left files"
rm -rf "$dest"
t_done
