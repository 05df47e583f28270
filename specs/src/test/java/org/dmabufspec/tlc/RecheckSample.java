package org.dmabufspec.tlc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which expected invariant violations get their counterexample's last state re-checked by a second
 * TLC run. The re-check tests the counterexample reader and {@link CounterexampleCheck}, whose input
 * differs per spec module (its variables and value shapes), not per mutant: the default build
 * re-checks the first such model of each module family, {@code -Pfull} every one.
 */
final class RecheckSample {
    private RecheckSample() {
    }

    static Set<String> of(List<Model> models, boolean full) {
        Map<String, String> firstPerFamily = new LinkedHashMap<>();
        for (Model m : models) {
            if (m.expect() instanceof Expectation.Invariant) {
                firstPerFamily.putIfAbsent(full ? m.name() : family(m), m.name());
            }
        }
        return Set.copyOf(firstPerFamily.values());
    }

    /** The spec module an MC module (or a mutant's MC module) belongs to: MCDmaBufAttach_Foo -> DmaBufAttach. */
    static String family(Model m) {
        String mc = m.moduleName();
        String base = mc.startsWith("MC") ? mc.substring(2) : mc;
        int cut = base.indexOf('_');
        return cut < 0 ? base : base.substring(0, cut);
    }

    static boolean full() {
        return Boolean.getBoolean("dmabuf.full");
    }
}
