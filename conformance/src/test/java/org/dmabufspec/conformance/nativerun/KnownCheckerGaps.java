package org.dmabufspec.conformance.nativerun;

import java.util.Map;

/**
 * Real kernel behaviour the trace checker does not model yet, so it rejects a correct native
 * trace. Each entry names the scenario and the checker's reason. A rejection of any other
 * trace, or for another reason, still fails the tests; an entry whose gap got fixed is simply
 * accepted. Remove entries as the checker learns them (and tell the native owner).
 */
final class KnownCheckerGaps {
    // Empty: every recorded native trace is accepted (vgem FENCE_SIGNAL -EINVAL for flags and drm_close
    // releasing a file's imports are modelled now). A new gap gets an entry "scenario" -> "reason".
    static final Map<String, String> GAPS = Map.of();

    private KnownCheckerGaps() {
    }

    /** True if the verdict is an acceptance, or a rejection this list explains. */
    static boolean tolerated(TraceVerdict v) {
        if (v.accepted()) {
            return true;
        }
        String reason = GAPS.get(v.scenario());
        return reason != null && CheckerValidator.NAME.equals(v.validator()) && v.detail().contains(reason);
    }
}
