# shellcheck shell=bash
# The hosts' initramfs, in two parts that Linux unpacks one after the other,
# both uncompressed: inflating costs the emulated CPU far more (about 0.4 s
# per MiB under Bochs) than reading the bytes from disk does (about 0.1 s):
#   base (cached): busybox, the KVM modules, /init, /dev/console;
#   run (per run): the repository tree, each --copy, the shared libraries their
#                  ELF executables need, and the command with its settings.
# Sourced by ./run.

# newc header for an entry without data (the initramfs buffer format).
cpio_entry() {
    local name=$1 mode=$2 maj=${3:-0} min=${4:-0} n pad
    n=$((${#name} + 1))
    printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
        0 "$mode" 0 0 1 0 0 0 0 "$maj" "$min" "$n" 0
    printf '%s\0' "$name"
    pad=$(((4 - (110 + n) % 4) % 4))
    head -c "$pad" /dev/zero
}

# /dev/console must exist before /init starts (the kernel opens it for init's
# stdio); a hand-written entry avoids needing mknod, i.e. root, here.
cpio_console() {
    cpio_entry dev $((8#040755))
    cpio_entry dev/console $((8#020600)) 5 1
    cpio_entry 'TRAILER!!!' 0
}

# cpio (newc, owned by root) of the paths on stdin, relative to the cwd.
cpio_out() { cpio -o -H newc -R 0:0 --quiet; }

# Lay out the base root in $1: busybox applets, modules, init, merged-/usr links
# like this machine's, so libraries copied at their real path are found.
base_stage() {
    local root=$1 kdir=$2 bb d
    mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,tmp,run,root,etc,mnt,vmhost/modules}
    bb=$(command -v busybox)
    # Only the static build runs without libraries (package busybox-static).
    case "$(LC_ALL=C ldd "$bb" 2>&1 || true)" in
        *'not a dynamic'*) ;;
        *) die "$bb is linked dynamically; install busybox-static" ;;
    esac
    cp "$bb" "$root/bin/busybox"
    busybox --list-full | while IFS= read -r d; do
        [ "$d" = bin/busybox ] || ln -sf /bin/busybox "$root/$d"
    done
    for d in lib lib32 lib64 libx32; do
        if [ -L "/$d" ]; then
            ln -s "$(readlink "/$d")" "$root/$d"
            mkdir -p "$root/$(readlink -f "/$d")"
        fi
    done
    cp "$kdir"/modules/*.ko "$root/vmhost/modules/"
    cp "$VMHOST_DIR/init" "$root/init"
    chmod 0755 "$root/init"
    printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
    printf 'root:x:0:\n' >"$root/etc/group"
}

# Key of the base image: what goes into it.
base_key() {
    local kdir=$1
    {
        basename "$kdir"
        cat "$VMHOST_DIR/init" "$VMHOST_DIR/lib/initrd.sh" "$VMHOST_DIR/lib/kernel.sh"
        dpkg-query -W -f='${Version}\n' busybox-static 2>/dev/null || true
        readlink /lib /lib32 /lib64 /libx32 || true
    } | sha256sum | cut -c1-16
}

# Build the base image $2 for kernel folder $1 (caller holds the cache lock).
base_build_locked() {
    local kdir=$1 out=$2 tmp
    [ -f "$out" ] && return 0
    # Older images (other kernel, other init) and leftovers of interrupted builds.
    rm -rf "$CACHE"/.base.* "$CACHE"/base-*.cpio*
    tmp=$(mktemp -d "$CACHE/.base.XXXXXX")
    base_stage "$tmp/root" "$kdir"
    {
        cpio_console
        (cd "$tmp/root" && find . -mindepth 1 -printf '%P\n' | cpio_out)
    } >"$tmp/base.cpio"
    mv "$tmp/base.cpio" "$out"
    rm -rf "$tmp"
}

# Print the cached base image for kernel folder $1, building it if needed.
base_ensure() {
    local kdir=$1 out
    out=$CACHE/base-$(base_key "$kdir").cpio
    [ -f "$out" ] || with_cache_lock base_build_locked "$kdir" "$out"
    printf '%s\n' "$out"
}

# The paths to copy for the roots in "$@" (absolute): each root's parent
# folders, then everything under it except .git and the cache. Relative to /.
tree_list() {
    local r p
    for r in "$@"; do
        p=$(dirname "$r")
        while [ "$p" != / ]; do
            printf '%s\n' "${p#/}"
            p=$(dirname "$p")
        done | tac
        find "$r" \( -name .git -o -path "$CACHE" \) -prune -o -print | sed 's|^/||'
    done | awk '!seen[$0]++'
}

# Shared objects and loaders needed by the dynamically linked ELF executables
# under "$@", as ldd names them.
elf_needs() {
    local f magic
    find "$@" \( -name .git -o -path "$CACHE" \) -prune -o \
        -type f -perm /111 -print0 |
        while IFS= read -r -d '' f; do
            LC_ALL=C read -r -N4 magic <"$f" 2>/dev/null || continue
            if [ "$magic" = $'\x7fELF' ]; then ldd "$f" 2>/dev/null || true; fi
        done |
        awk '$2 == "=>" && $3 ~ /^\// { print $3; next } $1 ~ /^\// { print $1 }' |
        sort -u
}

# Stage the libraries under $1 at their real folder, named as ldd named them
# (the soname the loader looks for).
libs_stage() {
    local root=$1 lib dir
    shift
    while IFS= read -r lib; do
        dir=$(readlink -f "$(dirname "$lib")")
        mkdir -p "$root$dir"
        cp -L "$lib" "$root$dir/$(basename "$lib")"
    done < <(elf_needs "$@")
}

# Write the run image $1: the roots "${@:3}" (the tree, the copies) and the
# folder $2, which holds /vmhost/{conf,cmd} and receives the libraries.
run_build() {
    local out=$1 stage=$2
    shift 2
    libs_stage "$stage" "$@"
    {
        (cd / && tree_list "$@" | cpio_out)
        (cd "$stage" && find . -mindepth 1 -printf '%P\n' | cpio_out)
    } >"$out"
}
