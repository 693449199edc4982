# pmswitch batch with no KVM needed: bad images (exit 3 before /dev/kvm is
# opened) met or missed expectations, the skip rule on a host that cannot
# run a switch, manifest and usage errors (exit 2, one line naming file:line),
# order under -j, TAP checked by prove, JUnit XML checked by python3.
. "$(dirname "$0")/../lib.sh"
d=${TMPDIR:-/tmp}/pmsw-batch.$$
mkdir -p "$d"
ex=$BUILD/examples
printf 'not an ELF\n' >"$d/text.elf"
: >"$d/empty.elf"

command -v prove >/dev/null 2>&1 || t_fail "prove is missing (Debian package perl): the TAP check cannot run"
command -v python3 >/dev/null 2>&1 || t_fail "python3 is missing: the JUnit check cannot run"

# prove_tap FILE: prove reads the TAP in FILE; T_PROVE holds its last line.
prove_tap() {
	T_PROVE=$(prove --exec cat "$1" 2>&1 | tail -n 1)
}

# junit_counts FILE TESTS FAILURES SKIPPED: well-formed XML, and the counts
# agree with both the testsuite's attributes and its elements.
junit_counts() {
	python3 - "$@" <<'PY' || t_fail "JUnit check of $1"
import sys, xml.dom.minidom
doc = xml.dom.minidom.parse(sys.argv[1])
want = [int(x) for x in sys.argv[2:5]]
suite = doc.getElementsByTagName("testsuite")[0]
cases = doc.getElementsByTagName("testcase")
attrs = [int(suite.getAttribute(a)) for a in ("tests", "failures", "skipped")]
elems = [len(cases), len(doc.getElementsByTagName("failure")),
         len(doc.getElementsByTagName("skipped"))]
ok = attrs == want and elems == want and suite.getAttribute("errors") == "0"
ok = ok and all(c.getAttribute("classname") == "pmswitch.batch" and " -> " in c.getAttribute("name")
                for c in cases)
if not ok:
    print("# junit: attributes %s, elements %s, expected %s" % (attrs, elems, want))
sys.exit(0 if ok else 1)
PY
}

# Relative paths are relative to the manifest's folder, absolute ones kept.
cat >"$d/bad.txt" <<MANIFEST
# every image here is refused before KVM is touched: exit 3

text.elf $ex/target64.elf 3          # not an ELF file
empty.elf $ex/target64.elf 3 --timeout=2
missing.elf $ex/target64.elf 3 --memory=128 --method=vmx-exit
$ex/original64.elf $ex/target32.elf 3 --method=vmx-exit   # widths differ
MANIFEST
t_run batch "$d/bad.txt"
expect_rc 0
expect_out '^PASS  text\.elf -> .*/examples/target64\.elf \(exit 3, expected 3\)$'
expect_out '^PASS  empty\.elf -> .*/target64\.elf --timeout=2 \(exit 3, expected 3\)$'
expect_out '^PASS  missing\.elf -> .*/target64\.elf --memory=128 --method=vmx-exit \(exit 3, expected 3\)$'
expect_out '^batch: 4 passed, 0 failed, 0 skipped$'
[ "$(wc -l <"$T_OUT")" -eq 5 ] || t_fail "stdout: not 4 pairs and a summary"
[ -s "$T_ERR" ] && t_fail "stderr is not empty"

t_run batch --tap --junit "$d/pass.xml" "$d/bad.txt"
expect_rc 0
cp "$T_OUT" "$d/pass.tap"
expect_out '^1\.\.4$'
expect_out '^ok 1 - text\.elf -> '
expect_out '^ok 4 - /.*/original64\.elf -> /.*/target32\.elf --method=vmx-exit$'
expect_no_out '^(PASS|FAIL|not ok)'
prove_tap "$d/pass.tap"
[ "$T_PROVE" = "Result: PASS" ] || t_fail "prove on passing TAP says '$T_PROVE'"
junit_counts "$d/pass.xml" 4 0 0

