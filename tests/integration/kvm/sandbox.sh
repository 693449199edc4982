# The host's own method (vmx-exit on intel, svm-entry on amd) under the
# sandbox: run -v shows no capabilities, no new privileges, seccomp's filter
# mode, the KVM files alone; the switch passes all the same. A call the
# filter refuses ends the run with one line and exit 159.
. "$(dirname "$0")/../lib.sh"
method=vmx-exit
[ "$VMHOST" = amd ] && method=svm-entry
pair="$BUILD/examples/original64.elf $BUILD/examples/target64.elf"
T_CMD="pmswitch run -v $pair 3</proc/self/status"
"$PMSWITCH" run -v $pair >"$T_OUT" 2>"$T_ERR" 3</proc/self/status
T_RC=$?
expect_rc 0
expect_out "method $method\$"
expect_out '^privileges: CapEff 0000000000000000, NoNewPrivs 1, Seccomp 2, Uid [0-9]+$'
expect_out '^files: .*/dev/kvm.*anon_inode:kvm-vm.*anon_inode:kvm-vcpu'
expect_no_out '^files: .*status'
expect_out '^result: PASS '
T_CMD="PMSWITCH_TEST_FORBIDDEN_SYSCALL=1 pmswitch run $pair"
PMSWITCH_TEST_FORBIDDEN_SYSCALL=1 "$PMSWITCH" run $pair >"$T_OUT" 2>"$T_ERR"
T_RC=$?
expect_rc 159
expect_err_one_line
expect_err '^pmswitch: seccomp: forbidden system call [0-9]+ \(socket\)$'
t_done
