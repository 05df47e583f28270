package org.dmabufspec.lockdep;

/** A recorded misuse: the rule, the op that broke it, the thread and a message. */
public record Misuse(String rule, String op, String thread, String message) {
}
