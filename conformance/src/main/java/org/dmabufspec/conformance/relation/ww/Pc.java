package org.dmabufspec.conformance.relation.ww;

import java.util.Arrays;

/** WwMutex.tla's PcValues: where a thread is in its locking loop. */
public enum Pc {
    INIT("init"), LOCK("lock"), BLOCKED("blocked"), BACKOFF("backoff"), SLOW("slow"), CRITICAL("critical"),
    UNLOCK("unlock"), DONE("done");

    private final String tla;

    Pc(String tla) {
        this.tla = tla;
    }

    /** The string as the spec writes it. */
    public String tla() {
        return tla;
    }

    public static Pc parse(String value) {
        return Arrays.stream(values()).filter(p -> p.tla.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("WwMutex pc: unexpected value \"" + value
                        + "\", expected one of " + Arrays.stream(values()).map(Pc::tla).toList()));
    }
}
