package org.dmabufspec.conformance.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Systematic semantic mutations of a well-formed trace, the way a broken kernel (or harness) would
 * differ from the recorded one: every operator at every event it applies to, one edit per mutant,
 * and each mutant still well-formed (seq renumbered, callers remapped, per-thread times kept
 * increasing). Unlike {@link TraceMutator} nothing is chosen at random: the same trace always gives
 * the same mutants, in the same order.
 */
public final class TraceEdits {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an edit changes. */
    public enum Kind {
        /** A success becomes an error (-EINVAL), an error becomes success. */
        RESULT,
        /** An error becomes another error. */
        ERRNO,
        /** A returned value: a count or time becomes 0 (or 0 becomes 1), a boolean flips, a poll mask empties or fills. */
        RET,
        /** A usage or direction argument: READ and WRITE exchanged, RW narrowed, vgem's WRITE flag dropped or added. */
        USAGE,
        /** An observed state: a fence in bufinfo or {@code state.fences} shown signalled instead of pending (or back), read instead of write. */
        STATE,
        /** Two neighbouring calls of one thread exchanged (positions and times). */
        ORDER,
        /** A call of one thread moved to end before its neighbour of another thread started. */
        TIMING,
        /** A call without callees or caller left out. */
        DROP
    }

    /** One mutant: what was edited at which line (1-based, of the original) and the mutated trace. */
    public record Mutant(Kind kind, int line, String op, String what, List<String> lines) {
        public String describe() {
            return kind + " line " + line + " " + op + ": " + what;
        }
    }

    private static final Map<String, String> OTHER_ERRNO = Map.of(
            "EINVAL", "ENOENT", "ENOENT", "EINVAL", "EBUSY", "EINVAL", "ETIMEDOUT", "ENOENT", "EPERM", "EINVAL",
            "EFAULT", "EINVAL", "ENOTTY", "EINVAL", "EBADF", "EINVAL", "ENOMEM", "EINVAL", "EDEADLK", "EALREADY");

    private TraceEdits() {
    }

    /** Every mutant of {@code trace} (header, events, end record; one JSON object per line). */
    public static List<Mutant> all(List<String> trace) {
        List<ObjectNode> recs = new ArrayList<>();
        for (String l : trace) {
            try {
                recs.add((ObjectNode) JSON.readTree(l));
            } catch (JsonProcessingException | ClassCastException e) {
                throw new IllegalArgumentException("not a trace record: " + l, e);
            }
        }
        List<Integer> events = new ArrayList<>();
        Set<Long> callers = new HashSet<>();
        for (int i = 0; i < recs.size(); i++) {
            ObjectNode r = recs.get(i);
            if (r.path("type").asText().equals("event")) {
                events.add(i);
                if (r.has("caller")) {
                    callers.add(r.path("caller").asLong());
                }
            }
        }
        List<Mutant> out = new ArrayList<>();
        for (int k = 0; k < events.size(); k++) {
            int i = events.get(k);
            ObjectNode e = recs.get(i);
            String op = e.path("op").asText();
            boolean nested = e.has("caller") || callers.contains(e.path("seq").asLong());
            String result = e.path("result").asText();
            if (result.equals("0")) {
                out.add(edit(recs, i, Kind.RESULT, op, "0 -> EINVAL", r -> r.put("result", "EINVAL")));
            } else {
                out.add(edit(recs, i, Kind.RESULT, op, result + " -> 0", r -> r.put("result", 0)));
                String other = OTHER_ERRNO.getOrDefault(result, "EINVAL");
                out.add(edit(recs, i, Kind.ERRNO, op, result + " -> " + other, r -> r.put("result", other)));
            }
            JsonNode ret = e.get("ret");
            if (ret != null) {
                if (ret.isBoolean()) {
                    out.add(edit(recs, i, Kind.RET, op, "ret " + ret + " -> " + !ret.asBoolean(), r -> r.put("ret", !ret.asBoolean())));
                } else if (ret.isIntegralNumber()) {
                    long to = ret.asLong() == 0 ? 1 : 0;
                    out.add(edit(recs, i, Kind.RET, op, "ret " + ret + " -> " + to, r -> r.put("ret", to)));
                } else if (ret.isTextual()) {
                    String asked = e.path("args").path("events").asText("");
                    String to = ret.asText().isEmpty() ? asked : "";
                    if (!to.equals(ret.asText())) {
                        out.add(edit(recs, i, Kind.RET, op, "ret \"" + ret.asText() + "\" -> \"" + to + "\"", r -> r.put("ret", to)));
                    }
                }
            }
            usageEdits(recs, i, op, out);
            stateEdits(recs, i, op, out);
            if (!nested && k + 1 < events.size()) {
                int j = events.get(k + 1);
                ObjectNode n = recs.get(j);
                boolean nNested = n.has("caller") || callers.contains(n.path("seq").asLong());
                if (!nNested) {
                    if (n.path("thread").asText().equals(e.path("thread").asText())) {
                        out.add(swap(recs, i, j, op + " <-> " + n.path("op").asText()));
                    } else {
                        timing(recs, events, k, out);
                    }
                }
            }
            if (!nested) {
                List<ObjectNode> copy = copyAll(recs);
                copy.remove(i);
                out.add(new Mutant(Kind.DROP, i + 1, op, "left out", render(copy)));
            }
        }
        return out;
    }

