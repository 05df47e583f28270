#!/usr/bin/env bash
# Builds dmabuf_conformance.ko against the exact Debian trixie kernel the VM runner boots.
# Fetches (through the same private apt configuration as vm/fetch-kernel.sh) and unpacks,
# never installs, seven trixie packages into $CACHE_DIR/kmod/<abi>/root, then applies the
# four adjustments a bookworm host needs (native-kmod.md):
#   1. the headers' Makefile includes an absolute /usr/src path: point it at the unpacked copy;
#   2. modpost, objtool and resolve_btfids need glibc 2.38: run them through trixie's ld.so;
#   3. the kernel was built with trixie's gcc-14: run it (and cc1, via -wrapper) through
#      trixie's ld.so too, so the module gets the kernel's compiler and flags;
#   4. no pahole: CONFIG_DEBUG_INFO_BTF_MODULES= skips module BTF.
# Usage: build.sh [KERNEL_DIR]   (KERNEL_DIR from vm/fetch-kernel.sh; prints the .ko path)
# Exit 2 with a message naming what is missing when a step cannot be done.
set -euo pipefail
. "$(dirname "$0")/../vm/lib.sh"
KMOD_SRC="$NATIVE_DIR/kmod"

kdir=${1:-$("$NATIVE_DIR/vm/fetch-kernel.sh")}
[ -f "$kdir/complete" ] || die "$kdir is not an extracted kernel (run vm/fetch-kernel.sh)"
abi=$(cat "$kdir/abi")                 # e.g. 6.12.107+deb13-amd64
version=${abi%-amd64}                  # e.g. 6.12.107+deb13
[ "$version" != "$abi" ] || die "unexpected kernel ABI '$abi' (expected <version>-amd64)"

tool="$CACHE_DIR/kmod/$abi"
root="$tool/root"
pkgs=("linux-headers-$abi" "linux-headers-$version-common" "linux-kbuild-$version"
      gcc-14-x86-64-linux-gnu cpp-14-x86-64-linux-gnu libgcc-14-dev libc6)

# The unpacked tree is used only if every file still matches the SHA256SUMS written when it was
# unpacked and adjusted (as vm/fetch-kernel.sh does for the kernel); a corrupted tree is removed
# and fetched again, no manual cleanup. A tree cached before checksums existed gets them once.
tree_sums() { (cd "$1" && find root -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) > "$1/SHA256SUMS.tmp" \
    && mv "$1/SHA256SUMS.tmp" "$1/SHA256SUMS"; }
tree_intact() {
    if [ ! -f "$tool/SHA256SUMS" ]; then
        log "recording checksums of the cached build tree in $tool"
        tree_sums "$tool" || return 1
    fi
    (cd "$tool" && sha256sum --quiet --strict -c SHA256SUMS >/dev/null 2>&1)
}
if [ -f "$tool/complete" ] && ! tree_intact; then
    log "the cached build tree in $tool failed its checksum (a file is corrupted or missing); fetching it again"
    rm -rf "$tool"
fi

