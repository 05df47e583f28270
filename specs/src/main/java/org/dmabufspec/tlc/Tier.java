package org.dmabufspec.tlc;

/** {@code default} models run in CI and plain {@code dmabuf check}; {@code deep} only on request. */
public enum Tier {
    DEFAULT, DEEP;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
