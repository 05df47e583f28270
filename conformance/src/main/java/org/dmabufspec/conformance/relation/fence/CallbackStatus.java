package org.dmabufspec.conformance.relation.fence;

/** DmaFence's CallbackStates: what the caller of add/remove_callback saw. */
public enum CallbackStatus {
    UNUSED("unused"), PENDING("pending"), RAN("ran"), REMOVED("removed"), ENOENT("enoent");

    private final String tla;

    CallbackStatus(String tla) {
        this.tla = tla;
    }

    public String tla() {
        return tla;
    }

    public static CallbackStatus of(String tla) {
        for (CallbackStatus s : values()) {
            if (s.tla.equals(tla)) {
                return s;
            }
        }
        throw new IllegalArgumentException("not a callback state (CallbackStates): \"" + tla + "\"");
    }
}
