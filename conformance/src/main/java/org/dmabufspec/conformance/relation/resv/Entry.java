package org.dmabufspec.conformance.relation.resv;

/** One slot of obj->fences->table: DmaResv's {@code Entry(f, u) == [fence |-> f, usage |-> u]}. */
public record Entry(String fence, int usage) {
}
