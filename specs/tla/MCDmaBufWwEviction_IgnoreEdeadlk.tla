-------------------- MODULE MCDmaBufWwEviction_IgnoreEdeadlk --------------------
(***************************************************************************)
(* Expected violation of EvictionCompletes: an importer that ignores the   *)
(* -EDEADLK its dma_buf_map_attachment/dma_buf_pin returns (F18).  The     *)
(* core still unwinds its pin, but the importer keeps its own lock and     *)
(* calls again.  The younger context dies again and again while the older  *)
(* one's eviction sleeps on the buffer the younger still holds.            *)
(***************************************************************************)
EXTENDS MCDmaBufWwEviction

\* -EDEADLK returned; the importer retries the call holding everything.
IgnoreEdeadlk(a) ==
    /\ pc[a] = "unwind"
    /\ corePin' = [corePin EXCEPT ![a] = FALSE]
    /\ call' = [call EXCEPT ![a] = "none"]
    /\ contended' = [contended EXCEPT ![a] = NoLock]
    /\ pc' = [pc EXCEPT ![a] = "call"]
    /\ UNCHANGED <<held, stamp, nextStamp, importerPin, mapVars, bufVars, interrupts>>
=============================================================================
