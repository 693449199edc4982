# run -v counts the guest pages the run touched (mincore, allowed by the
# seccomp filter), and guest RAM is backed lazily: 3 GiB of it cost no more
# than the default 64 MiB. make bench reads the JSON form.
. "$(dirname "$0")/../lib.sh"
"$PMSWITCH" check 2>/dev/null | grep -q '^guest-64: long64' || { echo "no /dev/kvm that runs a 64-bit guest"; exit 77; }
O=$BUILD/examples/original64.elf T=$BUILD/examples/target64.elf
t_run run -v --method piecemeal "$O" "$T"
expect_rc 0
expect_out '^memory: guest RAM 65536 KiB, [1-9][0-9]* KiB of it touched \([1-9][0-9]* pages\)$'
t_run run -q --method piecemeal "$O" "$T"
expect_no_out '^memory:'
t_run run -v --tap --method piecemeal "$O" "$T"
expect_out '^# memory: guest RAM 65536 KiB, '
for mib in 64 3072; do
	t_run run -v --json --memory "$mib" --method piecemeal "$O" "$T"
	expect_rc 0
	expect_out "^\\{\"event\": \"memory\", \"guest-kib\": $((mib * 1024)), \"touched-kib\": [1-9][0-9]*, \"touched-pages\": [1-9][0-9]*\\}\$"
	eval "pages_$mib=\$(sed -n 's/.*\"touched-pages\": \\([0-9]*\\)}\$/\\1/p' \"\$T_OUT\")"
done
[ -n "$pages_64" ] && [ "$pages_64" = "$pages_3072" ] ||
	t_fail "touched pages: '$pages_64' with 64 MiB, '$pages_3072' with 3072 MiB"
t_done
