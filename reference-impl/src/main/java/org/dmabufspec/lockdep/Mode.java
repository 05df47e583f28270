package org.dmabufspec.lockdep;

/** What happens when a rule is broken. */
public enum Mode {
    /** Throw {@link MisuseException} naming the rule, like a lockdep splat or BUG_ON. */
    STRICT,
    /** Let the misuse happen and record it, to produce traces of buggy code on purpose. */
    RECORD
}
