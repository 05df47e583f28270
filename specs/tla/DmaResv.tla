------------------------------- MODULE DmaResv -------------------------------
(***************************************************************************)
(* Fences in a reservation object (struct dma_resv) and implicit          *)
(* synchronisation, as seen by drivers and by userspace.                   *)
(*                                                                         *)
(* Sources: drivers/dma-buf/dma-resv.c, include/linux/dma-resv.h,          *)
(* drivers/dma-buf/dma-buf.c (dma_buf_poll, dma_buf_begin_cpu_access,      *)
(* DMA_BUF_IOCTL_EXPORT/IMPORT_SYNC_FILE), drivers/gpu/drm/vgem/          *)
(* vgem_fence.c.  Rule numbers (F.., U.., B..) are those of                *)
(* docs/rules.md.                                                          *)
(*                                                                         *)
(* A reservation object holds a table of (fence, usage) entries, usage     *)
(* KERNEL(0) < WRITE(1) < READ(2) < BOOKKEEP(3); a query for usage U sees  *)
(* every entry with usage <= U.  Slots are reserved under the lock with    *)
(* dma_resv_reserve_fences and consumed by dma_resv_add_fence, which       *)
(* replaces the first entry that is signalled or that the new fence        *)
(* supersedes (same context, later or same, usage not degraded).           *)
(*                                                                         *)
(* NOTE (fences).  Fences are abstract here: an id with a context and a    *)
(* seqno (constants) and a boolean `signalled`; DmaFenceSignal signals a   *)
(* fence once all earlier fences of its context have signalled (F12:       *)
(* fences of one context are totally ordered).  DmaFence.tla refines this  *)
(* abstraction (DmaFence!ResvFences maps its SIGNALED bit onto             *)
(* `signalled`, checked by MCDmaFence); this module does not depend on it. *)
(*                                                                         *)
(* NOTE (lock).  The reservation lock is a ww_mutex of the wait-die class  *)
(* (WwMutex.tla).  Here it is a plain mutex with a holder: every property  *)
(* checked here is about what happens while the lock is held or free, not  *)
(* about how contexts acquire several locks; wait-die only decides which   *)
(* of several contending lockers gets a lock first or backs off, and a     *)
(* backed-off locker holds nothing, so each lock hold below is one that    *)
(* WwMutex.tla can produce.  Both refine the plain mutex ResvMutex.tla     *)
(* (ResvLock at the end of this module, WwMutex!Mutex).                    *)
(*                                                                         *)
(* NOTE (debug kernel).  The model is a CONFIG_DEBUG_MUTEXES kernel:       *)
(* dma_resv_unlock calls dma_resv_reset_max_fences, so a reservation is    *)
(* forgotten at unlock (B13).  Reservations are exact (max_fences becomes  *)
(* num_fences + n); the kernel's rounding up to a power of two and         *)
(* doubling only delay exhaustion, so the exact contract is the stricter   *)
(* check.                                                                  *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
    Resvs,          \* reservation objects (struct dma_resv)
    Procs,          \* tasks that lock, add fences, wait, poll, access by CPU
    Fences,         \* fence ids (struct dma_fence, abstract)
    Context,        \* [Fences -> contexts]: fence->context
    Seqno,          \* [Fences -> Nat]: fence->seqno
    VgemFences,     \* fences vgem creates (each on a fresh context, seqno 1)
    AddUsages,      \* usages drivers pass to dma_resv_add_fence in a model
    MaxReserve,     \* largest n a driver passes to dma_resv_reserve_fences
    MaxSyncFiles,   \* bound on sync_files exported by DMA_BUF_IOCTL_EXPORT_SYNC_FILE
    NoProc,         \* holder of a free lock
    NoFence,        \* poll callback not armed
    NoResv          \* resv of an idle process

VARIABLES
    signalled,      \* [Fences -> BOOLEAN]: DMA_FENCE_FLAG_SIGNALED_BIT
    holder,         \* [Resvs -> Procs \cup {NoProc}]: owner of obj->lock
    table,          \* [Resvs -> Seq([fence, usage])]: obj->fences->table[0..num_fences-1]
    maxFences,      \* [Resvs -> Nat]: obj->fences->max_fences
    pollCb,         \* [Resvs -> [PollDirs -> Fences \cup {NoFence}]]: dmabuf->cb_in / cb_out
    pc,             \* [Procs -> PcStates]
    resvOf,         \* [Procs -> Resvs \cup {NoResv}]: the object a busy process works on
    query,          \* [Procs -> Usages \cup {NoUsage}]: usage of its wait, poll or CPU access
    credits,        \* [Procs -> Nat]: slots the driver reserved in this lock hold
    mustWait,       \* ghost [Procs -> SUBSET Fences]: conflicting fences pending when its wait began
    everAdded,      \* ghost [Resvs -> [Fences -> 0..4]]: strongest usage each fence was added with
    syncFiles       \* Seq([resv, fences, known]): exported sync_files

vars == <<signalled, holder, table, maxFences, pollCb, pc, resvOf, query,
          credits, mustWait, everAdded, syncFiles>>

-----------------------------------------------------------------------------
(* enum dma_resv_usage (include/linux/dma-resv.h); NoUsage = never added.   *)
KERNEL == 0
WRITE == 1
READ == 2
BOOKKEEP == 3
NoUsage == 4
Usages == {KERNEL, WRITE, READ, BOOKKEEP}

(* dma_resv_usage_rw: a new writer waits for READ (readers and writers),   *)
(* a new reader for WRITE (writers only).  BOOKKEEP never takes part.       *)
DmaResvUsageRw(write) == IF write THEN READ ELSE WRITE

(* poll(): EPOLLIN = no pending writer, EPOLLOUT = no pending access (U3). *)
PollDirs == {"in", "out"}
PollUsage(d) == IF d = "in" THEN WRITE ELSE READ
PollDirOf(u) == IF u = WRITE THEN "in" ELSE "out"

(* Where a process is.  The *_wait states are the sleeping ones.           *)
WaitStates == {"cpu_wait", "wait_locked", "poll_wait"}
PcStates == {"idle", "locked", "wait_locked", "cpu_wait", "cpu",
             "poll_wait", "poll_woken", "polled"}

Entry(f, u) == [fence |-> f, usage |-> u]
Entries == [fence : Fences, usage : Usages]

-----------------------------------------------------------------------------
(* Fence predicates (include/linux/dma-fence.h).                           *)
SameContext(f, g) == Context[f] = Context[g]

(* dma_fence_is_later_or_same(f, g): f is g or later on g's context.       *)
IsLaterOrSame(f, g) == SameContext(f, g) /\ Seqno[f] >= Seqno[g]

(* f "covers" g: once f signals, g has signalled (F12 in-order signalling). *)
(* The same formula as IsLaterOrSame, kept apart on purpose: invariants    *)
(* use Covers, so a model that mutates the kernel's IsLaterOrSame (B12)    *)
(* does not change what the invariants mean.                               *)
Covers(f, g) == SameContext(f, g) /\ Seqno[f] >= Seqno[g]

CanSignal(f) ==
    /\ ~signalled[f]
    /\ \A g \in Fences : SameContext(g, f) /\ Seqno[g] < Seqno[f] => signalled[g]

-----------------------------------------------------------------------------
(* Queries on one reservation object.                                      *)

Slots(r) == 1 .. Len(table[r])

(* Unsignalled fences with usage <= u: what dma_resv_iter with usage u     *)
(* yields unlocked (dma_resv_iter_walk_unlocked skips signalled fences).   *)
UnsignalledFor(r, u) ==
    {table[r][i].fence : i \in {j \in Slots(r) : table[r][j].usage <= u
                                                 /\ ~signalled[table[r][j].fence]}}

(* dma_resv_for_each_fence(obj, u) under the lock: every entry, signalled  *)
(* or not, with usage <= u.                                                *)
DmaResvForEachFence(r, u) ==
    {table[r][i] : i \in {j \in Slots(r) : table[r][j].usage <= u}}

(* dma_resv_get_fences(obj, u): the unsignalled fences (st-dma-resv        *)
(* test_get_fences).                                                       *)
DmaResvGetFences(r, u) == UnsignalledFor(r, u)

(* dma_resv_test_signaled(obj, u): no unsignalled fence with usage <= u.   *)
(* B7 broke this for u = READ (the writer fence was skipped when reader    *)
(* fences existed).                                                        *)
DmaResvTestSignaled(r, u) == UnsignalledFor(r, u) = {}

(* The fences an importer waits for before device access: dma_resv_wait_   *)
(* timeout(obj, dma_resv_usage_rw(write)) (R6, F15; B8 ignored the writer  *)
(* fence when reader fences existed).                                      *)
ImporterSyncFences(r, u) == UnsignalledFor(r, u)

(* The fences dma_buf_poll tries dma_fence_add_callback on (B6: the old    *)
(* poll looked only at the reader fences when some existed).              *)
DmaBufPollFences(r, u) == UnsignalledFor(r, u)

(* What a poll() with timeout 0 reports (IGT dmabuf_busy): ready iff the   *)
(* direction's callback is not armed and no fence is pending (U3).         *)
DmaBufPollReady(r, d) ==
    /\ pollCb[r][d] = NoFence
    /\ DmaBufPollFences(r, PollUsage(d)) = {}

(* The implicit-sync dependencies of an access that waits for usage u      *)
(* (u = dma_resv_usage_rw(write)), by the rule (U2, F15), independent of   *)
(* how the code computes them: the ghost ImplicitSyncOrdering checks.     *)
ImplicitSyncDeps(r, u) ==
    {table[r][i].fence : i \in {j \in Slots(r) : table[r][j].usage <= u
                                                 /\ ~signalled[table[r][j].fence]}}

-----------------------------------------------------------------------------
(* dma_resv_add_fence's replacement test for the existing entry `old`      *)
(* when adding fence f with usage u (dma-resv.c, since B11 a3f7c10a269d    *)
(* and B12 95ba893c9f4f):                                                  *)
(*   (old->context == fence->context && old_usage >= usage &&             *)
(*    dma_fence_is_later_or_same(fence, old)) || dma_fence_is_signaled(old) *)
Replaceable(old, f, u) ==
    \/ /\ SameContext(old.fence, f)
       /\ old.usage >= u
       /\ IsLaterOrSame(f, old.fence)
    \/ signalled[old.fence]

(* Index of the first replaceable slot (the linear scan: first match       *)
(* wins); Len(t) + 1 if none.  Counting the leading non-matching slots     *)
(* avoids CHOOSE.                                                          *)
FirstReplaceable(t, f, u) ==
    1 + Cardinality({k \in 1 .. Len(t) : \A j \in 1 .. k : ~Replaceable(t[j], f, u)})

(* The table after dma_resv_add_fence(obj, f, u): replace the first match  *)
(* or append (which needs a reserved slot: BUG_ON(num >= max) otherwise;   *)
(* the model lets the table grow so that SlotAccounting reports it).       *)
(* One atomic step here.  The kernel's loop reads each entry's signalled   *)
(* bit in turn, so an entry that signals behind it is skipped (the fence   *)
(* goes to a later slot or is appended); the trace checker also accepts    *)
(* those outcomes, the model does not generate them.                       *)
TableAfterAdd(t, f, u) ==
    LET i == FirstReplaceable(t, f, u)
    IN  IF i > Len(t) THEN Append(t, Entry(f, u))
                      ELSE [t EXCEPT ![i] = Entry(f, u)]

(* dma_resv_reserve_fences(obj, n): enough room already, or reallocate     *)
(* with max = num + n, dropping the signalled entries.                     *)
PendingEntry(e) == ~signalled[e.fence]
ReserveReallocates(t, m, n) == Len(t) + n > m
ReservedTable(t, m, n) ==
    IF ReserveReallocates(t, m, n) THEN SelectSeq(t, PendingEntry) ELSE t
ReservedMax(t, m, n) ==
    IF ReserveReallocates(t, m, n) THEN Len(t) + n ELSE m

(* dma_resv_unlock -> dma_resv_reset_max_fences (CONFIG_DEBUG_MUTEXES):    *)
(* max_fences = num_fences, so a reservation does not survive unlock (F13). *)
MaxFencesAtUnlock(t, m) == Len(t)

(* everAdded after adding f with usage u (ghost: the strongest usage).     *)
StrongerUsage(a, b) == IF a <= b THEN a ELSE b
NoteAdded(r, f, u) ==
    [everAdded EXCEPT ![r][f] = StrongerUsage(@, u)]

(* Re-adding a fence already present with this usage or a weaker one       *)
(* replaces its own slot, so drivers need no extra reservation for it:     *)
(* "It's valid to add the same fence multiple times to a dma-resv object   *)
(* and we shouldn't need one extra slot for each" (B12 fix).              *)
ReAddNeedsNoSlot(r, f, u) ==
    \E i \in Slots(r) : table[r][i].fence = f /\ table[r][i].usage >= u

-----------------------------------------------------------------------------
Init ==
    /\ signalled = [f \in Fences |-> FALSE]
    /\ holder = [r \in Resvs |-> NoProc]
    /\ table = [r \in Resvs |-> <<>>]
    /\ maxFences = [r \in Resvs |-> 0]
    /\ pollCb = [r \in Resvs |-> [d \in PollDirs |-> NoFence]]
    /\ pc = [p \in Procs |-> "idle"]
    /\ resvOf = [p \in Procs |-> NoResv]
    /\ query = [p \in Procs |-> NoUsage]
    /\ credits = [p \in Procs |-> 0]
    /\ mustWait = [p \in Procs |-> {}]
    /\ everAdded = [r \in Resvs |-> [f \in Fences |-> NoUsage]]
    /\ syncFiles = <<>>

-----------------------------------------------------------------------------
(* dma_fence_signal(f) (F7, F12): signals once, in seqno order on its      *)
(* context, and runs the callbacks: an armed poll callback (cb_in/cb_out)  *)
(* on f is cleared and wakes every poller sleeping on that direction.      *)
(* The signalling path takes no reservation lock (F3): a waiter may hold   *)
(* one (dma_resv_wait_timeout may be called with the lock held).           *)
(* Extra condition of the signalling path: none (F3).  The F3 model makes   *)
(* it take the reservation lock.                                           *)
SignalAllowed(f) == TRUE

DmaFenceSignal(f) ==
    /\ CanSignal(f)
    /\ SignalAllowed(f)
    /\ signalled' = [signalled EXCEPT ![f] = TRUE]
    /\ pollCb' = [r \in Resvs |-> [d \in PollDirs |->
                    IF pollCb[r][d] = f THEN NoFence ELSE pollCb[r][d]]]
    /\ pc' = [p \in Procs |->
                IF /\ pc[p] = "poll_wait"
                   /\ pollCb[resvOf[p]][PollDirOf(query[p])] = f
                THEN "poll_woken" ELSE pc[p]]
    /\ UNCHANGED <<holder, table, maxFences, resvOf, query, credits, mustWait,
                   everAdded, syncFiles>>

(* dma_resv_lock(obj, NULL): a plain mutex here (see NOTE (lock)).         *)
DmaResvLock(p, r) ==
    /\ pc[p] = "idle"
    /\ holder[r] = NoProc
    /\ holder' = [holder EXCEPT ![r] = p]
    /\ pc' = [pc EXCEPT ![p] = "locked"]
    /\ resvOf' = [resvOf EXCEPT ![p] = r]
    /\ UNCHANGED <<signalled, table, maxFences, pollCb, query, credits, mustWait,
                   everAdded, syncFiles>>

(* dma_resv_reserve_fences(obj, n) (F13): under the lock; afterwards       *)
(* num_fences + n <= max_fences.  The driver may now add n new fences.     *)
DmaResvReserveFences(p, n) ==
    /\ pc[p] = "locked"
    /\ LET r == resvOf[p] IN
       /\ table' = [table EXCEPT ![r] = ReservedTable(table[r], maxFences[r], n)]
       /\ maxFences' = [maxFences EXCEPT ![r] = ReservedMax(table[r], maxFences[r], n)]
    /\ credits' = [credits EXCEPT ![p] = n]
    /\ UNCHANGED <<signalled, holder, pollCb, pc, resvOf, query, mustWait,
                   everAdded, syncFiles>>

(* dma_resv_add_fence(obj, f, u) (F13, F16, B11, B12): lock held, a slot   *)
(* reserved in this lock hold unless f re-adds itself (ReAddNeedsNoSlot).  *)
(* The driver side spends one reserved slot per fence that needs one.      *)
DmaResvAddFence(p, f, u) ==
    /\ pc[p] = "locked"
    /\ LET r == resvOf[p]
           free == ReAddNeedsNoSlot(r, f, u)
       IN  /\ free \/ credits[p] > 0
           /\ credits' = [credits EXCEPT ![p] = IF free THEN @ ELSE @ - 1]
           /\ table' = [table EXCEPT ![r] = TableAfterAdd(@, f, u)]
           /\ everAdded' = NoteAdded(r, f, u)
    /\ UNCHANGED <<signalled, holder, maxFences, pollCb, pc, resvOf, query,
                   mustWait, syncFiles>>

(* dma_resv_unlock(obj): resets max_fences (CONFIG_DEBUG_MUTEXES, F13);    *)
(* the driver knows its reservation is gone (B13 is the driver that does   *)
(* not).                                                                   *)
DmaResvUnlock(p) ==
    /\ pc[p] = "locked"
    /\ LET r == resvOf[p] IN
       /\ holder' = [holder EXCEPT ![r] = NoProc]
       /\ maxFences' = [maxFences EXCEPT ![r] = MaxFencesAtUnlock(table[r], @)]
    /\ pc' = [pc EXCEPT ![p] = "idle"]
    /\ resvOf' = [resvOf EXCEPT ![p] = NoResv]
    /\ credits' = [credits EXCEPT ![p] = 0]
    /\ mustWait' = [mustWait EXCEPT ![p] = {}]
    /\ UNCHANGED <<signalled, table, pollCb, query, everAdded, syncFiles>>

(* dma_resv_wait_timeout(obj, u, intr, MAX_SCHEDULE_TIMEOUT) with the lock *)
(* held, as an importer does before device access (R6, F15): u is          *)
(* dma_resv_usage_rw(write).  Waiting with the lock held is allowed (F3).  *)
DmaResvWaitTimeout(p, u) ==
    /\ pc[p] = "locked"
    /\ pc' = [pc EXCEPT ![p] = "wait_locked"]
    /\ query' = [query EXCEPT ![p] = u]
    /\ mustWait' = [mustWait EXCEPT ![p] = ImplicitSyncDeps(resvOf[p], u)]
    /\ UNCHANGED <<signalled, holder, table, maxFences, pollCb, resvOf, credits,
                   everAdded, syncFiles>>

(* The wait returns once the fences it waits for have signalled; the      *)
(* importer may then start its device access (and add its own fence).     *)
(* NOTE: the kernel walks the list locklessly and may miss fences added   *)
(* during the walk; the guarantee checked (ImplicitSyncOrdering) is for   *)
(* the fences pending when the wait began, which the walk cannot miss.    *)
DmaResvWaitDone(p) ==
    /\ pc[p] = "wait_locked"
    /\ ImporterSyncFences(resvOf[p], query[p]) = {}
    /\ pc' = [pc EXCEPT ![p] = "locked"]
    /\ query' = [query EXCEPT ![p] = NoUsage]
    /\ UNCHANGED <<signalled, holder, table, maxFences, pollCb, resvOf, credits,
                   mustWait, everAdded, syncFiles>>

(* DMA_BUF_IOCTL_SYNC with SYNC_START -> dma_buf_begin_cpu_access (U1,     *)
(* U2): taken without the lock; waits (interruptible, no timeout) for the  *)
(* fences of usage dma_resv_usage_rw(write).                               *)
DmaBufBeginCpuAccess(p, r, write) ==
    /\ pc[p] = "idle"
    /\ LET u == DmaResvUsageRw(write) IN
       /\ pc' = [pc EXCEPT ![p] = "cpu_wait"]
       /\ resvOf' = [resvOf EXCEPT ![p] = r]
       /\ query' = [query EXCEPT ![p] = u]
       /\ mustWait' = [mustWait EXCEPT ![p] = ImplicitSyncDeps(r, u)]
    /\ UNCHANGED <<signalled, holder, table, maxFences, pollCb, credits,
                   everAdded, syncFiles>>

(* The wait inside __dma_buf_begin_cpu_access returns: dma_resv_wait_      *)
(* timeout returns once dma_resv_test_signaled would say so.               *)
DmaBufBeginCpuAccessDone(p) ==
    /\ pc[p] = "cpu_wait"
    /\ DmaResvTestSignaled(resvOf[p], query[p])
    /\ pc' = [pc EXCEPT ![p] = "cpu"]
    /\ UNCHANGED <<signalled, holder, table, maxFences, pollCb, resvOf, query,
                   credits, mustWait, everAdded, syncFiles>>

(* DMA_BUF_IOCTL_SYNC with SYNC_END -> dma_buf_end_cpu_access.             *)
DmaBufEndCpuAccess(p) ==
    /\ pc[p] = "cpu"
    /\ pc' = [pc EXCEPT ![p] = "idle"]
    /\ resvOf' = [resvOf EXCEPT ![p] = NoResv]
    /\ query' = [query EXCEPT ![p] = NoUsage]
    /\ mustWait' = [mustWait EXCEPT ![p] = {}]
    /\ UNCHANGED <<signalled, holder, table, maxFences, pollCb, credits,
                   everAdded, syncFiles>>

(* poll() on the dma-buf fd, direction d (dma_buf_poll, U3, B6): takes the *)
(* resv lock (since 6b51b02a3a0a).  If the direction's callback is armed   *)
(* the direction is reported not ready and the caller sleeps; otherwise    *)
(* the callback is armed on a pending fence (not ready) or, with none      *)
(* pending, the direction is ready.  The kernel arms on the first fence    *)
(* of the walk; any pending fence is allowed here (a superset).            *)
DmaBufPoll(p, r, d) ==
    /\ \/ pc[p] = "idle"
       \/ pc[p] = "poll_woken" /\ resvOf[p] = r /\ query[p] = PollUsage(d)
    /\ holder[r] = NoProc
    /\ resvOf' = [resvOf EXCEPT ![p] = r]
    /\ query' = [query EXCEPT ![p] = PollUsage(d)]
    /\ LET pending == DmaBufPollFences(r, PollUsage(d)) IN
       IF pollCb[r][d] /= NoFence
       THEN /\ pc' = [pc EXCEPT ![p] = "poll_wait"]
            /\ UNCHANGED <<pollCb, mustWait>>
       ELSE IF pending = {}
       THEN /\ pc' = [pc EXCEPT ![p] = "polled"]
            /\ mustWait' = [mustWait EXCEPT ![p] = ImplicitSyncDeps(r, PollUsage(d))]
            /\ UNCHANGED pollCb
       ELSE \E f \in pending :
            /\ pollCb' = [pollCb EXCEPT ![r][d] = f]
            /\ pc' = [pc EXCEPT ![p] = "poll_wait"]
            /\ UNCHANGED mustWait
    /\ UNCHANGED <<signalled, holder, table, maxFences, credits, everAdded,
                   syncFiles>>

(* poll() gives up (its timeout expires): the armed callback stays armed.  *)
DmaBufPollTimeout(p) ==
    /\ pc[p] \in {"poll_wait", "poll_woken"}
    /\ pc' = [pc EXCEPT ![p] = "idle"]
    /\ resvOf' = [resvOf EXCEPT ![p] = NoResv]
    /\ query' = [query EXCEPT ![p] = NoUsage]
    /\ UNCHANGED <<signalled, holder, table, maxFences, pollCb, credits, mustWait,
                   everAdded, syncFiles>>

(* The task that saw the direction ready accesses the buffer and is done.  *)
DmaBufPollDone(p) ==
    /\ pc[p] = "polled"
    /\ pc' = [pc EXCEPT ![p] = "idle"]
    /\ resvOf' = [resvOf EXCEPT ![p] = NoResv]
    /\ query' = [query EXCEPT ![p] = NoUsage]
    /\ mustWait' = [mustWait EXCEPT ![p] = {}]
    /\ UNCHANGED <<signalled, holder, table, maxFences, pollCb, credits,
                   everAdded, syncFiles>>

(* DMA_BUF_IOCTL_EXPORT_SYNC_FILE (U4): dma_resv_get_singleton(obj,        *)
(* dma_resv_usage_rw(flags & WRITE)) without the lock: a snapshot of the   *)
(* pending fences (none: the signalled stub fence; several: a fence array  *)
(* on a fresh context, modelled as the set).  `known` records which        *)
(* fences had ever been added when the snapshot was taken (ghost).         *)
SnapshotFences(r, u) == DmaResvGetFences(r, u)

DmaBufExportSyncFile(r, write) ==
    /\ Len(syncFiles) < MaxSyncFiles
    /\ syncFiles' = Append(syncFiles,
          [resv |-> r,
           usage |-> DmaResvUsageRw(write),
           fences |-> SnapshotFences(r, DmaResvUsageRw(write)),
           known |-> {f \in Fences : everAdded[r][f] /= NoUsage}])
    /\ UNCHANGED <<signalled, holder, table, maxFences, pollCb, pc, resvOf, query,
                   credits, mustWait, everAdded>>

(* The fence(s) sync_file i stands for: the snapshot taken at export.     *)
SyncFileFences(i) == syncFiles[i].fences

(* A sync_file is signalled when every fence of its snapshot is (a fence   *)
(* array signals when all its components have).                            *)
SyncFileSignalled(i) == \A f \in SyncFileFences(i) : signalled[f]

(* DMA_BUF_IOCTL_IMPORT_SYNC_FILE (F14): lock, dma_resv_reserve_fences(n), *)
(* add each component of the (possibly container) fence with usage WRITE   *)
(* if SYNC_WRITE is set, else READ, unlock.  Containers here have at most  *)
(* two components (sync files exported from a resv, or one sw_sync fence). *)
AddComponents(t, comps, u) ==
    IF Cardinality(comps) = 1
    THEN {TableAfterAdd(t, c, u) : c \in comps}
    ELSE {TableAfterAdd(TableAfterAdd(t, c1, u), c2, u) :
             <<c1, c2>> \in {<<a, b>> \in comps \X comps : a /= b}}

DmaBufImportSyncFile(r, comps, write) ==
    /\ holder[r] = NoProc
    /\ comps /= {}
    /\ LET u == IF write THEN WRITE ELSE READ
           n == Cardinality(comps)
           t1 == ReservedTable(table[r], maxFences[r], n)
           m1 == ReservedMax(table[r], maxFences[r], n)
       IN  \E t2 \in AddComponents(t1, comps, u) :
              /\ table' = [table EXCEPT ![r] = t2]
              /\ maxFences' = [maxFences EXCEPT ![r] = MaxFencesAtUnlock(t2, m1)]
              /\ everAdded' = [everAdded EXCEPT ![r] =
                    [f \in Fences |-> IF f \in comps THEN StrongerUsage(@[f], u)
                                                     ELSE @[f]]]
    /\ UNCHANGED <<signalled, holder, pollCb, pc, resvOf, query, credits, mustWait,
                   syncFiles>>

(* Where an imported fence comes from: one sw_sync fence, or the fence of  *)
(* an exported sync_file with one or two components.                       *)
ImportSources ==
    {{f} : f \in Fences}
      \cup {SyncFileFences(i) : i \in {j \in 1 .. Len(syncFiles) :
                                         Cardinality(SyncFileFences(j)) \in 1 .. 2}}

(* DRM_IOCTL_VGEM_FENCE_ATTACH (vgem_fence.c): a new fence f; if           *)
(* !dma_resv_test_signaled(resv, dma_resv_usage_rw(write)) -> -EBUSY and   *)
(* f is signalled and dropped; else lock, reserve 1, add f as WRITE or     *)
(* READ, unlock.  The test is lock-free (RCU), so -EBUSY needs no free     *)
(* lock: it may come while another task holds the reservation.  NOTE: two *)
(* racing attaches can both pass the test; the model makes the successful  *)
(* ioctl one step under a free lock, as IGT uses it single-threaded.      *)
VgemFenceAttach(r, f, write) ==
    /\ f \in VgemFences
    /\ ~signalled[f]
    /\ \A s \in Resvs : everAdded[s][f] = NoUsage
    /\ IF DmaResvTestSignaled(r, DmaResvUsageRw(write))
       THEN LET u == IF write THEN WRITE ELSE READ
                t1 == ReservedTable(table[r], maxFences[r], 1)
                m1 == ReservedMax(table[r], maxFences[r], 1)
                t2 == TableAfterAdd(t1, f, u)
            IN  /\ holder[r] = NoProc
                /\ table' = [table EXCEPT ![r] = t2]
                /\ maxFences' = [maxFences EXCEPT ![r] = MaxFencesAtUnlock(t2, m1)]
                /\ everAdded' = NoteAdded(r, f, u)
                /\ UNCHANGED signalled
       ELSE /\ signalled' = [signalled EXCEPT ![f] = TRUE]
            /\ UNCHANGED <<table, maxFences, everAdded>>
    /\ UNCHANGED <<holder, pollCb, pc, resvOf, query, credits, mustWait, syncFiles>>

-----------------------------------------------------------------------------
(* The next-state relation, grouped so that MC modules can bound or mutate *)
(* one group by substituting an operator in the cfg.                       *)
FenceNext == \E f \in Fences : DmaFenceSignal(f)

DriverNext ==
    \E p \in Procs :
        \/ \E r \in Resvs : DmaResvLock(p, r)
        \/ \E n \in 1 .. MaxReserve : DmaResvReserveFences(p, n)
        \/ \E f \in Fences, u \in AddUsages : DmaResvAddFence(p, f, u)
        \/ DmaResvUnlock(p)
        \/ \E w \in BOOLEAN : DmaResvWaitTimeout(p, DmaResvUsageRw(w))
        \/ DmaResvWaitDone(p)

UserNext ==
    \/ \E p \in Procs :
          \/ \E r \in Resvs, w \in BOOLEAN : DmaBufBeginCpuAccess(p, r, w)
          \/ DmaBufBeginCpuAccessDone(p)
          \/ DmaBufEndCpuAccess(p)
          \/ \E r \in Resvs, d \in PollDirs : DmaBufPoll(p, r, d)
          \/ DmaBufPollTimeout(p)
          \/ DmaBufPollDone(p)
    \/ \E r \in Resvs, w \in BOOLEAN : DmaBufExportSyncFile(r, w)
    \/ \E r \in Resvs, s \in ImportSources, w \in BOOLEAN : DmaBufImportSyncFile(r, s, w)
    \/ \E r \in Resvs, f \in VgemFences, w \in BOOLEAN : VgemFenceAttach(r, f, w)

Next == FenceNext \/ DriverNext \/ UserNext

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Liveness (F1): fences eventually signal; a task whose wait can return   *)
(* eventually returns; a lock holder eventually unlocks.                   *)
Fairness ==
    /\ \A f \in Fences : WF_vars(DmaFenceSignal(f))
    /\ \A p \in Procs :
          /\ WF_vars(DmaResvWaitDone(p))
          /\ WF_vars(DmaBufBeginCpuAccessDone(p))

FairSpec == Spec /\ Fairness

(* Every waiter and every poller eventually wakes: SYNC_START returns, a   *)
(* locked dma_resv_wait_timeout returns, a sleeping poll() is woken.       *)
WaitersWake ==
    \A p \in Procs : (pc[p] \in WaitStates) ~> (pc[p] \notin WaitStates)

-----------------------------------------------------------------------------
(* Safety.                                                                 *)

(* Types.  Table entries are plain fences, never containers (F14).         *)
TypeOK ==
    /\ signalled \in [Fences -> BOOLEAN]
    /\ holder \in [Resvs -> Procs \cup {NoProc}]
    /\ \A r \in Resvs : \A i \in Slots(r) : table[r][i] \in Entries
    /\ maxFences \in [Resvs -> Nat]
    /\ pollCb \in [Resvs -> [PollDirs -> Fences \cup {NoFence}]]
    /\ pc \in [Procs -> PcStates]
    /\ resvOf \in [Procs -> Resvs \cup {NoResv}]
    /\ query \in [Procs -> Usages \cup {NoUsage}]
    /\ credits \in [Procs -> 0 .. MaxReserve]
    /\ mustWait \in [Procs -> SUBSET Fences]
    /\ everAdded \in [Resvs -> [Fences -> Usages \cup {NoUsage}]]
    /\ \A i \in 1 .. Len(syncFiles) : /\ syncFiles[i].resv \in Resvs
                                      /\ syncFiles[i].usage \in Usages
                                      /\ syncFiles[i].fences \subseteq Fences
                                      /\ syncFiles[i].known \subseteq Fences

(* Slot accounting (F13, B12, B13): num_fences <= max_fences always, i.e.  *)
(* dma_resv_add_fence never appends without a reserved slot (where the     *)
(* kernel hits BUG_ON(fobj->num_fences >= fobj->max_fences)).             *)
SlotAccounting ==
    \A r \in Resvs : Len(table[r]) <= maxFences[r]

(* Reservations are forgotten at unlock (F13, dma_resv_reset_max_fences):  *)
(* a free object has no spare slot, so a reservation made in an earlier    *)
(* lock hold cannot be used.                                               *)
ReservationsForgottenAtUnlock ==
    \A r \in Resvs : holder[r] = NoProc => maxFences[r] = Len(table[r])

(* Lock discipline: exactly the holder is in a locked state.               *)
LockHeldByItsUser ==
    \A p \in Procs :
        pc[p] \in {"locked", "wait_locked"} <=> (resvOf[p] /= NoResv /\ holder[resvOf[p]] = p)

(* No lost dependency (B11, F12): every fence added to r that has not      *)
(* signalled is still covered by an entry of r, itself or a later fence of *)
(* its context.                                                            *)
NoLostDependency ==
    \A r \in Resvs : \A f \in Fences :
        (everAdded[r][f] /= NoUsage /\ ~signalled[f]) =>
            \E i \in Slots(r) : Covers(table[r][i].fence, f)

(* No degrading (F16): ... and covered with a usage at least as strong as  *)
(* the strongest it was added with (promotion allowed, WRITE never becomes *)
(* READ).                                                                  *)
NoDegrading ==
    \A r \in Resvs : \A f \in Fences :
        (everAdded[r][f] /= NoUsage /\ ~signalled[f]) =>
            \E i \in Slots(r) : /\ Covers(table[r][i].fence, f)
                                /\ table[r][i].usage <= everAdded[r][f]

(* Snapshot semantics (U4): an exported sync_file never contains a fence   *)
(* first added after the export.                                           *)
SnapshotSemantics ==
    \A i \in 1 .. Len(syncFiles) : SyncFileFences(i) \subseteq syncFiles[i].known

(* Implicit-sync ordering (U2, U3, R6, B6-B8): a task admitted by the      *)
(* rules -- out of SYNC_START, out of an importer's dma_resv_wait_timeout, *)
(* or told "ready" by poll() -- finds every conflicting fence that was     *)
(* pending when it started waiting signalled, so its access never overlaps *)
(* one.                                                                    *)
ImplicitSyncOrdering ==
    \A p \in Procs :
        pc[p] \notin WaitStates => \A f \in mustWait[p] : signalled[f]

(* A sleeping poller always has a callback that will wake it (no lost     *)
(* wakeup with the one-callback-per-direction scheme, U3).                 *)
PollerHasCallback ==
    \A p \in Procs :
        pc[p] = "poll_wait" => pollCb[resvOf[p]][PollDirOf(query[p])] /= NoFence

-----------------------------------------------------------------------------
(* Refinement of the plain reservation mutex (see NOTE (lock)): checked as *)
(* PROPERTY ResvLockSpec by MCDmaResv; DmaResv_DoubleLock_Refinement       *)
(* breaks it.                                                              *)
ResvLock == INSTANCE ResvMutex WITH
    Objects <- Resvs, Lockers <- Procs,
    owner <- [r \in Resvs |-> IF holder[r] = NoProc THEN {} ELSE {holder[r]}]

ResvLockSpec == ResvLock!Spec

=============================================================================
