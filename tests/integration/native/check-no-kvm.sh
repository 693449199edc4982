# pmswitch check where /dev/kvm is missing (a private, empty /dev) or not
# accessible (an unprivileged user): kvm: no with the reason, exit 77.
. "$(dirname "$0")/../lib.sh"
[ "$(id -u)" = 0 ] || { echo "# needs root to hide /dev/kvm"; exit 1; }
real=$PMSWITCH
PMSWITCH=unshare
t_run --mount sh -c "mount -t tmpfs none /dev && exec '$real' check"
expect_rc 77
expect_out '^kvm: no \(no /dev/kvm \(kvm module not loaded, or no hardware virtualization\)\)$'
expect_out '^nested-vmx: no \(no KVM\)$'
expect_out '^can-run: no$'
if [ -e /dev/kvm ]; then
	PMSWITCH=setpriv
	t_run --reuid=65534 --regid=65534 --clear-groups "$real" check
	expect_rc 77
	expect_out '^kvm: no \(no permission to open /dev/kvm \(join group kvm\)\)$'
fi
PMSWITCH=$real
t_done
