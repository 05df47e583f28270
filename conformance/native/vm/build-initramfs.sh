#!/usr/bin/env bash
# Builds the static harness and the initramfs for one extracted kernel. Both are cached
# under $CACHE_DIR keyed by the harness sources (and the kernel ABI for the initramfs).
# Usage: build-initramfs.sh KERNEL_DIR   (prints the initramfs path)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kdir=${1:?usage: build-initramfs.sh KERNEL_DIR}
[ -f "$kdir/complete" ] || die "$kdir is not an extracted kernel (run fetch-kernel.sh)"
abi=$(cat "$kdir/abi")

harness=$("$NATIVE_DIR/harness/build.sh")
hhash=$(sha_of "$harness" "$NATIVE_DIR/vm/init")
out="$CACHE_DIR/initramfs/$abi-$hhash.cpio"
if cached_intact "$out"; then
    echo "$out"
    exit 0
fi
[ -x /bin/busybox ] && file_is_static /bin/busybox \
    || die "/bin/busybox is missing or not static (install busybox-static)"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,boot,lib/modules}
cp /bin/busybox "$root/bin/busybox"
cp "$harness" "$root/bin/dmabuf-native"
cp "$NATIVE_DIR/vm/init" "$root/init"
chmod 755 "$root/init"
cp "$kdir"/modules/*.ko "$root/lib/modules/"
# The harness reads CONFIG_DMABUF_MOVE_NOTIFY & co. from here, as on an installed system.
cp "$kdir/config" "$root/boot/config-$abi"
mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$out.tmp.$$" \
    || die "cpio failed while building the initramfs"
install_cached "$out.tmp.$$" "$out"
log "built initramfs $out"
echo "$out"
