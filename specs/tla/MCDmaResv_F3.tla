----------------------------- MODULE MCDmaResv_F3 ----------------------------
(***************************************************************************)
(* F3 (dma-fence.c "fence cross-driver contract", dma_resv_lockdep): a     *)
(* task may wait for a fence while holding a reservation lock, so the     *)
(* code that signals a fence must never take one.  Here the signalling    *)
(* path takes the lock of every object the fence sits in (e.g. a          *)
(* completion worker that updates the buffer): a task waiting with the    *)
(* lock held for that fence and the signaller block each other.           *)
(* Expected: deadlock.                                                     *)
(***************************************************************************)
EXTENDS MCDmaResv

SignalTakesResvLock(f) ==
    \A r \in Resvs :
        (\E i \in Slots(r) : table[r][i].fence = f) => holder[r] = NoProc
=============================================================================
