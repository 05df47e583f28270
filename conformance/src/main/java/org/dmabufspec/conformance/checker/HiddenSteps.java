package org.dmabufspec.conformance.checker;

/**
 * Whether the checker may infer unlogged steps (fences signalled inside the kernel).
 * AUTO: off for the reference implementation and the kernel module (native-kmod), which log
 * every step, on for everything else.
 */
public enum HiddenSteps {
    AUTO, ON, OFF
}
