------------------------- MODULE DmaResvScenario_Promote -------------------------
(***************************************************************************)
(* include/linux/dma-resv.h, enum dma_resv_usage (F16): fences can be      *)
(* promoted (BOOKKEEP -> READ -> WRITE by adding the same fence again with *)
(* a stronger usage; the fence keeps its one slot) but never degraded      *)
(* (adding a WRITE fence again as READ leaves the WRITE entry and takes a  *)
(* slot of its own).                                                       *)
(***************************************************************************)
EXTENDS DmaResvScenario

Next1 ==
    \/ Step(0, DmaResvLock(p1, r1))
    \/ Step(1, DmaResvReserveFences(p1, 1))
    \/ Step(2, DmaResvAddFence(p1, f1, BOOKKEEP))
    \/ Step(3, DmaResvAddFence(p1, f1, READ))      \* promotion: same slot
    \/ Step(4, DmaResvAddFence(p1, f1, WRITE))     \* promotion: same slot
    \/ Step(5, DmaResvReserveFences(p1, 1))
    \/ Step(6, DmaResvAddFence(p1, f1, READ))      \* no degrading: new slot
    \/ Step(7, DmaResvUnlock(p1))
    \/ Done(8)

Expect ==
    /\ step = 3 => table[r1] = <<Entry(f1, BOOKKEEP)>> /\ DmaResvTestSignaled(r1, READ)
    /\ step = 4 => table[r1] = <<Entry(f1, READ)>> /\ DmaResvTestSignaled(r1, WRITE)
    /\ step = 5 => table[r1] = <<Entry(f1, WRITE)>> /\ ~DmaResvTestSignaled(r1, WRITE)
    /\ step >= 7 => /\ table[r1] = <<Entry(f1, WRITE), Entry(f1, READ)>>
                    /\ ~DmaResvTestSignaled(r1, WRITE)

\* Mutant: a replacement test without old_usage >= usage (degrading).
ScenarioDegradingReplaceable(old, f, u) ==
    \/ SameContext(old.fence, f) /\ IsLaterOrSame(f, old.fence)
    \/ signalled[old.fence]
=============================================================================
