#!/bin/sh
# dmabuf-capture.sh: records the dma-buf traffic of the running kernel from outside, through
# tracefs kprobe/kretprobe events on the exported dma_buf_*, dma_resv_*, dma_fence_* and
# ww_mutex_* functions. Drivers stay unmodified. POSIX sh (runs under busybox in the VM).
# Writes the raw ftrace lines framed by '# dmabuf-capture:' lines; `dmabuf capture --convert`
# turns them into a trace of the dmabuf-spec format.
#
# Usage: dmabuf-capture.sh --out FILE [--pid PID] [--duration S] [--buffer-kb N] [--probes TABLE]
#                          [--tracefs DIR] [-- COMMAND ARGS...]
#        dmabuf-capture.sh --cleanup     (removes probes a killed run left behind)
#        dmabuf-capture.sh --print-probes (the probe table, with BTF argument names)
# Arguments are fetched by BTF name (CONFIG_PROBE_EVENTS_BTF_ARGS, 6.6+). On an older kernel,
# `dmabuf capture` translates the table into $argN and byte offsets from the kernel's BTF and
# passes it with --probes (lines 'NAME ! FUNCTION WHY' are probes it could not define).
# Stops at the end of COMMAND, after S seconds, or on SIGINT/SIGTERM (a clean stop); without
# COMMAND and --duration it records until interrupted. Every probe it added is removed on
# every exit path. Exit: 0 recorded (COMMAND's exit status if one was run), 2 could not record.
set -u