    private static void usageEdits(List<ObjectNode> recs, int i, String op, List<Mutant> out) {
        JsonNode args = recs.get(i).get("args");
        if (args == null || !args.isObject()) {
            return;
        }
        for (String field : List.of("usage", "flags")) {
            JsonNode v = args.get(field);
            if (v == null || !v.isTextual()) {
                continue;
            }
            String s = v.asText();
            List<String> to = new ArrayList<>();
            if (op.equals("DRM_IOCTL_VGEM_FENCE_ATTACH")) {
                to.add(s.equals("WRITE") ? "" : "WRITE");
            } else if (s.contains("READ") || s.contains("WRITE") || s.equals("RW") || s.contains("KERNEL") || s.contains("BOOKKEEP")) {
                String swapped = s.replace("READ", "\u0000").replace("WRITE", "READ").replace("\u0000", "WRITE");
                if (s.equals("RW")) {
                    to.add("READ");
                } else if (s.endsWith("|RW")) {
                    to.add(s.substring(0, s.length() - 2) + "READ");
                } else if (!swapped.equals(s)) {
                    to.add(swapped);
                }
                if (s.equals("KERNEL")) {
                    to.add("BOOKKEEP");
                } else if (s.equals("BOOKKEEP")) {
                    to.add("KERNEL");
                }
            }
            for (String t : to) {
                out.add(edit(recs, i, Kind.USAGE, op, field + " " + s + " -> " + t, r -> ((ObjectNode) r.get("args")).put(field, t)));
            }
        }
    }

    private static void stateEdits(List<ObjectNode> recs, int i, String op, List<Mutant> out) {
        JsonNode state = recs.get(i).get("state");
        if (state == null || !state.isObject()) {
            return;
        }
        String bufinfo = state.path("bufinfo").asText("");
        for (String[] p : new String[][] {{" unsignalled", " signalled"}, {" signalled", " unsignalled"},
                {"read fence:", "write fence:"}, {"write fence:", "read fence:"}}) {
            int at = indexOfWord(bufinfo, p[0]);
            if (at >= 0) {
                String to = bufinfo.substring(0, at) + p[1] + bufinfo.substring(at + p[0].length());
                out.add(edit(recs, i, Kind.STATE, op, "bufinfo '" + p[0].trim() + "' -> '" + p[1].trim() + "'",
                        r -> ((ObjectNode) r.get("state")).put("bufinfo", to)));
            }
        }
        JsonNode fences = state.get("fences");
        if (fences != null && fences.isArray()) {
            for (int f = 0; f < fences.size(); f++) {
                int idx = f;
                JsonNode fence = fences.get(f);
                if (fence.has("signaled")) {
                    boolean to = !fence.path("signaled").asBoolean();
                    out.add(edit(recs, i, Kind.STATE, op, "state fence " + fence.path("fence").asText() + " signaled -> " + to,
                            r -> ((ObjectNode) r.get("state").get("fences").get(idx)).put("signaled", to)));
                }
                String usage = fence.path("usage").asText("");
                String other = usage.equals("READ") ? "WRITE" : usage.equals("WRITE") ? "READ" : null;
                if (other != null) {
                    out.add(edit(recs, i, Kind.STATE, op, "state fence " + fence.path("fence").asText() + " usage -> " + other,
                            r -> ((ObjectNode) r.get("state").get("fences").get(idx)).put("usage", other)));
                }
            }
        }
    }

