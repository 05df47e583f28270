package org.dmabufspec.conformance.relation.lifetime;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.dmabufspec.conformance.relation.walk.lifetime.LifetimeWalk;

/**
 * Wrong copies of DmaBufLifetime's relation, each mirroring one expected-violation model of
 * specs/models.yaml, with the spec invariant it breaks (in Java) and the rule the fast engine
 * must name for it. Where the trace shows the bug through another rule than the spec's, that is
 * said in {@code why}.
 */
public final class LifetimeRelationMutants {
    /**
     * @param model     the LifetimeWalk model (its constants as the mutant's cfg)
     * @param rule      the rule the fast engine names
     * @param invariant the spec invariant, true in a good state
     */
    public record Named(String name, String model, String rule, String why, Predicate<LifetimeState> invariant,
                        LifetimeRelation relation) {
    }

    private LifetimeRelationMutants() {
    }

    /** FenceHolders > 0 => fenceLive (F9), with the holders counted as the spec counts them. */
    public static boolean noFenceUseAfterFree(LifetimeState s) {
        long holders = (s.producerRef() ? 1 : 0) + (s.resvRef() ? 1 : 0) + (s.pollCb().equals("none") ? 0 : 1)
                + s.icb().values().stream().filter(v -> v.equals("armed") || v.equals("taken")).count()
                + s.wpc().values().stream().filter(v -> v.equals("sleeping")).count() + (s.lockHeld() ? 1 : 0);
        return holders == 0 || s.fenceLive();
    }

    public static List<Named> all() {
        return List.of(
                // B5 (before ff2d23843f7f): dma_buf_poll arms cb_in without get_file; its callback has no fput
                new Named("B5PollWithoutFileRef", "6_15", "R18", "the release happens with the poll's callback pending on the fence",
                        s -> s.bufLive() || s.pollCb().equals("none"),
                        new LifetimeRelation(LifetimeWalk.constants("6_15"), false) {
                            @Override
                            protected Optional<LifetimeState> dmaBufPoll(LifetimeState s) {
                                return super.dmaBufPoll(s).map(t -> {
                                    LifetimeState.Edit e = t.edit();
                                    e.fileRefs = s.fileRefs();
                                    return e.build();
                                });
                            }

                            @Override
                            protected Optional<LifetimeState> dmaBufPollCb(LifetimeState s) {
                                return super.dmaBufPollCb(s).map(t -> {
                                    LifetimeState.Edit e = t.edit();
                                    e.fileRefs = s.fileRefs();
                                    return e.build();
                                });
                            }
                        }),
                // B23 (the rejected dma_buf_poll_add_cb refcount patch): the fence reference dropped after a successful add
                new Named("B23PollPutsOnSuccess", "6_15", "F9", "the fence's last put while the reservation object holds it",
                        LifetimeRelationMutants::noFenceUseAfterFree,
                        new LifetimeRelation(LifetimeWalk.constants("6_15"), false) {
                            @Override
                            protected Optional<LifetimeState> dmaBufPoll(LifetimeState s) {
                                return super.dmaBufPoll(s).map(t -> {
                                    LifetimeState.Edit e = t.edit();
                                    e.fenceRefs = s.fenceRefs();
                                    return e.build();
                                });
                            }
                        }),
                // <=6.14 dma_buf_attach's -ERESTARTSYS path skipping err_unpin (R9)
                new Named("AttachErrorKeepsPin", "6_2_Attach", "R18",
                        "the trace shows the pin no attachment owns only at the release, as exporter.release's leaked_pins (R18)",
                        s -> s.pins() == s.ipc().values().stream().filter(v -> v.equals("attaching") || v.equals("attached")).count(),
                        new LifetimeRelation(LifetimeWalk.constants("6_2_Attach"), false) {
                            @Override
                            protected Optional<LifetimeState> attachWaitInterrupted(LifetimeState s, String i) {
                                return super.attachWaitInterrupted(s, i).map(t -> {
                                    LifetimeState.Edit e = t.edit();
                                    e.pins = s.pins();
                                    return e.build();
                                });
                            }
                        }),
                // an importer's dma_buf_put before its dma_buf_detach (R18)
                new Named("PutBeforeDetach", "6_15", "R18", "", s -> s.bufLive() || s.attachments().isEmpty(),
                        new LifetimeRelation(LifetimeWalk.constants("6_15"), false) {
                            @Override
                            protected Optional<LifetimeState> dmaBufPut(LifetimeState s, String i) {
                                String pc = s.ipc().get(i);
                                if (!pc.equals("attached")) {
                                    return super.dmaBufPut(s, i);
                                }
                                LifetimeState.Edit e = s.edit().ipc(i, "done");
                                e.fileRefs = s.fileRefs() - 1;
                                return Optional.of(e.build());
                            }
                        }));
    }
}
