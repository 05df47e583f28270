package org.dmabufspec.conformance.nativerun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.dmabufspec.trace.IdKind;
import org.dmabufspec.trace.Op;

/**
 * Turns a native trace into what the trace checker's reader accepts today, saying what it left
 * out. The native additions of TRACE-FORMAT.md ("Native runs") that the reader does not know yet
 * are reduced: {@code state.bufinfo} becomes {@code state.bufinfo_format} (the parsed format)
 * and {@code state.attachments}, {@code args.file}, {@code args.out_fence} and
 * {@code args.struct_size} are dropped. A failed call that would have created an object gets a
 * placeholder id for it ({@code not-created:<line>}, as the reader expects of failed creations);
 * a failed call that names no object it needs (a vgem fence attach on an unknown handle, a
 * signal of an unknown id, an import of something that is not a sync_file) is left out and
 * listed. Their errno is still asserted by the harness itself (KTAP).
 */
public final class CheckerInput {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NATIVE_ARGS = Set.of("file", "out_fence", "struct_size");

    /** The adapted trace lines and a description of each event left out. */
    public record Adapted(List<String> lines, List<String> leftOut) {
        public Adapted {
            lines = List.copyOf(lines);
            leftOut = List.copyOf(leftOut);
        }

        public String text() {
            return String.join("\n", lines) + "\n";
        }
    }

    private CheckerInput() {
    }

    public static Adapted adapt(ScenarioTrace t) throws NativeRunException {
        List<String> out = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        Attachments live = new Attachments();
        long seq = 0;
        for (int i = 0; i < t.lines().size(); i++) {
            int line = t.firstLine() + i;
            ObjectNode r = object(t.lines().get(i), line);
            String type = r.path("type").asText();
            if (type.equals("end")) {
                r.put("events", seq);
            } else if (type.equals("event")) {
                Op op = Op.fromWire(r.path("op").asText());
                if (op == null) {
                    throw new NativeRunException("trace line " + line + ": unknown op " + r.path("op"));
                }
                JsonNode result = r.path("result");
                boolean failed = !(result.isInt() && result.asInt() == 0);
                if (failed) {
                    // the reader wants the id a call creates even when it failed ("names an id nothing will use")
                    IdKind creates = op.creates();
                    if (creates != null && !r.has(creates.field())) {
                        r.put(creates.field(), "not-created:" + line);
                    }
                }
                String missing = missingId(op, r);
                if (failed && missing != null) {
                    leftOut.add("seq " + r.path("seq").asLong() + " " + op.wire() + " -> " + result.asText()
                            + " (names no " + missing + ")");
                    continue;
                }
                r.put("seq", ++seq);
                if (!failed) {
                    live.apply(op, r);
                }
                reduceState(r, line, live);
                reduceArgs(op, r);
            }
            out.add(r.toString());
        }
        return new Adapted(out, leftOut);
    }

    private static String missingId(Op op, ObjectNode r) {
        for (IdKind k : op.requiredIds()) {
            if (!r.has(k.field())) {
                return k.field();
            }
        }
        return null;
    }

    private static void reduceArgs(Op op, ObjectNode r) {
        JsonNode args = r.get("args");
        if (args instanceof ObjectNode a) {
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (NATIVE_ARGS.contains(name) && !op.allowsArg(name)) {
                    it.remove();
                }
            }
            if (a.isEmpty()) {
                r.remove("args");
            }
        }
    }

    /**
     * bufinfo names attached devices, not attachments: when the kernel shows as many devices as
     * the trace's own events left attached, those attachment ids become {@code state.attachments}
     * (so the checker compares them with the spec); a different count is a divergence by itself.
     */
    private static void reduceState(ObjectNode r, int line, Attachments live) throws NativeRunException {
        JsonNode state = r.get("state");
        if (state instanceof ObjectNode s && s.has("bufinfo")) {
            BufInfo info;
            try {
                info = BufInfoParser.parse(s.get("bufinfo").asText());
            } catch (BufInfoFormatException e) {
                throw new NativeRunException("trace line " + line + ": " + e.getMessage());
            }
            s.remove("bufinfo");
            s.put("bufinfo_format", info.format().label());
            String buf = r.path("buf").asText();
            List<String> ids = live.of(buf);
            int devices = info.buffers().get(0).devices().size();
            if (devices != ids.size()) {
                throw new NativeRunException("trace line " + line + ": bufinfo shows " + devices + " device(s) attached to "
                        + buf + " but the trace's imports, GEM closes and DRM file closes leave " + ids.size() + " " + ids);
            }
            s.putArray("attachments").addAll(ids.stream().map(s::textNode).toList());
        }
    }

    /** Live attachments per buffer, as the harness's events create and release them. */
    private static final class Attachments {
        private final java.util.Map<String, List<String>> byBuf = new java.util.HashMap<>();
        private final java.util.Map<String, String> bufOf = new java.util.HashMap<>();
        private final java.util.Map<String, String> fileOf = new java.util.HashMap<>();

        void apply(Op op, ObjectNode r) {
            String attach = r.path("attach").asText(null);
            switch (op) {
                case DRM_IOCTL_PRIME_FD_TO_HANDLE -> {
                    String buf = r.path("buf").asText();
                    List<String> l = byBuf.computeIfAbsent(buf, b -> new ArrayList<>());
                    if (attach != null && !l.contains(attach)) {
                        l.add(attach);
                        bufOf.put(attach, buf);
                        fileOf.put(attach, r.path("args").path("file").asText());
                    }
                }
                case DRM_IOCTL_GEM_CLOSE -> remove(attach);
                // drm_file_free releases every handle of the file: each import is unmapped and detached
                case DRM_CLOSE -> fileOf.entrySet().stream()
                        .filter(e -> e.getValue().equals(r.path("args").path("file").asText()))
                        .map(java.util.Map.Entry::getKey).toList().forEach(this::remove);
                default -> {
                }
            }
        }

        private void remove(String attach) {
            if (attach == null) {
                return;
            }
            String buf = bufOf.remove(attach);
            fileOf.remove(attach);
            if (buf != null) {
                byBuf.get(buf).remove(attach);
            }
        }

        List<String> of(String buf) {
            return List.copyOf(byBuf.getOrDefault(buf, List.of()));
        }
    }

    private static ObjectNode object(String text, int line) throws NativeRunException {
        try {
            JsonNode n = JSON.readTree(text);
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new NativeRunException("trace line " + line + ": not a JSON object");
    }
}