# One expectation changed: exit 1, the pair's own verdict line under it.
sed 's/^empty\.elf \(.*\) 3 /empty.elf \1 0 /' "$d/bad.txt" >"$d/flip.txt"
t_run batch -j 1 "$d/flip.txt"
expect_rc 1
expect_out '^FAIL  empty\.elf -> .*/target64\.elf --timeout=2 \(exit 3, expected 0\)$'
expect_out "^      pmswitch: $d/empty\.elf: "
expect_out '^batch: 3 passed, 1 failed, 0 skipped$'

t_run batch --tap --junit "$d/fail.xml" "$d/flip.txt"
expect_rc 1
cp "$T_OUT" "$d/fail.tap"
expect_out '^not ok 2 - empty\.elf -> .*/target64\.elf --timeout=2 # exit 3, expected 0$'
expect_out "^# pmswitch: $d/empty\.elf: "
prove_tap "$d/fail.tap"
[ "$T_PROVE" = "Result: FAIL" ] || t_fail "prove on failing TAP says '$T_PROVE'"
junit_counts "$d/fail.xml" 4 1 0
grep -q '<failure type="exit-status" message="exit 3, expected 0: pmswitch: ' "$d/fail.xml" ||
	t_fail "no <failure> with the verdict in its message"

# A real pair: on a host that cannot run it (exit 77) it is skipped, and a
# batch with skips but no failure exits 77; expecting 77 makes it a pass.
printf '%s %s\ntext.elf %s 3\n' "$ex/original64.elf" "$ex/target64.elf" "$ex/target64.elf" >"$d/skip.txt"
printf '%s %s 77\n' "$ex/original64.elf" "$ex/target64.elf" >"$d/want77.txt"
"$PMSWITCH" check >/dev/null 2>&1
can=$?
t_run batch --tap --junit "$d/skip.xml" "$d/skip.txt"
cp "$T_OUT" "$d/skip.tap"
if [ "$can" = 77 ]; then
	expect_rc 77
	expect_out '^ok 1 - .*/original64\.elf -> .*/target64\.elf # SKIP host cannot run it$'
	expect_out '^# pmswitch: this host( has neither nested VMX|.s method, svm-entry, is not built)'
	expect_out '^# batch: 1 passed, 0 failed, 1 skipped$'
	prove_tap "$d/skip.tap"
	[ "$T_PROVE" = "Result: PASS" ] || t_fail "prove on TAP with a skip says '$T_PROVE'"
	junit_counts "$d/skip.xml" 2 0 1
	t_run batch "$d/skip.txt"
	expect_rc 77
	expect_out '^SKIP  .*/original64\.elf -> .*/target64\.elf \(exit 77, expected 0\)$'
	expect_out '^      pmswitch: this host( has neither nested VMX|.s method, svm-entry, is not built)'
	t_run batch "$d/want77.txt"
	expect_rc 0
	expect_out '^PASS  .* \(exit 77, expected 77\)$'
else
	expect_rc 0
	junit_counts "$d/skip.xml" 2 0 0
fi

# Results come in manifest order, whatever order the runs end in.
i=0
: >"$d/many.txt"
while [ $i -lt 24 ]; do
	echo "text.elf $ex/target64.elf $((3 + i % 3 / 2))" >>"$d/many.txt"
	echo "$ex/original32.elf $ex/target64.elf 3 -m vmx-exit -t $((i % 5 + 1))" >>"$d/many.txt"
	i=$((i + 1))
done
t_run batch -j 1 "$d/many.txt"
expect_rc 1
expect_out '^batch: 40 passed, 8 failed, 0 skipped$'
cp "$T_OUT" "$d/many.1"
t_run batch --jobs=8 "$d/many.txt"
expect_rc 1
cmp -s "$T_OUT" "$d/many.1" || t_fail "-j 8 printed other lines than -j 1"

