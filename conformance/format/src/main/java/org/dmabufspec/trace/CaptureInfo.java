package org.dmabufspec.trace;

import java.util.Objects;

/**
 * Header field {@code capture} (fields {@link TraceFields#CAPTURE}), written by the capture
 * converter only: what a kernel capture's probes saw and missed. {@code missing},
 * {@code unjudged} and {@code pid} are optional (null = absent).
 *
 * @param probes     the functions probed, separated by spaces
 * @param missing    the probes that could not be placed, each with why ("fn: reason; ...")
 * @param unjudged   the functions left unjudged because of those, separated by spaces
 * @param unobserved what the capture cannot observe at all ("...; ...")
 * @param pid        the pid filter, or null when every task was recorded
 */
public record CaptureInfo(String probes, String missing, String unjudged, String unobserved, String pid) {
    public CaptureInfo {
        Objects.requireNonNull(probes, "capture.probes");
        Objects.requireNonNull(unobserved, "capture.unobserved");
    }
}
