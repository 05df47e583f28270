------------- MODULE MCDmaBufDeviceAccess_MoveIgnoresReadJobs -------------
(* Expected-violation model: DmaBufDeviceAccess with one mutated action.   *)
(* Check: MCDmaBufDeviceAccess_MoveIgnoresReadJobs.cfg.                    *)
EXTENDS MCDmaBufDeviceAccess

(* The exporter's move fence depends only on the jobs that write the old   *)
(* storage (it collects the resv's fences up to DMA_RESV_USAGE_WRITE, as   *)
(* implicit sync for a reader would, instead of BOOKKEEP), against R5:     *)
(* the move waits for every fence an importer published.  A job that only  *)
(* reads the old mapping's region still runs when the move fence signals   *)
(* and the old storage is freed; once it is reused the job reads another   *)
(* buffer's contents.  Expected: FreedRegionUnreferenced (a freed region   *)
(* held by a running job).                                                 *)
MoveWaitsForWritersOnly(e) ==
    LET b == expBuf[e] IN
    /\ b # NoBuf
    /\ walkTodo[e] = {}
    /\ placement'     = [placement EXCEPT ![b] = expTarget[e]]
    /\ moveFrom'      = [moveFrom EXCEPT ![b] = placement[b]]
    /\ moveFence'     = [moveFence EXCEPT ![b] = "pending"]
    /\ moveWaitJobs'  = [moveWaitJobs EXCEPT ![b] =
                           {j \in Jobs : Buf(j[1]) = b /\ Running(j)
                                         /\ jobKind[j] = "write"}]
    /\ moveWaitFlush' = [moveWaitFlush EXCEPT ![b] =
                           {m \in Maps : Buf(m[1]) = b /\ pte[m] = "zapped"
                                         /\ flushInResv[m]}]
    /\ expBuf'    = [expBuf EXCEPT ![e] = NoBuf]
    /\ expTarget' = [expTarget EXCEPT ![e] = NoRegion]
    /\ walkTodo'  = [walkTodo EXCEPT ![e] = {}]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<attachments, mapVars, jobVars, storage>>
=============================================================================
