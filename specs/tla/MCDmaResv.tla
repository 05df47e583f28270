------------------------------ MODULE MCDmaResv ------------------------------
(***************************************************************************)
(* Model values and bounds for DmaResv.  Fences f1, f2 share a context     *)
(* (seqno 1, 2: f2 covers f1, so the replacement order of B11 matters);    *)
(* f3 is on a second context and doubles as a vgem / sw_sync fence.        *)
(* Context and Seqno are functions over f1..f6; a cfg's Fences picks a     *)
(* subset.                                                                 *)
(*                                                                         *)
(* The full Next explodes with everything enabled, so the models split it *)
(* by concern, each by substituting one group of Next in its cfg:          *)
(*   MCDmaResv.cfg       drivers: lock, reserve, add, locked wait, unlock  *)
(*                       (slot accounting, B11-B13); no userspace group    *)
(*   MCDmaResv_CpuAccess.cfg  drivers adding every usage (KERNEL..BOOKKEEP) *)
(*                       plus SYNC_START/END (MCCpuAccessNext)             *)
(*   MCDmaResv_Uapi.cfg  userspace: poll, SYNC, export/import sync_file,   *)
(*                       vgem attach (implicit sync, U2-U4)                *)
(* Every expected-violation model EXTENDS this module and substitutes one  *)
(* more operator in its cfg.                                               *)
(***************************************************************************)
EXTENDS DmaResv, TLC

CONSTANTS r1, p1, p2, p3, f1, f2, f3, f4, f5, f6

\* f5 (seqno 3 on c1) and f4, f6 (fresh contexts) are used by the scenarios.
MCContext == (f1 :> "c1" @@ f2 :> "c1" @@ f3 :> "c2" @@ f4 :> "c3" @@ f5 :> "c1" @@ f6 :> "c4")
MCSeqno == (f1 :> 1 @@ f2 :> 2 @@ f3 :> 1 @@ f4 :> 1 @@ f5 :> 3 @@ f6 :> 1)

\* Drivers add WRITE and READ fences (the usages implicit sync orders);
\* MCDmaResv_Deep adds BOOKKEEP.  KERNEL orders like WRITE for every query
\* of this module and would only add states.
MCAddUsages == {WRITE, READ}
MCDeepAddUsages == {WRITE, READ, BOOKKEEP}
\* Every usage a driver may pass (MCDmaResv_CpuAccess): the value coverage of
\* the default tier requires each usage class to be added by some model.
MCAllAddUsages == Usages

\* No userspace group.
MCNoUserNext == FALSE

\* Userspace group of the driver model: CPU access brackets only.
MCCpuAccessNext ==
    \E p \in Procs :
        \/ \E r \in Resvs, w \in BOOLEAN : DmaBufBeginCpuAccess(p, r, w)
        \/ DmaBufBeginCpuAccessDone(p)
        \/ DmaBufEndCpuAccess(p)

\* The uAPI model has no in-kernel driver: fences enter through
\* IMPORT_SYNC_FILE and vgem only.
MCNoDriverNext == FALSE

\* The pre-5.19 "exclusive + shared" mistake behind B6, B7 and B8: when
\* the object has reader (shared) fences -- signalled or not, shared_count
\* counted slots -- a query that should also see the writer (exclusive)
\* fence looks at the readers only.
UnsignalledReaders(r) ==
    {table[r][i].fence : i \in {j \in Slots(r) : table[r][j].usage = READ
                                                 /\ ~signalled[table[r][j].fence]}}
LegacyExclSharedQuery(r, u) ==
    IF u >= READ /\ \E i \in Slots(r) : table[r][i].usage = READ
    THEN UnsignalledReaders(r)
    ELSE UnsignalledFor(r, u)

\* Liveness without the fence that never signals (F1, F2: an indefinite
\* fence, e.g. a userspace fence imported as a dma_fence).
MCIndefiniteFairness ==
    /\ \A f \in Fences \ {f1} : WF_vars(DmaFenceSignal(f))
    /\ \A p \in Procs :
          /\ WF_vars(DmaResvWaitDone(p))
          /\ WF_vars(DmaBufBeginCpuAccessDone(p))

\* Keeps the table short: longer tables repeat the same patterns.
MCTableBound == \A r \in Resvs : Len(table[r]) <= 2
=============================================================================
