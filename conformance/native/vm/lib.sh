# Shared helpers for the native VM runner. Sourced, not executed.
# Exit codes used by every script here:
#   0 the harness ran and reported success, 1 the harness ran and reported failures,
#   2 a prerequisite is missing or the VM did not produce a complete run.

NATIVE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${DMABUF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dmabuf-spec}"

log() { printf 'native-vm: %s\n' "$*" >&2; }
die() { printf 'native-vm: ERROR: %s\n' "$*" >&2; exit 2; }

# Installs the host packages the VM run needs, only those that are missing.
ensure_host_packages() {
    local missing=() pkg
    command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
    [ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx insmod \
        && file_is_static /bin/busybox || missing+=(busybox-static)
    command -v cpio >/dev/null || missing+=(cpio)
    command -v xz >/dev/null || missing+=(xz-utils)
    command -v gcc >/dev/null || missing+=(gcc)
    [ -e /usr/lib/x86_64-linux-gnu/libc.a ] || [ -e /usr/lib/libc.a ] || missing+=(libc6-dev)
    command -v dpkg-deb >/dev/null || die "dpkg-deb not found: the VM runner needs a Debian-based host"
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing missing host packages: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
    "${sudo[@]}" apt-get update -qq >&2 \
        || die "apt-get update failed (no network to the Debian registry, or no root): cannot install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
        || die "apt-get install ${missing[*]} failed"
}

file_is_static() {
    # busybox-static's binary has no program interpreter; the dynamic busybox package does.
    ! LC_ALL=C readelf -l "$1" 2>/dev/null | grep -q 'program interpreter'
}

sha_of() { cat "$@" | sha256sum | cut -c1-16; }
