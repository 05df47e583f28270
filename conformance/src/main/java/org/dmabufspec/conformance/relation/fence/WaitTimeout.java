package org.dmabufspec.conformance.relation.fence;

/** The constant WaiterTimeout's values; infinite = MAX_SCHEDULE_TIMEOUT. */
public enum WaitTimeout {
    ZERO("zero"), FINITE("finite"), INFINITE("infinite");

    private final String tla;

    WaitTimeout(String tla) {
        this.tla = tla;
    }

    public static WaitTimeout of(String tla) {
        for (WaitTimeout t : values()) {
            if (t.tla.equals(tla)) {
                return t;
            }
        }
        throw new IllegalArgumentException("not a waiter timeout (zero/finite/infinite): \"" + tla + "\"");
    }
}
