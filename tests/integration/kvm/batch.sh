# pmswitch batch where /dev/kvm is real, with the host's own method
# (vmx-exit on intel, svm-entry on amd): a 64-bit and a 32-bit pair, a
# target that page-faults (expected 1) and a bad image (expected 3); every
# pair meets its expectation (exit 0). A changed expectation fails the
# batch (exit 1).
# busybox sh: no perl or python here, so TAP and JUnit are checked with grep
# here, and again outside with prove and an XML parser (t_artifact).
. "$(dirname "$0")/../lib.sh"
d=${TMPDIR:-/tmp}/pmsw-kbatch.$$
mkdir -p "$d"
ex=$BUILD/examples
img=$BUILD/tests/images
printf 'not an ELF\n' >"$d/text.elf"
cat >"$d/m.txt" <<MANIFEST
# the examples: 64-bit, then 32-bit (2-level), expected status 0
$ex/original64.elf $ex/target64.elf 0
$ex/original32.elf $img/target-2level32.elf  # 0 is the default
$ex/original64.elf $img/target-pagefault64.elf 1 --timeout=20
text.elf $ex/target64.elf 3                  # relative to this folder
MANIFEST
# The first pair now expected to fail, the bad image to pass.
sed -e '2s/ 0$/ 1/' -e 's/^text\.elf \(.*\) 3 /text.elf \1 0 /' "$d/m.txt" >"$d/flip.txt"

t_run batch -j 2 "$d/m.txt"
expect_rc 0
expect_out '^PASS  .*/original64\.elf -> .*/target64\.elf \(exit 0, expected 0\)$'
expect_out '^PASS  .*/original32\.elf -> .*/target-2level32\.elf \(exit 0, expected 0\)$'
expect_out '^PASS  .*/original64\.elf -> .*/target-pagefault64\.elf --timeout=20 \(exit 1, expected 1\)$'
expect_out '^PASS  text\.elf -> .*/target64\.elf \(exit 3, expected 3\)$'
expect_out '^batch: 4 passed, 0 failed, 0 skipped$'
[ "$(wc -l <"$T_OUT")" -eq 5 ] || t_fail "stdout: not 4 pairs and a summary"

t_run batch --tap "$d/m.txt"
expect_rc 0
t_artifact "batch-mixed-$VMHOST.pass.tap" "$T_OUT"

t_run batch --tap --junit "$d/flip.xml" "$d/flip.txt"
expect_rc 1
t_artifact "batch-flipped-$VMHOST.fail.tap" "$T_OUT"
t_artifact "batch-flipped-$VMHOST.xml" "$d/flip.xml"
expect_out '^TAP version 13$'
expect_out '^1\.\.4$'
expect_out '^not ok 4 - text\.elf -> .*/target64\.elf # exit 3, expected 0$'
expect_out "^# pmswitch: $d/text\\.elf: "
grep -c '<testcase classname="pmswitch\.batch" name=".* -&gt; .*"' "$d/flip.xml" >"$d/n" &&
	[ "$(cat "$d/n")" = 4 ] || t_fail "JUnit: not 4 testcases"
grep -q '^<?xml version="1.0" encoding="UTF-8"?>$' "$d/flip.xml" || t_fail "JUnit: no XML declaration"
tail -n 1 "$d/flip.xml" | grep -q '^</testsuites>$' || t_fail "JUnit: not closed"
expect_out '^not ok 1 - .*/original64\.elf -> .*/target64\.elf # exit 0, expected 1$'
expect_out '^# result: PASS switched '
expect_out '^ok 2 - .*/original32\.elf -> .*/target-2level32\.elf$'
expect_out '^ok 3 - .*/target-pagefault64\.elf --timeout=20$'
expect_out '^# batch: 2 passed, 2 failed, 0 skipped$'
grep -q '<testsuite name=".*" tests="4" failures="2" errors="0" skipped="0"' "$d/flip.xml" ||
	t_fail "JUnit: counts"
grep -q 'message="exit 0, expected 1: result: PASS switched ' "$d/flip.xml" ||
	t_fail "JUnit: no failure message with the verdict"
grep -Eq 'vmexit .*(reason 18 \(VMCALL\)|code 0x81 \(VMMCALL\))' "$d/flip.xml" ||
	t_fail "JUnit: the failure does not hold the run's timeline"
rm -rf "$d"
t_done
