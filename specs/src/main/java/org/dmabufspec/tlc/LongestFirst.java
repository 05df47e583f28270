package org.dmabufspec.tlc;

import java.util.Comparator;
import java.util.List;

/**
 * The order in which a pool of parallel TLC runs should start the models: longest first (LPT), by the
 * manifest's measured seconds, so that the runs still going when the others are done are short ones and
 * no core idles behind one long model started last. Models without a measured line go last, in manifest order.
 */
public final class LongestFirst {
    private LongestFirst() {
    }

    public static List<Model> order(List<Model> models) {
        // stable: equal estimates keep the manifest's order
        return models.stream()
                .sorted(Comparator.comparingDouble((Model m) -> m.measured().map(Measured::seconds).orElse(0.0)).reversed())
                .toList();
    }
}
