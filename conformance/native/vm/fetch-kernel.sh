#!/usr/bin/env bash
# Fetches the current Debian trixie kernel through a private apt configuration (the
# system's apt sources and lists are left alone) and extracts vmlinuz, its config and the
# four modules vgem needs into $CACHE_DIR/kernel/<abi>/. Prints that directory.
# DMABUF_DEBIAN_MIRROR overrides the Debian mirror (tests point it at a dead address).
# A cached extraction is reused if its SHA256SUMS still match (else it is fetched again); the
# ABI is resolved again only when --refresh is given or nothing is cached yet, so a second run
# does not touch the network. The extraction is built in <abi>.tmp and renamed when complete.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

refresh=false
[ "${1:-}" = "--refresh" ] && refresh=true

APT_DIR="$CACHE_DIR/apt"
KERNEL_ROOT="$CACHE_DIR/kernel"
mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$KERNEL_ROOT"

latest="$KERNEL_ROOT/latest"
# A cached kernel is used only if every file still matches the SHA256SUMS written when it was
# extracted; a corrupted (or pre-checksum) cache is removed and fetched again, no manual cleanup.
cache_intact() {
    if [ -f "$1/complete" ] && [ ! -f "$1/SHA256SUMS" ]; then
        # cached by a version of this script without checksums: record them once
        log "recording checksums of the cached kernel in $1"
        (cd "$1" && sha256sum vmlinuz config abi modules/*.ko > SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS) || return 1
    fi
    [ -f "$1/SHA256SUMS" ] && (cd "$1" && sha256sum --quiet --strict -c SHA256SUMS >/dev/null 2>&1)
}
drop_corrupted() {
    log "the cached kernel in $1 failed its checksum (a file is corrupted or missing); fetching it again"
    rm -rf "$1"
    [ "$(readlink -f "$latest" 2>/dev/null)" = "$1" ] && rm -f "$latest"
    return 0
}
if ! $refresh && [ -L "$latest" ] && [ -f "$latest/complete" ] && ! cache_intact "$latest"; then
    drop_corrupted "$(readlink -f "$latest")"
fi
if ! $refresh && [ -L "$latest" ] && [ -f "$latest/complete" ]; then
    # Look for a newer point release once a week; offline, keep using the cached one.
    if [ -z "$(find "$latest/complete" -mtime +7 2>/dev/null)" ]; then
        readlink -f "$latest"
        exit 0
    fi
    if ! (bash "$0" --refresh); then
        log "could not check for a newer trixie kernel; using the cached $(cat "$latest/abi")"
        touch "$latest/complete"
        readlink -f "$latest"
    fi
    exit 0
fi

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || die "missing $keyring (package debian-archive-keyring): cannot verify the trixie suite"
cat > "$APT_DIR/sources.list" <<SRC
deb [signed-by=$keyring] ${DMABUF_DEBIAN_MIRROR:-http://deb.debian.org/debian} trixie main
SRC
apt_opts=(-o Dir::Etc::SourceList="$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/nonexistent
          -o Dir::State::Lists="$APT_DIR/lists" -o Dir::Cache="$APT_DIR/cache"
          -o APT::Sandbox::User=root -o Debug::NoLocking=1)

log "resolving the trixie kernel ABI (private apt configuration in $APT_DIR)"
timeout 600 apt-get "${apt_opts[@]}" -qq --error-on=any update >&2 \
    || die "apt-get update of the trixie suite failed: no network to the Debian registry?"
meta=$( { apt-cache "${apt_opts[@]}" depends linux-image-amd64 2>/dev/null || true; } \
       | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -1)
[ -n "$meta" ] || die "could not resolve the kernel ABI: 'apt-cache depends linux-image-amd64' in trixie names no linux-image-<abi>-amd64"
abi=${meta#linux-image-}
pkg="$meta-unsigned"
dest="$KERNEL_ROOT/$abi"
if [ -f "$dest/complete" ] && ! cache_intact "$dest"; then
    drop_corrupted "$dest"
fi
if [ -f "$dest/complete" ]; then
    touch "$dest/complete"
    ln -sfn "$abi" "$latest"
    echo "$dest"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log "downloading $pkg (about 110 MB)"
(cd "$work" && timeout 1200 apt-get "${apt_opts[@]}" -qq download "$pkg" >&2) \
    || die "apt-get download $pkg failed (network to the Debian registry?)"
deb=$(ls "$work"/*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || die "apt-get download $pkg produced no .deb"

mods="usr/lib/modules/$abi/kernel/drivers/gpu/drm"
log "extracting vmlinuz, config and drm/vgem modules of $abi"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" \
    "./boot/vmlinuz-$abi" "./boot/config-$abi" \
    "./$mods/drm.ko.xz" "./$mods/drm_kms_helper.ko.xz" "./$mods/drm_shmem_helper.ko.xz" \
    "./$mods/vgem/vgem.ko.xz" \
    || die "$pkg does not contain vmlinuz-$abi, config-$abi and the drm/vgem modules"
rm -rf "$dest.tmp"
mkdir -p "$dest.tmp/modules"
cp "$work/boot/vmlinuz-$abi" "$dest.tmp/vmlinuz"
cp "$work/boot/config-$abi" "$dest.tmp/config"
for m in drm drm_kms_helper drm_shmem_helper vgem/vgem; do
    xz -dc "$work/$mods/$m.ko.xz" > "$dest.tmp/modules/$(basename "$m").ko"
done
echo "$abi" > "$dest.tmp/abi"
(cd "$dest.tmp" && sha256sum vmlinuz config abi modules/*.ko > SHA256SUMS)
touch "$dest.tmp/complete"
rm -rf "$dest"
mv "$dest.tmp" "$dest"
ln -sfn "$abi" "$latest"
echo "$dest"
