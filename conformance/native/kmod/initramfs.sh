#!/usr/bin/env bash
# Builds the initramfs of a kmod run: busybox, kmod/init as /init and dmabuf_conformance.ko
# built against the same kernel. Cached by the module and init. Prints its path.
# Usage: initramfs.sh KERNEL_DIR
set -euo pipefail
. "$(dirname "$0")/../vm/lib.sh"

kdir=${1:?usage: initramfs.sh KERNEL_DIR}
[ -f "$kdir/complete" ] || die "$kdir is not an extracted kernel (run vm/fetch-kernel.sh)"
abi=$(cat "$kdir/abi")
ko=$("$NATIVE_DIR/kmod/build.sh" "$kdir")
out="$CACHE_DIR/initramfs/kmod-$abi-$(sha_of "$ko" "$NATIVE_DIR/kmod/init").cpio"
if cached_intact "$out"; then
    echo "$out"
    exit 0
fi
[ -x /bin/busybox ] && file_is_static /bin/busybox \
    || die "/bin/busybox is missing or not static (install busybox-static)"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,lib/modules}
cp /bin/busybox "$root/bin/busybox"
cp "$NATIVE_DIR/kmod/init" "$root/init"
chmod 755 "$root/init"
cp "$ko" "$root/lib/modules/dmabuf_conformance.ko"
mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$out.tmp" \
    || die "cpio failed while building the kmod initramfs"
install_cached "$out.tmp" "$out"
log "built kmod initramfs $out"
echo "$out"
