package org.dmabufspec.cli.report;

import java.util.List;
import org.dmabufspec.cli.CoverageTable;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlcResult;

/** One model's run for the report: the TLC result with coverage, and its coverage rows. */
public record ModelOutcome(CoverageTable.Entry entry, List<CoverageTable.Row> coverage, String explanation) {
    public ModelOutcome {
        coverage = List.copyOf(coverage);
    }

    public Model model() {
        return entry.model();
    }

    public TlcResult result() {
        return entry.result();
    }

    public boolean asExpected() {
        return entry.asExpected();
    }
}
