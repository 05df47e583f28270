#!/usr/bin/env bash
# Extracts the BTF of an extracted kernel (what it serves as /sys/kernel/btf/vmlinux when it
# runs) from its vmlinuz: the zstd- or xz-compressed vmlinux inside the bzImage, then its .BTF
# section. Needs zstd or xz, and objcopy (binutils). Cached; prints the file.
# Usage: kernel-btf.sh KERNEL_DIR
set -euo pipefail
. "$(dirname "$0")/../vm/lib.sh"

kdir=${1:?usage: kernel-btf.sh KERNEL_DIR}
[ -f "$kdir/complete" ] || die "$kdir is not an extracted kernel (run vm/fetch-kernel.sh)"
abi=$(cat "$kdir/abi")
out="$CACHE_DIR/btf/$abi.btf"
if [ -s "$out" ]; then
    echo "$out"
    exit 0
fi
command -v objcopy >/dev/null || die "objcopy not found (install binutils)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the first compressed stream that decompresses to an ELF file is the kernel
for magic in '\x28\xb5\x2f\xfd:zstd -dcq' '\xfd\x37\x7a\x58\x5a\x00:xz -dcq'; do
    for off in $(LC_ALL=C grep -obUaP "${magic%%:*}" "$kdir/vmlinuz" | cut -d: -f1); do
        tail -c +$((off + 1)) "$kdir/vmlinuz" | ${magic#*:} > "$work/vmlinux" 2>/dev/null || true
        [ "$(head -c 4 "$work/vmlinux" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] && break 2
    done
done
[ "$(head -c 4 "$work/vmlinux" 2>/dev/null | od -An -tx1 | tr -d ' ')" = 7f454c46 ] \
    || die "found no zstd- or xz-compressed vmlinux in $kdir/vmlinuz"
objcopy -O binary --only-section=.BTF "$work/vmlinux" "$work/btf" 2>/dev/null
[ -s "$work/btf" ] || die "the kernel $abi has no .BTF section (CONFIG_DEBUG_INFO_BTF=n)"
mkdir -p "$(dirname "$out")"
mv "$work/btf" "$out"
echo "$out"
