--------------------------- MODULE DmaResvScenario ---------------------------
(***************************************************************************)
(* Common ground for the peer-test scenarios: each scenario module is a    *)
(* scripted behaviour of DmaResv (its Next runs the test's steps in order, *)
(* one spec action per step) and an invariant Expect that asserts, at each *)
(* step, what the original test asserts there.  If a step is not enabled   *)
(* TLC reports a deadlock, so a script the spec cannot perform fails too.  *)
(*                                                                         *)
(* The test helpers are the ioctls they issue, run as steps of the        *)
(* script, and Expect reads what those steps left behind (pc, syncFiles),  *)
(* never a query recomputing the answer from the reservation object, so   *)
(* a mutant that makes an action return the wrong result is caught:       *)
(*   dmabuf_busy(fd, READ)   = poll(POLLIN) with timeout 0 not ready (IGT) *)
(*   dmabuf_busy(fd, WRITE)  = poll(POLLOUT) not ready                     *)
(*   dmabuf_busy(fd, RW)     = either not ready                            *)
(*   dmabuf_sync_file_busy(fd, flags) = a sync_file exported now with      *)
(*                             flags is unsignalled (RW exports like WRITE:*)
(*                             dma_resv_usage_rw(flags & WRITE))           *)
(*   sync_file_busy(sf)      = the sync_file is unsignalled                *)
(***************************************************************************)
EXTENDS MCDmaResv

VARIABLE step

svars == <<vars, step>>

SYNC_READ == "read"
SYNC_WRITE == "write"
SYNC_RW == "rw"

SyncFileBusy(i) == ~SyncFileSignalled(i)

\* Step n of a script runs action A.
Step(n, A) == step = n /\ A /\ step' = n + 1

\* The script is over: stay (no deadlock).
Done(n) == step = n /\ UNCHANGED svars

ScenarioInit == Init /\ step = 0

(* dmabuf_busy(fd, READ) and (fd, WRITE) from step n on: p1 polls r1 for  *)
(* POLLIN, poll() returns (timeout 0: DmaBufPollTimeout if it slept,       *)
(* DmaBufPollDone if it was ready), the same for POLLOUT.                  *)
PollReturns == DmaBufPollTimeout(p1) \/ DmaBufPollDone(p1)

PollProbe(n) ==
    \/ Step(n,     DmaBufPoll(p1, r1, "in"))
    \/ Step(n + 1, PollReturns)
    \/ Step(n + 2, DmaBufPoll(p1, r1, "out"))
    \/ Step(n + 3, PollReturns)

(* ... and dmabuf_sync_file_busy(fd, READ) and (fd, WRITE): two exports.   *)
Probe(n) ==
    \/ PollProbe(n)
    \/ Step(n + 4, DmaBufExportSyncFile(r1, FALSE))
    \/ Step(n + 5, DmaBufExportSyncFile(r1, TRUE))

(* What poll() returned: DmaBufPoll leaves p1 sleeping ("poll_wait", not   *)
(* ready) or admitted ("polled", ready).                                   *)
PollSaw(busy) == pc[p1] = IF busy THEN "poll_wait" ELSE "polled"

(* The results of the probe that starts at step n, each read right after  *)
(* the step that produced it: READ busy = POLLIN not ready, WRITE busy =   *)
(* POLLOUT not ready (RW busy is either); the sync_files just exported.    *)
PollProbeSaw(n, readBusy, writeBusy) ==
    /\ step = n + 1 => PollSaw(readBusy)
    /\ step = n + 3 => PollSaw(writeBusy)

ProbeSaw(n, readBusy, writeBusy) ==
    /\ PollProbeSaw(n, readBusy, writeBusy)
    /\ step = n + 5 => SyncFileBusy(Len(syncFiles)) = readBusy
    /\ step = n + 6 => SyncFileBusy(Len(syncFiles)) = writeBusy

\* A writer flag for VgemFenceAttach / IMPORT_SYNC_FILE.
IsWrite(flags) == flags /= SYNC_READ

\* Mutant used by several scenarios: dma_resv_usage_rw swapped, so a new
\* writer waits only for writers and a new reader for readers and writers.
SwappedUsageRw(write) == IF write THEN WRITE ELSE READ

\* Mutant: dma_buf_poll that reports a direction ready whenever no callback
\* is armed, without looking for pending fences (so it never arms one).  A
\* scenario that evaluated DmaBufPollReady instead of running the poll step
\* would not notice.
PollIgnoringFences(p, r, d) ==
    /\ \/ pc[p] = "idle"
       \/ pc[p] = "poll_woken" /\ resvOf[p] = r /\ query[p] = PollUsage(d)
    /\ holder[r] = NoProc
    /\ resvOf' = [resvOf EXCEPT ![p] = r]
    /\ query' = [query EXCEPT ![p] = PollUsage(d)]
    /\ IF pollCb[r][d] /= NoFence
       THEN /\ pc' = [pc EXCEPT ![p] = "poll_wait"]
            /\ UNCHANGED <<pollCb, mustWait>>
       ELSE /\ pc' = [pc EXCEPT ![p] = "polled"]
            /\ mustWait' = [mustWait EXCEPT ![p] = ImplicitSyncDeps(r, PollUsage(d))]
            /\ UNCHANGED pollCb
    /\ UNCHANGED <<signalled, holder, table, maxFences, credits, everAdded, syncFiles>>

\* Mutant: sync_files that re-read the reservation object (no snapshot).
LiveSyncFileFences(i) == UnsignalledFor(syncFiles[i].resv, syncFiles[i].usage)
=============================================================================
