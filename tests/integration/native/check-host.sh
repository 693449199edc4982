# pmswitch check on this host: it either can run (exit 0, can-run: yes) or
# says why not with exit 77; both print the kvm line.
. "$(dirname "$0")/../lib.sh"
t_run check
expect_out '^kvm: (yes|no)'
if [ "$T_RC" = 0 ]; then
	expect_out '^can-run: yes$'
else
	expect_rc 77
	expect_out '^can-run: no$'
	expect_out '^nested-vmx: (yes|no \(.+\))$'
fi
# Without nesting only the methods that need none can be listed.
if grep -q '^nested-vmx: no' "$T_OUT" && grep -q '^nested-svm: no' "$T_OUT"; then
	expect_out '^methods:( piecemeal)?( task-switch)?( none)?$'
fi
t_done
