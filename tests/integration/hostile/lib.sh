# The hostile originals (hostile64.c here, built into $BUILD/tests/hostile/),
# each run as the original of a piecemeal pair with the example 64-bit
# target. Sourced after ../lib.sh by tests/integration/native/hostile-*.sh.
HOSTILE=$BUILD/tests/hostile

# Piecemeal needs no nested virtualization, only a /dev/kvm that runs a
# 64-bit guest (as tests/integration/native/piecemeal-native.sh).
hostile_host() {
	"$PMSWITCH" check 2>/dev/null | grep -q '^guest-64: long64' ||
		{ echo "no /dev/kvm that runs a 64-bit guest"; exit 77; }
}

# hostile_run CASE [RUN OPTIONS...]
hostile_run() {
	h_case=$1
	shift
	t_run run "$@" --method piecemeal "$HOSTILE/$h_case.elf" "$BUILD/examples/target64.elf"
}

# expect_verdict -F|-E LINE: the run says why it ended in one line, the
# result line (LINE: the whole line after "result: ", fixed or an ERE), and
# nothing on stderr.
expect_verdict() {
	n=$(grep -c '^result: ' "$T_OUT")
	[ "$n" = 1 ] || t_fail "$n result lines, expected 1"
	grep -qx "$1" -- "result: $2" "$T_OUT" || t_fail "the result line is not 'result: $2'"
	[ ! -s "$T_ERR" ] || t_fail "stderr is not empty"
}

# What the case sent before it broke anything is in the timeline (record
# 0 the switcher's, 1 the case's name through the services table), and
# nothing it tried to send after.
expect_kept() {
	expect_out '^ +0 O enter-original '
	expect_out "^ +1 O text +\\+[0-9]+ \"hostile: $1\"\$"
	expect_no_out 'NOT REACHED|NOT SHOWN'
}

# hostile CASE STATUS LINE [RUN OPTIONS...]: the case ends the run with
# exit STATUS and "result: LINE" (fixed), having kept what came before.
hostile() {
	h_name=$1 h_rc=$2 h_line=$3
	shift 3
	hostile_run "$h_name" "$@"
	expect_rc "$h_rc"
	expect_verdict -F "$h_line"
	expect_kept "$h_name"
}

# hostile_like CASE STATUS ERE [RUN OPTIONS...]: the same, LINE an ERE.
hostile_like() {
	h_name=$1 h_rc=$2 h_line=$3
	shift 3
	hostile_run "$h_name" "$@"
	expect_rc "$h_rc"
	expect_verdict -E "$h_line"
	expect_kept "$h_name"
}

# The cases that drive the device themselves send record 2 on their own
# queue first: it is kept too.
expect_raw_kept() {
	expect_out '^ +2 O text +\+[0-9]+ "raw record before the violation"$'
}

# t_run_rss ARGS...: t_run, and the process's peak resident set in KiB
# (GNU time's %M, getrusage's ru_maxrss) in T_RSS_KB. Not from a Python or
# Perl parent: a child forked from one starts with the parent's peak.
t_run_rss() {
	T_CMD="pmswitch $*"
	/usr/bin/time -f %M -o "$T_OUT.rss" "$PMSWITCH" "$@" >"$T_OUT" 2>"$T_ERR"
	T_RC=$?
	T_RSS_KB=$(tail -n 1 "$T_OUT.rss")
	rm -f "$T_OUT.rss"
}
