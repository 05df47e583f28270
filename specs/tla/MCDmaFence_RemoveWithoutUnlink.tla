------------------------ MODULE MCDmaFence_RemoveWithoutUnlink ------------------------
(***************************************************************************)
(* Expected violation of RemovedCallbackNeverRuns: a remove_callback that  *)
(* returns true but forgets list_del_init, so the "removed" callback is    *)
(* still called when the fence signals (st-dma-fence test_rm_callback).    *)
(***************************************************************************)
EXTENDS MCDmaFence

RemoveCallbackKeepsNode(c) ==
    LET f == CallbackFence[c] IN
    /\ cbStatus[c] = "pending"
    /\ FenceLockFree(f)
    /\ InSeq(c, cbList[f])
    /\ cbStatus' = [cbStatus EXCEPT ![c] = "removed"]
    /\ UNCHANGED <<fstate, ferror, cbList, running, added, ran, wstate, released, forced>>
=============================================================================
