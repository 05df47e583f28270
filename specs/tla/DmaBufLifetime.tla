---------------------------- MODULE DmaBufLifetime ----------------------------
(***************************************************************************)
(* Lifetimes and error paths around one dma-buf and the fence in its       *)
(* reservation object (drivers/dma-buf/dma-buf.c, dma-fence.c,             *)
(* dma-resv.c, sw_sync.c): reference counts, the release paths, callbacks  *)
(* still armed when an owner goes away, the attach error path that unpins  *)
(* (<= 6.14) and interrupted waits.  Rules R9, R18, F9, F11 of             *)
(* docs/rules.md; historical bugs B1, B3, B5, B16, B23.                    *)
(*                                                                         *)
(* Objects.  The dma_buf's reference count is the count of its struct file *)
(* (get_dma_buf = get_file, dma_buf_put = fput, dma_buf_get(fd) = fget).  *)
(* When it drops to 0 the file is released (dma_buf_file_release: the      *)
(* buffer leaves the global list that debugfs bufinfo and the BPF iterator *)
(* walk) and the file puts its dentry.  The dma_buf itself is freed when   *)
(* the dentry goes (dma_buf_release is the dentry's d_release since        *)
(* 4ab59c3c638c), which can be later than the file: /proc/<pid>/fd        *)
(* readlink holds a path reference to the dentry without a file reference. *)
(* dma_buf_release checks the buffer is idle (R18), calls the exporter's   *)
(* release and, through dma_resv_fini, drops the reservation object's      *)
(* reference to its fences.                                                *)
(*                                                                         *)
(* The fence is the KERNEL-usage fence of the buffer's reservation object  *)
(* (an exporter's move or clear).  Its refcount is a kref; whoever         *)
(* dereferences it holds a reference (F9): the producer, the reservation   *)
(* object, a poll callback armed on it, a thread in dma_fence_wait, and    *)
(* the signaller while it runs the callbacks.  Its release op may take     *)
(* the fence's own lock: sw_sync's timeline_fence_release takes the        *)
(* timeline lock, which is fence->lock (constant ReleaseTakesFenceLock).   *)
(*                                                                         *)
(* Actors.  The owner of the exporting fd (closes it once); importers      *)
(* (dma_buf_get, static attach of a dynamic exporter, map, detach, put);   *)
(* one poller (poll() on the fd arms cb_in on the fence); threads in an    *)
(* interruptible dma_fence_wait (Waiters); /proc readers (Readers); the    *)
(* fence producer, which signals the fence and drops its reference.        *)
(*                                                                         *)
(* NOTE (what is abstracted).  The reservation lock is DmaBufAttach's      *)
(* concern: each importer step here is one critical section.  The waits   *)
(* of dma_resv_wait_timeout inside attach and map are predicates on the    *)
(* fence (signalled, or the wait is interrupted); the waiters of Waiters   *)
(* show the callback that such a wait puts on the fence.  Callback order   *)
(* is DmaFence's concern, so each callback is a state, not a list entry.  *)
(*                                                                         *)
(* NOTE (no TLC-only constructs): no CHOOSE, recursion, Seq(S) or TLC      *)
(* operators; the Apalache wrapper is APDmaBufLifetime.tla.                *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS
    Importers,              \* importing drivers, each with one attachment at most
    Waiters,                \* threads in dma_fence_wait(fence, intr = true)
    Readers,                \* threads reading the link of /proc/<pid>/fd/N
    Kernel,                 \* "6.2" (6.2-6.14: pin and map at attach) or "6.15" (6.15+: pin per map)
    ReleaseTakesFenceLock   \* the fence's release op takes fence->lock (sw_sync)

ImporterStates == {"idle", "ref", "attaching", "attached", "mapping", "mapped", "detached", "done"}
WaiterStates == {"idle", "sleeping", "done"}
ReaderStates == {"idle", "path", "done"}
\* a dma_fence_cb: not on the fence, on cb_list, taken by the signaller, or run
CbStates == {"none", "armed", "taken", "ran"}

VARIABLES
    fdOpen,        \* the exporter's fd (dma_buf_fd) is installed
    fileRefs,      \* file_count(dmabuf->file)
    fileLive,      \* the struct file is not yet released
    dentryRefs,    \* path references to the dentry besides the file's own
    bufLive,       \* struct dma_buf not yet freed by dma_buf_release
    onList,        \* dmabuf->list_node is on the global buffer list
    attachments,   \* dmabuf->attachments
    pins,          \* the exporter's pin count (the core does not count: ops->pin does)
    ipc,           \* [Importers -> ImporterStates]
    icb,           \* [Importers -> CbStates]: a callback the importer keeps in its attachment's data
    pollCb,        \* dmabuf->cb_in: CbStates minus "ran" (it is disarmed when it runs)
    fenceRefs,     \* kref of the fence
    fenceLive,     \* the fence is not yet freed
    signalled,     \* DMA_FENCE_FLAG_SIGNALED_BIT
    lockHeld,      \* the signaller holds fence->lock and runs the taken callbacks
    producerRef,   \* the producer still holds its reference
    resvRef,       \* the reservation object's table still holds the fence
    wpc,           \* [Waiters -> WaiterStates]
    wcb,           \* [Waiters -> CbStates]: the on-stack callback of dma_fence_default_wait
    rpc,           \* [Readers -> ReaderStates]
    releasedUnderLock  \* a release that takes fence->lock ran inside the signaller's callback loop

bufVars == <<fdOpen, fileRefs, fileLive, dentryRefs, bufLive, onList>>
impVars == <<attachments, pins, ipc, icb>>
fenceVars == <<fenceRefs, fenceLive, signalled, lockHeld, producerRef, resvRef, releasedUnderLock>>
vars == <<bufVars, impVars, pollCb, fenceVars, wpc, wcb, rpc>>

-----------------------------------------------------------------------------
(* Derived state.                                                          *)

\* the importer holds a file reference (dma_buf_get until dma_buf_put)
HoldsRef(i) == ipc[i] \in {"ref", "attaching", "attached", "mapping", "mapped", "detached"}

(* R9: the core pinned the buffer for this static importer of a dynamic    *)
(* exporter: <= 6.14 from attach to detach (the mapping cached at attach), *)
(* 6.15+ around each mapping (dma_buf_pin_on_map).                         *)
Pinned(i) ==
    IF Kernel = "6.2" THEN ipc[i] \in {"attaching", "attached"}
                      ELSE ipc[i] \in {"mapping", "mapped"}

Sleeping == {w \in Waiters : wpc[w] = "sleeping"}

\* importers whose callback is on cb_list or taken by the signaller
ArmedImporters == {i \in Importers : icb[i] \in {"armed", "taken"}}

\* who dereferences the fence and so must hold a reference to it (F9)
FenceHolders ==
    (IF producerRef THEN 1 ELSE 0)
    + (IF resvRef THEN 1 ELSE 0)              \* the reservation object's table
    + (IF pollCb # "none" THEN 1 ELSE 0)      \* dma_buf_poll_add_cb's reference
    + Cardinality(ArmedImporters)
    + Cardinality(Sleeping)
    + (IF lockHeld THEN 1 ELSE 0)             \* the signaller's own (sw_sync since B16's fix)

\* who may fput the file later
FileHolders ==
    (IF fdOpen THEN 1 ELSE 0)
    + Cardinality({i \in Importers : HoldsRef(i)})
    + (IF pollCb # "none" THEN 1 ELSE 0)      \* get_file in dma_buf_poll (B5's fix)

-----------------------------------------------------------------------------
TypeOK ==
    /\ fdOpen \in BOOLEAN
    /\ fileRefs \in Nat
    /\ fileLive \in BOOLEAN
    /\ dentryRefs \in Nat
    /\ bufLive \in BOOLEAN
    /\ onList \in BOOLEAN
    /\ attachments \subseteq Importers
    /\ pins \in Int
    /\ ipc \in [Importers -> ImporterStates]
    /\ icb \in [Importers -> CbStates]
    /\ pollCb \in {"none", "armed", "taken"}
    /\ fenceRefs \in Int
    /\ fenceLive \in BOOLEAN
    /\ signalled \in BOOLEAN
    /\ lockHeld \in BOOLEAN
    /\ producerRef \in BOOLEAN
    /\ resvRef \in BOOLEAN
    /\ wpc \in [Waiters -> WaiterStates]
    /\ wcb \in [Waiters -> CbStates]
    /\ rpc \in [Readers -> ReaderStates]
    /\ releasedUnderLock \in BOOLEAN

(* dma_buf_export + dma_buf_fd: one file reference, owned by the fd; the   *)
(* buffer is on the global list.  The fence was added to the reservation   *)
(* object (which took a reference) and the producer keeps its own.         *)
Init ==
    /\ fdOpen = TRUE
    /\ fileRefs = 1
    /\ fileLive = TRUE
    /\ dentryRefs = 0
    /\ bufLive = TRUE
    /\ onList = TRUE
    /\ attachments = {}
    /\ pins = 0
    /\ ipc = [i \in Importers |-> "idle"]
    /\ icb = [i \in Importers |-> "none"]
    /\ pollCb = "none"
    /\ fenceRefs = 2
    /\ fenceLive = TRUE
    /\ signalled = FALSE
    /\ lockHeld = FALSE
    /\ producerRef = TRUE
    /\ resvRef = TRUE
    /\ wpc = [w \in Waiters |-> "idle"]
    /\ wcb = [w \in Waiters |-> "none"]
    /\ rpc = [r \in Readers |-> "idle"]
    /\ releasedUnderLock = FALSE

-----------------------------------------------------------------------------
(* dma_fence_put(): drop one reference; the last one runs the release op   *)
(* (dma_fence_release, and for sw_sync timeline_fence_release, which takes *)
(* the timeline lock = fence->lock).  underLock says the put runs inside   *)
(* the signaller's callback loop, with fence->lock held: a release taking  *)
(* that lock there spins on a lock its own CPU holds (B16).                *)
PutFence(underLock) ==
    /\ fenceRefs' = fenceRefs - 1
    /\ fenceLive' = (fenceRefs > 1)
    /\ releasedUnderLock' = (releasedUnderLock \/ (fenceRefs = 1 /\ underLock /\ ReleaseTakesFenceLock))

-----------------------------------------------------------------------------
(* Buffer references and release.                                          *)

(* close() of the exporter's fd drops the reference dma_buf_fd installed.  *)
CloseFd ==
    /\ fdOpen
    /\ fdOpen' = FALSE
    /\ fileRefs' = fileRefs - 1
    /\ UNCHANGED <<fileLive, dentryRefs, bufLive, onList, impVars, pollCb, fenceVars, wpc, wcb, rpc>>

(* dma_buf_get(fd): fget on the open fd takes a file reference.            *)
DmaBufGet(i) ==
    /\ ipc[i] = "idle"
    /\ fdOpen
    /\ fileRefs' = fileRefs + 1
    /\ ipc' = [ipc EXCEPT ![i] = "ref"]
    /\ UNCHANGED <<fdOpen, fileLive, dentryRefs, bufLive, onList, attachments, pins, icb, pollCb, fenceVars, wpc, wcb, rpc>>

(* dma_buf_put(): fput.  An importer puts only after dma_buf_detach (the   *)
(* order of drm_prime_gem_destroy: unmap, detach, put); the last put lets  *)
(* DmaBufFileRelease run.                                                  *)
DmaBufPut(i) ==
    /\ ipc[i] \in {"ref", "detached"}
    /\ fileRefs' = fileRefs - 1
    /\ ipc' = [ipc EXCEPT ![i] = "done"]
    /\ UNCHANGED <<fdOpen, fileLive, dentryRefs, bufLive, onList, attachments, pins, icb, pollCb, fenceVars, wpc, wcb, rpc>>

(* dma_buf_release(), the dentry's d_release (B1's fix), run by the last   *)
(* dput: __fput's when no path reference is left, else the last path_put. *)
(* It BUG()s on an armed poll callback and WARNs on attachments (R18;      *)
(* ReleaseWithNoPollCallback and ReleaseWithNoAttachments are invariants,  *)
(* not guards), calls ops->release and frees the buffer; dma_resv_fini     *)
(* drops the reservation object's fence reference.                         *)
ReleaseBuffer ==
    /\ bufLive' = FALSE
    /\ IF resvRef
         THEN /\ resvRef' = FALSE
              /\ PutFence(FALSE)
         ELSE UNCHANGED <<resvRef, fenceRefs, fenceLive, releasedUnderLock>>

KeepBuffer == UNCHANGED <<bufLive, resvRef, fenceRefs, fenceLive, releasedUnderLock>>

(* __fput() of the last file reference: dma_buf_file_release takes the     *)
(* buffer off the global list (moved there from dma_buf_release by B3's    *)
(* fix); then the file drops its dentry, and with no path reference left   *)
(* the dentry goes and dma_buf_release runs, before the file is freed.    *)
DmaBufFileRelease ==
    /\ fileLive
    /\ fileRefs = 0
    /\ fileLive' = FALSE
    /\ onList' = FALSE
    /\ IF dentryRefs = 0 THEN ReleaseBuffer ELSE KeepBuffer
    /\ UNCHANGED <<fdOpen, fileRefs, dentryRefs, impVars, pollCb, signalled, lockHeld, producerRef, wpc, wcb, rpc>>

(* readlink of /proc/<pid>/fd/N (proc_fd_link): fget the file, path_get    *)
(* its path, fput — the reader now holds the dentry, not the file.         *)
ProcFdLink(r) ==
    /\ rpc[r] = "idle"
    /\ fdOpen
    /\ dentryRefs' = dentryRefs + 1
    /\ rpc' = [rpc EXCEPT ![r] = "path"]
    /\ UNCHANGED <<fdOpen, fileRefs, fileLive, bufLive, onList, impVars, pollCb, fenceVars, wpc, wcb>>

(* d_path calls dmabuffs_dname, which reads dentry->d_fsdata (the dma_buf) *)
(* and its name; then path_put, which releases the dentry (and the buffer) *)
(* if the file is gone.  DnameSeesLiveBuffer: the buffer is alive while   *)
(* the reader holds the path.                                              *)
DmaBufDname(r) ==
    /\ rpc[r] = "path"
    /\ dentryRefs' = dentryRefs - 1
    /\ rpc' = [rpc EXCEPT ![r] = "done"]
    /\ IF dentryRefs = 1 /\ ~fileLive /\ bufLive THEN ReleaseBuffer ELSE KeepBuffer
    /\ UNCHANGED <<fdOpen, fileRefs, fileLive, onList, impVars, pollCb, signalled, lockHeld, producerRef, wpc, wcb>>

-----------------------------------------------------------------------------
(* Attachments, pins and the interrupted fence waits in attach and map.    *)

(* dma_buf_attach() of a static importer to a dynamic exporter: the        *)
(* attachment goes on dmabuf->attachments.  <= 6.14 the importer kinds     *)
(* mismatch, so under the resv the core pins (ops->pin), maps              *)
(* DMA_BIDIRECTIONAL and, the importer being static, waits for the KERNEL  *)
(* fences interruptibly (R6, R9): "attaching".  6.15+ attach does neither. *)
DmaBufAttach(i) ==
    /\ ipc[i] = "ref"
    /\ attachments' = attachments \cup {i}
    /\ IF Kernel = "6.2"
         THEN /\ pins' = pins + 1
              /\ ipc' = [ipc EXCEPT ![i] = "attaching"]
         ELSE /\ pins' = pins
              /\ ipc' = [ipc EXCEPT ![i] = "attached"]
    /\ UNCHANGED <<bufVars, icb, pollCb, fenceVars, wpc, wcb, rpc>>

(* <= 6.14: the KERNEL fence signalled, the mapping is cached in           *)
(* attach->sgt and dma_buf_attach returns the attachment.                  *)
AttachWaitDone(i) ==
    /\ ipc[i] = "attaching"
    /\ signalled
    /\ ipc' = [ipc EXCEPT ![i] = "attached"]
    /\ UNCHANGED <<bufVars, attachments, pins, icb, pollCb, fenceVars, wpc, wcb, rpc>>

(* <= 6.14: a signal arrives while __map_dma_buf sleeps in                 *)
(* dma_resv_wait_timeout: -ERESTARTSYS.  The error path unmaps the table,  *)
(* calls ops->unpin (err_unpin), unlocks and calls dma_buf_detach, and     *)
(* dma_buf_attach returns the error; the importer still holds its          *)
(* reference.                                                              *)
AttachWaitInterrupted(i) ==
    /\ ipc[i] = "attaching"
    /\ ~signalled
    /\ attachments' = attachments \ {i}
    /\ pins' = pins - 1
    /\ ipc' = [ipc EXCEPT ![i] = "detached"]
    /\ UNCHANGED <<bufVars, icb, pollCb, fenceVars, wpc, wcb, rpc>>

(* 6.15+ dma_buf_map_attachment() of the static importer:                  *)
(* dma_buf_pin_on_map pins, ops->map_dma_buf maps, then the interruptible  *)
(* KERNEL-fence wait (R6, R9).                                             *)
DmaBufMapAttachment(i) ==
    /\ Kernel = "6.15"
    /\ ipc[i] = "attached"
    /\ pins' = pins + 1
    /\ ipc' = [ipc EXCEPT ![i] = "mapping"]
    /\ UNCHANGED <<bufVars, attachments, icb, pollCb, fenceVars, wpc, wcb, rpc>>

MapWaitDone(i) ==
    /\ ipc[i] = "mapping"
    /\ signalled
    /\ ipc' = [ipc EXCEPT ![i] = "mapped"]
    /\ UNCHANGED <<bufVars, attachments, pins, icb, pollCb, fenceVars, wpc, wcb, rpc>>

(* 6.15+: the wait returns -ERESTARTSYS; dma_buf_map_attachment unmaps and *)
(* unpins before returning it, and the attachment stays.                   *)
MapWaitInterrupted(i) ==
    /\ ipc[i] = "mapping"
    /\ ~signalled
    /\ pins' = pins - 1
    /\ ipc' = [ipc EXCEPT ![i] = "attached"]
    /\ UNCHANGED <<bufVars, attachments, icb, pollCb, fenceVars, wpc, wcb, rpc>>

(* 6.15+ dma_buf_unmap_attachment(): ops->unmap_dma_buf, then ops->unpin.  *)
DmaBufUnmapAttachment(i) ==
    /\ ipc[i] = "mapped"
    /\ pins' = pins - 1
    /\ ipc' = [ipc EXCEPT ![i] = "attached"]
    /\ UNCHANGED <<bufVars, attachments, icb, pollCb, fenceVars, wpc, wcb, rpc>>

(* dma_buf_detach(): off the attachment list under the resv; <= 6.14 it    *)
(* first unmaps the cached table and unpins (R11); 6.15+ the importer has  *)
(* unmapped already (R12).  The importer's teardown has removed its fence  *)
(* callback (ImporterRemoveCallback) or seen it run: the callback lives in *)
(* memory freed with the attachment.                                       *)
DmaBufDetach(i) ==
    /\ ipc[i] = "attached"
    /\ icb[i] \in {"none", "ran"}
    /\ attachments' = attachments \ {i}
    /\ pins' = IF Kernel = "6.2" THEN pins - 1 ELSE pins
    /\ ipc' = [ipc EXCEPT ![i] = "detached"]
    /\ UNCHANGED <<bufVars, icb, pollCb, fenceVars, wpc, wcb, rpc>>

(* An attached importer waits for the fence asynchronously (to start work  *)
(* once the exporter's move or clear is done): dma_fence_get, then         *)
(* dma_fence_add_callback with a dma_fence_cb in its attachment's private  *)
(* data; the callback drops the reference (F9).  On a signalled fence      *)
(* add_callback returns -ENOENT and the importer puts at once (a stutter). *)
ImporterAddCallback(i) ==
    /\ ipc[i] = "attached"
    /\ icb[i] = "none"
    /\ ~signalled
    /\ ~lockHeld
    /\ icb' = [icb EXCEPT ![i] = "armed"]
    /\ fenceRefs' = fenceRefs + 1
    /\ UNCHANGED <<bufVars, attachments, pins, ipc, pollCb, fenceLive, signalled, lockHeld, producerRef,
                   resvRef, releasedUnderLock, wpc, wcb, rpc>>

(* Teardown before detach: dma_fence_remove_callback unlinks a callback    *)
(* still on cb_list (returns true) and the importer drops the reference    *)
(* the callback would have dropped.                                        *)
ImporterRemoveCallback(i) ==
    /\ icb[i] = "armed"
    /\ ~lockHeld
    /\ icb' = [icb EXCEPT ![i] = "none"]
    /\ PutFence(FALSE)
    /\ UNCHANGED <<bufVars, attachments, pins, ipc, pollCb, signalled, lockHeld, producerRef, resvRef, wpc, wcb, rpc>>

(* The signaller runs the importer's callback, which drops its reference   *)
(* with fence->lock held.                                                  *)
ImporterFenceCb(i) ==
    /\ icb[i] = "taken"
    /\ icb' = [icb EXCEPT ![i] = "ran"]
    /\ PutFence(TRUE)
    /\ UNCHANGED <<bufVars, attachments, pins, ipc, pollCb, signalled, lockHeld, producerRef, resvRef, wpc, wcb, rpc>>

-----------------------------------------------------------------------------
(* poll() on the fd and its fence callback (U3, B5, B23).                  *)

(* dma_buf_poll(): the syscall holds the file through the fd.  With cb_in  *)
(* not active and the fence unsignalled it arms cb_in and takes a file     *)
(* reference for the callback (get_file, B5's fix); dma_buf_poll_add_cb    *)
(* takes a fence reference, and dma_fence_add_callback returns 0, so the   *)
(* reference now belongs to the callback (F9; on -ENOENT the caller would  *)
(* put it at once, a net stutter left out).  add_callback takes            *)
(* fence->lock.                                                            *)
DmaBufPoll ==
    /\ fdOpen
    /\ pollCb = "none"
    /\ ~signalled
    /\ ~lockHeld
    /\ pollCb' = "armed"
    /\ fileRefs' = fileRefs + 1
    /\ fenceRefs' = fenceRefs + 1
    /\ UNCHANGED <<fdOpen, fileLive, dentryRefs, bufLive, onList, impVars,
                   fenceLive, signalled, lockHeld, producerRef, resvRef, releasedUnderLock, wpc, wcb, rpc>>

(* dma_buf_poll_cb(), run by the signaller with fence->lock held: wake the *)
(* poll queue, clear active, dma_fence_put(fence) and fput(dmabuf->file)   *)
(* (an fput from atomic context defers __fput, so the file release is a   *)
(* later step).                                                            *)
DmaBufPollCb ==
    /\ pollCb = "taken"
    /\ pollCb' = "none"
    /\ fileRefs' = fileRefs - 1
    /\ PutFence(TRUE)
    /\ UNCHANGED <<fdOpen, fileLive, dentryRefs, bufLive, onList, impVars,
                   signalled, lockHeld, producerRef, resvRef, wpc, wcb, rpc>>

-----------------------------------------------------------------------------
(* The fence: waiters, signal, callbacks, references.                      *)

(* dma_fence_wait(fence, true) by a thread that took a reference (F9, e.g. *)
(* dma_fence_get_rcu_safe on the resv's table): dma_fence_default_wait     *)
(* puts a callback on its own stack onto cb_list and sleeps.               *)
DmaFenceWait(w) ==
    /\ wpc[w] = "idle"
    /\ bufLive
    /\ fenceLive
    /\ ~signalled
    /\ ~lockHeld
    /\ fenceRefs' = fenceRefs + 1
    /\ wpc' = [wpc EXCEPT ![w] = "sleeping"]
    /\ wcb' = [wcb EXCEPT ![w] = "armed"]
    /\ UNCHANGED <<bufVars, impVars, pollCb, fenceLive, signalled, lockHeld, producerRef, resvRef, releasedUnderLock, rpc>>

(* The waiter's callback ran (it woke the thread); the wait returns 0 and  *)
(* the thread drops its reference.                                         *)
DmaFenceWaitWake(w) ==
    /\ wpc[w] = "sleeping"
    /\ wcb[w] = "ran"
    /\ ~lockHeld
    /\ wpc' = [wpc EXCEPT ![w] = "done"]
    /\ PutFence(FALSE)
    /\ UNCHANGED <<bufVars, impVars, pollCb, signalled, lockHeld, producerRef, resvRef, wcb, rpc>>

(* A signal is pending: dma_fence_default_wait takes fence->lock, unlinks  *)
(* its on-stack callback (list_del) and returns -ERESTARTSYS; the thread   *)
(* drops its reference and its stack frame is gone.                        *)
DmaFenceWaitInterrupted(w) ==
    /\ wpc[w] = "sleeping"
    /\ wcb[w] = "armed"
    /\ ~lockHeld
    /\ wpc' = [wpc EXCEPT ![w] = "done"]
    /\ wcb' = [wcb EXCEPT ![w] = "none"]
    /\ PutFence(FALSE)
    /\ UNCHANGED <<bufVars, impVars, pollCb, signalled, lockHeld, producerRef, resvRef, rpc>>

(* dma_fence_signal() by the producer's timeline (sw_sync_timeline_signal, *)
(* a driver's interrupt handler), which reaches the fence through its own  *)
(* list, not through a reference: the release op unlinks it, so only a    *)
(* live fence is signalled.  It takes its own reference first (sw_sync     *)
(* since B16's fix), then fence->lock, sets SIGNALED and takes cb_list.    *)
DmaFenceSignal ==
    /\ fenceLive
    /\ ~signalled
    /\ ~lockHeld
    /\ signalled' = TRUE
    /\ lockHeld' = TRUE
    /\ fenceRefs' = fenceRefs + 1
    /\ pollCb' = IF pollCb = "armed" THEN "taken" ELSE pollCb
    /\ wcb' = [w \in Waiters |-> IF wcb[w] = "armed" THEN "taken" ELSE wcb[w]]
    /\ icb' = [i \in Importers |-> IF icb[i] = "armed" THEN "taken" ELSE icb[i]]
    /\ UNCHANGED <<bufVars, attachments, pins, ipc, fenceLive, producerRef, resvRef, releasedUnderLock, wpc, rpc>>

(* The callback loop: default_wait's callback wakes its thread.            *)
DmaFenceWaitCb(w) ==
    /\ wcb[w] = "taken"
    /\ wcb' = [wcb EXCEPT ![w] = "ran"]
    /\ UNCHANGED <<bufVars, impVars, pollCb, fenceVars, wpc, rpc>>

(* The loop is done: drop fence->lock, then the signaller's reference.     *)
DmaFenceSignalDone ==
    /\ lockHeld
    /\ pollCb # "taken"
    /\ \A w \in Waiters : wcb[w] # "taken"
    /\ \A i \in Importers : icb[i] # "taken"
    /\ lockHeld' = FALSE
    /\ PutFence(FALSE)
    /\ UNCHANGED <<bufVars, impVars, pollCb, signalled, producerRef, resvRef, wpc, wcb, rpc>>

(* A signalled fence leaves the reservation object, which drops its       *)
(* reference: dma_resv_add_fence reusing the signalled entry's slot, or    *)
(* dma_resv_reserve_fences leaving signalled fences out of a new table.   *)
(* This can run on another CPU while the signaller's callback loop runs.  *)
DmaResvDropSignalled ==
    /\ resvRef
    /\ signalled
    /\ resvRef' = FALSE
    /\ PutFence(FALSE)
    /\ UNCHANGED <<bufVars, impVars, pollCb, signalled, lockHeld, producerRef, wpc, wcb, rpc>>

(* The producer drops its reference, before or after signalling.           *)
ProducerPut ==
    /\ producerRef
    /\ producerRef' = FALSE
    /\ PutFence(FALSE)
    /\ UNCHANGED <<bufVars, impVars, pollCb, signalled, lockHeld, resvRef, wpc, wcb, rpc>>

Next ==
    \/ CloseFd \/ DmaBufFileRelease
    \/ DmaBufPoll \/ DmaBufPollCb
    \/ DmaFenceSignal \/ DmaFenceSignalDone \/ ProducerPut \/ DmaResvDropSignalled
    \/ \E i \in Importers :
          \/ DmaBufGet(i) \/ DmaBufPut(i) \/ DmaBufAttach(i) \/ DmaBufDetach(i)
          \/ AttachWaitDone(i) \/ AttachWaitInterrupted(i)
          \/ DmaBufMapAttachment(i) \/ MapWaitDone(i) \/ MapWaitInterrupted(i)
          \/ DmaBufUnmapAttachment(i)
          \/ ImporterAddCallback(i) \/ ImporterRemoveCallback(i) \/ ImporterFenceCb(i)
    \/ \E w \in Waiters :
          DmaFenceWait(w) \/ DmaFenceWaitWake(w) \/ DmaFenceWaitInterrupted(w) \/ DmaFenceWaitCb(w)
    \/ \E r \in Readers : ProcFdLink(r) \/ DmaBufDname(r)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Safety.                                                                 *)

(* Reference counts are exact: the file count is the fd plus every         *)
(* importer between dma_buf_get and dma_buf_put plus an armed poll         *)
(* callback (B5's get_file).                                               *)
FileRefcountExact == fileLive => fileRefs = FileHolders

(* F9: the fence's kref counts exactly those who will dma_fence_put it:    *)
(* producer, reservation object, armed poll callback (B23), armed         *)
(* importer callbacks, sleeping waiters, the signaller inside its loop     *)
(* (B16's fix).                                                            *)
FenceRefcountExact == fenceLive => fenceRefs = FenceHolders

(* B1: a /proc reader holding the path reads dentry->d_fsdata, the         *)
(* dma_buf; it must not have been freed.                                   *)
DnameSeesLiveBuffer == \A r \in Readers : rpc[r] = "path" => bufLive

(* B3: debugfs bufinfo (dma_buf_debug_show) and the BPF iterator walk the  *)
(* global list under its mutex and read buf->file (file_inode for the      *)
(* inode number): a buffer on the list has a live file.                    *)
ListedBufferHasLiveFile == onList => (fileLive /\ bufLive)

(* An importer between dma_buf_get and dma_buf_put dereferences a live     *)
(* buffer and file.                                                        *)
ImporterSeesLiveBuffer == \A i \in Importers : HoldsRef(i) => (fileLive /\ bufLive)

(* F9: whoever holds a fence pointer (the reservation object of a live     *)
(* buffer, an armed poll callback, a sleeping waiter, the signaller) sees  *)
(* a live fence.                                                           *)
NoFenceUseAfterFree == FenceHolders > 0 => fenceLive

NoUseAfterFree ==
    /\ DnameSeesLiveBuffer
    /\ ListedBufferHasLiveFile
    /\ ImporterSeesLiveBuffer
    /\ NoFenceUseAfterFree

(* F11: a fence is not freed while a callback is on its cb_list or taken   *)
(* by the signaller.                                                       *)
NoCallbackOnFreedFence ==
    ~fenceLive => (/\ pollCb = "none"
                   /\ \A w \in Waiters : wcb[w] \in {"none", "ran"}
                   /\ ArmedImporters = {})

(* A callback's own memory is alive while the fence may still call it:     *)
(* cb_in is embedded in the dma_buf (B5), an importer's callback in its    *)
(* attachment, default_wait's callback on the waiting thread's stack.     *)
NoCallbackOnFreedOwner ==
    /\ pollCb # "none" => bufLive
    /\ \A i \in ArmedImporters : i \in attachments
    /\ \A w \in Waiters : wcb[w] \in {"armed", "taken"} => wpc[w] = "sleeping"

(* R18: dma_buf_release BUG()s on an armed poll callback...                *)
ReleaseWithNoPollCallback == ~bufLive => pollCb = "none"

(* ...and WARNs on attachments left on the list.                           *)
ReleaseWithNoAttachments == ~bufLive => attachments = {}

(* R9: the exporter's pin count is the number of attachments the core      *)
(* pinned; an error path that returns without ops->unpin leaves the        *)
(* buffer pinned for good (the exporter can never move it again).          *)
PinCountMatchesPinners == pins = Cardinality({i \in Importers : Pinned(i)})

(* B16: a fence release that takes fence->lock never runs inside the      *)
(* callback loop that holds it (it would spin forever on its own lock).   *)
NoReleaseUnderFenceLock == ~releasedUnderLock

\* The state invariants together.
SafetyInvariant ==
    /\ TypeOK
    /\ FileRefcountExact
    /\ FenceRefcountExact
    /\ NoUseAfterFree
    /\ NoCallbackOnFreedFence
    /\ NoCallbackOnFreedOwner
    /\ ReleaseWithNoPollCallback
    /\ ReleaseWithNoAttachments
    /\ PinCountMatchesPinners
    /\ NoReleaseUnderFenceLock

-----------------------------------------------------------------------------
(* Inductive strengthening (MCDmaBufLifetime_Ind checks IndInv /\ Next =>  *)
(* IndInv' from every IndInv state of a bounded domain; the passing models *)
(* check Init => IndInv).  Each conjunct is a fact of the release order    *)
(* that the safety invariants rely on without stating it.                  *)

(* A released file has no reference left and no holder (the last fput ran *)
(* __fput, nobody fgets a dead file), and it is off the global list        *)
(* exactly from then on (dma_buf_file_release).                           *)
FileGone == ~fileLive => (fileRefs = 0 /\ FileHolders = 0)
OnListWhileFileLive == onList = fileLive

(* dma_buf_release runs at the dentry's release, which is the file's or   *)
(* a later path_put: the buffer outlives its file, and a buffer whose file *)
(* is gone is still alive only while a /proc reader holds its path.        *)
DentryRefsExact == dentryRefs = Cardinality({r \in Readers : rpc[r] = "path"})
BufferOutlivesFile == fileLive => bufLive
BufferHeldOnlyByPaths == (bufLive /\ ~fileLive) => dentryRefs > 0

(* The reservation object's table lets go of the fence only once it      *)
(* signalled (its slot reused) or at release (dma_resv_fini).              *)
ResvTableHoldsFence ==
    /\ resvRef => bufLive
    /\ (bufLive /\ ~resvRef) => signalled

(* A freed fence has no reference left.                                    *)
FenceGone == ~fenceLive => fenceRefs = 0

(* dmabuf->attachments lists exactly the importers between attach and      *)
(* detach; the kernel version decides which of the pinned states occur.    *)
AttachmentsExact ==
    attachments = {i \in Importers : ipc[i] \in {"attaching", "attached", "mapping", "mapped"}}
KernelStates ==
    \A i \in Importers : IF Kernel = "6.2" THEN ipc[i] \notin {"mapping", "mapped"}
                                           ELSE ipc[i] # "attaching"

(* Callbacks: an armed one is on cb_list of an unsignalled fence (add      *)
(* callback fails on a signalled one); a taken one is in the loop of the   *)
(* signaller, who holds fence->lock after setting SIGNALED; one that ran   *)
(* ran after the signal; an importer's callback is added once attach      *)
(* returned; a waiter's callback is armed from its wait on.                *)
CallbackStatesConsistent ==
    /\ lockHeld => signalled
    /\ pollCb = "armed" => ~signalled
    /\ pollCb = "taken" => lockHeld
    /\ \A i \in Importers : /\ icb[i] # "none" => ipc[i] \notin {"idle", "ref", "attaching"}
                            /\ icb[i] = "armed" => ~signalled
                            /\ icb[i] = "taken" => lockHeld
                            /\ icb[i] = "ran" => signalled
    /\ \A w \in Waiters : /\ wcb[w] = "armed" => ~signalled
                          /\ wcb[w] = "taken" => lockHeld
                          /\ wcb[w] = "ran" => signalled
                          /\ wpc[w] = "idle" => wcb[w] = "none"
                          /\ wpc[w] = "sleeping" => wcb[w] # "none"

IndInv ==
    /\ SafetyInvariant
    /\ FileGone
    /\ OnListWhileFileLive
    /\ DentryRefsExact
    /\ BufferOutlivesFile
    /\ BufferHeldOnlyByPaths
    /\ ResvTableHoldsFence
    /\ FenceGone
    /\ AttachmentsExact
    /\ KernelStates
    /\ CallbackStatesConsistent

-----------------------------------------------------------------------------
(* Liveness: nothing leaks.  Each holds only under the fairness its model  *)
(* adds (MCDmaBufLifetime!Fairness): F1 (the fence signals), the           *)
(* signaller finishes its callback loop, the deferred __fput runs, and     *)
(* runnable threads run (a woken waiter returns, a /proc reader finishes   *)
(* its readlink).  Interrupts are not assumed: a signal may never come.    *)

(* Once userspace closed the fd and every importer let go (dma_buf_put     *)
(* after detach) or never took a reference, the kernel's own holders (the  *)
(* armed poll callback, a /proc path) drop theirs and dma_buf_release      *)
(* runs: the buffer does not leak.                                         *)
ReleasedOnceUnused ==
    (~fdOpen /\ \A i \in Importers : ipc[i] \in {"idle", "done"}) ~> ~bufLive

(* Once the buffer is released and the producer dropped its reference,     *)
(* the fence is freed: sleeping waiters wake, the signaller drops its      *)
(* reference after its loop (F9, F1).                                      *)
FenceReleased == (~bufLive /\ ~producerRef) ~> ~fenceLive

(* Every thread in dma_fence_wait returns (F1, or a signal interrupts it). *)
WaitersReturn == \A w \in Waiters : wpc[w] = "sleeping" ~> wpc[w] = "done"

=============================================================================
