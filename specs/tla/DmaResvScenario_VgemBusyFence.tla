---------------------- MODULE DmaResvScenario_VgemBusyFence ----------------------
(***************************************************************************)
(* IGT tests/vgem_basic.c busy-fence: with a vgem read fence pending,      *)
(* attaching a write fence fails with -EBUSY (vgem_fence_attach_ioctl:     *)
(* !dma_resv_test_signaled(resv, dma_resv_usage_rw(true))); the refused    *)
(* fence is signalled and never reaches the reservation object.  Also      *)
(* dmabuf-fence: a read fence leaves POLLIN ready and POLLOUT busy.       *)
(***************************************************************************)
EXTENDS DmaResvScenario

InTable(r, f) == \E i \in Slots(r) : table[r][i].fence = f

Next1 ==
    \/ Step(0, VgemFenceAttach(r1, f3, FALSE))     \* read fence
    \/ PollProbe(1)
    \/ Step(5, VgemFenceAttach(r1, f4, TRUE))      \* write fence -> -EBUSY
    \/ Step(6, DmaFenceSignal(f3))
    \/ Probe(7)
    \/ Done(13)

Expect ==
    /\ PollProbeSaw(1, FALSE, TRUE)
    /\ step = 6 => /\ ~InTable(r1, f4) /\ signalled[f4]   \* -EBUSY: the fence was dropped
                   /\ InTable(r1, f3) /\ ~signalled[f3]
    /\ ProbeSaw(7, FALSE, FALSE)
=============================================================================
