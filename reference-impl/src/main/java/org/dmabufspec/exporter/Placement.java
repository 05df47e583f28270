package org.dmabufspec.exporter;

/** Where a dynamic exporter's buffer lives (TTM memory types). */
public enum Placement {
    VRAM, GTT;

    public Placement other() {
        return this == VRAM ? GTT : VRAM;
    }
}
