package org.dmabufspec.conformance.testgen.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.KernelCall;
import org.dmabufspec.conformance.testgen.TestStep;

/**
 * A batch of generated tests as the program the kernel test module's step interpreter runs
 * (conformance/native/kmod, module parameter testgen=1): one line per test start, fence, buffer
 * (whose reservation object stands for the model's), step and test end, tokens separated by one space;
 * a dma_buf_attach test's setup names the kernel behaviour, the buffer and its exporter, the
 * importers and the exporter thread ({@code kernel}, {@code export}, {@code importer}, {@code exporter}). A step line carries the call, the result the model
 * expects ({@code !EXPECT}) and the observable state after it ({@code @KEY=VALUE}); the module
 * stops a test at the first difference so that no later call sleeps forever, and the Java side
 * compares ({@link KernelComparison}). Tests with a call the module does not make are left out
 * with the reason ({@link #notDrivable}).
 *
 * @param text        the program
 * @param tests       the tests in the program, in order: test N of the program is {@code tests.get(N - 1)}
 * @param notDrivable the tests left out, with why the module cannot run them
 */
public record KernelProgram(String text, List<GeneratedTest> tests, Map<GeneratedTest, String> notDrivable) {

    /** The dma_fence calls the module's interpreter makes. */
    public static final Set<String> FENCE_CALLS = Set.of("dma_fence_signal", "dma_fence_enable_sw_signaling",
            "dma_fence_set_error", "dma_fence_add_callback", "dma_fence_remove_callback", "dma_fence_put",
            "dma_fence_wait_timeout");

    /** The dma_resv calls it makes, on the reservation object of a buffer of the module's static exporter. */
    public static final Set<String> RESV_CALLS = Set.of("dma_resv_lock", "dma_resv_unlock", "dma_resv_reserve_fences",
            "dma_resv_add_fence", "dma_resv_test_signaled", "dma_resv_wait_timeout");

    /**
     * The dma_buf_attach calls it makes (AttachPlanner's), each on the kthread of its model thread
     * ({@code proc}), on a buffer of the module's dynamic, static or cache_sgt_mapping exporter.
     */
    public static final Set<String> ATTACH_CALLS = Set.of("dma_buf_attach", "dma_buf_dynamic_attach", "dma_buf_detach",
            "dma_resv_lock", "dma_resv_unlock", "dma_buf_map_attachment", "dma_buf_map_attachment_unlocked",
            "dma_buf_unmap_attachment", "dma_buf_unmap_attachment_unlocked", "dma_buf_pin", "dma_buf_unpin",
            "dma_resv_wait_timeout", "dma_resv_add_fence", "importer.device_access", "dma_fence_signal", "evict",
            "move_notify", "move", "complete_move");

    /** The setup calls of a dma_buf_attach test. */
    private static final Set<String> ATTACH_SETUP = Set.of("kernel", "dma_buf_export", "importer", "exporter");

    private static final String ATTACH = "dma_buf_attach";

    public KernelProgram {
        tests = List.copyOf(tests);
        notDrivable = Map.copyOf(notDrivable);
    }

    /** The trace scenario name of a test: the module's trace header carries it. */
    public static String scenario(GeneratedTest t) {
        return "testgen/" + t.name();
    }

    public static KernelProgram of(List<GeneratedTest> tests) {
        return of(tests, null);
    }

    /** @param facts the VM's kernel, whose behaviour a dma_buf_attach test must have (null: not checked here) */
    public static KernelProgram of(List<GeneratedTest> tests, KernelFacts facts) {
        StringBuilder b = new StringBuilder();
        List<GeneratedTest> in = new ArrayList<>();
        Map<GeneratedTest, String> out = new LinkedHashMap<>();
        for (GeneratedTest t : tests) {
            Optional<String> why = whyNot(t);
            if (why.isEmpty() && facts != null) {
                why = facts.whyNot(t);
            }
            if (why.isPresent()) {
                out.put(t, why.get());
                continue;
            }
            in.add(t);
            encode(b, in.size(), t);
        }
        return new KernelProgram(b.toString(), in, out);
    }

