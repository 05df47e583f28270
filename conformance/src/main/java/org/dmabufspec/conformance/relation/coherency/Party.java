package org.dmabufspec.conformance.relation.coherency;

/** Who did the last read (lastRead.by: "none" | "cpu" | "device") or the last write (lastWriter: "init" | "cpu" | "device"). */
public enum Party implements TlaEnum {
    NONE("none"),
    INIT("init"),
    CPU("cpu"),
    DEVICE("device");

    private final String tla;

    Party(String tla) {
        this.tla = tla;
    }

    @Override
    public String tla() {
        return tla;
    }
}
