package org.dmabufspec.trace;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code event} record (TRACE-FORMAT.md "Event"; field names {@link TraceFields#EVENT}): what the
 * reference implementation writes and what the checker reads. Optional fields are null when the
 * trace does not carry them (partial observation: the checker quantifies over what is missing).
 * {@code line}, {@code callees} and {@code calleeDir} are not fields: they say where and after what
 * the reader read the event (0, empty and null for an event the writer made).
 *
 * @param line      1-based line in the trace file, for error messages
 * @param result    {@code "0"} on success, else the errno name ({@code "EBUSY"})
 * @param ret       a non-errno return value: Boolean, Long or String (poll masks), or null
 * @param args      the call's other arguments, in file order, never null: String, Long, Boolean or List
 *                  values (the writer may also hand Integers and enums, written as numbers and names)
 * @param callees   ops of the calls this one made that the file logged before it (end-ordered
 *                  files): an ioctl whose nested dma_buf_export is logged leaves creation to it
 * @param site      where the call was made from (captured traces: the driver's function), or null
 * @param calleeDir {@code args.dir} of the nested dma_buf_begin/end_cpu_access logged before this
 *                  call ("+" if there were two), or null: DMA_BUF_IOCTL_SYNC's flags name it (U2)
 * @param misuse    the rules the implementation's own lockdep-like checks saw broken by this call
 *                  (informational, never judged), or null
 */
public record TraceEvent(
        long line,
        long seq,
        String thread,
        Long cpu,
        long start,
        long end,
        Op op,
        String ioctl,
        Long caller,
        String result,
        Object ret,
        Boolean resvHeld,
        String buf,
        String attach,
        String dev,
        String fence,
        List<String> fences,
        String ctx,
        String syncFile,
        String sgt,
        String cb,
        Map<String, Object> args,
        ObservedState state,
        boolean hidden,
        Set<Op> callees,
        String site,
        String calleeDir,
        List<String> misuse) implements TraceRecord {

    /** The {@code result} of a successful call. */
    public static final String OK = "0";

    /** An event as the writer makes it: no line, caller resolved later ({@link #withSeq}), no cpu or site. */
    public static TraceEvent written(long seq, String thread, long start, long end, Op op, String ioctl, ObjectIds ids,
                                     Map<String, Object> args, Errno errno, Object ret, Boolean resvHeld,
                                     ObservedState state, boolean hidden, List<String> misuse) {
        return new TraceEvent(0, seq, thread, null, start, end, op, ioctl, null, errno == null ? OK : errno.name(), ret,
                resvHeld, ids.buf(), ids.attach(), ids.dev(), ids.fence(), ids.fences(), ids.ctx(), ids.syncFile(),
                ids.sgt(), ids.cb(), args, state, hidden, Set.of(), null, null, misuse);
    }

    /** The same event under another seq and caller (the writer's orderer numbers events by end). */
    public TraceEvent withSeq(long newSeq, Long newCaller) {
        return new TraceEvent(line, newSeq, thread, cpu, start, end, op, ioctl, newCaller, result, ret, resvHeld, buf,
                attach, dev, fence, fences, ctx, syncFile, sgt, cb, args, state, hidden, callees, site, calleeDir, misuse);
    }

    @Override
    public String type() {
        return "event";
    }

    public boolean succeeded() {
        return OK.equals(result);
    }

    public String argString(String name) {
        Object v = args == null ? null : args.get(name);
        return v == null ? null : v.toString();
    }

    public Boolean argBool(String name) {
        Object v = args == null ? null : args.get(name);
        return v instanceof Boolean b ? b : null;
    }

    public Long argLong(String name) {
        Object v = args == null ? null : args.get(name);
        return v instanceof Long l ? l : null;
    }

    public Boolean retBool() {
        return ret instanceof Boolean b ? b : null;
    }

    public Long retLong() {
        return ret instanceof Long l ? l : null;
    }

    /** "line 12 seq 11 dma_buf_map_attachment" — how reports point at an event. */
    public String where() {
        return "line " + line + " (seq " + seq + ", thread " + thread + ", " + op.wire()
                + (site == null ? "" : ", called from " + site) + ")";
    }
}
