package org.dmabufspec.cli.report;

import java.util.Optional;
import java.util.OptionalLong;
import org.dmabufspec.tlc.TlcResult;

/** One model compared between the spec at a git revision and the working tree. */
public record SpecDiff(String model, Optional<TlcResult> base, Optional<TlcResult> work) {

    public String change() {
        if (base.isEmpty()) {
            return "added";
        }
        if (work.isEmpty()) {
            return "removed";
        }
        TlcResult b = base.get();
        TlcResult w = work.get();
        if (!b.verdict().summary().equals(w.verdict().summary())) {
            return "verdict changed";
        }
        if (b.distinctStates() != w.distinctStates() || !depth(b.depth()).equals(depth(w.depth()))) {
            return "size changed";
        }
        return "same";
    }

    public boolean changed() {
        return !change().equals("same");
    }

    static String depth(OptionalLong d) {
        return d.isPresent() ? Long.toString(d.getAsLong()) : "-";
    }
}
