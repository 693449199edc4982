# run --nmi natively: this host's KVM steps every instruction of the run, so
# the NMIs planned on piecemeal's path come where the CPU is half in each
# context, and one of them kills the guest. The report names the NMI, where
# it came and how the guest died; the NMIs before it were handled in O.
. "$(dirname "$0")/../lib.sh"
"$PMSWITCH" check 2>/dev/null | grep -q '^guest-64: long64' || { echo "no /dev/kvm that runs a 64-bit guest"; exit 77; }
t_run run --method piecemeal --nmi 8 "$BUILD/examples/original64.elf" "$BUILD/examples/target64.elf"
expect_rc 1
expect_out '^nmis: [1-8] of 8 raised over [1-9][0-9]{2,} instructions \([1-4] in the switch\), [0-7] handled$'
expect_out '^  nmi 1 +before +[0-9]+  0x[0-9a-f]+ +[a-z_]+\+0x[0-9a-f]+ +in O +handled in O$'
expect_out ' switch +in mixed +died: (triple fault|exception [0-9]+)$'
expect_out '^result: FAIL NMI [1-8] of 8, raised before instruction [0-9]+ \([a-z_]+\+0x[0-9a-f]+, in the switch\), was not handled: '
t_done
