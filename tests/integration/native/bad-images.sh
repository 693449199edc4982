# Malformed images: exit 3, one line on stderr naming the file (no KVM needed:
# images are checked before /dev/kvm is opened). Table-driven.
. "$(dirname "$0")/../lib.sh"
d=${TMPDIR:-/tmp}/pmsw-bad.$$
mkdir -p "$d"
good=$BUILD/examples/original64.elf
printf '%080d' 0 >"$d/text.elf"
: >"$d/empty.elf"
head -c 40 "$good" >"$d/truncated.elf"
head -c 200 "$good" >"$d/cut-segment.elf"
# e_machine = 40 (ARM) at offset 18
{ head -c 18 "$good"; printf '\050\000'; tail -c +21 "$good"; } >"$d/arm.elf"
# e_type = 3 (ET_DYN) at offset 16
{ head -c 16 "$good"; printf '\003\000'; tail -c +19 "$good"; } >"$d/dyn.elf"
# EI_OSABI = 3 (GNU) at offset 7; e_flags = 1 at offset 48 (ELF64)
{ head -c 7 "$good"; printf '\003'; tail -c +9 "$good"; } >"$d/osabi.elf"
{ head -c 48 "$good"; printf '\001\000\000\000'; tail -c +53 "$good"; } >"$d/flags.elf"
while read -r file want; do
	t_run run "$d/$file" "$BUILD/examples/target64.elf"
	expect_rc 3
	expect_err_one_line
	expect_err "^pmswitch: $d/$file: $want"
done <<TABLE
text.elf not an ELF file
empty.elf
truncated.elf
cut-segment.elf
arm.elf .*machine 40
dyn.elf .*ET_DYN|.*shared|.*type
osabi.elf OS ABI 3, need 0
flags.elf ELF flags 0x1, x86 defines none
TABLE
# Refused from the header and the size, without reading the rest: under a
# 200 MB memory limit, reading either file whole would fail otherwise.
truncate -s 255M "$d/zeros.elf"
cp "$good" "$d/huge.elf" && truncate -s 255M "$d/huge.elf"
while read -r file want; do
	(t_ulimit_v 204800 && exec "$PMSWITCH" inspect "$d/$file") >"$T_OUT" 2>"$T_ERR"
	T_RC=$? T_CMD="pmswitch inspect $d/$file (ulimit -v 204800)"
	expect_rc 3
	expect_err_one_line
	expect_err "^pmswitch: $d/$file: $want"
done <<TABLE
zeros.elf not an ELF file \(bad magic\)$
huge.elf file too large \(0xff00000 bytes, more than the 0x3000000 bytes of guest RAM available to images\)$
TABLE
rm -f "$d/zeros.elf" "$d/huge.elf"
t_run run "$d/missing.elf" "$BUILD/examples/target64.elf"
expect_rc 3
expect_err "missing.elf: cannot open"
t_run run --method vmx-exit "$BUILD/examples/original64.elf" "$BUILD/examples/target32.elf"
expect_rc 3
expect_err_one_line
expect_err 'vmx-exit needs both of one width .*host address-space size.*; vmx-entry switches any pair$'
rm -rf "$d"
t_done
