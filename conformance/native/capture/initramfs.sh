#!/usr/bin/env bash
# Builds the initramfs of a capture run: busybox, the uAPI harness, dmabuf_conformance.ko, the
# vgem modules, the kernel config, the recorder and capture/init, and the userspace workload
# (v4l2-ctl and the vivid driver, fetch-userspace.sh). Cached by their contents.
# Usage: initramfs.sh KERNEL_DIR [PROBE_TABLE]   (prints the initramfs path)
# PROBE_TABLE goes to /etc/dmabuf-capture.probes: the recorder then uses it (--probes).
set -euo pipefail
. "$(dirname "$0")/../vm/lib.sh"

kdir=${1:?usage: initramfs.sh KERNEL_DIR [PROBE_TABLE]}
table=${2:-}
[ -z "$table" ] || [ -r "$table" ] || die "cannot read the probe table $table"
[ -f "$kdir/complete" ] || die "$kdir is not an extracted kernel (run vm/fetch-kernel.sh)"
abi=$(cat "$kdir/abi")
harness=$("$NATIVE_DIR/harness/build.sh")
ko=$("$NATIVE_DIR/kmod/build.sh" "$kdir")
c="$NATIVE_DIR/capture"
us=$("$c/fetch-userspace.sh" "$kdir")
out="$CACHE_DIR/initramfs/capture-$abi-$(sha_of "$harness" "$ko" "$c/init" "$c/workload" "$c/dmabuf-capture.sh" "$us/SHA256SUMS" ${table:+"$table"}).cpio"
if cached_intact "$out"; then
    echo "$out"
    exit 0
fi
[ -x /bin/busybox ] && file_is_static /bin/busybox \
    || die "/bin/busybox is missing or not static (install busybox-static)"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,tmp,boot,lib/modules/media,lib/x86_64-linux-gnu,lib64}
cp /bin/busybox "$root/bin/busybox"
cp "$harness" "$root/bin/dmabuf-native"
cp "$c/dmabuf-capture.sh" "$root/bin/dmabuf-capture.sh"
cp "$c/workload" "$root/bin/capture-workload"
cp "$c/init" "$root/init"
chmod 755 "$root/init" "$root/bin/dmabuf-capture.sh" "$root/bin/capture-workload"
cp "$kdir"/modules/*.ko "$root/lib/modules/"
cp "$ko" "$root/lib/modules/dmabuf_conformance.ko"
cp "$kdir/config" "$root/boot/config-$abi"
[ -n "$table" ] && mkdir -p "$root/etc" && cp "$table" "$root/etc/dmabuf-capture.probes"
cp "$us/bin/v4l2-ctl" "$root/bin/v4l2-ctl"
cp "$us"/lib/*.so* "$root/lib/x86_64-linux-gnu/"
ln -s ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"
cp "$us"/modules/* "$root/lib/modules/media/"
mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$out.tmp.$$" \
    || die "cpio failed while building the capture initramfs"
install_cached "$out.tmp.$$" "$out"
log "built capture initramfs $out"
echo "$out"