    /** " signalled" must not match inside " unsignalled". */
    private static int indexOfWord(String s, String word) {
        int at = s.indexOf(word);
        while (at >= 0 && word.equals(" signalled") && at > 1 && s.startsWith("un", at - 1)) {
            at = s.indexOf(word, at + 1);
        }
        return at;
    }

    private static Mutant edit(List<ObjectNode> recs, int i, Kind kind, String op, String what, Consumer<ObjectNode> change) {
        List<ObjectNode> copy = copyAll(recs);
        change.accept(copy.get(i));
        return new Mutant(kind, i + 1, op, what, render(copy));
    }

    /** Same thread: the two calls exchange places and time intervals. */
    private static Mutant swap(List<ObjectNode> recs, int i, int j, String what) {
        List<ObjectNode> copy = copyAll(recs);
        ObjectNode a = copy.get(i);
        ObjectNode b = copy.get(j);
        long as = a.path("start").asLong();
        long ae = a.path("end").asLong();
        long bs = b.path("start").asLong();
        long be = b.path("end").asLong();
        // b takes a's start, a ends where b ended; each keeps its own length
        b.put("start", as).put("end", as + (be - bs));
        a.put("start", be - (ae - as)).put("end", be);
        copy.set(i, b);
        copy.set(j, a);
        return new Mutant(Kind.ORDER, i + 1, a.path("op").asText(), what, render(copy));
    }

    /**
     * Another thread's next call moved to end just before this one started, if its own thread's
     * previous call ended before that: it happened first, not overlapping or after.
     */
    private static void timing(List<ObjectNode> recs, List<Integer> events, int k, List<Mutant> out) {
        ObjectNode a = recs.get(events.get(k));
        ObjectNode b = recs.get(events.get(k + 1));
        long len = b.path("end").asLong() - b.path("start").asLong();
        long newEnd = a.path("start").asLong() - 1;
        long newStart = newEnd - len;
        String thread = b.path("thread").asText();
        for (int m = k - 1; m >= 0; m--) {
            ObjectNode p = recs.get(events.get(m));
            if (p.path("thread").asText().equals(thread)) {
                if (p.path("end").asLong() >= newStart) {
                    return;
                }
                break;
            }
        }
        if (newStart < 0) {
            return;
        }
        List<ObjectNode> copy = copyAll(recs);
        int i = events.get(k);
        int j = events.get(k + 1);
        ObjectNode mb = copy.get(j);
        mb.put("start", newStart).put("end", newEnd);
        copy.remove(j);
        copy.add(i, mb);
        out.add(new Mutant(Kind.TIMING, j + 1, b.path("op").asText(),
                b.path("op").asText() + " of " + thread + " moved before " + a.path("op").asText() + " of " + a.path("thread").asText(), render(copy)));
    }

    private static List<ObjectNode> copyAll(List<ObjectNode> recs) {
        List<ObjectNode> c = new ArrayList<>(recs.size());
        for (ObjectNode r : recs) {
            c.add(r.deepCopy());
        }
        return c;
    }

    /** Renumbers seq in line order, remaps callers and the end record's count. */
    private static List<String> render(List<ObjectNode> recs) {
        Map<Long, Long> renumber = new HashMap<>();
        long seq = 0;
        for (ObjectNode r : recs) {
            if (r.path("type").asText().equals("event")) {
                renumber.put(r.path("seq").asLong(), ++seq);
            }
        }
        List<String> lines = new ArrayList<>(recs.size());
        for (ObjectNode r : recs) {
            String type = r.path("type").asText();
            if (type.equals("event")) {
                r.put("seq", renumber.get(r.path("seq").asLong()));
                if (r.has("caller")) {
                    Long c = renumber.get(r.path("caller").asLong());
                    if (c != null) {
                        r.put("caller", c);
                    }
                }
            } else if (type.equals("end") && r.has("events")) {
                r.put("events", seq);
            }
            lines.add(r.toString());
        }
        return lines;
    }
}
