# pmswitch check sees nested virtualization, and the probe payload's
# virtio-console record from a 64-bit and a 32-bit guest reaches the VMM;
# the methods line names those the host can run.
. "$(dirname "$0")/../lib.sh"
t_run check
expect_rc 0
expect_out '^kvm: yes$'
expect_out '^api-version: 12$'
if [ "$VMHOST" = intel ]; then
	expect_out '^nested-vmx: yes$'
	expect_out '^guest-64: long64, GenuineIntel, vmx yes'
	expect_out '^guest-32: protected32-paged, GenuineIntel, vmx yes'
	expect_out '^methods: vmx-exit piecemeal task-switch vmx-entry$'
else
	expect_out '^nested-svm: yes$'
	expect_out '^guest-64: long64, AuthenticAMD, vmx no, svm yes'
	expect_out '^guest-32: protected32-paged, AuthenticAMD, vmx no, svm yes'
	expect_out '^methods: piecemeal task-switch svm-entry$'
fi
expect_out '^can-run: yes$'
t_done