# One probe per line: NAME KIND FUNCTION ARGS. KIND p = entry, r = return. Several lines of
# one NAME are alternatives, the first the kernel accepts wins (older/newer struct layouts).
# Arguments are BTF names (CONFIG_PROBE_EVENTS_BTF_ARGS); pointers are object ids.
probes() { cat <<'EOF'
dma_buf_export p dma_buf_export name=+0(exp_info->exp_name):string size=exp_info->size:u64 pin=exp_info->ops->pin:x64 cache=exp_info->ops->cache_sgt_mapping:u8 resv=exp_info->resv:x64
dma_buf_export p dma_buf_export name=+0(exp_info->exp_name):string size=exp_info->size:u64 pin=exp_info->ops->pin:x64 resv=exp_info->resv:x64
dma_buf_export__r r dma_buf_export ret=$retval:x64 resv=$retval->resv:x64
dma_buf_get p dma_buf_get fd=fd:s32
dma_buf_get__r r dma_buf_get ret=$retval:x64 resv=$retval->resv:x64
dma_buf_put p dma_buf_put buf=dmabuf:x64 fc=dmabuf->file->f_count.counter:s64
dma_buf_put__r r dma_buf_put
dma_buf_release p dma_buf_release buf=dentry->d_fsdata:x64
dma_buf_attach p dma_buf_attach buf=dmabuf:x64 resv=dmabuf->resv:x64 dev=+0(dev->kobj.name):string
dma_buf_attach__r r dma_buf_attach ret=$retval:x64
dma_buf_dynamic_attach p dma_buf_dynamic_attach buf=dmabuf:x64 resv=dmabuf->resv:x64 dev=+0(dev->kobj.name):string ops=importer_ops:x64 mn=importer_ops->move_notify:x64 p2p=importer_ops->allow_peer2peer:u8
dma_buf_dynamic_attach__r r dma_buf_dynamic_attach ret=$retval:x64
dma_buf_detach p dma_buf_detach buf=dmabuf:x64 att=attach:x64
dma_buf_detach__r r dma_buf_detach
dma_buf_pin p dma_buf_pin att=attach:x64 buf=attach->dmabuf:x64
dma_buf_pin__r r dma_buf_pin ret=$retval:s32
dma_buf_unpin p dma_buf_unpin att=attach:x64 buf=attach->dmabuf:x64
dma_buf_unpin__r r dma_buf_unpin
dma_buf_map_attachment p dma_buf_map_attachment att=attach:x64 buf=attach->dmabuf:x64 dir=direction:s32
dma_buf_map_attachment__r r dma_buf_map_attachment ret=$retval:x64
dma_buf_map_attachment_unlocked p dma_buf_map_attachment_unlocked att=attach:x64 buf=attach->dmabuf:x64 dir=direction:s32
dma_buf_map_attachment_unlocked__r r dma_buf_map_attachment_unlocked ret=$retval:x64
dma_buf_unmap_attachment p dma_buf_unmap_attachment att=attach:x64 buf=attach->dmabuf:x64 sgt=sg_table:x64 dir=direction:s32
dma_buf_unmap_attachment__r r dma_buf_unmap_attachment
dma_buf_unmap_attachment_unlocked p dma_buf_unmap_attachment_unlocked att=attach:x64 buf=attach->dmabuf:x64 sgt=sg_table:x64 dir=direction:s32
dma_buf_unmap_attachment_unlocked__r r dma_buf_unmap_attachment_unlocked
dma_buf_move_notify p dma_buf_move_notify buf=dmabuf:x64
dma_buf_move_notify__r r dma_buf_move_notify
dma_buf_begin_cpu_access p dma_buf_begin_cpu_access buf=dmabuf:x64 dir=direction:s32
dma_buf_begin_cpu_access__r r dma_buf_begin_cpu_access ret=$retval:s32
dma_buf_end_cpu_access p dma_buf_end_cpu_access buf=dmabuf:x64 dir=direction:s32
dma_buf_end_cpu_access__r r dma_buf_end_cpu_access ret=$retval:s32
dma_buf_vmap p dma_buf_vmap buf=dmabuf:x64
dma_buf_vmap__r r dma_buf_vmap ret=$retval:s32
dma_buf_vunmap p dma_buf_vunmap buf=dmabuf:x64
dma_buf_vunmap__r r dma_buf_vunmap
dma_buf_vmap_unlocked p dma_buf_vmap_unlocked buf=dmabuf:x64
dma_buf_vmap_unlocked__r r dma_buf_vmap_unlocked ret=$retval:s32
dma_buf_vunmap_unlocked p dma_buf_vunmap_unlocked buf=dmabuf:x64
dma_buf_vunmap_unlocked__r r dma_buf_vunmap_unlocked
ww_mutex_lock p ww_mutex_lock lock=lock:x64 ctx=ctx:x64 stamp=ctx->stamp:u64
ww_mutex_lock p ww_mutex_lock lock=lock:x64 ctx=ctx:x64
ww_mutex_lock__r r ww_mutex_lock ret=$retval:s32
ww_mutex_lock_interruptible p ww_mutex_lock_interruptible lock=lock:x64 ctx=ctx:x64 stamp=ctx->stamp:u64
ww_mutex_lock_interruptible p ww_mutex_lock_interruptible lock=lock:x64 ctx=ctx:x64
ww_mutex_lock_interruptible__r r ww_mutex_lock_interruptible ret=$retval:s32
ww_mutex_trylock p ww_mutex_trylock lock=ww:x64 ctx=ww_ctx:x64
ww_mutex_trylock__r r ww_mutex_trylock ret=$retval:s32
ww_mutex_unlock p ww_mutex_unlock lock=lock:x64
ww_mutex_unlock__r r ww_mutex_unlock
dma_resv_reserve_fences p dma_resv_reserve_fences resv=obj:x64 num=num_fences:u32
dma_resv_reserve_fences__r r dma_resv_reserve_fences ret=$retval:s32
dma_resv_add_fence p dma_resv_add_fence resv=obj:x64 fence=fence:x64 usage=usage:s32
dma_resv_add_fence__r r dma_resv_add_fence
dma_resv_test_signaled p dma_resv_test_signaled resv=obj:x64 usage=usage:s32
dma_resv_test_signaled__r r dma_resv_test_signaled ret=$retval:u8
dma_resv_wait_timeout p dma_resv_wait_timeout resv=obj:x64 usage=usage:s32 intr=intr:u8 timeout=timeout:s64
dma_resv_wait_timeout__r r dma_resv_wait_timeout ret=$retval:s64
dma_fence_init p dma_fence_init fence=fence:x64 context=context:u64 seqno=seqno:u64
dma_fence_init__r r dma_fence_init
dma_fence_signal p dma_fence_signal fence=fence:x64
dma_fence_signal__r r dma_fence_signal ret=$retval:s32
dma_fence_signal_locked p dma_fence_signal_locked fence=fence:x64
dma_fence_signal_locked__r r dma_fence_signal_locked ret=$retval:s32
dma_fence_signal_timestamp p dma_fence_signal_timestamp fence=fence:x64
dma_fence_signal_timestamp__r r dma_fence_signal_timestamp ret=$retval:s32
dma_fence_signal_timestamp_locked p dma_fence_signal_timestamp_locked fence=fence:x64
dma_fence_signal_timestamp_locked__r r dma_fence_signal_timestamp_locked ret=$retval:s32
dma_fence_add_callback p dma_fence_add_callback fence=fence:x64 cb=cb:x64
dma_fence_add_callback__r r dma_fence_add_callback ret=$retval:s32
dma_fence_remove_callback p dma_fence_remove_callback fence=fence:x64 cb=cb:x64
dma_fence_remove_callback__r r dma_fence_remove_callback ret=$retval:u8
dma_fence_wait_timeout p dma_fence_wait_timeout fence=fence:x64 intr=intr:u8 timeout=timeout:s64
dma_fence_wait_timeout__r r dma_fence_wait_timeout ret=$retval:s64
dma_fence_enable_sw_signaling p dma_fence_enable_sw_signaling fence=fence:x64
dma_fence_enable_sw_signaling__r r dma_fence_enable_sw_signaling
EOF
}

