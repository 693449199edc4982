# shellcheck shell=bash
# Shared helpers for tests/vmhost: messages, packages, the cache lock.
# Sourced by ./run; expects VMHOST_DIR (this folder's parent) to be set.

VMHOST_NAME=vmhost

say() { printf '%s: %s\n' "$VMHOST_NAME" "$*" >&2; }

# Verbose progress goes to stderr only when asked, so COMMAND's streams stay clean.
note() { if [ "${VMHOST_VERBOSE:-0}" = 1 ]; then say "$*"; fi; }

# Every failure of the harness itself (not of COMMAND) ends with status 125.
die() { say "$*"; exit 125; }

# Monotonic-enough wall clock in milliseconds, for the timings we report.
now_ms() { date +%s%3N; }

# Install missing Debian packages when root; otherwise say exactly what to run.
ensure_pkgs() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
            missing+=("$p")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ]; then
        die "missing packages; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
    fi
    say "installing ${missing[*]}"
    # The lock keeps two first runs from fighting over dpkg.
    (
        flock 9
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"
    ) 9>"$CACHE/.apt.lock" >"$CACHE/apt.log" 2>&1 ||
        die "apt-get install failed; see $CACHE/apt.log"
}

# Packages each host needs at run time (the kernel comes from apt-get download).
host_pkgs() {
    local common=(busybox-static cpio gzip)
    case "$1" in
        intel) echo "${common[*]} bochs bochsbios vgabios bochs-term syslinux syslinux-common mtools dosfstools" ;;
        amd) echo "${common[*]} qemu-system-x86" ;;
    esac
}

# Run "$@" holding the exclusive cache lock: building cache entries is not
# safe to do twice at once, reading finished ones is (they appear by rename).
with_cache_lock() {
    (
        flock 8
        "$@"
    ) 8>"$CACHE/.lock"
}

# Quote one word for /bin/sh inside the host: '...' with ' as '\''.
sh_quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
