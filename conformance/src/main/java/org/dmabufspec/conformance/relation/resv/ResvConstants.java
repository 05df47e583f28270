package org.dmabufspec.conformance.relation.resv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dmabufspec.conformance.relation.Tla;
import org.dmabufspec.tlc.TlaValue;

/**
 * DmaResv's CONSTANTS as TLC evaluated them in one model. Sets are kept sorted by name so that
 * the relation enumerates steps in a stable order.
 */
public record ResvConstants(
        List<String> resvs,
        List<String> procs,
        List<String> fences,
        Map<String, String> context,
        Map<String, Long> seqno,
        List<String> vgemFences,
        List<Integer> addUsages,
        int maxReserve,
        int maxSyncFiles,
        String noProc,
        String noFence,
        String noResv) {

    /** The constant expressions the relation needs, in the order {@link #of} reads them. */
    public static final List<String> NAMES = List.of("Resvs", "Procs", "Fences", "Context", "Seqno",
            "VgemFences", "AddUsages", "MaxReserve", "MaxSyncFiles", "NoProc", "NoFence", "NoResv");

    public ResvConstants {
        resvs = List.copyOf(resvs);
        procs = List.copyOf(procs);
        fences = List.copyOf(fences);
        context = Map.copyOf(context);
        seqno = Map.copyOf(seqno);
        vgemFences = List.copyOf(vgemFences);
        addUsages = List.copyOf(addUsages);
    }

    /** Reads the values TLC printed for {@link #NAMES}; a missing or ill-typed one is named in the error. */
    public static ResvConstants of(Map<String, TlaValue> printed) {
        Map<String, String> context = new HashMap<>();
        Tla.asFcn(get(printed, "Context")).forEach((f, c) -> context.put(Tla.asModel(f), Tla.asString(c)));
        Map<String, Long> seqno = new HashMap<>();
        Tla.asFcn(get(printed, "Seqno")).forEach((f, n) -> seqno.put(Tla.asModel(f), Tla.asLong(n)));
        List<Integer> usages = new ArrayList<>();
        for (TlaValue u : Tla.asSet(get(printed, "AddUsages"))) {
            usages.add((int) Tla.asLong(u));
        }
        usages.sort(null);
        return new ResvConstants(names(printed, "Resvs"), names(printed, "Procs"), names(printed, "Fences"),
                context, seqno, names(printed, "VgemFences"), usages,
                (int) Tla.asLong(get(printed, "MaxReserve")), (int) Tla.asLong(get(printed, "MaxSyncFiles")),
                Tla.asModel(get(printed, "NoProc")), Tla.asModel(get(printed, "NoFence")),
                Tla.asModel(get(printed, "NoResv")));
    }

    private static TlaValue get(Map<String, TlaValue> printed, String name) {
        TlaValue v = printed.get(name);
        if (v == null) {
            throw new IllegalArgumentException("DmaResv constant '" + name + "' was not printed by TLC");
        }
        return v;
    }

    private static List<String> names(Map<String, TlaValue> printed, String name) {
        Set<String> out = new TreeSet<>();
        try {
            for (TlaValue v : Tla.asSet(get(printed, name))) {
                out.add(Tla.asModel(v));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DmaResv constant '" + name + "': " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }
}