if [ ! -f "$tool/complete" ]; then
    APT_DIR="$CACHE_DIR/apt"
    [ -f "$APT_DIR/sources.list" ] && [ -d "$APT_DIR/lists" ] \
        || die "no private apt configuration in $APT_DIR (vm/fetch-kernel.sh creates it)"
    apt_opts=(-o Dir::Etc::SourceList="$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/nonexistent
              -o Dir::State::Lists="$APT_DIR/lists" -o Dir::Cache="$APT_DIR/cache"
              -o APT::Sandbox::User=root -o Debug::NoLocking=1)
    rm -rf "$tool.tmp"
    mkdir -p "$tool.tmp/debs" "$tool.tmp/root"
    log "downloading the trixie build packages for $abi (about 54 MB): ${pkgs[*]}"
    if ! (cd "$tool.tmp/debs" && timeout 1200 apt-get "${apt_opts[@]}" -qq download "${pkgs[@]}" >&2); then
        # The lists may predate a point release: refresh once and retry.
        timeout 600 apt-get "${apt_opts[@]}" -qq --error-on=any update >&2 \
            || die "apt-get update of the trixie suite failed: no network to the Debian registry?"
        (cd "$tool.tmp/debs" && timeout 1200 apt-get "${apt_opts[@]}" -qq download "${pkgs[@]}" >&2) \
            || die "apt-get download failed for one of: ${pkgs[*]} (is $abi still in trixie? run vm/fetch-kernel.sh --refresh)"
    fi
    for p in "${pkgs[@]}"; do
        ls "$tool.tmp/debs/${p}_"*.deb >/dev/null 2>&1 || die "apt-get download produced no .deb for $p"
    done
    for d in "$tool.tmp"/debs/*.deb; do
        dpkg-deb -x "$d" "$tool.tmp/root" || die "cannot unpack $d"
    done
    rm -rf "$tool.tmp/debs"
    r="$tool.tmp/root"
    # not used for a module build (no LTO, no docs): 70 MB less in the cache
    rm -rf "$r/usr/share" "$r/usr/bin/x86_64-linux-gnu-lto-dump-14" "$r/usr/libexec/gcc/x86_64-linux-gnu/14/lto1"
    hdr="$r/usr/src/linux-headers-$abi"
    ldso="$r/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
    [ -f "$hdr/Makefile" ] || die "linux-headers-$abi has no usr/src/linux-headers-$abi/Makefile"
    [ -x "$ldso" ] || die "trixie libc6 has no $ldso"
    # (1) absolute include -> the unpacked common headers (final location, after the rename below)
    sed -i "s|^include /usr/src/|include $root/usr/src/|" "$hdr/Makefile"
    grep -q "^include $root/usr/src/linux-headers-$version-common/Makefile" "$hdr/Makefile" \
        || die "adjustment 1 failed: $hdr/Makefile does not include the common headers as expected"
    # (2) and (3) run through trixie's ld.so: its libc first, then the host's (libisl, libmpc ...)
    libs="$root/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu"
    kb="$r/usr/lib/linux-kbuild-$version"
    for t in scripts/mod/modpost.real-lsb-64 tools/objtool/objtool.real-x86 tools/bpf/resolve_btfids/resolve_btfids; do
        [ -f "$kb/$t" ] || die "linux-kbuild-$version has no $t"
        mv "$kb/$t" "$kb/$t.trixie"
        printf '#!/bin/sh\nexec %s --library-path %s %s "$@"\n' \
            "$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$libs" \
            "$root/usr/lib/linux-kbuild-$version/$t.trixie" > "$kb/$t"
        chmod 755 "$kb/$t"
    done
    gcc="$r/usr/bin/x86_64-linux-gnu-gcc-14"
    [ -x "$gcc" ] || die "gcc-14-x86-64-linux-gnu has no usr/bin/x86_64-linux-gnu-gcc-14"
    mkdir -p "$r/wrap"
    fl="$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
    # gcc's -wrapper runs every subprocess through this: trixie's own (cc1, collect2)
    # under trixie's ld.so, the host's binutils (as, ld) as they are.
    cat > "$r/wrap/run-trixie" <<WRAP
#!/bin/sh
p=\$1; shift
case \$p in */*) ;; *) p=\$(command -v "\$p") || { echo "run-trixie: \$p not found" >&2; exit 127; } ;; esac
case \$p in $root/*) exec $fl --library-path $libs "\$p" "\$@" ;; *) exec "\$p" "\$@" ;; esac
WRAP
    printf '#!/bin/sh\nexec %s --library-path %s %s -wrapper %s "$@"\n' \
        "$fl" "$libs" "$root/usr/bin/x86_64-linux-gnu-gcc-14" "$root/wrap/run-trixie" > "$r/wrap/x86_64-linux-gnu-gcc-14"
    chmod 755 "$r/wrap/x86_64-linux-gnu-gcc-14" "$r/wrap/run-trixie"
    echo "$abi" > "$tool.tmp/abi"
    # the sums name paths below root/, so they hold after the rename
    tree_sums "$tool.tmp" || die "cannot record the checksums of $tool.tmp"
    touch "$tool.tmp/complete"
    rm -rf "$tool"
    mv "$tool.tmp" "$tool"
    log "unpacked and adjusted the trixie build tree in $tool"
fi

hdr="$root/usr/src/linux-headers-$abi"
PATH="$root/wrap:$PATH" x86_64-linux-gnu-gcc-14 --version >/dev/null 2>&1 \
    || die "the unpacked trixie gcc-14 does not run through trixie's ld.so (delete $tool to re-fetch)"

# Build out of tree in a copy, so the source directory stays clean; cached by source hash.
srch=$(sha_of "$KMOD_SRC/dmabuf_conformance.c" "$KMOD_SRC/Kbuild")
out="$CACHE_DIR/kmod/$abi/build-$srch"
if [ -f "$out/dmabuf_conformance.ko" ]; then
    if (cd "$out" && sha256sum --quiet --strict -c dmabuf_conformance.ko.sha256 >/dev/null 2>&1); then
        echo "$out/dmabuf_conformance.ko"
        exit 0
    fi
    log "the cached module in $out failed its checksum; building it again"
fi
rm -rf "$out"
mkdir -p "$out"
cp "$KMOD_SRC/dmabuf_conformance.c" "$KMOD_SRC/Kbuild" "$out/"
log "building dmabuf_conformance.ko against $abi"
if ! PATH="$root/wrap:$PATH" make -s -C "$hdr" M="$out" CONFIG_DEBUG_INFO_BTF_MODULES= modules >"$out/build.log" 2>&1; then
    cat "$out/build.log" >&2
    die "building the module failed (log: $out/build.log)"
fi
grep -v '^$' "$out/build.log" >&2 || true
[ -f "$out/dmabuf_conformance.ko" ] || die "make succeeded but produced no dmabuf_conformance.ko"
(cd "$out" && sha256sum dmabuf_conformance.ko > dmabuf_conformance.ko.sha256)
echo "$out/dmabuf_conformance.ko"
