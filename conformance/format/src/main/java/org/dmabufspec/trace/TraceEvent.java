package org.dmabufspec.conformance.trace;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmabufspec.trace.Op;

/**
 * One {@code event} record. Optional fields are null when the trace does not carry them
 * (partial observation: the checker quantifies over what is missing).
 *
 * @param line   1-based line in the trace file, for error messages
 * @param result {@code "0"} on success, else the errno name ({@code "EBUSY"})
 * @param ret    a non-errno return value: Boolean, Long or String (poll masks), or null
 * @param args   the call's other arguments: String, Long, Boolean or List values
 * @param callees ops of the calls this one made that the file logged before it (end-ordered
 *                files): an ioctl whose nested dma_buf_export is logged leaves creation to it
 * @param site    where the call was made from (captured traces: the driver's function), or null
 * @param calleeDir {@code args.dir} of the nested dma_buf_begin/end_cpu_access logged before this
 *                  call ("+" if there were two), or null: DMA_BUF_IOCTL_SYNC's flags name it (U2)
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
        String calleeDir) {

    public boolean succeeded() {
        return "0".equals(result);
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
