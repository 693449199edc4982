# shellcheck shell=bash
# The AMD host: QEMU with TCG (no KVM below it), CPU model "max" (SVM),
# booting the kernel directly. One vCPU: with two, TCG hosts have been seen to
# hang once several KVM processes ran inside. Sourced by ./run.

# Nothing to prepare: QEMU loads the kernel and initramfs itself.
qemu_prepare() { :; }

# Replace this (background) shell by QEMU under timeout, booting kernel $1
# with initramfs $2; its status means nothing except 124 (timed out).
# SIGHUP, as for Bochs: QEMU quits on it too.
qemu_exec() {
    local kernel=$1 initrd=$2 mem
    mem=$((1024 + 2 * $(stat -c %s "$initrd") / 1048576))
    # No display, no monitor, no network, no reboot: the guest's poweroff or
    # panic ends QEMU. Serial ports as in ./init: console, stdout, stderr.
    exec timeout --foreground -s HUP -k 5 "$TIMEOUT" \
        qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m "$mem" \
        -nodefaults -no-user-config -display none -no-reboot \
        -kernel "$kernel" -initrd "$initrd" -append "$KERNEL_ARGS" \
        -serial "file:$LOGDIR_WORK/console.log" \
        -serial "file:$WORK/stdout" \
        -serial "file:$WORK/stderr" \
        </dev/null >"$LOGDIR_WORK/qemu.log" 2>&1
}
