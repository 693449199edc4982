# shellcheck shell=bash
# The Intel host: Bochs (VMX, Skylake-X model) booting the kernel from a FAT
# disk image with syslinux. Headless: the term display on a pseudo-terminal
# Bochs opens itself, no sockets. Sourced by ./run.

BOCHS_HEADS=16
BOCHS_SPT=63
BOCHS_CYL_BYTES=$((BOCHS_HEADS * BOCHS_SPT * 512))

# Kernel arguments shared with the AMD host live in ./run (KERNEL_ARGS).
# reboot=t: a panic reboots through a triple fault, which Bochs (with
# reset_on_triple_fault=0) turns into a fatal panic, i.e. it exits.
BOCHS_KERNEL_ARGS="reboot=t"

# Unpartitioned FAT disk $1 holding kernel $2 and initramfs $3, sized to fit.
bochs_disk() {
    local img=$1 kernel=$2 initrd=$3 need cyl
    need=$(($(stat -c %s "$kernel") + $(stat -c %s "$initrd") + 4 * 1024 * 1024))
    cyl=$(((need * 11 / 10 + BOCHS_CYL_BYTES - 1) / BOCHS_CYL_BYTES))
    [ "$cyl" -ge 40 ] || cyl=40
    [ "$cyl" -le 16383 ] || die "run image too large for the Bochs disk ($need bytes)"
    rm -f "$img"
    mkfs.vfat -C -g "$BOCHS_HEADS/$BOCHS_SPT" -n VMHOST "$img" \
        $((cyl * BOCHS_CYL_BYTES / 1024)) >/dev/null || die "mkfs.vfat failed"
    syslinux --install "$img" || die "syslinux --install failed"
    cat >"$WORK/syslinux.cfg" <<EOF
DEFAULT linux
PROMPT 0
TIMEOUT 0
LABEL linux
  KERNEL vmlinuz
  INITRD initrd.img
  APPEND $KERNEL_ARGS $BOCHS_KERNEL_ARGS
EOF
    MTOOLS_SKIP_CHECK=1 mcopy -i "$img" "$kernel" ::vmlinuz ||
        die "mcopy onto the Bochs disk failed"
    MTOOLS_SKIP_CHECK=1 mcopy -i "$img" "$initrd" ::initrd.img ||
        die "mcopy onto the Bochs disk failed"
    MTOOLS_SKIP_CHECK=1 mcopy -i "$img" "$WORK/syslinux.cfg" ::syslinux.cfg ||
        die "mcopy onto the Bochs disk failed"
    echo "$cyl"
}

# bochsrc for disk $1 with $2 cylinders and $3 MiB of memory. ips and
# sync=none: guest time follows instructions, not the (busy) host clock.
# No magic break: an "xchg bx,bx" in any guest would stop the simulation.
# Port 0xe9 output (handy in payloads) lands in bochs.out.
bochs_config() {
    cat <<EOF
megs: $3
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest
cpu: model=corei7_skylake_x, count=1, ips=100000000, reset_on_triple_fault=0
clock: sync=none, time0=local
boot: disk
ata0-master: type=disk, mode=flat, path=$1, cylinders=$2, heads=$BOCHS_HEADS, spt=$BOCHS_SPT
floppy_bootsig_check: disabled=1
display_library: term
mouse: enabled=0
sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy
speaker: enabled=0
com1: enabled=1, mode=file, dev=$LOGDIR_WORK/console.log
com2: enabled=1, mode=file, dev=$WORK/stdout
com3: enabled=1, mode=file, dev=$WORK/stderr
log: $LOGDIR_WORK/bochs.log
panic: action=fatal
error: action=report
info: action=ignore
debug: action=ignore
magic_break: enabled=0
port_e9_hack: enabled=1
EOF
}

# Disk and configuration for kernel $1 with initramfs $2, in $WORK.
bochs_prepare() {
    local kernel=$1 initrd=$2 cyl megs
    cyl=$(bochs_disk "$WORK/disk.img" "$kernel" "$initrd")
    # Room for the unpacked initramfs on top of what the kernel itself needs.
    megs=$((512 + 2 * $(stat -c %s "$initrd") / 1048576))
    bochs_config "$WORK/disk.img" "$cyl" "$megs" >"$WORK/bochsrc"
    # The debugger built into Debian's Bochs would stop at its prompt: continue,
    # then quit when the guest stops.
    printf 'c\nquit\n' >"$WORK/bochs.rc"
}

# Replace this (background) shell by Bochs under timeout; its status means
# nothing except 124 (timed out). Bochs ignores SIGTERM; SIGHUP makes it quit
# cleanly (logs flushed). --foreground: only Bochs gets signalled, so a
# final SIGKILL cannot hit timeout itself and hide the 124.
bochs_exec() {
    TERM=xterm exec timeout --foreground -s HUP -k 5 "$TIMEOUT" \
        bochs-bin -q -f "$WORK/bochsrc" -rc "$WORK/bochs.rc" \
        </dev/null >"$LOGDIR_WORK/bochs.out" 2>&1
}
