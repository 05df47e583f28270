--------------------- MODULE MCDmaBufLifetime_LoopStalls ---------------------
(***************************************************************************)
(* Expected-violation model of FenceReleased: the fairness of              *)
(* MCDmaBufLifetime without weak fairness on DmaFenceSignalDone, i.e. a    *)
(* signaller that runs the callbacks but never leaves its loop (a callback *)
(* that blocks, or a signalling path stuck with fence->lock held).  The    *)
(* reference it took before the loop (B16's fix) is never dropped, so the  *)
(* fence outlives the buffer and its producer.  With the loop finishing    *)
(* FenceReleased holds (DmaBufLifetime_Live_* models).                     *)
(***************************************************************************)
EXTENDS MCDmaBufLifetime

StallingLoop ==
    /\ WF_vars(DmaBufPollCb)
    /\ \A i \in Importers : WF_vars(ImporterFenceCb(i))
    /\ \A w \in Waiters : WF_vars(DmaFenceWaitCb(w))

LoopStallsSpec == Spec /\ FenceFairness /\ StallingLoop /\ DeferredFput /\ Threads
=============================================================================
