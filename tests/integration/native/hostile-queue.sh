# Hostile originals that take the console over (reset, a transmit queue of
# their own, one good record) and then break the split virtqueue: loops,
# chains past the queue, buffers outside RAM, indirect descriptors. Each
# run ends at the notify: exit 1, one line, the good record kept; a chain
# with any bad descriptor delivers none of its buffers.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../hostile/lib.sh"
hostile_host
Q='FAIL device-error: virtio-console: transmitq:'

queue() {
	hostile "$@"
	expect_raw_kept
}

queue desc_loop 1 "$Q chain at head 0: longer than the queue size 16 (descriptor loop)"
queue desc_self_loop 1 "$Q chain at head 7: longer than the queue size 16 (descriptor loop)"
queue chain_next_range 1 "$Q descriptor 0: next index 16 out of range (queue size 16)"
queue avail_head_range 1 "$Q available ring entry 1: head 16 out of range (queue size 16)"
queue avail_idx_ahead 1 "$Q available index 18 is 17 entries ahead of 1 (queue size 16)"
queue buf_past_ram 1 "$Q descriptor 0: address 0x3fffff8 length 16 past guest RAM"
queue buf_device 1 "$Q descriptor 0: address 0xfe000000 length 4 past guest RAM"
queue buf_wrap 1 "$Q descriptor 0: address 0xfffffffffffffff0 length 32 wraps around"
queue desc_indirect 1 "$Q descriptor 0: INDIRECT flag but VIRTIO_F_INDIRECT_DESC was not negotiated"
queue readable_after_writable 1 "$Q descriptor 1: device-readable after a device-writable one"
# Two 2 GiB buffers inside 3 GiB of RAM.
queue chain_4g 1 "$Q chain at head 0: total length past 2^32 - 1" --memory 3072

# A good record in a chain's first buffer, the second past RAM: refused whole.
queue half_chain 1 "$Q descriptor 1: address 0x4000000 length 1 past guest RAM"
expect_no_out 'HALF A CHAIN'
# Two chains in one notify, the first good: it is delivered.
queue second_chain_bad 1 "$Q chain at head 1: longer than the queue size 16 (descriptor loop)"
expect_out '^ +3 O text +\+[0-9]+ "first chain of the notify"$'
t_done
