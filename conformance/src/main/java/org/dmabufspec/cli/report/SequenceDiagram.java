package org.dmabufspec.cli.report;

import java.util.List;
import java.util.Optional;

/**
 * A behaviour drawn as a sequence diagram: lanes left to right (importers, exporter, fences,
 * devices), one row per step. A step on one lane is an action of that lane; a step between two
 * lanes is a call or an effect from the first onto the second.
 *
 * @param title   what the diagram shows, for its accessible name
 * @param lanes   in drawing order
 * @param steps   in order; each names lanes of {@code lanes}
 * @param loopTo  for a lasso, the 1-based step the behaviour returns to after the last
 */
public record SequenceDiagram(String title, List<Lane> lanes, List<DiagramStep> steps, Optional<Integer> loopTo) {
    public SequenceDiagram {
        lanes = List.copyOf(lanes);
        steps = List.copyOf(steps);
        for (DiagramStep s : steps) {
            if (lanes.stream().noneMatch(l -> l.id().equals(s.from())) || lanes.stream().noneMatch(l -> l.id().equals(s.to()))) {
                throw new IllegalArgumentException("step " + s.number() + " names a lane that is not drawn: " + s.from() + " -> " + s.to());
            }
        }
    }

    /** The kinds of lanes, in the order the diagram draws them. */
    public enum Role {
        IMPORTER("importer"), EXPORTER("exporter"), FENCE("fences"), DEVICE("devices");

        private final String text;

        Role(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** One vertical lane: {@code id} is unique, {@code label} is shown on top, {@code role} under it. */
    public record Lane(String id, String label, Role role) {
    }

    /** One changed variable (or event field) of a step, as shown in the side table and on hover. */
    public record Change(String name, String value) {
    }

    /**
     * One row.
     *
     * @param number    1-based, as in {@code dmabuf show}
     * @param label     the kernel function or action name
     * @param from      the lane that acts
     * @param to        the lane acted on (equal to {@code from} for an action on one lane)
     * @param changes   what changed (every variable for the initial state)
     * @param highlight the violating state or the rejected event
     * @param note      a short remark drawn next to the step ("violates X"), or empty
     */
    public record DiagramStep(int number, String label, String from, String to, List<Change> changes, boolean highlight,
                              String note) {
        public DiagramStep {
            changes = List.copyOf(changes);
        }

        public boolean selfStep() {
            return from.equals(to);
        }
    }
}
