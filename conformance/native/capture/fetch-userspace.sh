#!/usr/bin/env bash
# Fetches the real userspace workload of capture runs from Debian trixie: v4l2-ctl (package
# v4l-utils) with the shared libraries it loads, and the vivid test driver with the media
# modules it needs, from the same kernel package as vm/fetch-kernel.sh. Extracted into
# $CACHE_DIR/userspace/<abi>/{bin,lib,modules}; prints that directory.
# Usage: fetch-userspace.sh KERNEL_DIR
# Downloads about 115 MB once per kernel ABI (the kernel package again: fetch-kernel.sh keeps
# only vmlinuz and the vgem modules); later runs reuse the extraction without the network.
set -euo pipefail
. "$(dirname "$0")/../vm/lib.sh"

kdir=${1:?usage: fetch-userspace.sh KERNEL_DIR}
[ -f "$kdir/complete" ] || die "$kdir is not an extracted kernel (run vm/fetch-kernel.sh)"
abi=$(cat "$kdir/abi")
dest="$CACHE_DIR/userspace/$abi"
if [ -f "$dest/complete" ] && (cd "$dest" && sha256sum --quiet --strict -c SHA256SUMS >/dev/null 2>&1); then
    echo "$dest"
    exit 0
fi

APT_DIR="$CACHE_DIR/apt"
[ -f "$APT_DIR/sources.list" ] && [ -d "$APT_DIR/lists" ] \
    || die "no private apt configuration in $APT_DIR (run vm/fetch-kernel.sh first)"
apt_opts=(-o Dir::Etc::SourceList="$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/nonexistent
          -o Dir::State::Lists="$APT_DIR/lists" -o Dir::Cache="$APT_DIR/cache"
          -o APT::Sandbox::User=root -o Debug::NoLocking=1)
# v4l2-ctl's library closure in trixie (checked with readelf below: a missing one is an error)
pkgs=(v4l-utils libv4l-0t64 libv4lconvert0t64 libjpeg62-turbo libc6 libgcc-s1 libstdc++6
      "linux-image-$abi-unsigned")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log "downloading ${pkgs[*]} (about 115 MB)"
download() { (cd "$work" && timeout 1200 apt-get "${apt_opts[@]}" -qq download "${pkgs[@]}" >&2); }
# the private lists may predate a point release that replaced a package: refresh them once
download || { timeout 600 apt-get "${apt_opts[@]}" -qq update >&2 && download; } \
    || die "apt-get download ${pkgs[*]} failed (network to the Debian registry? a newer trixie point release: run vm/fetch-kernel.sh --refresh)"
mkdir -p "$work/root"
for d in "$work"/*.deb; do
    case $d in
        */linux-image-*) dpkg-deb --fsys-tarfile "$d" | tar -x -C "$work/root" --wildcards "./usr/lib/modules/$abi/kernel/drivers/media/*" ;;
        *) dpkg-deb -x "$d" "$work/root" ;;
    esac
done

rm -rf "$dest.tmp"
mkdir -p "$dest.tmp/bin" "$dest.tmp/lib" "$dest.tmp/modules"
cp "$work/root/usr/bin/v4l2-ctl" "$dest.tmp/bin/"
# the NEEDED closure of v4l2-ctl, found where the packages put it
need=(ld-linux-x86-64.so.2) seen=" "
queue=("$work/root/usr/bin/v4l2-ctl")
while [ ${#queue[@]} -gt 0 ]; do
    f=${queue[0]}; queue=("${queue[@]:1}")
    for n in $(LC_ALL=C readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
        case $seen in *" $n "*) continue ;; esac
        seen="$seen$n "
        lib=$(find "$work/root/usr/lib/x86_64-linux-gnu" -name "$n" | head -1)
        [ -n "$lib" ] || die "v4l2-ctl needs $n, which none of ${pkgs[*]} holds"
        cp -L "$lib" "$dest.tmp/lib/$n"
        queue+=("$lib")
    done
done
ld=$(find "$work/root/usr/lib/x86_64-linux-gnu" -name ld-linux-x86-64.so.2 | head -1)
[ -n "$ld" ] || die "libc6 holds no ld-linux-x86-64.so.2"
cp -L "$ld" "$dest.tmp/lib/ld-linux-x86-64.so.2"

# vivid and what it depends on, in load order (the modules' own depends= lines)
m="$work/root/usr/lib/modules/$abi/kernel/drivers/media"
order=(mc videodev videobuf2-common videobuf2-v4l2 videobuf2-memops videobuf2-vmalloc
       videobuf2-dma-contig v4l2-tpg v4l2-dv-timings rc-core cec vivid)
for mod in "${order[@]}"; do
    f=$(find "$m" -name "$mod.ko.xz" | head -1)
    [ -n "$f" ] || die "linux-image-$abi-unsigned has no $mod.ko.xz"
    xz -dc "$f" > "$dest.tmp/modules/$mod.ko"
done
printf '%s\n' "${order[@]}" > "$dest.tmp/modules/order"
(cd "$dest.tmp" && find bin lib modules -type f | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
touch "$dest.tmp/complete"
rm -rf "$dest"
mv "$dest.tmp" "$dest"
log "extracted v4l2-ctl and vivid into $dest"
echo "$dest"
