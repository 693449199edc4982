# Hostile originals that send records the decoder must refuse: bad magic,
# lengths, events, sequence numbers, context tags, body sizes, noise, and a
# record cut short. Each sends one good record (record 2) first, then the
# bad one (record 3), then a good one the VMM must not show, then ends the
# run: exit 1, one line naming the record and what is wrong with it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../hostile/lib.sh"
hostile_host
R='FAIL bad report from the guest: record 3:'

record() {
	hostile "$@"
	expect_raw_kept
}

record rec_magic 1 "$R bad magic (0xdeadbeef)"
record rec_long 1 "$R bad length (0x201)"
record rec_short 1 "$R bad length (0x17)"
record rec_event 1 "$R unknown event (0x63)"
record rec_event0 1 "$R unknown event (0x0)"
record rec_seq 1 "$R out of sequence (0x99)"
record rec_ctx 1 "$R bad context tag (0x58)"
record rec_body 1 "$R bad body size (0x3)"
record rec_unexpected_body 1 "$R unexpected body (0x8)"
hostile_like rec_noise 1 "$R bad magic \(0x[0-9a-f]+\)"
expect_raw_kept
# 30 bytes of a 124-byte record, then the guest ends the run.
record rec_truncated 1 "$R truncated at end of run, bytes (0x1e)"
# Half a record, then a descriptor loop: the loop is why the run ended.
record rec_cut_by_violation 1 "FAIL device-error: virtio-console: transmitq: chain at head 1: longer than the queue size 16 (descriptor loop)"

# Every record of a piecemeal switch, well formed, from an original that
# never switched, with the landing port written: the VMM's own look at the
# vCPU says it is not the target.
hostile_like forge_pass 1 "FAIL at the landing the vCPU was not the target: [0-9]+ of [0-9]+ fields differ, first cr0 0x80010033 \(expected 0x80050033\)"
expect_raw_kept
expect_out '^ +13 O target-done .* target returned 0$'

# The same refusal in JSON: the records before it, then the reason.
hostile_run rec_magic --json
expect_rc 1
expect_out '^\{"seq": 2, "event": "text", "ctx": "O", .*"text": "raw record before the violation"\}$'
expect_out '^\{"event": "result", "status": 1, .*"reason": "bad report from the guest: record 3: bad magic \(0xdeadbeef\)"\}$'
[ ! -s "$T_ERR" ] || t_fail "stderr is not empty"
t_done
