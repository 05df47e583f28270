package org.dmabufspec.lockdep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.dmabufspec.rule.Rule;

/**
 * The reference implementation's lockdep / dma_resv_assert_held / WARN_ON: every rule check goes
 * through {@link #check}. In {@link Mode#STRICT} a broken rule throws; in {@link Mode#RECORD} it is
 * recorded (and the caller adds it to the event's {@code misuse} field) and the call goes on.
 */
public final class Lockdep {
    private final Mode mode;
    private final ConcurrentLinkedQueue<Misuse> recorded = new ConcurrentLinkedQueue<>();

    public Lockdep(Mode mode) {
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Checks one rule. Returns true if it held; false if it was broken and recorded (RECORD mode).
     * The rule id is appended to {@code misuseOut} (may be null) when broken.
     */
    public boolean check(boolean ok, String rule, String op, String message, List<String> misuseOut) {
        if (ok) {
            return true;
        }
        Rule.of(rule); // a misuse must name a rule of docs/rules.md
        if (mode == Mode.STRICT) {
            throw new MisuseException(rule, op + ": " + message);
        }
        recorded.add(new Misuse(rule, op, Thread.currentThread().getName(), message));
        if (misuseOut != null) {
            misuseOut.add(rule);
        }
        return false;
    }

    public List<Misuse> recorded() {
        return new ArrayList<>(recorded);
    }
}
