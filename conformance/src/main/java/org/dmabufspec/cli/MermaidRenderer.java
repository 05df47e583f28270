package org.dmabufspec.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.dmabufspec.tlc.Counterexample;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.Step;

/**
 * A counterexample as a Mermaid sequence diagram: one lane per actor of the manifest's
 * {@code actors} (an action goes to the first actor its name contains), else one lane per
 * kernel object prefix of the action name ({@code DmaFenceSignal} → {@code DmaFence}).
 */
final class MermaidRenderer {
    private static final int NOTE_WIDTH = 60;

    private MermaidRenderer() {
    }

    static String render(Model model, Counterexample c) {
        List<String> lanes = new ArrayList<>();
        List<String> laneOfStep = new ArrayList<>();
        for (Step s : c.steps()) {
            String lane = s.isInitial() ? "Init" : lane(model.actors(), s.action());
            laneOfStep.add(lane);
            if (!lanes.contains(lane)) {
                lanes.add(lane);
            }
        }
        StringBuilder b = new StringBuilder("sequenceDiagram\n");
        b.append("    title ").append(model.name()).append(": ").append(model.expect().text()).append('\n');
        for (String l : lanes) {
            b.append("    participant ").append(id(l)).append(" as ").append(l).append('\n');
        }
        for (int i = 0; i < c.steps().size(); i++) {
            Step s = c.steps().get(i);
            String lane = id(laneOfStep.get(i));
            if (c.loopIndex().isPresent() && c.loopIndex().getAsInt() == i) {
                b.append("    Note over ").append(lane).append(": loop starts here\n");
            }
            b.append("    ").append(lane).append("->>").append(lane).append(": ").append(i + 1).append(". ")
                    .append(s.action()).append('\n');
            Set<String> shown = i == 0 ? new LinkedHashSet<>(s.state().keySet()) : s.changed();
            for (String var : s.state().keySet()) {
                if (shown.contains(var)) {
                    String text = var + " = " + CounterexampleRenderer.inline(s.state().get(var));
                    if (text.length() > NOTE_WIDTH) {
                        text = text.substring(0, NOTE_WIDTH - 1) + "…";
                    }
                    b.append("    Note right of ").append(lane).append(": ").append(escape(text)).append('\n');
                }
            }
        }
        if (c.loopIndex().isPresent()) {
            b.append("    Note over ").append(id(laneOfStep.get(c.steps().size() - 1)))
                    .append(": back to step ").append(c.loopIndex().getAsInt() + 1).append(", forever\n");
        }
        return b.toString();
    }

    static String lane(List<String> actors, String action) {
        String lower = action.toLowerCase(Locale.ROOT);
        for (String a : actors) {
            if (lower.contains(a.toLowerCase(Locale.ROOT).replace("_", ""))) {
                return a;
            }
        }
        if (!actors.isEmpty()) {
            return "other";
        }
        // MC modules prefix their substituted actions with MC: the lane is the kernel object's.
        String bare = action.startsWith("MC") && action.length() > 2 ? action.substring(2) : action;
        List<String> words = List.of(bare.split("(?<=[a-z0-9])(?=[A-Z])|_"));
        int n = words.size() > 2 && words.get(0).equalsIgnoreCase("dma") ? 2 : 1;
        return words.stream().limit(n).collect(Collectors.joining());
    }

    private static String id(String lane) {
        return lane.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** Mermaid treats ';' and '#' specially in messages. */
    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            b.append(ch == '#' ? "#35;" : ch == ';' ? "#59;" : String.valueOf(ch));
        }
        return b.toString();
    }
}
