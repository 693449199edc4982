# Hostile originals that break the virtio-mmio transport: the status state
# machine, feature negotiation, queue set-up, notifications, and every
# register a driver writes, written wrong while the device is live. Each
# run ends at the write that broke the protocol: exit 1, and one line, the
# result line, says what it broke; stderr stays empty, and what the guest
# sent before is in the timeline.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../hostile/lib.sh"
hostile_host
D='FAIL device-error: virtio-console:'

hostile status_reserved 1 "$D Status 0x10 sets reserved bits"
hostile status_clear 1 "$D Status 0x1 clears bits of 0x3 (only 0 resets)"
hostile status_no_ack 1 "$D Status DRIVER without ACKNOWLEDGE"
hostile status_no_driver 1 "$D Status FEATURES_OK without DRIVER"
hostile status_no_features 1 "$D Status DRIVER_OK without FEATURES_OK"
# VIRTIO_F_INDIRECT_DESC is not offered: FEATURES_OK does not stick.
hostile feature_indirect 1 "$D Status DRIVER_OK without FEATURES_OK"
hostile features_late 1 "$D DriverFeatures written in Status 0xb (needs DRIVER, not FEATURES_OK)"
hostile features_word2 1 "$D DriverFeatures word 2 = 0x1: features never offered"

hostile queue_missing 1 "$D QueueNum written for queue 2, which does not exist"
hostile queue_num_odd 1 "$D QueueNum 3 for queue 1: not a power of 2 in 1..256"
hostile queue_num_big 1 "$D QueueNum 512 for queue 1: not a power of 2 in 1..256"
hostile queue_no_num 1 "$D queue 1 made ready without QueueNum"
hostile_like queue_misaligned 1 "$D queue 1: descriptor table at 0x[0-9a-f]*8 is not 16-byte aligned"
# Rings outside RAM (64 MiB by default: 0x4000000).
hostile ring_past_ram 1 "$D queue 1: descriptor table at 0xf0000000 (0x100 bytes) lies past guest RAM"
hostile ring_end_of_ram 1 "$D queue 1: used ring at 0x3fffff8 (0x86 bytes) lies past guest RAM"
hostile_like ring_high 1 "$D queue 1: descriptor table at 0x1[0-9a-f]{8} \(0x100 bytes\) lies past guest RAM"
hostile ring_moved_live 1 "$D a queue address register written for queue 1 while it is ready"
hostile notify_early 1 "$D QueueNotify 1 before DRIVER_OK"
hostile notify_unready 1 "$D QueueNotify for queue 0, which is not ready"

# The registers a driver writes, all ones while the device is live (the
# switcher's console); the others are in hostile-mmio.sh's sweep.
hostile write_020 1 "$D DriverFeatures written in Status 0xf (needs DRIVER, not FEATURES_OK)"
hostile write_038 1 "$D QueueNum written in Status 0xf (needs FEATURES_OK, not DRIVER_OK)"
hostile write_044 1 "$D QueueReady 0xffffffff (only 0 or 1)"
hostile write_050 1 "$D QueueNotify for queue 4294967295, which is not ready"
hostile write_070 1 "$D Status 0xffffffbf sets reserved bits"
for off in 080 084 090 094 0a0 0a4; do
	hostile write_$off 1 "$D a queue address register written in Status 0xf (needs FEATURES_OK, not DRIVER_OK)"
done

# -q: the whole of stdout is that one line.
hostile_run notify_early -q
expect_rc 1
[ "$(wc -l <"$T_OUT")" = 1 ] || t_fail "-q: stdout has $(wc -l <"$T_OUT") lines, expected 1"
expect_verdict -F "$D QueueNotify 1 before DRIVER_OK"
t_done
