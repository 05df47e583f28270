package org.dmabufspec.trace;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which kernel's dma-buf behaviour an execution follows: the release label (the spec constant
 * {@code KernelBehaviour}, the header's {@code kernel.behaviour}) plus {@code CONFIG_DMABUF_MOVE_NOTIFY}
 * (the header's {@code kernel.move_notify}). The reference implementation runs under one, the checker
 * judges a trace under the one its header names.
 */
public record KernelBehaviour(Label label, boolean moveNotify) {

    /** The four behaviour labels of TRACE-FORMAT.md, oldest first. */
    public enum Label {
        /** 5.7 - 6.1: pre-convention locking (static importers map/unmap without the reservation lock), sg_table caching. */
        V6_1("6.1"),
        /** 6.2 - 6.14: locking convention (R3), sg_table caching (R11). */
        V6_2("6.2"),
        /** 6.15 - 7.0: no cache, pin around each map for static importers of dynamic exporters (R9), detach unmaps nothing (R12). */
        V6_15("6.15"),
        /** 7.1: move_notify renamed invalidate_mappings (R5b). */
        V7_1("7.1");

        private final String text;

        Label(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        @Override
        public String toString() {
            return text;
        }

        /** The label written exactly as in a trace header ("6.15"); empty for anything else. */
        public static Optional<Label> fromText(String text) {
            for (Label l : values()) {
                if (l.text.equals(text)) {
                    return Optional.of(l);
                }
            }
            return Optional.empty();
        }

        /** R3: since 6.2 every importer maps/unmaps with the reservation lock held (6.1: only dynamic ones). */
        public boolean lockingConvention() {
            return compareTo(V6_2) >= 0;
        }

        /** R11: up to 6.14 the core caches sg_tables in the attachment (removed in 6.15 by b72f66f22c0e). */
        public boolean cachesSgTables() {
            return compareTo(V6_2) <= 0;
        }

        /** R9 (6.15+): static importers of a dynamic exporter are pinned around each map, not at attach. */
        public boolean pinOnMap() {
            return compareTo(V6_15) >= 0;
        }

        /** R5b: 7.1 calls the importer callback invalidate_mappings. */
        public boolean invalidateMappings() {
            return this == V7_1;
        }

        private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)");

        /**
         * Accepts a label ("6.15") or any kernel release ("6.12", "6.12.3-arch1-1", "5.10.0")
         * and returns the label whose range contains it.
         */
        public static Label parse(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            for (Label l : values()) {
                if (l.text.equals(t)) {
                    return l;
                }
            }
            Matcher m = RELEASE.matcher(t);
            if (!m.find()) {
                throw new IllegalArgumentException("kernel '" + s
                        + "' is neither a behaviour label (6.1, 6.2, 6.15, 7.1) nor a release like 6.12");
            }
            int v = Integer.parseInt(m.group(1)) * 1000 + Integer.parseInt(m.group(2));
            if (v < 5007) {
                throw new IllegalArgumentException("kernel " + s
                        + " predates dynamic dma-buf handling (5.7); no behaviour label covers it");
            }
            if (v <= 6001) {
                return V6_1;
            }
            if (v <= 6014) {
                return V6_2;
            }
            if (v <= 7000) {
                return V6_15;
            }
            return V7_1;
        }
    }

    public static KernelBehaviour parse(String kernel, boolean moveNotify) {
        return new KernelBehaviour(Label.parse(kernel), moveNotify);
    }

    /** See {@link Label#lockingConvention()}. */
    public boolean lockingConvention() {
        return label.lockingConvention();
    }

    /** See {@link Label#cachesSgTables()} (cache_sgt_mapping, static/dynamic mismatch). */
    public boolean cachesSgt() {
        return label.cachesSgTables();
    }

    /** See {@link Label#pinOnMap()}. */
    public boolean pinOnMap() {
        return label.pinOnMap();
    }

    /** See {@link Label#invalidateMappings()}. */
    public boolean invalidateMappings() {
        return label.invalidateMappings();
    }

    /** The core function the exporter calls to invalidate mappings. */
    public String moveNotifyOp() {
        return invalidateMappings() ? "dma_buf_invalidate_mappings" : "dma_buf_move_notify";
    }

    /** The importer callback op name in traces. */
    public String importerMoveNotifyOp() {
        return invalidateMappings() ? "importer.invalidate_mappings" : "importer.move_notify";
    }

    @Override
    public String toString() {
        return label.text + (moveNotify ? "" : " (MOVE_NOTIFY=n)");
    }
}
