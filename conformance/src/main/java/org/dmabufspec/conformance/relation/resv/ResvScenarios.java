package org.dmabufspec.conformance.relation.resv;

import static org.dmabufspec.conformance.relation.resv.DmaResv.BOOKKEEP;
import static org.dmabufspec.conformance.relation.resv.DmaResv.READ;
import static org.dmabufspec.conformance.relation.resv.DmaResv.WRITE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/**
 * The scripts of the DmaResvScenario_* modules (specs/tla), step for step, over {@link DmaResv}'s
 * actions. The names r1, p1, f1..f6 are MCDmaResv's model values.
 */
public final class ResvScenarios {
    private ResvScenarios() {
    }

    /** The scenario modules with a script here. */
    public static final Set<String> MODULES = Set.of(
            "DmaResvScenario_StDmaResv", "DmaResvScenario_ExportBasic", "DmaResvScenario_ExportBeforeSignal",
            "DmaResvScenario_ExportMultiwait", "DmaResvScenario_ExportWaitAfterAttach",
            "DmaResvScenario_ImportBasic", "DmaResvScenario_ImportMultiple", "DmaResvScenario_VgemBusyFence",
            "DmaResvScenario_Promote");

    /** Constants a module's script reads besides DmaResv's own. */
    public static List<String> extraConstants(String module) {
        return module.equals("DmaResvScenario_ImportMultiple") ? List.of("Write") : List.of();
    }

    public static ResvScript script(String module, DmaResv d, Map<String, TlaValue> printed) {
        return switch (module) {
            case "DmaResvScenario_StDmaResv" -> new ResvScript(List.of(
                    lock(d), unlock(d), signal(d, "f3"),                      // sanitycheck
                    lock(d), reserve(d, 1),                                    // test_signaling etc.
                    s -> d.dmaResvAddFence(s.resv(), "p1", "f1", s.usage().orElseThrow())
                            .map(List::of).orElse(List.of()),
                    signal(d, "f1"), unlock(d)),
                    "StNext", "StNext", DmaResv.USAGES.stream().map(OptionalInt::of).toList());
            case "DmaResvScenario_ExportBasic" -> steps(
                    probe(d), vgem(d, "f3", false), probe(d), signal(d, "f3"), probe(d),
                    vgem(d, "f4", true), probe(d), signal(d, "f4"), probe(d));
            case "DmaResvScenario_ExportBeforeSignal" -> steps(
                    export(d, false), export(d, true),
                    vgem(d, "f3", false), export(d, false), export(d, true), signal(d, "f3"),
                    vgem(d, "f4", true), export(d, false), export(d, true), signal(d, "f4"));
            case "DmaResvScenario_ExportMultiwait" -> steps(
                    vgem(d, "f1", false), vgem(d, "f3", false), export(d, true), vgem(d, "f4", false),
                    signal(d, "f1"), signal(d, "f3"), signal(d, "f4"));
            case "DmaResvScenario_ExportWaitAfterAttach" -> steps(
                    export(d, false), export(d, true), vgem(d, "f3", true), export(d, false), export(d, true),
                    signal(d, "f3"), vgem(d, "f4", true), export(d, false), export(d, true), signal(d, "f4"));
            case "DmaResvScenario_ImportBasic" -> steps(
                    probe(d), importFence(d, "f1", false), probe(d), signal(d, "f1"), probe(d),
                    importFence(d, "f2", true), probe(d), signal(d, "f2"), probe(d),
                    importFence(d, "f5", true), probe(d), signal(d, "f5"), probe(d));
            case "DmaResvScenario_ImportMultiple" -> importMultiple(d, Tla.asBool(constant(printed, "Write")));
            case "DmaResvScenario_VgemBusyFence" -> steps(
                    vgem(d, "f3", false), pollProbe(d), vgem(d, "f4", true), signal(d, "f3"), probe(d));
            case "DmaResvScenario_Promote" -> steps(
                    lock(d), reserve(d, 1), add(d, "f1", BOOKKEEP), add(d, "f1", READ), add(d, "f1", WRITE),
                    reserve(d, 1), add(d, "f1", READ), unlock(d));
            default -> throw new IllegalArgumentException("no DmaResv scenario script for module " + module);
        };
    }

