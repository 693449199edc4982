# MMIO of every width (1, 2, 4, 8 bytes) at every offset of the
# virtio-console's registers (0x200 bytes), and at the edges of the page
# that maps them; the I/O ports written and read the wrong way.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../hostile/lib.sh"
hostile_host

# Reads change nothing and end nothing. Only aligned 32-bit reads of the
# registers answer (virtio 1.2 4.2.2.2); everything else reads 0. What the
# switcher left: DeviceFeaturesSel 1, QueueSel 1 (the transmit queue, ready,
# 256 entries at most), a used buffer (InterruptStatus 1), Status 0xf; the
# shared-memory registers say "none" (all ones).
hostile_like mmio_read_sweep 0 "PASS switched .* with piecemeal in [0-9]+ TSC cycles \(first load -> last load\)"
expect_out '^ +2 O text +\+[0-9]+ "w1:; w2:; w4: 0=74726976 4=2 8=3 c=57534d50 10=1 34=100 44=1 60=1 70=f b0=ffffffff b4=ffffffff b8=ffffffff bc=ffffffff; w8:"$'

# All ones written at every width and offset, except the registers a driver
# writes to use the device (hostile-transport.sh writes each of those): the
# device ignores every one (InterruptACK clears the interrupt), the console
# goes on working, and the switch passes.
hostile_like mmio_write_sweep 0 "PASS switched .* with piecemeal in [0-9]+ TSC cycles \(first load -> last load\)"
expect_out '^ +2 O text +\+[0-9]+ "after the writes: status=f transmitq-ready=1 interrupt-status=0"$'
expect_out '^verified: '

# The device is the first 0x200 bytes of the page mapped for it.
R='FAIL bad-mmio: guest'
C='at rip=0x[0-9a-f]+ cr0=0x80010033 cr3=0x[0-9a-f]+ cr4=0x620 efer=0xd00'
hostile_like mmio_past_window 1 "$R read unclaimed address 0xfe000200 \(len 4\) $C"
hostile_like mmio_straddle_read 1 "$R read unclaimed address 0xfe0001fc \(len 8\) $C"
hostile_like mmio_straddle_write 1 "$R wrote unclaimed address 0xfe0001ff \(len 2\) $C"
hostile_like mmio_page_end 1 "$R wrote unclaimed address 0xfe000fff \(len 1\) $C"

# The exit port takes a 32-bit write, the signal ports a byte; nothing is read.
hostile port_exit_byte 1 "FAIL device-error: guest wrote I/O port 0xf4 (size 1)"
hostile port_exit_read 1 "FAIL device-error: guest read I/O port 0xf4 (size 4)"
hostile_like port_landing_wide 1 "FAIL bad-io: guest wrote I/O port 0xf8 \(size 4\) $C"
hostile_like port_unknown 1 "FAIL bad-io: guest wrote I/O port 0x80 \(size 1\) $C"
t_done
