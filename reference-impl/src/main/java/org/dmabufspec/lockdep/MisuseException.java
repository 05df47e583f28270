package org.dmabufspec.lockdep;

/** A rule of docs/rules.md was broken by the caller. */
public final class MisuseException extends RuntimeException {
    private final String rule;

    public MisuseException(String rule, String message) {
        super(rule + ": " + message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
