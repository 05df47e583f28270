---------------- MODULE MCDmaBufAttach_ReuseBeforeMoveFence -----------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_ReuseBeforeMoveFence.cfg.                             *)
EXTENDS MCDmaBufAttach

(* Seed 000: the exporter hands the old backing storage back to the        *)
(* allocator as soon as it scheduled the move, instead of once the move's  *)
(* KERNEL fence (which waits for the importers' fences) has signalled.     *)
(* Expected: OldStorageKeptUntilMoveFence.                                 *)
MoveAndFreeAtOnce(b) ==
    /\ expPc = "notify"
    /\ expBuf = b
    /\ walkTodo = {}
    /\ \E r \in MoveTargets(b) :
         /\ placement' = [placement EXCEPT ![b] = r]
         /\ moveFrom'  = [moveFrom EXCEPT ![b] = placement[b]]
    /\ storage' = [storage EXCEPT ![placement[b]] = Free]
    /\ moveFence' = [moveFence EXCEPT ![b] = "pending"]
    /\ moveWaits' = [moveWaits EXCEPT ![b] = {a \in AttachmentsOf(b) : job[a]}]
    /\ holder' = [holder EXCEPT ![b] = NoHolder]
    /\ expPc' = "idle"
    /\ expBuf' = NoBuf
    /\ walkSnapshot' = {}
    /\ walkTodo' = {}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<listVars, pc, mapVars, job, pinVars>>
=============================================================================