# From stdin ("-"): paths as written, relative to the current folder.
(cd "$d" && t_run batch - <bad.txt && cp "$T_OUT" "$d/stdin.out" && echo "$T_RC" >"$d/stdin.rc")
[ "$(cat "$d/stdin.rc" 2>/dev/null)" = 0 ] || t_fail "batch - <bad.txt: exit $(cat "$d/stdin.rc" 2>/dev/null)"
grep -q '^batch: 4 passed, 0 failed, 0 skipped$' "$d/stdin.out" 2>/dev/null ||
	t_fail "batch - <bad.txt: no 4 passed"

# Malformed manifests: exit 2, one line naming file:line, nothing run.
while IFS='|' read -r line want; do
	printf '# first line\n%s %s 3\n%s\n' "$ex/original64.elf" "$ex/target32.elf" "$line" >"$d/m.txt"
	t_run batch "$d/m.txt"
	expect_rc 2
	expect_err_one_line
	expect_err "^pmswitch batch: $d/m\.txt:3: $want"
	[ -s "$T_OUT" ] && t_fail "stdout is not empty"
done <<TABLE
only-one.elf|needs ORIGINAL and TARGET
a.elf b.elf pass|expected status 'pass' is not a number 0\.\.255
a.elf b.elf 256|expected status '256' is not a number
a.elf b.elf 0 --bogus|run option: unknown option '--bogus'
a.elf b.elf 0 --method=warp|run option: unknown method 'warp'
a.elf b.elf 0 --timeout=0|run option: --timeout wants 1\.\.3600 seconds
a.elf b.elf 0 --json|run option: '--json' is not accepted here
a.elf b.elf 0 c.elf|too many fields: 'c\.elf' is not a run option
TABLE
awk 'BEGIN { printf "a.elf b.elf"; for (i = 0; i < 5000; i++) printf " "; print "" }' >"$d/long.txt"
t_run batch "$d/long.txt"
expect_rc 2
expect_err "^pmswitch batch: $d/long\.txt:1: line longer than 4096 bytes$"
# Endless input on standard input: refused at the line limit, one line,
# memory bounded (the limit makes a reader without a bound fail, not hang).
yes | tr -d '\n' | (t_ulimit_v 1048576 && exec "$PMSWITCH" batch -) >"$T_OUT" 2>"$T_ERR"
T_RC=$? T_CMD="yes (no newlines) | pmswitch batch -"
expect_rc 2
expect_err_one_line
expect_err '^pmswitch batch: stdin:1: line longer than 4096 bytes$'
(t_ulimit_v 1048576 && exec "$PMSWITCH" batch -) </dev/zero >"$T_OUT" 2>"$T_ERR"
T_RC=$? T_CMD="pmswitch batch - </dev/zero"
expect_rc 2
expect_err_one_line
expect_err '^pmswitch batch: stdin:1: NUL byte in the line$'
printf '# nothing\n\n' >"$d/none.txt"
t_run batch "$d/none.txt"
expect_rc 2
expect_err "no pairs in the manifest"
t_run batch "$d/no-such-manifest.txt"
expect_rc 2
expect_err_one_line
expect_err "^pmswitch batch: cannot open $d/no-such-manifest\.txt: "
t_run batch --junit "$d/no-such-dir/j.xml" "$d/bad.txt"
expect_rc 2
expect_err "cannot write $d/no-such-dir/j\.xml"

# Bad command lines: exit 2 and the usage.
while read -r args; do
	# shellcheck disable=SC2086
	t_run batch $args
	expect_rc 2
	expect_err 'usage: pmswitch batch'
done <<TABLE
--tap
-j 0 m.txt
-j many m.txt
--jobs=2000 m.txt
-t 0 m.txt
--timeout=x m.txt
--junit
--bogus m.txt
one.txt two.txt
TABLE
t_run batch --help
expect_rc 0
expect_out '^usage: pmswitch batch '
rm -rf "$d"
t_done