    /** Why the module cannot run this test, if it cannot. */
    public static Optional<String> whyNot(GeneratedTest t) {
        if (t.vocabulary().equals(ATTACH)) {
            for (KernelCall c : t.setup()) {
                if (!ATTACH_SETUP.contains(c.op())) {
                    return Optional.of("setup " + c.op() + ": not in the kernel module's dma_buf_attach interpreter");
                }
                if (c.args().containsKey("peer_only")) {
                    return Optional.of("peer-to-peer placements (VramRegions): the kernel module's exporter has no placement"
                            + " behind a PCI BAR");
                }
            }
            for (TestStep s : t.steps()) {
                if (s.call() != null && !ATTACH_CALLS.contains(s.call().op())) {
                    return Optional.of("step call " + s.call().op() + ": not in the kernel module's dma_buf_attach interpreter");
                }
            }
            return Optional.empty();
        }
        for (KernelCall c : t.setup()) {
            if (!c.op().equals("dma_fence_init") && !c.op().equals("vgem_create_bo")) {
                return Optional.of("setup " + c.op() + ": the kernel module's interpreter creates only fences and buffers"
                        + " (the " + t.vocabulary() + " vocabulary is not in it yet)");
            }
        }
        for (TestStep s : t.steps()) {
            if (s.call() != null && !FENCE_CALLS.contains(s.call().op()) && !RESV_CALLS.contains(s.call().op())) {
                return Optional.of("step call " + s.call().op() + ": not in the kernel module's interpreter (a uAPI call"
                        + " or a vgem fence)");
            }
            if (s.call() != null && s.call().op().equals("dma_fence_signal") && !t.setup().stream()
                    .anyMatch(c -> c.op().equals("dma_fence_init") && c.args().get("fence").equals(s.call().args().get("fence")))) {
                return Optional.of("dma_fence_signal of a vgem fence: the vgem ioctl creates it");
            }
        }
        return Optional.empty();
    }

    private static void encode(StringBuilder b, int number, GeneratedTest t) {
        line(b, "test", String.valueOf(number), token(scenario(t)));
        for (KernelCall c : t.setup()) {
            Map<String, String> a = c.args();
            if (c.op().equals("vgem_create_bo")) {
                line(b, "buf", token(a.get("resv")));
            } else if (c.op().equals("kernel")) {
                line(b, "kernel", token(a.get("behaviour")), token(a.get("move_notify")));
            } else if (c.op().equals("dma_buf_export")) {
                line(b, "export", token(a.get("buf")), token(a.get("exporter")), token(a.get("placement")), token(a.get("other")));
            } else if (c.op().equals("importer")) {
                line(b, "importer", token(a.get("proc")), token(a.get("buf")), token(a.get("dynamic")), token(a.get("usage")));
            } else if (c.op().equals("exporter")) {
                line(b, "exporter", token(a.get("proc")));
            } else {
                line(b, "init", token(c.args().get("fence")), token(c.args().get("context")), token(c.args().get("seqno")));
            }
        }
        for (int i = 0; i < t.steps().size(); i++) {
            TestStep s = t.steps().get(i);
            List<String> tok = new ArrayList<>(List.of("step", String.valueOf(i + 1)));
            if (s.call() == null) {
                tok.add("-");
            } else {
                tok.add(token(s.call().op()));
                s.call().args().forEach((k, v) -> tok.add(token(k) + "=" + token(v)));
                tok.add("!" + token(s.call().expect()));
            }
            s.observe().forEach((k, v) -> tok.add("@" + token(k) + "=" + value(v)));
            line(b, tok.toArray(String[]::new));
        }
        line(b, "end");
    }

    private static void line(StringBuilder b, String... tokens) {
        b.append(String.join(" ", tokens)).append('\n');
    }

    /** A non-empty token without the separators of the format. */
    private static String token(String s) {
        if (s == null || s.isEmpty() || s.chars().anyMatch(ch -> ch <= ' ' || ch == '=' || ch > '~')) {
            throw new IllegalArgumentException("kernel program: the token '" + s + "' is empty or holds a space, '=' or a"
                    + " non-ASCII character");
        }
        return s;
    }

    /** A value may be empty (no callback ran) but holds no space. */
    private static String value(String s) {
        return s.isEmpty() ? s : token(s);
    }
}
