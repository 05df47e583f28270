----------------- MODULE MCDmaBufAttach_MoveNotifyTakesLock -----------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_MoveNotifyTakesLock.cfg.                              *)
EXTENDS MCDmaBufAttach

(* R2, seed 001: an importer whose move_notify callback takes the          *)
(* reservation lock itself (as if it were called unlocked).  The exporter  *)
(* already holds that lock for the walk, so the callback sleeps on it for  *)
(* ever and the walk never ends, whatever the fairness.  Expected:         *)
(* property MoveNotifyWalkCompletes.                                       *)
MoveNotifyTakingLock(a) ==
    /\ expPc = "notify"
    /\ a \in walkTodo
    /\ holder[Buf(a)] = NoHolder     \* the callback's dma_resv_lock
    /\ walkTodo' = walkTodo \ {a}
    /\ ImporterMoveNotify(a)
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, mapping, mapped, mapDir, cached,
                   mapReady, pinVars, storeVars, expPc, expBuf, walkSnapshot>>
=============================================================================
