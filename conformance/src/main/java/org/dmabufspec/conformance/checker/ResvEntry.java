package org.dmabufspec.conformance.checker;

/** One slot of a reservation object's fence list: the fence and its usage. */
record ResvEntry(String fence, Usage usage) {
}
