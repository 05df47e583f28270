package org.dmabufspec.resv;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.kernel.Kernel;
import org.dmabufspec.lockdep.Mode;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.Tracer;
import org.junit.jupiter.api.Test;

/**
 * The property B11 (a3f7c10a269d) and B12 (95ba893c9f4f) fixed: whatever sequence of
 * add_fence / signal / reserve / unlock happens, a waiter for usage U never loses a dependency:
 * every unsignalled fence ever added with usage ≤ U is still in the object with usage ≤ U, or a
 * later-or-same fence of its context is (same-context fences signal in order, F12). And slots:
 * re-adding the same fence never needs a new one.
 */
class AddFenceNeverLosesADependencyTest {
    private record Added(DmaFence fence, DmaResvUsage usage) {
    }

    @Test
    void randomAddSignalSequencesKeepEveryDependency() {
        // each step: 0..11 = add (context = step % 3, usage = (step / 3) % 4), 12..14 = signal oldest of a context,
        // 15 = unlock+lock (reservations forgotten)
        qt().withExamples(300).forAll(lists().of(integers().between(0, 15)).ofSizeBetween(1, 60)).checkAssert(steps -> {
            Kernel k = new Kernel(KernelBehaviour.parse("6.15", true), Tracer.DISABLED, Mode.STRICT);
            DmaResv r = new DmaResv(k, "b1");
            long base = k.fenceContextAlloc(3);
            long[] seqno = new long[3];
            List<List<DmaFence>> pending = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            List<Added> added = new ArrayList<>();
            r.lock(null);
            for (int s : steps) {
                if (s < 12) {
                    int c = s % 3;
                    DmaResvUsage u = DmaResvUsage.values()[(s / 3) % 4];
                    DmaFence f = DmaFence.init(k, base + c, ++seqno[c]);
                    pending.get(c).add(f);
                    r.reserveFences(1);
                    r.addFence(f, u);
                    r.addFence(f, u); // B12: the same fence again reuses its slot
                    added.add(new Added(f, u));
                } else if (s < 15) {
                    List<DmaFence> p = pending.get(s - 12);
                    if (!p.isEmpty()) {
                        p.remove(0).signal();
                    }
                } else {
                    r.unlock();
                    r.lock(null);
                }
                for (Added a : added) {
                    if (a.fence().isSignaledQuiet()) {
                        continue;
                    }
                    boolean covered = false;
                    for (DmaResv.Entry e : r.entries()) {
                        covered |= e.fence().context() == a.fence().context() && e.fence().seqno() >= a.fence().seqno()
                                && e.usage().compareTo(a.usage()) <= 0;
                    }
                    if (!covered) {
                        throw new AssertionError(a + " lost from " + r.entries() + " after steps " + steps);
                    }
                }
            }
            r.unlock();
            for (List<DmaFence> p : pending) {
                p.forEach(DmaFence::signal);
            }
        });
    }
}
