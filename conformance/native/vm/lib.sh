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
    # grep -q would stop reading early: busybox then dies of SIGPIPE and pipefail calls it missing
    [ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -x insmod >/dev/null \
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

# A file built into $CACHE_DIR (harness, initramfs) is reused only while it matches the checksum
# recorded next to it (FILE.sha256) when it was built; a corrupted one, or one without a checksum,
# is removed so that the caller builds it again: no manual cleanup.
cached_intact() {
    if [ -f "$1" ] && [ -f "$1.sha256" ] \
        && (cd "$(dirname "$1")" && sha256sum --quiet --strict -c "$(basename "$1").sha256" >/dev/null 2>&1); then
        return 0
    fi
    [ -e "$1" ] && log "the cached $1 failed its checksum (corrupted, or cached without one); building it again"
    rm -f "$1" "$1.sha256"
    return 1
}
# Puts the finished build TMP in place as FILE, its checksum first: FILE never stands without one.
install_cached() {
    local sum
    sum=$(sha256sum < "$1" | cut -d' ' -f1) || die "cannot checksum $1"
    printf '%s  %s\n' "$sum" "$(basename "$2")" > "$2.sha256"
    mv "$1" "$2"
}

# The verdict of one VM run from what it left behind: exits 0 (harness passed), 1 (harness
# reported failures) or dies (exit 2) naming the cause: qemu not starting, killed, the kernel
# panicking, a timeout, a harness without exit status, a cut trace. Never 0 without the
# harness's own "exit status 0" line and a complete trace.
#   vm_verdict CONSOLE TRACE QEMU_EXIT TIMEOUT_S QEMU_STDERR
vm_verdict() {
    local console=$1 trace=$2 qrc=$3 tmo=$4 qerr=$5 status panic last
    if [ ! -s "$console" ] && [ "$qrc" != 124 ]; then
        die "qemu failed to start (exit $qrc, nothing on the console); see $qerr"
    fi
    status=$(sed -n 's/^dmabuf-native: exit status \([0-9]*\).*/\1/p' "$console" | tr -d '\r' | tail -1)
    if [ -z "$status" ]; then
        panic=$(grep -a -m1 'Kernel panic' "$console" 2>/dev/null | tr -d '\r' || true)
        [ -n "$panic" ] && die "the kernel panicked: ${panic#*Kernel panic - }; see $console"
        if [ "$qrc" -gt 128 ] && [ "$qrc" != 124 ]; then
            die "qemu was killed (signal $((qrc - 128))) before the harness finished; see $console"
        fi
        grep -q 'TAP version' "$console" 2>/dev/null || die "the kernel did not reach the harness$([ "$qrc" = 124 ] && echo " within ${tmo}s" || echo " (qemu exit $qrc)"); see $console"
        [ "$qrc" = 124 ] && die "the harness did not finish within ${tmo}s; see $console"
        die "the harness died without an exit status (qemu exit $qrc); see $console"
    fi
    { grep -h '^dmabuf-native: \(no \|insmod\)' "$console" || true; } | tr -d '\r' | while read -r l; do log "${l#dmabuf-native: }"; done
    last=$(tail -c 4096 "$trace" 2>/dev/null | tail -1)
    case $last in
        *'"type":"end"'*) ;;
        *) die "the trace on serial 2 does not end with an end record (cut short); see $trace" ;;
    esac
    [ "$status" = 0 ] && exit 0
    exit 1
}