GROUP=dmabuf_capture
INST=dmabuf-capture
out= pid= duration= bufkb=8192 cleanup_only=false table= T=
die() { echo "dmabuf-capture: ERROR: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
        --out) out=$2; shift 2 ;;
        --pid) pid=$2; shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --buffer-kb) bufkb=$2; shift 2 ;;
        --cleanup) cleanup_only=true; shift ;;
        --probes) table=$2; shift 2 ;;
        --tracefs) T=$2; shift 2 ;;
        --print-probes) print_only=true; shift ;;
        --) shift; break ;;
        *) die "unknown argument $1 (usage: dmabuf-capture.sh --out FILE [--pid PID] [--duration S] [-- COMMAND...])" ;;
    esac
done
${print_only:-false} && { probes; exit 0; }

if [ -z "$T" ]; then
    T=/sys/kernel/tracing
    [ -e $T/kprobe_events ] || mount -t tracefs tracefs $T 2>/dev/null
    [ -e $T/kprobe_events ] || { T=/sys/kernel/debug/tracing; [ -e $T/kprobe_events ] || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null; }
fi
[ -e $T/kprobe_events ] || die "no tracefs kprobe_events in $T (needs root and CONFIG_KPROBE_EVENTS)"
I=$T/instances/$INST

# The probes of the group kprobe_events lists. The kernel lists live probes only; a plain file
# standing in for tracefs (tests) lists every write, so a '-:' line cancels what it removes.
live() {
    awk -v g="$GROUP" '$1 ~ "^[pr][0-9]*:" g "/" { sub(/^[pr][0-9]*:/, "", $1); live[$1] = 1 }
                       $1 ~ "^-:" g "/" { sub(/^-:/, "", $1); delete live[$1] }
                       END { for (p in live) print p }' $T/kprobe_events
}
remove_probes() {
    # removing the instance disables its events at once; then one write removes every probe
    [ -d "$I" ] && { echo 0 > "$I/tracing_on"; rmdir "$I" 2>/dev/null || echo 0 > "$I/events/enable"; }
    live | sed 's/^/-:/' > "${TMPDIR:-/tmp}/dmabuf-capture.rm.$$"
    cat "${TMPDIR:-/tmp}/dmabuf-capture.rm.$$" >> $T/kprobe_events 2>/dev/null
    rm -f "${TMPDIR:-/tmp}/dmabuf-capture.rm.$$"
    [ -d "$I" ] && rmdir "$I" 2>/dev/null
    if [ -n "$(live)" ]; then
        echo "dmabuf-capture: ERROR: could not remove every probe of $GROUP (still in use?)" >&2
        return 1
    fi
    return 0
}
if $cleanup_only; then remove_probes; exit $?; fi
[ -n "$out" ] || die "--out FILE is required"
if [ -n "$(live)" ] || [ -d "$I" ]; then
    die "probes of $GROUP already exist: another capture is running, or a killed one left them (dmabuf-capture.sh --cleanup)"
fi

reader= child= stopping=false
finish() {
    trap '' INT TERM HUP
    [ -n "$reader" ] && kill "$reader" 2>/dev/null
    remove_probes
}
trap 'finish' EXIT
trap 'stopping=true' INT TERM HUP

: > "$out" || die "cannot write $out"
meta() { echo "# dmabuf-capture: $*" >> "$out"; }
meta "format 1"
meta "kernel $(uname -r)"
config() {
    if [ -r /proc/config.gz ]; then zcat /proc/config.gz 2>/dev/null
    elif [ -r "/boot/config-$(uname -r)" ]; then cat "/boot/config-$(uname -r)"; fi
}
for c in DMABUF_MOVE_NOTIFY DMABUF_DEBUG LOCKDEP; do
    v=$(config | sed -n "s/^CONFIG_$c=\(.\).*/\1/p; s/^# CONFIG_$c is not set/n/p")
    if [ -z "$(config | head -1)" ]; then meta "config $c unknown"; else meta "config $c ${v:-n}"; fi
done

# the kernel's static stub fence (trace id "stub"): initialised once, outside dma_fence_init
stub=$(awk '$3 == "dma_fence_stub" { print $1; exit }' /proc/kallsyms 2>/dev/null)
case $stub in ''|0000000000000000) ;; *) meta "stub 0x$stub" ;; esac

mkdir "$I" || die "cannot create the tracefs instance $I"
echo 0 > "$I/tracing_on"
echo mono > "$I/trace_clock" 2>/dev/null || die "the kernel has no mono trace clock"
echo "$bufkb" > "$I/buffer_size_kb" || die "cannot set buffer_size_kb to $bufkb"
meta "clock mono"


