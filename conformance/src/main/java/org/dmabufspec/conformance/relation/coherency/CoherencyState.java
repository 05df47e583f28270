package org.dmabufspec.conformance.relation.coherency;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/**
 * One state of DmaBufCoherency.tla: one component per variable, named as in the spec.
 *
 * @param mem         the buffer's memory (a version number)
 * @param line        the CPU cache line over the buffer
 * @param attached    the importer's dma_buf_attachment exists
 * @param importerMap direction of the mapping the importer holds, or NONE
 * @param dmaMap      direction of the attachment's live DMA-API mapping, or NONE
 * @param cpuSync     flags of the open DMA_BUF_IOCTL_SYNC bracket, or NONE
 * @param lastWrite   ghost: version written by the last completed write
 * @param lastWriter  ghost: INIT, CPU or DEVICE
 * @param lastRead    ghost: the last completed read
 */
public record CoherencyState(int mem, CacheLine line, boolean attached, DmaDirection importerMap,
                             DmaDirection dmaMap, SyncFlag cpuSync, int lastWrite, Party lastWriter,
                             LastRead lastRead) {

    static final String[] VARIABLES = {
        "mem", "line", "attached", "importerMap", "dmaMap", "cpuSync", "lastWrite", "lastWriter", "lastRead"};

    /** Init: a fresh zeroed buffer, not cached, not attached, no bracket open. */
    public static final CoherencyState INIT = new CoherencyState(0, CacheLine.INVALID, false, DmaDirection.NONE,
            DmaDirection.NONE, SyncFlag.NONE, 0, Party.INIT, LastRead.NO_READ);

    /** CpuView: what a CPU load returns, the line if valid, else memory. */
    public int cpuView() {
        return line.isInvalid() ? mem : line.val();
    }

    CoherencyState withMem(int v) {
        return new CoherencyState(v, line, attached, importerMap, dmaMap, cpuSync, lastWrite, lastWriter, lastRead);
    }

    CoherencyState withLine(CacheLine v) {
        return new CoherencyState(mem, v, attached, importerMap, dmaMap, cpuSync, lastWrite, lastWriter, lastRead);
    }

    CoherencyState withAttached(boolean v) {
        return new CoherencyState(mem, line, v, importerMap, dmaMap, cpuSync, lastWrite, lastWriter, lastRead);
    }

    CoherencyState withImporterMap(DmaDirection v) {
        return new CoherencyState(mem, line, attached, v, dmaMap, cpuSync, lastWrite, lastWriter, lastRead);
    }

    CoherencyState withDmaMap(DmaDirection v) {
        return new CoherencyState(mem, line, attached, importerMap, v, cpuSync, lastWrite, lastWriter, lastRead);
    }

    CoherencyState withCpuSync(SyncFlag v) {
        return new CoherencyState(mem, line, attached, importerMap, dmaMap, v, lastWrite, lastWriter, lastRead);
    }

    CoherencyState withLastWrite(int version, Party writer) {
        return new CoherencyState(mem, line, attached, importerMap, dmaMap, cpuSync, version, writer, lastRead);
    }

    CoherencyState withLastRead(LastRead v) {
        return new CoherencyState(mem, line, attached, importerMap, dmaMap, cpuSync, lastWrite, lastWriter, v);
    }

    public Map<String, TlaValue> encode() {
        Map<String, TlaValue> m = new LinkedHashMap<>();
        m.put("mem", Tla.integer(mem));
        m.put("line", line.encode());
        m.put("attached", Tla.bool(attached));
        m.put("importerMap", Tla.str(importerMap.tla()));
        m.put("dmaMap", Tla.str(dmaMap.tla()));
        m.put("cpuSync", Tla.str(cpuSync.tla()));
        m.put("lastWrite", Tla.integer(lastWrite));
        m.put("lastWriter", Tla.str(lastWriter.tla()));
        m.put("lastRead", lastRead.encode());
        return m;
    }

    public static CoherencyState decode(Map<String, TlaValue> vars) {
        if (!vars.keySet().equals(Set.of(VARIABLES))) {
            throw new IllegalArgumentException("DmaBufCoherency state: expected variables "
                    + Arrays.asList(VARIABLES) + ", got " + vars.keySet());
        }
        return new CoherencyState(
                version(vars.get("mem"), "mem"),
                CacheLine.decode(vars.get("line")),
                bool(vars.get("attached"), "attached"),
                TlaEnum.parse(DmaDirection.class, string(vars.get("importerMap"), "importerMap"), "importerMap"),
                TlaEnum.parse(DmaDirection.class, string(vars.get("dmaMap"), "dmaMap"), "dmaMap"),
                TlaEnum.parse(SyncFlag.class, string(vars.get("cpuSync"), "cpuSync"), "cpuSync"),
                version(vars.get("lastWrite"), "lastWrite"),
                TlaEnum.parse(Party.class, string(vars.get("lastWriter"), "lastWriter"), "lastWriter"),
                LastRead.decode(vars.get("lastRead")));
    }

    // Readers that name the variable in their error, since a dump holds thousands of states.

    static int version(TlaValue v, String what) {
        try {
            return Math.toIntExact(Tla.asLong(v));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("DmaBufCoherency " + what + ": " + e.getMessage(), e);
        }
    }

    static String string(TlaValue v, String what) {
        try {
            return Tla.asString(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DmaBufCoherency " + what + ": " + e.getMessage(), e);
        }
    }

    static boolean bool(TlaValue v, String what) {
        try {
            return Tla.asBool(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DmaBufCoherency " + what + ": " + e.getMessage(), e);
        }
    }

    /** A record's fields, exactly {@code names}. */
    static Map<String, TlaValue> fields(TlaValue v, String what, String... names) {
        Map<String, TlaValue> r;
        try {
            r = Tla.asRecord(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DmaBufCoherency " + what + ": " + e.getMessage(), e);
        }
        if (!r.keySet().equals(Set.of(names))) {
            throw new IllegalArgumentException("DmaBufCoherency " + what + ": expected fields "
                    + Arrays.asList(names) + ", got " + r.keySet());
        }
        return r;
    }
}
