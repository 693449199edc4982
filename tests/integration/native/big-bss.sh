# An image with a large bss (a 128-byte file whose one segment asks for 1000
# MiB) costs the VMM no memory until the guest writes it: inspect's peak RSS
# stays far below the bss. Images that fit the guest RAM alone but not
# together are refused with exit 3 before guest RAM is set up (no KVM).
. "$(dirname "$0")/../lib.sh"
d=${TMPDIR:-/tmp}/pmsw-bss.$$
mkdir -p "$d"

# tiny_elf FILE MEMSZ: a 64-bit image, one RWX segment at 4 MiB, entry in it.
tiny_elf() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
eh = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
eh += struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, 0x400078, 64, 0, 0, 64, 56, 1, 64, 0, 0)
ph = struct.pack("<IIQQQQQQ", 1, 7, 0, 0x400000, 0x400000, 128, int(sys.argv[2]), 0x1000)
body = eh + ph + b"\x31\xc0\xc3"
open(sys.argv[1], "wb").write(body + bytes(128 - len(body)))
PY
}

tiny_elf "$d/bss1000m.elf" $((1000 << 20))
T_CMD="pmswitch inspect --memory 1100 $d/bss1000m.elf"
rss=$(python3 - "$PMSWITCH" "$d/bss1000m.elf" "$T_OUT" "$T_ERR" <<'PY'
import resource, subprocess, sys
with open(sys.argv[3], "wb") as out, open(sys.argv[4], "wb") as err:
    rc = subprocess.run([sys.argv[1], "inspect", "--memory", "1100", sys.argv[2]],
                        stdout=out, stderr=err).returncode
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
)
T_RC=${rss% *}
expect_rc 0
expect_out '^  0x400000-0x3ec00000 -> 0x1000000  rwx-  image segment$'
[ "${rss#* }" -lt 65536 ] || t_fail "peak RSS ${rss#* } KiB for a 1000 MiB bss (limit 65536)"

tiny_elf "$d/bss30m.elf" $((30 << 20))
t_run run "$d/bss30m.elf" "$d/bss30m.elf"
expect_rc 3
expect_err_one_line
expect_err "^pmswitch: $d/bss30m\.elf and $d/bss30m\.elf need 0x3c08000 bytes of guest RAM together with their stacks, 0x3000000 available \(--memory\)$"
t_run inspect "$d/bss30m.elf"
expect_rc 0
rm -rf "$d"
t_done
