# A kernel-style image, linked at 0xffffffff80000000 (-mcmodel=kernel):
# inspect shows its segments in the upper half, canonical; a segment that
# reaches into the non-canonical hole is refused (exit 3, one line); and
# where this host's /dev/kvm runs a 64-bit guest, piecemeal switches to it.
. "$(dirname "$0")/../lib.sh"
img=$BUILD/tests/images/target-kernel64.elf
t_run inspect "$img"
expect_rc 0
expect_out '^entry: 0xffffffff80000000$'
expect_out '^  0xffffffff80000000-0xffffffff80001000 -> 0x[0-9a-f]+  r-x-  image segment$'
expect_out '^  0xffffffff80001000-0xffffffff8000[0-9a-f]{4} -> 0x[0-9a-f]+  rw--  image segment$'
expect_out '  rw--  image stack$'
expect_no_out '0x0000ffff|0xffff80000000-| other$'
t_run inspect --json "$img"
expect_rc 0
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
segs = [m for m in d["mappings"] if m["what"] == "image segment"]
assert d["entry"] == 0xffffffff80000000 and len(segs) == 2, d
assert all(m["va"] >= 0xffffffff80000000 for m in segs), segs' "$T_OUT" ||
	t_fail "inspect --json does not show the upper-half segments"

# The same image with its text segment moved: into the hole, and across it.
d=${TMPDIR:-/tmp}/pmsw-kernel.$$
mkdir -p "$d"
python3 - "$img" "$d" <<'PY'
import struct, sys
src, out = sys.argv[1], sys.argv[2]
data = bytearray(open(src, "rb").read())
phoff, = struct.unpack_from("<Q", data, 32)
def move(name, vaddr, memsz):
    b = bytearray(data)
    # The first program header is the text PT_LOAD: p_vaddr, p_paddr, p_memsz.
    struct.pack_into("<QQ", b, phoff + 16, vaddr, vaddr)
    struct.pack_into("<Q", b, phoff + 40, memsz)
    open(f"{out}/{name}.elf", "wb").write(b)
move("in-hole", 0x0000800000000000, 0x1000)
move("crosses-hole", 0x00007ffffffff000, 0x2000)
move("below-upper", 0xffff7ffffffff000, 0x2000)
PY
while read -r file want; do
	t_run inspect "$d/$file.elf"
	expect_rc 3
	expect_err_one_line
	expect_err "^pmswitch: $d/$file.elf: segment 0 \\($want\\) reaches into the non-canonical hole 0x800000000000-0xffff800000000000$"
done <<TABLE
in-hole 0x800000000000-0x800000001000
crosses-hole 0x7ffffffff000-0x800000001000
below-upper 0xffff7ffffffff000-0xffff800000001000
TABLE
rm -rf "$d"

[ "$T_FAILED" = 0 ] || t_done
"$PMSWITCH" check 2>/dev/null | grep -q '^guest-64: long64' || { echo "no /dev/kvm that runs a 64-bit guest"; exit 77; }
t_run run --method piecemeal "$BUILD/examples/original64.elf" "$img"
expect_rc 0
expect_out '^ +[0-9]+ T text .*"hello from the upper half"$'
expect_out '^verified: '
expect_out '^result: PASS switched .* with piecemeal '
t_done
