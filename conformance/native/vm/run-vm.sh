#!/usr/bin/env bash
# Boots the Debian trixie kernel under qemu with the harness as init's workload.
# Usage: run-vm.sh --out DIR [--scenarios a,b,...] [--timeout SECONDS] [--kmod [--misuse] | --program FILE] [--capture [--misuse]]
#        run-vm.sh --out DIR --capture --bench ROUNDS [--timeout SECONDS]
# --probes TABLE (with --capture): the recorder uses this probe table (dmabuf-capture.sh --probes,
# e.g. the offset table of a kernel without BTF argument names) instead of its own.
# --kmod boots the in-kernel test module (kmod/) instead of the uAPI harness; --misuse also
# runs its misuse scenarios. --program FILE (implies --kmod) appends FILE to the kmod initramfs as
# /testgen.program: the module runs those generated tests (dmabuf testgen --on kernel) instead of
# its scenarios and writes one line per step to the third serial port, DIR/results.txt (both that
# and the trace stream travel gzipped and are unpacked here). --capture runs the harness and then the module while
# capture/dmabuf-capture.sh records them from outside; the raw capture is DIR/capture.raw.gz.
# Writes DIR/console.log (serial 1: KTAP and /init messages) and DIR/trace.ndjson
# (serial 2: the traces). The verdict comes from the harness exit-status line and the
# trace's final end record, never from qemu's exit code (qemu exits 0 on power-off).
# --kernel-facts prepares the kernel as a run would, boots nothing and prints the facts the
# testgen executor picks tests by: "abi=<abi>" and "move_notify=y|n" (CONFIG_DMABUF_MOVE_NOTIFY).
# --capture --bench N runs the capture overhead benchmark instead: the harness alone and under
# the recorder, alternating, N rounds; prints each round and the summary (docs/capture.md).
# Exit: 0 every scenario passed, 1 the harness reported failures, 2 the run is unusable.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out= scenarios= tmo=${DMABUF_VM_TIMEOUT:-300} kmod=false misuse=0 capture=false bench= table= program= facts=false
while [ $# -gt 0 ]; do
    case $1 in
        --out) out=$2; shift 2 ;;
        --scenarios) scenarios=$2; shift 2 ;;
        --timeout) tmo=$2; shift 2 ;;
        --kmod) kmod=true; shift ;;
        --misuse) misuse=1; shift ;;
        --capture) capture=true; shift ;;
        --bench) bench=$2; shift 2 ;;
        --probes) table=$(readlink -f "$2"); shift 2 ;;
        --program) program=$(readlink -f "$2"); kmod=true; shift 2 ;;
        --kernel-facts) facts=true; out=${out:-.}; shift ;;
        *) die "unknown argument $1 (usage: run-vm.sh --out DIR [--scenarios a,b] [--timeout S] [--kmod|--capture [--misuse]] [--program FILE])" ;;
    esac
done
[ -n "$out" ] || die "--out DIR is required"
if [ -n "$bench" ]; then
    $capture || die "--bench needs --capture"
    case $bench in ''|*[!0-9]*|0) die "--bench ROUNDS must be a positive number, found '$bench'" ;; esac
fi
mkdir -p "$out"
[ -z "$program" ] || [ -f "$program" ] || die "--program $program: no such file"
case $scenarios in *[[:space:]]*) die "scenario names must not contain spaces: '$scenarios'" ;; esac

# One preparer at a time per cache (two test runs on one machine share it, and apt too);
# boots run in parallel.
mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/prepare.lock"
flock -w 1800 9 || die "waited 30 min for another run preparing $CACHE_DIR"
ensure_host_packages
kdir=$("$NATIVE_DIR/vm/fetch-kernel.sh")
if $facts; then
    [ -f "$kdir/config" ] || die "the cached kernel $kdir has no config: cannot tell CONFIG_DMABUF_MOVE_NOTIFY"
    echo "abi=$(cat "$kdir/abi")"
    if grep -q '^CONFIG_DMABUF_MOVE_NOTIFY=y' "$kdir/config"; then echo move_notify=y; else echo move_notify=n; fi
    exit 0
fi
if $capture; then
    initrd=$("$NATIVE_DIR/capture/initramfs.sh" "$kdir" ${table:+"$table"})
elif $kmod; then
    initrd=$("$NATIVE_DIR/kmod/initramfs.sh" "$kdir")
else
    initrd=$("$NATIVE_DIR/vm/build-initramfs.sh" "$kdir")
fi
abi=$(cat "$kdir/abi")
exec 9>&-
if [ -n "$program" ]; then
    # the kernel unpacks concatenated newc archives in order: the program joins the cached initramfs
    pdir=$(mktemp -d)
    cp "$program" "$pdir/testgen.program"
    (cd "$pdir" && echo testgen.program | cpio -o -H newc --quiet) > "$out/program.cpio" \
        || { rm -rf "$pdir"; die "cpio failed while packing the testgen program"; }
    rm -rf "$pdir"
    cat "$initrd" "$out/program.cpio" > "$out/initrd.cpio"
    initrd="$out/initrd.cpio"