# The table in use: the given one (offsets from BTF), else the built-in one (BTF names).
if [ -n "$table" ]; then
    [ -r "$table" ] || die "cannot read the probe table $table"
    table() { cat "$table"; }
else
    grep -qF '<argname>' $T/README 2>/dev/null \
        || die "the kernel's kprobes cannot fetch arguments by BTF name (CONFIG_PROBE_EVENTS_BTF_ARGS, Linux 6.6+): record through 'dmabuf capture', which computes the fields' offsets from /sys/kernel/btf/vmlinux"
    table() { probes; }
fi

# Return probes get maxactive 64: threads blocked in a wait or a lock each hold one instance.
# All first alternatives in one write (each write costs a BTF lookup and, later, a text patch);
# a line the kernel refuses stops that write, so what is not there then is added one by one.
def() { if [ "$2" = r ]; then echo "r64:$GROUP/$1 $3 $4"; else echo "p:$GROUP/$1 $3 $4"; fi; }
table | awk '!seen[$1]++ && $2 != "!"' | while read -r name kind fn args; do def "$name" "$kind" "$fn" "$args"; done > "$out.defs"
cat "$out.defs" >> $T/kprobe_events 2>/dev/null
rm -f "$out.defs"
# reading kprobe_events is slow (each probe is printed from its BTF): read it once per pass
snap() { grep ":$GROUP/" $T/kprobe_events > "$out.have"; }
have() { grep -q "^[pr][0-9]*:$GROUP/$1 " "$out.have"; }
snap
table | while read -r name kind fn args; do
    [ "$kind" = "!" ] && continue
    have "$name" && continue
    def "$name" "$kind" "$fn" "$args" >> $T/kprobe_events 2>/dev/null && echo "$kind:$GROUP/$name " >> "$out.have"
done
snap
table | awk '!seen[$1]++' | while read -r name kind fn why; do
    if have "$name"; then
        meta "probe $(grep "^[pr][0-9]*:$GROUP/$name " "$out.have")"
    elif [ "$kind" = "!" ]; then
        meta "missing $name $fn: $why"
    elif grep -q " $fn\$" /proc/kallsyms 2>/dev/null || grep -q " $fn " /proc/kallsyms 2>/dev/null; then
        meta "missing $name $fn: the kernel refused every definition ($(tail -1 $T/error_log 2>/dev/null | tr -s ' '))"
    else
        meta "missing $name $fn: no such kernel function"
    fi
done
rm -f "$out.have"
[ -n "$(live)" ] || die "no probe could be added (needs CONFIG_KPROBE_EVENTS and CONFIG_PROBE_EVENTS_BTF_ARGS, 6.6+); see $T/error_log"
mkdir -p "$I/events/$GROUP" 2>/dev/null # exists on tracefs; a plain directory in tests
echo 1 > "$I/events/$GROUP/enable" || die "cannot enable the $GROUP events"
if [ -n "$pid" ]; then
    echo "$pid" > "$I/set_event_pid" || die "cannot filter on pid $pid"
    echo 1 > "$I/options/event-fork" 2>/dev/null
    meta "pid $pid"
fi

cat "$I/trace_pipe" >> "$out" &
reader=$!
echo 1 > "$I/tracing_on"
# the reader must have read something for trace_pipe to end when tracing is switched off
echo "dmabuf-capture-start" > "$I/trace_marker"
meta "start"
rc=0
if [ $# -gt 0 ]; then
    "$@" &
    child=$!
    wait "$child"; rc=$?
    # a signal interrupts wait: the command goes on, the capture stops when it ends
    while kill -0 "$child" 2>/dev/null; do wait "$child"; rc=$?; done
elif [ -n "$duration" ]; then
    sleep "$duration" &
    child=$!
    wait "$child" || true
    kill "$child" 2>/dev/null
else
    while ! $stopping; do sleep 1 & wait $! || true; done
fi
# A blocked trace_pipe reader does not wake when tracing is switched off (6.12): once the
# buffer holds no unread event the reader has everything, short of the chunk it may be
# writing out; then it is stopped, and anything left in the buffer is appended.
echo "dmabuf-capture-stop" > "$I/trace_marker"
echo 0 > "$I/tracing_on"
n=0
while grep -q '^[^#]' "$I/trace" && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
sleep 0.3
kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
reader=
sed -n '/^[^#]/p' "$I/trace" >> "$out"
lost=0
for s in "$I"/per_cpu/cpu*/stats; do
    o=$(sed -n 's/^overrun: //p' "$s"); lost=$((lost + ${o:-0}))
done
# kprobe_profile: name, hits, misses (a kretprobe missed for lack of instances)
missed=$(awk '$1 ~ /^(dma_|ww_mutex)/ && $3 > 0 { printf "%s:%s,", $1, $3 }' $T/kprobe_profile 2>/dev/null)
meta "end lost=$lost missed=${missed:-none}"
exit $rc
