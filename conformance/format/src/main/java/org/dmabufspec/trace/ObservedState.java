package org.dmabufspec.trace;

import java.util.List;

/**
 * The optional {@code state} of an event (field names {@link TraceFields#STATE}): what the
 * implementation saw after the call (the reference implementation: the buffer under its
 * reservation lock; native runs read it from debugfs bufinfo, {@code bufinfo} is then the raw
 * block, parsed by the native harness, not compared here). Absent parts are null.
 */
public record ObservedState(
        List<String> attachments,
        List<Fence> fences,
        Long pinCount,
        String placement,
        List<Mapping> mapped,
        String name,
        String bufinfoFormat,
        String bufinfo) {

    /** One entry of the reservation object as observed: {@code {fence, usage, signaled}}. */
    public record Fence(String fence, String usage, Boolean signaled) {
    }

    /** One live mapping as observed: {@code {attach, sgt, dir}}. */
    public record Mapping(String attach, String sgt, String dir) {
    }
}
