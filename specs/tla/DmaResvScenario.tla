--------------------------- MODULE DmaResvScenario ---------------------------
(***************************************************************************)
(* Common ground for the peer-test scenarios: each scenario module is a    *)
(* scripted behaviour of DmaResv (its Next runs the test's steps in order, *)
(* one spec action per step) and an invariant Expect that asserts, at each *)
(* step, what the original test asserts there.  If a step is not enabled   *)
(* TLC reports a deadlock, so a script the spec cannot perform fails too.  *)
(*                                                                         *)
(* The predicates below are the test helpers:                              *)
(*   dmabuf_busy(fd, READ)   = poll(POLLIN) not ready   (IGT)              *)
(*   dmabuf_busy(fd, WRITE)  = poll(POLLOUT) not ready                     *)
(*   dmabuf_busy(fd, RW)     = either not ready                            *)
(*   dmabuf_sync_file_busy(fd, flags) = a sync_file exported now with      *)
(*                             flags is unsignalled                        *)
(*   sync_file_busy(sf)      = the sync_file is unsignalled                *)
(***************************************************************************)
EXTENDS MCDmaResv

VARIABLE step

svars == <<vars, step>>

SYNC_READ == "read"
SYNC_WRITE == "write"
SYNC_RW == "rw"

DmaBufBusy(r, flags) ==
    CASE flags = SYNC_READ  -> ~DmaBufPollReady(r, "in")
      [] flags = SYNC_WRITE -> ~DmaBufPollReady(r, "out")
      [] flags = SYNC_RW    -> ~DmaBufPollReady(r, "in") \/ ~DmaBufPollReady(r, "out")

\* EXPORT_SYNC_FILE snapshots with dma_resv_usage_rw(flags & WRITE).
DmaBufSyncFileBusy(r, flags) ==
    \E f \in SnapshotFences(r, DmaResvUsageRw(flags /= SYNC_READ)) : ~signalled[f]

SyncFileBusy(i) == ~SyncFileSignalled(i)

\* Every helper agrees that the buffer is idle.
AllIdle(r) ==
    \A fl \in {SYNC_READ, SYNC_WRITE, SYNC_RW} : ~DmaBufBusy(r, fl) /\ ~DmaBufSyncFileBusy(r, fl)

\* Step n of a script runs action A.
Step(n, A) == step = n /\ A /\ step' = n + 1

\* The script is over: stay (no deadlock).
Done(n) == step = n /\ UNCHANGED svars

ScenarioInit == Init /\ step = 0

\* A writer flag for VgemFenceAttach / IMPORT_SYNC_FILE.
IsWrite(flags) == flags /= SYNC_READ

\* Mutant used by several scenarios: dma_resv_usage_rw swapped, so a new
\* writer waits only for writers and a new reader for readers and writers.
SwappedUsageRw(write) == IF write THEN WRITE ELSE READ

\* Mutant: sync_files that re-read the reservation object (no snapshot).
LiveSyncFileFences(i) == UnsignalledFor(syncFiles[i].resv, syncFiles[i].usage)
=============================================================================
