package org.dmabufspec.conformance.relation.coherency;

import java.util.Map;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/**
 * The ghost variable lastRead: who read, the version the read returned, and the last write
 * (version and writer) at that moment.
 */
public record LastRead(Party by, int val, int latest, Party writer) {

    /** NoRead == [by |-> "none", val |-> 0, latest |-> 0, writer |-> "init"] */
    public static final LastRead NO_READ = new LastRead(Party.NONE, 0, 0, Party.INIT);

    TlaValue encode() {
        return Tla.record(Map.of(
                "by", Tla.str(by.tla()),
                "val", Tla.integer(val),
                "latest", Tla.integer(latest),
                "writer", Tla.str(writer.tla())));
    }

    static LastRead decode(TlaValue v) {
        Map<String, TlaValue> r = CoherencyState.fields(v, "lastRead", "by", "val", "latest", "writer");
        return new LastRead(
                TlaEnum.parse(Party.class, CoherencyState.string(r.get("by"), "lastRead.by"), "lastRead.by"),
                CoherencyState.version(r.get("val"), "lastRead.val"),
                CoherencyState.version(r.get("latest"), "lastRead.latest"),
                TlaEnum.parse(Party.class, CoherencyState.string(r.get("writer"), "lastRead.writer"), "lastRead.writer"));
    }
}
