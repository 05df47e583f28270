------------------------ MODULE DmaResvScenario_StDmaResv ------------------------
(***************************************************************************)
(* drivers/dma-buf/st-dma-resv.c (KUnit suite dma-buf-resv), every case    *)
(* run once per usage KERNEL, WRITE, READ, BOOKKEEP (the initial state     *)
(* picks the usage):                                                       *)
(*   sanitycheck      lock with a NULL ctx, unlock; a fence signals        *)
(*   test_signaling   lock; reserve 1; add fence with usage U;             *)
(*                    test_signaled(U) false; signal; now true             *)
(*   test_for_each    the locked iterator with usage U returns exactly     *)
(*                    that fence, with dma_resv_iter_usage == U            *)
(*   test_get_fences  dma_resv_get_fences(U) returns that one fence        *)
(* (test_for_each_unlocked checks RCU restarts, below this abstraction.)  *)
(***************************************************************************)
EXTENDS DmaResvScenario

VARIABLE usage

stvars == <<svars, usage>>

StInit == ScenarioInit /\ usage \in Usages

StNext ==
    /\ \/ Step(0, DmaResvLock(p1, r1))                   \* sanitycheck
       \/ Step(1, DmaResvUnlock(p1))
       \/ Step(2, DmaFenceSignal(f3))
       \/ Step(3, DmaResvLock(p1, r1))                   \* test_signaling etc.
       \/ Step(4, DmaResvReserveFences(p1, 1))
       \/ Step(5, DmaResvAddFence(p1, f1, usage))
       \/ Step(6, DmaFenceSignal(f1))
       \/ Step(7, DmaResvUnlock(p1))
       \/ Done(8)
    /\ UNCHANGED usage

Expect ==
    /\ step = 1 => holder[r1] = p1
    /\ step = 2 => holder[r1] = NoProc
    /\ step = 3 => signalled[f3]
    /\ step = 6 => /\ ~DmaResvTestSignaled(r1, usage)                 \* test_signaling
                   /\ DmaResvForEachFence(r1, usage) = {Entry(f1, usage)} \* test_for_each
                   /\ DmaResvGetFences(r1, usage) = {f1}                \* test_get_fences
    /\ step >= 7 => DmaResvTestSignaled(r1, usage)                       \* test_signaling

\* Mutant: a query that misses fences of exactly the asked usage (< for <=).
StrictUnsignalledFor(r, u) ==
    {table[r][i].fence : i \in {j \in Slots(r) : table[r][j].usage < u
                                                 /\ ~signalled[table[r][j].fence]}}
=============================================================================
