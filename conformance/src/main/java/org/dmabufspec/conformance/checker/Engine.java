package org.dmabufspec.conformance.checker;

/** Which engine decides a trace: the Java transition relation, or TLC on a generated Trace module (the oracle). */
public enum Engine {
    FAST, TLC
}