    /** import-multiple-read-only / -read-write: Reads == <<f1, f3, f4>>, write timeline f6. */
    private static ResvScript importMultiple(DmaResv d, boolean write) {
        return steps(
                pollProbe(d),
                importFence(d, "f1", false), importFence(d, "f3", false), importFence(d, "f4", false),
                write ? importFence(d, "f6", true) : ResvScript.Action.unchanged(),
                export(d, false), export(d, true),
                pollProbe(d), signal(d, "f4"), pollProbe(d), signal(d, "f3"), pollProbe(d), signal(d, "f1"),
                pollProbe(d), write ? signal(d, "f6") : ResvScript.Action.unchanged(), pollProbe(d));
    }

    /** Actions or groups of actions (a probe), flattened in order into Step(0), Step(1), ... */
    private static ResvScript steps(Object... parts) {
        List<ResvScript.Action> actions = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof ResvScript.Action a) {
                actions.add(a);
            } else {
                for (Object a : (List<?>) part) {
                    actions.add((ResvScript.Action) a);
                }
            }
        }
        return new ResvScript(actions, "Step", "Done", List.of(OptionalInt.empty()));
    }

    private static TlaValue constant(Map<String, TlaValue> printed, String name) {
        TlaValue v = printed.get(name);
        if (v == null) {
            throw new IllegalArgumentException("scenario constant '" + name + "' was not printed by TLC");
        }
        return v;
    }

    private static ResvScript.Action lock(DmaResv d) {
        return ResvScript.Action.of(s -> d.dmaResvLock(s, "p1", "r1"));
    }

    private static ResvScript.Action unlock(DmaResv d) {
        return ResvScript.Action.of(s -> d.dmaResvUnlock(s, "p1"));
    }

    private static ResvScript.Action reserve(DmaResv d, int n) {
        return ResvScript.Action.of(s -> d.dmaResvReserveFences(s, "p1", n));
    }

    private static ResvScript.Action add(DmaResv d, String f, int u) {
        return ResvScript.Action.of(s -> d.dmaResvAddFence(s, "p1", f, u));
    }

    private static ResvScript.Action signal(DmaResv d, String f) {
        return ResvScript.Action.of(s -> d.dmaFenceSignal(s, f));
    }

    private static ResvScript.Action vgem(DmaResv d, String f, boolean write) {
        return ResvScript.Action.of(s -> d.vgemFenceAttach(s, "r1", f, write));
    }

    private static ResvScript.Action export(DmaResv d, boolean write) {
        return ResvScript.Action.of(s -> d.dmaBufExportSyncFile(s, "r1", write));
    }

    /** PollProbe(n): poll r1 for POLLIN, poll returns, the same for POLLOUT (DmaResvScenario.tla). */
    private static List<ResvScript.Action> pollProbe(DmaResv d) {
        return List.of(poll(d, "in"), pollReturns(d), poll(d, "out"), pollReturns(d));
    }

    /** Probe(n): PollProbe(n), then a READ and a WRITE export. */
    private static List<ResvScript.Action> probe(DmaResv d) {
        List<ResvScript.Action> out = new ArrayList<>(pollProbe(d));
        out.add(export(d, false));
        out.add(export(d, true));
        return out;
    }

    private static ResvScript.Action poll(DmaResv d, String dir) {
        return s -> d.dmaBufPoll(s.resv(), "p1", "r1", dir);
    }

    /** PollReturns == DmaBufPollTimeout(p1) \/ DmaBufPollDone(p1). */
    private static ResvScript.Action pollReturns(DmaResv d) {
        return s -> {
            List<ResvState> out = new ArrayList<>();
            d.dmaBufPollTimeout(s.resv(), "p1").ifPresent(out::add);
            d.dmaBufPollDone(s.resv(), "p1").ifPresent(out::add);
            return out;
        };
    }

    /** DmaBufImportSyncFile(r1, {f}, write). */
    private static ResvScript.Action importFence(DmaResv d, String f, boolean write) {
        return s -> d.dmaBufImportSyncFile(s.resv(), "r1", Set.of(f), write);
    }
}
