------------------ MODULE MCDmaBufWwEviction_F3SignalUnderLock ------------------
(***************************************************************************)
(* Expected violation (deadlock; MoveFencesSignal with -deadlock): a move  *)
(* fence whose signalling path takes the moved buffer's reservation lock   *)
(* (e.g. a copy-completion worker that calls dma_resv_lock to retire the   *)
(* old placement), against F3.  A static importer's dma_buf_map_attachment *)
(* sleeps on that KERNEL fence with the same lock held: neither proceeds.  *)
(***************************************************************************)
EXTENDS MCDmaBufWwEviction

\* The signaller needs the buffer's lock: it can only signal while nobody holds it.
SignalTakesResvLock(b) ==
    /\ Free(b)
    /\ moveFence[b] = "pending"
    /\ moveFence' = [moveFence EXCEPT ![b] = "signalled"]
    /\ UNCHANGED <<pc, call, lockVars, pinVars, mapVars, gen, interrupts>>
=============================================================================
