package org.dmabufspec.conformance.testgen.kernel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.dmabufspec.conformance.relation.TlcGraphRunner;
import org.dmabufspec.conformance.testgen.ConformanceFailure;
import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.Replay;
import org.dmabufspec.conformance.testgen.TestRun;
import org.dmabufspec.conformance.testgen.TestStep;
import org.dmabufspec.conformance.testgen.Vocabularies;
import org.dmabufspec.conformance.testgen.Vocabulary;
import org.dmabufspec.tlc.Counterexample;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * {@code dmabuf show MODEL --replay kernel}: the counterexample of an expected-violation model as
 * one test on the real kernel. Two kinds of model can be replayed there:
 * <ul>
 * <li>a <b>caller bug the kernel permits</b> ({@link #CALLER_BUGS}): every call of the
 * counterexample is one the kernel accepts, so the replay passes when the kernel goes through every
 * step, the violating state included: the violation is reproduced on the real kernel;</li>
 * <li>a <b>kernel-bug mutant</b> (a model that is the code of a reference-implementation bug,
 * {@link Vocabulary#bugOf}): the replay passes when the real kernel leaves the counterexample at some
 * step, the step where the fixed behaviour differs.</li>
 * </ul>
 * The trace checker's verdict on the kernel's trace is reported with it.
 *
 * @param why the kind of model, in words
 */
public record KernelReplay(Model model, boolean callerBug, String why, GeneratedTest test) {

    /** Caller bugs whose every call the running kernel makes without complaint, with what the caller does wrong. */
    public static final Map<String, String> CALLER_BUGS = callerBugs();

    private static Map<String, String> callerBugs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DmaFence_SignalOutOfOrder", "a producer signals a later seqno before an earlier one on the same context;"
                + " dma_fence_signal does not check the order (F12)");
        m.put("DmaBufAttach_R12DetachWithMapping_6_2", "a dynamic importer detaches while it still has a mapping; on 6.2-6.14"
                + " dma_buf_detach unmaps only a cached table, so the table and the pin of its map leak (R12)");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Why MODEL cannot be replayed on the kernel, if it cannot. */
    public static Optional<String> whyNot(Model m) {
        Optional<Vocabulary> v = Vocabularies.forModel(m);
        if (v.isEmpty()) {
            return Optional.of(m.name() + " is not driven by any vocabulary: " + Vocabularies.whyNot(m).orElse(""));
        }
        if (!CALLER_BUGS.containsKey(m.name()) && v.get().bugOf(m).isEmpty()) {
            return Optional.of(m.name() + " is neither a caller bug the kernel permits (" + String.join(", ", CALLER_BUGS.keySet())
                    + ") nor the code of a kernel bug the reference implementation knows");
        }
        return Optional.empty();
    }

    /** Model-checks MODEL and turns its counterexample into the replay test. */
    public static KernelReplay prepare(Manifest manifest, Model m) {
        whyNot(m).ifPresent(w -> {
            throw new IllegalArgumentException(w);
        });
        Vocabulary v = Vocabularies.forModel(m).orElseThrow();
        TlcGraphRunner.Checked checked = TlcGraphRunner.withTlcOnClasspath().check(manifest.tlaDir(), m, v.constants(m));
        Counterexample c = checked.result().counterexample().orElseThrow(() -> new IllegalArgumentException(m.name()
                + ": TLC found no counterexample (" + checked.result().verdict().summary() + ")"));
        return of(m, c, checked.constants());
    }

    public static KernelReplay of(Model m, Counterexample c, Map<String, TlaValue> constants) {
        whyNot(m).ifPresent(w -> {
            throw new IllegalArgumentException(w);
        });
        Vocabulary v = Vocabularies.forModel(m).orElseThrow();
        boolean caller = CALLER_BUGS.containsKey(m.name());
        String why = caller ? "a caller bug the kernel permits: " + CALLER_BUGS.get(m.name())
                : "the code of a kernel bug (" + v.bugOf(m).orElseThrow() + ", " + v.injections().get(v.bugOf(m).orElseThrow())
                        + "): the real kernel must leave the counterexample";
        return new KernelReplay(m, caller, why, Replay.testOf(m, v, c, constants));
    }

    /** The replay's outcome in a finished kernel run (the run must include {@link #test}). */
    public Judged judge(KernelRun run) {
        TestRun r = run.runs().stream().filter(x -> x.test().name().equals(test.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(test.name() + ": not in the kernel run"
                        + (run.notDrivable().containsKey(test) ? " (" + run.notDrivable().get(test) + ")" : "")));
        return new Judged(this, r);
    }

    /** A replay and what the kernel did. */
    public record Judged(KernelReplay replay, TestRun run) {
        /** The first step where the kernel left the counterexample. */
        public Optional<ConformanceFailure> divergence() {
            return run.failures().stream().filter(f -> !f.checker()).findFirst();
        }

        /** A caller bug: the kernel went through every step. A mutant: the kernel left the counterexample. */
        public boolean passed() {
            return replay.callerBug() ? divergence().isEmpty() : divergence().isPresent();
        }

        public String text() {
            GeneratedTest t = replay.test();
            StringBuilder b = new StringBuilder();
            b.append("replay of ").append(replay.model().name()).append(" on the real kernel (").append(replay.why()).append("):\n");
            Optional<ConformanceFailure> d = divergence();
            for (int i = 0; i < t.steps().size(); i++) {
                TestStep s = t.steps().get(i);
                boolean here = d.isPresent() && d.get().step() == i + 1;
                b.append(String.format("  %2d %-28s %s%s%n", i + 1, s.action(),
                        s.call() == null ? "(" + s.note() + ")" : s.call().toString(), here ? "   DIFFERS on the kernel" : ""));
                if (here) {
                    b.append("     ").append(d.get().what()).append('\n');
                    break;
                }
            }
            if (replay.callerBug()) {
                b.append(d.isEmpty() ? "  reproduced: the kernel made every call of the counterexample as the model says, the"
                        + " violating last state included\n"
                        : "  NOT reproduced: the kernel left the counterexample at step " + d.get().step() + "\n");
            } else {
                b.append(d.map(x -> "  the kernel leaves the counterexample at step " + x.step() + " ("
                        + t.steps().get(x.step() - 1).action() + "): the fixed behaviour differs there\n")
                        .orElse("  NOT left: the kernel followed the mutant's counterexample to the end\n"));
            }
            b.append("  trace checker on the kernel's trace: ").append(run.verdict()).append('\n');
            run.failures().stream().filter(ConformanceFailure::checker).findFirst()
                    .ifPresent(f -> b.append("    ").append(f.what()).append('\n'));
            return b.toString();
        }
    }
}
