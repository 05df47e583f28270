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
 * (whose reservation object stands for the model's), step and test end, tokens separated by one space. A step line carries the call, the result the model
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

    public KernelProgram {
        tests = List.copyOf(tests);
        notDrivable = Map.copyOf(notDrivable);
    }

    /** The trace scenario name of a test: the module's trace header carries it. */
    public static String scenario(GeneratedTest t) {
        return "testgen/" + t.name();
    }

    public static KernelProgram of(List<GeneratedTest> tests) {
        StringBuilder b = new StringBuilder();
        List<GeneratedTest> in = new ArrayList<>();
        Map<GeneratedTest, String> out = new LinkedHashMap<>();
        for (GeneratedTest t : tests) {
            Optional<String> why = whyNot(t);
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
            if (c.op().equals("vgem_create_bo")) {
                line(b, "buf", token(c.args().get("resv")));
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