fi

qemu_base=(qemu-system-x86_64 -m 512M -smp 2 -kernel "$kdir/vmlinuz" -initrd "$initrd"
           -display none -monitor none -nic none -vga none -no-reboot)
cmdline="console=ttyS0 quiet loglevel=4 panic=-1"

# KVM only where it is shown to work: /dev/kvm on some hosts needs a special guest
# kernel, and qemu then aborts or hangs. The probe result is cached per host kernel.
accel=(-accel tcg,thread=multi -cpu max)
if [ "${DMABUF_VM_ACCEL:-auto}" != tcg ] && [ -w /dev/kvm ]; then
    probe="$CACHE_DIR/kvm-probe-$(uname -r)-$abi"
    if [ ! -f "$probe" ]; then
        log "probing KVM (30 s at most)"
        pdir=$(mktemp -d)
        # qemu aborts on such hosts: keep the shell's "Aborted" report out of the log too
        { ( timeout 30 "${qemu_base[@]}" -enable-kvm -cpu max -append "$cmdline DMABUF_PROBE=1" \
            -serial "file:$pdir/console" -serial null ) >/dev/null 2>&1 || true; } 2>/dev/null
        if grep -q 'dmabuf-native: probe ok' "$pdir/console" 2>/dev/null; then echo kvm > "$probe"; else echo tcg > "$probe"; fi
        rm -rf "$pdir"
    fi
    if [ "$(cat "$probe")" = kvm ]; then accel=(-enable-kvm -cpu max); fi
fi
log "booting $abi under ${accel[0]} ${accel[1]} (timeout ${tmo}s)"

console="$out/console.log" trace="$out/trace.ndjson"
rm -f "$console" "$trace" "$out/capture.raw.gz" "$out/results.txt"
third=(-serial null)
$capture && third=(-serial "file:$out/capture.raw.gz")
[ -n "$program" ] && third=(-serial "file:$out/results.txt.gz") && rm -f "$out/results.txt.gz" "$out/trace.ndjson.gz"
start=$(date +%s)
set +e
timeout "$tmo" "${qemu_base[@]}" "${accel[@]}" -append "$cmdline DMABUF_SCENARIOS=$scenarios DMABUF_MISUSE=$misuse${bench:+ DMABUF_BENCH=$bench}" \
    -serial "file:$console" -serial "file:$trace" "${third[@]}" 2> "$out/qemu.stderr"
qrc=$?
set -e
log "VM finished after $(( $(date +%s) - start ))s"

[ -s "$out/qemu.stderr" ] && grep -v '^$' "$out/qemu.stderr" >&2 || true
if [ -n "$bench" ]; then
    grep -q '^# bench: done' "$console" || die "the benchmark did not finish$([ "$qrc" = 124 ] && echo " within ${tmo}s"); see $console"
    tr -d '\r' < "$console" | awk -v accel="${accel[*]}" '
        $2 == "bench:" && $5 == "alone" { a[$4] = $7 - $6; if ($9 != 0) bad = bad " round " $4 " alone exit " $9 }
        $2 == "bench:" && $5 == "captured" { c[$4] = $7 - $6; h[$4] = $11; lost[$4] = $13; rec[$4] = $16 - $15 - c[$4]
                                            if ($9 != 0) bad = bad " round " $4 " captured exit " $9 }
        END {
            printf "capture overhead benchmark (%s): the uAPI harness, all scenarios but vgem/fence-timeout\n", accel
            printf "%-6s %10s %13s %11s %12s %6s %20s\n", "round", "alone (s)", "captured (s)", "probe hits", "hits/s", "lost", "recorder extra (s)"
            for (i = 1; i in a; i++) {
                printf "%-6d %10.2f %13.2f %11d %12.0f %6s %20.2f\n", i, a[i], c[i], h[i], (c[i] > 0 ? h[i] / c[i] : 0), lost[i], rec[i]
                sa += a[i]; sc += c[i]; sh += h[i]
            }
            printf "total  %10.2f %13.2f %11d %12.0f   slowdown %+.1f %%\n", sa, sc, sh, (sc > 0 ? sh / sc : 0), (sa > 0 ? 100 * (sc - sa) / sa : 0)
            if (bad != "") { print "failed:" bad; exit 1 }
        }'
    exit $?
fi
if [ -n "$program" ] && [ -s "$trace" ]; then
    # the testgen init gzips both streams; a stream cut short does not decompress, and is left as .gz
    mv "$trace" "$trace.gz"
    gunzip -c "$trace.gz" > "$trace" 2>/dev/null || true
    [ -s "$out/results.txt.gz" ] && { gunzip -c "$out/results.txt.gz" > "$out/results.txt" 2>/dev/null \
        || die "the step results on serial 3 are cut short (not a complete gzip stream); see $out/results.txt.gz"; }
fi
vm_verdict "$console" "$trace" "$qrc" "$tmo" "$out/qemu.stderr"
