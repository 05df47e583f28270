package org.dmabufspec.conformance.nativerun;

/** Whether one scenario's trace was accepted, by which validation, and why not. */
public record TraceVerdict(String scenario, boolean accepted, String validator, String detail) {
}
