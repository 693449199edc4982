# shellcheck shell=bash
# The hosts' kernel: Debian's current cloud image, fetched without installing it.
# Cache: $CACHE/kernel/v<format>/<package>/{vmlinuz,modules/*.ko}. Sourced by ./run.

KERNEL_META=linux-image-cloud-amd64
# Bump when what is kept of a package changes, so old caches are not used.
KERNEL_CACHE=$CACHE/kernel/v2
# Modules the hosts load; ccp is optional (the cloud flavour builds without it).
KERNEL_MODULES=(irqbypass kvm kvm-intel kvm-amd ccp)

# The versioned image package the metapackage depends on right now.
kernel_pkg_query() {
    { apt-cache depends "$KERNEL_META" 2>/dev/null || true; } |
        awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}

# apt-cache takes a second here (no binary package cache), so the answer is
# kept for as long as apt's package lists stay the same.
kernel_lists_key() {
    { stat -c '%n %Y %s' /var/lib/apt/lists/*Packages* 2>/dev/null || true; } |
        sha256sum | cut -c1-16
}

kernel_pkg_query_cached() {
    local memo=$KERNEL_CACHE/resolved key k pkg
    key=$(kernel_lists_key)
    if [ -f "$memo" ] && read -r k pkg <"$memo" && [ "$k" = "$key" ] && [ -n "$pkg" ]; then
        printf '%s\n' "$pkg"
        return
    fi
    pkg=$(kernel_pkg_query)
    [ -n "$pkg" ] || return 0
    mkdir -p "$KERNEL_CACHE"
    # Written whole, then renamed: concurrent runs read old or new, never half.
    printf '%s %s\n' "$key" "$pkg" >"$memo.$$" && mv "$memo.$$" "$memo"
    printf '%s\n' "$pkg"
}

# Resolve the package name: from apt's lists (refreshed when root and empty),
# else the newest kernel already cached, so an offline machine keeps working.
kernel_pkg_resolve() {
    local pkg
    pkg=$(kernel_pkg_query_cached)
    if [ -z "$pkg" ] && [ "$(id -u)" = 0 ]; then
        apt-get update -qq >"$CACHE/apt.log" 2>&1 || true
        pkg=$(kernel_pkg_query_cached)
    fi
    if [ -z "$pkg" ]; then
        pkg=$({ find "$KERNEL_CACHE" -mindepth 1 -maxdepth 1 -name 'linux-image-*' \
            -printf '%f\n' 2>/dev/null || true; } | sort -V | tail -n 1)
        if [ -n "$pkg" ]; then say "apt cannot resolve $KERNEL_META; using cached $pkg"; fi
    fi
    [ -n "$pkg" ] ||
        die "cannot resolve $KERNEL_META (no apt lists?); run: sudo apt-get update"
    printf '%s\n' "$pkg"
}

# Copy one module out of the unpacked package, uncompressed (busybox insmod
# reads plain ELF only).
kernel_take_module() {
    local root=$1 name=$2 out=$3 f
    f=$(find "$root/lib/modules" -name "$name.ko" -o -name "$name.ko.xz" \
        -o -name "$name.ko.zst" -o -name "$name.ko.gz" | head -n 1)
    [ -n "$f" ] || return 0
    case "$f" in
        *.ko) cp "$f" "$out/$name.ko" ;;
        *.xz) xz -dc "$f" >"$out/$name.ko" ;;
        *.zst) zstd -qdc "$f" >"$out/$name.ko" ;;
        *.gz) gzip -dc "$f" >"$out/$name.ko" ;;
    esac
}

# apt-get download into $1; as root, apt's sandbox user could not write there.
kernel_download() {
    local opt=()
    [ "$(id -u)" = 0 ] && opt=(-o APT::Sandbox::User=root)
    (cd "$1" && apt-get download "${opt[@]}" "$2") >>"$1/apt.log" 2>&1
}

# Drop the appended signature of module $1: checking it (SHA-256 over the
# whole module, then RSA) costs seconds under emulation, and nothing here
# enforces signatures (the kernel only notes the module as unsigned).
kernel_unsign_module() {
    local f=$1 magic='~Module signature appended~' size siglen
    size=$(stat -c %s "$f")
    [ "$(tail -c 28 "$f" | head -c 27)" = "$magic" ] || return 0
    # struct module_signature (12 bytes) ends with the big-endian sig_len.
    siglen=$(tail -c 32 "$f" | head -c 4 | od -An -tu1 |
        awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }')
    truncate -s $((size - 28 - 12 - siglen)) "$f"
}

# Download and unpack $1 into the cache (caller holds the cache lock).
kernel_fetch_locked() {
    local pkg=$1 dest=$KERNEL_CACHE/$1 tmp m
    [ -f "$dest/vmlinuz" ] && return 0
    # Superseded kernels, old cache formats, leftovers of interrupted fetches.
    find "$CACHE/kernel" -mindepth 1 -maxdepth 1 ! -name "$(basename "$KERNEL_CACHE")" \
        -exec rm -rf {} + 2>/dev/null || true
    find "$KERNEL_CACHE" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} + 2>/dev/null || true
    mkdir -p "$KERNEL_CACHE"
    tmp=$(mktemp -d "$KERNEL_CACHE/.fetch.XXXXXX")
    say "fetching $pkg (once; cached in $KERNEL_CACHE)"
    # Stale lists name a package the mirror no longer has: refresh, retry.
    if ! kernel_download "$tmp" "$pkg"; then
        if [ "$(id -u)" != 0 ] || ! apt-get update -qq >>"$tmp/apt.log" 2>&1 ||
            ! kernel_download "$tmp" "$pkg"; then
            die "apt-get download $pkg failed; see $tmp/apt.log"
        fi
    fi
    dpkg-deb -x "$tmp"/*.deb "$tmp/x" || die "dpkg-deb -x failed for $pkg"
    mkdir -p "$tmp/out/modules"
    cp "$tmp"/x/boot/vmlinuz-* "$tmp/out/vmlinuz"
    for m in "${KERNEL_MODULES[@]}"; do
        kernel_take_module "$tmp/x" "$m" "$tmp/out/modules"
        [ ! -f "$tmp/out/modules/$m.ko" ] || kernel_unsign_module "$tmp/out/modules/$m.ko"
    done
    for m in irqbypass kvm kvm-intel kvm-amd; do
        [ -s "$tmp/out/modules/$m.ko" ] || die "$pkg has no $m module"
    done
    # Appears complete or not at all: readers never take the lock.
    mv "$tmp/out" "$dest"
    rm -rf "$tmp"
}

# Print the cached kernel folder for the current package, fetching it if needed.
kernel_ensure() {
    local pkg
    pkg=$(kernel_pkg_resolve)
    [ -f "$KERNEL_CACHE/$pkg/vmlinuz" ] || with_cache_lock kernel_fetch_locked "$pkg"
    printf '%s\n' "$KERNEL_CACHE/$pkg"
}
