package org.dmabufspec.conformance.relation.lifetime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/**
 * One state of DmaBufLifetime.tla, one field per variable in the spec's order (importers, waiters
 * and readers by model-value name; the per-thread states and callback states as the spec's strings).
 */
public record LifetimeState(boolean fdOpen, int fileRefs, boolean fileLive, int dentryRefs, boolean bufLive,
                            boolean onList, Set<String> attachments, int pins, Map<String, String> ipc,
                            Map<String, String> icb, String pollCb, int fenceRefs, boolean fenceLive, boolean signalled,
                            boolean lockHeld, boolean producerRef, boolean resvRef, Map<String, String> wpc,
                            Map<String, String> wcb, Map<String, String> rpc, boolean releasedUnderLock) {
    static final List<String> VARIABLES = List.of("fdOpen", "fileRefs", "fileLive", "dentryRefs", "bufLive", "onList",
            "attachments", "pins", "ipc", "icb", "pollCb", "fenceRefs", "fenceLive", "signalled", "lockHeld",
            "producerRef", "resvRef", "wpc", "wcb", "rpc", "releasedUnderLock");

    public LifetimeState {
        attachments = Set.copyOf(attachments);
        ipc = Map.copyOf(ipc);
        icb = Map.copyOf(icb);
        wpc = Map.copyOf(wpc);
        wcb = Map.copyOf(wcb);
        rpc = Map.copyOf(rpc);
    }

    /** A mutable copy: the actions change a few variables and build the successor. */
    Edit edit() {
        return new Edit(this);
    }

    static final class Edit {
        boolean fdOpen;
        int fileRefs;
        boolean fileLive;
        int dentryRefs;
        boolean bufLive;
        boolean onList;
        final Set<String> attachments;
        int pins;
        final Map<String, String> ipc;
        final Map<String, String> icb;
        String pollCb;
        int fenceRefs;
        boolean fenceLive;
        boolean signalled;
        boolean lockHeld;
        boolean producerRef;
        boolean resvRef;
        final Map<String, String> wpc;
        final Map<String, String> wcb;
        final Map<String, String> rpc;
        boolean releasedUnderLock;

        private Edit(LifetimeState s) {
            fdOpen = s.fdOpen;
            fileRefs = s.fileRefs;
            fileLive = s.fileLive;
            dentryRefs = s.dentryRefs;
            bufLive = s.bufLive;
            onList = s.onList;
            attachments = new TreeSet<>(s.attachments);
            pins = s.pins;
            ipc = new TreeMap<>(s.ipc);
            icb = new TreeMap<>(s.icb);
            pollCb = s.pollCb;
            fenceRefs = s.fenceRefs;
            fenceLive = s.fenceLive;
            signalled = s.signalled;
            lockHeld = s.lockHeld;
            producerRef = s.producerRef;
            resvRef = s.resvRef;
            wpc = new TreeMap<>(s.wpc);
            wcb = new TreeMap<>(s.wcb);
            rpc = new TreeMap<>(s.rpc);
            releasedUnderLock = s.releasedUnderLock;
        }

        Edit ipc(String i, String v) {
            ipc.put(i, v);
            return this;
        }

        LifetimeState build() {
            return new LifetimeState(fdOpen, fileRefs, fileLive, dentryRefs, bufLive, onList, attachments, pins, ipc, icb,
                    pollCb, fenceRefs, fenceLive, signalled, lockHeld, producerRef, resvRef, wpc, wcb, rpc,
                    releasedUnderLock);
        }
    }

    Map<String, TlaValue> encode() {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        out.put("fdOpen", Tla.bool(fdOpen));
        out.put("fileRefs", Tla.integer(fileRefs));
        out.put("fileLive", Tla.bool(fileLive));
        out.put("dentryRefs", Tla.integer(dentryRefs));
        out.put("bufLive", Tla.bool(bufLive));
        out.put("onList", Tla.bool(onList));
        out.put("attachments", Tla.set(new TreeSet<>(attachments).stream().map(Tla::model).toList()));
        out.put("pins", Tla.integer(pins));
        out.put("ipc", fcn(ipc));
        out.put("icb", fcn(icb));
        out.put("pollCb", Tla.str(pollCb));
        out.put("fenceRefs", Tla.integer(fenceRefs));
        out.put("fenceLive", Tla.bool(fenceLive));
        out.put("signalled", Tla.bool(signalled));
        out.put("lockHeld", Tla.bool(lockHeld));
        out.put("producerRef", Tla.bool(producerRef));
        out.put("resvRef", Tla.bool(resvRef));
        out.put("wpc", fcn(wpc));
        out.put("wcb", fcn(wcb));
        out.put("rpc", fcn(rpc));
        out.put("releasedUnderLock", Tla.bool(releasedUnderLock));
        return out;
    }

    public static LifetimeState decode(Map<String, TlaValue> vars) {
        if (!vars.keySet().equals(Set.copyOf(VARIABLES))) {
            throw new IllegalArgumentException("DmaBufLifetime variables expected " + VARIABLES + ", got " + vars.keySet());
        }
        Set<String> attachments = new TreeSet<>();
        Tla.asSet(vars.get("attachments")).forEach(a -> attachments.add(Tla.asModel(a)));
        return new LifetimeState(
                Tla.asBool(vars.get("fdOpen")),
                integer(vars.get("fileRefs")),
                Tla.asBool(vars.get("fileLive")),
                integer(vars.get("dentryRefs")),
                Tla.asBool(vars.get("bufLive")),
                Tla.asBool(vars.get("onList")),
                attachments,
                integer(vars.get("pins")),
                byName(vars.get("ipc"), Tla::asString),
                byName(vars.get("icb"), Tla::asString),
                Tla.asString(vars.get("pollCb")),
                integer(vars.get("fenceRefs")),
                Tla.asBool(vars.get("fenceLive")),
                Tla.asBool(vars.get("signalled")),
                Tla.asBool(vars.get("lockHeld")),
                Tla.asBool(vars.get("producerRef")),
                Tla.asBool(vars.get("resvRef")),
                byName(vars.get("wpc"), Tla::asString),
                byName(vars.get("wcb"), Tla::asString),
                byName(vars.get("rpc"), Tla::asString),
                Tla.asBool(vars.get("releasedUnderLock")));
    }

    private static int integer(TlaValue v) {
        return Math.toIntExact(Tla.asLong(v));
    }

    private static <V> Map<String, V> byName(TlaValue f, Function<TlaValue, V> value) {
        Map<String, V> out = new TreeMap<>();
        Tla.asFcn(f).forEach((k, v) -> out.put(Tla.asModel(k), value.apply(v)));
        return out;
    }

    private static TlaValue fcn(Map<String, String> m) {
        Map<TlaValue, TlaValue> out = new LinkedHashMap<>();
        new TreeMap<>(m).forEach((k, v) -> out.put(Tla.model(k), Tla.str(v)));
        return Tla.fcn(out);
    }
}
