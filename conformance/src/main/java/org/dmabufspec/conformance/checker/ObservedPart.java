package org.dmabufspec.conformance.checker;

import org.dmabufspec.trace.ObservedState;

/** The parts of an event's observed {@code state}, each compared with the spec on its own. */
enum ObservedPart {
    ATTACHMENTS("attachments"), PIN_COUNT("pin_count"), PLACEMENT("placement"), FENCES("fences"), MAPPED("mapped");

    private final String field;

    ObservedPart(String field) {
        this.field = field;
    }

    String field() {
        return field;
    }

    boolean presentIn(ObservedState o) {
        return switch (this) {
            case ATTACHMENTS -> o.attachments() != null;
            case PIN_COUNT -> o.pinCount() != null;
            case PLACEMENT -> o.placement() != null;
            case FENCES -> o.fences() != null;
            case MAPPED -> o.mapped() != null;
        };
    }
}
