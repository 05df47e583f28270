--------------------------- MODULE DmaBufWwEviction ---------------------------
(***************************************************************************)
(* dma-buf map and pin under a ww acquire context, with TTM-style eviction *)
(* of another buffer: the deadlocks of this subsystem (issue 13, third     *)
(* part).  DmaBufAttach.tla has one buffer, a plain mutex and one exporter *)
(* thread; here every buffer's reservation lock is the wait-die ww_mutex   *)
(* of WwMutex.tla (F18), and the exporter's work runs inside the           *)
(* importer's call, under the importer's ticket.  Rule ids refer to        *)
(* docs/rules.md; the kernel behaviour is 6.15+ (dma_buf_pin_on_map).      *)
(*                                                                         *)
(* Each importer is one thread with one attachment to its own buffer       *)
(* (ImporterBuf) and runs one transaction (drm_exec/ttm_eu style):         *)
(*   ww_acquire_init(&ctx);                                                *)
(* retry:                                                                  *)
(*   dma_resv_lock(own, &ctx);                                             *)
(*   [dma_buf_pin(attach)]            importers in PinImporters (scanout)  *)
(*   sgt = dma_buf_map_attachment(attach, dir);                            *)
(*       static importer: ops->pin (dma_buf_pin_on_map);                   *)
(*       the exporter makes room: its TTM walk locks the victim buffer     *)
(*       with the caller's ticket (dma_resv_locking_ctx(own)) and evicts   *)
(*       it (move_notify to the victim's dynamic importers, the move's     *)
(*       KERNEL fence into the victim's resv);                             *)
(*       ops->map_dma_buf;                                                 *)
(*       static importer: dma_resv_wait_timeout(own, KERNEL, intr=true)    *)
(*       with the lock held; -ERESTARTSYS -> unmap_dma_buf, unpin;         *)
(*   -EDEADLK: unlock all; dma_resv_lock_slow(contended, &ctx); goto retry *)
(*   -ERESTARTSYS: unlock all; ww_acquire_fini; the syscall restarts       *)
(*   dma_resv_unlock(each); ww_acquire_fini(&ctx);                         *)
(* The eviction makes room for the importer's buffer (Victim), so with two *)
(* importers evicting each other's buffers the two contexts lock the two   *)
(* buffers in opposite orders: wait-die decides, and the younger context's *)
(* map or pin returns -EDEADLK.  The victim stays locked by the context    *)
(* until the transaction ends (drm_exec keeps every object it locked).     *)
(*                                                                         *)
(* NOTE (kernel variants): mainline ttm_lru_walk_ticketlock turns the      *)
(* ticket lock's -EDEADLK into -ENOSPC ("caller needs to exit the ww       *)
(* transaction") and drops the victim's lock after the eviction; with      *)
(* ttm_operation_ctx.exec (drm_exec in TTM) the -EDEADLK itself reaches    *)
(* the caller.  Either way the caller must back off the whole              *)
(* transaction; the model uses the second form.  A victim the context      *)
(* already holds (after dma_resv_lock_slow) is evicted under that hold     *)
(* (drm_exec_lock_obj: -EALREADY is success).  A pinned victim is not on   *)
(* TTM's LRU: the exporter falls back to another placement without moving  *)
(* anything.  The importer's own buffer is not moved here (its KERNEL      *)
(* fences come from other importers' evictions of it); fences are          *)
(* abstract (DmaFence.tla, DmaResv.tla model them), device jobs are        *)
(* DmaBufDeviceAccess.tla's.                                               *)
(*                                                                         *)
(* Refinements: WwMutex (Ww below: the locking of every importer is a      *)
(* wait-die locking loop over <<own, victim>>, and the wait-die decisions  *)
(* here ARE WwMutex's: MustDie and MayTake are taken from the instance)    *)
(* and the plain reservation mutex ResvMutex (ResvLock below).             *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    Buffers,          \* dma_buf objects, each with its dma_resv (ww_mutex of reservation_ww_class)
    Importers,        \* importer threads, one attachment and one ww_acquire_ctx each
    ImporterBuf,      \* [Importers -> Buffers]: the buffer each importer attaches to
    Victim,           \* [Importers -> Buffers]: the buffer the exporter evicts to make room for it
    StaticImporters,  \* importers without importer_ops: the core pins and waits KERNEL fences in map
    PinImporters,     \* dynamic importers that call dma_buf_pin before mapping (scanout)
    MaxInterrupts,    \* how many signals may interrupt KERNEL-fence waits in the whole run
    NoLock            \* "no contended lock" (ctx->contending_lock == NULL)

ASSUME
    /\ ImporterBuf \in [Importers -> Buffers]
    /\ Victim \in [Importers -> Buffers]
    /\ \A a \in Importers : Victim[a] # ImporterBuf[a]
    /\ StaticImporters \subseteq Importers
    /\ PinImporters \subseteq Importers \ StaticImporters
    /\ MaxInterrupts \in Nat
    /\ NoLock \notin Buffers

PcValues == {"init", "lock", "blocked", "call", "evict", "evict_blocked",
             "evict_locked", "placed", "call_map", "fence_wait", "unwind",
             "backoff", "slow", "unlock", "intr_unlock", "done"}
Calls == {"none", "pin", "map"}
FenceStates == {"none", "pending", "signalled"}

VARIABLES
    pc,          \* [Importers -> PcValues]: where each importer thread is
    call,        \* [Importers -> Calls]: the dma-buf call the thread is inside
    held,        \* [Importers -> SUBSET Buffers]: reservation locks held by its context
    contended,   \* [Importers -> Buffers \cup {NoLock}]: ctx->contending_lock after -EDEADLK
    stamp,       \* [Importers -> Nat]: ctx->stamp, 0 = no context
    nextStamp,   \* reservation_ww_class.stamp
    corePin,     \* [Importers -> BOOLEAN]: the pin dma_buf_pin_on_map holds for a static importer
    importerPin, \* [Importers -> BOOLEAN]: dma_buf_pin by a dynamic importer
    mapped,      \* [Importers -> BOOLEAN]: the importer holds an sg_table
    mapGen,      \* [Importers -> Nat]: the placement its sg_table points to
    mapValid,    \* [Importers -> BOOLEAN]: no move_notify since it mapped
    gen,         \* [Buffers -> Nat]: placement generation, +1 per move
    moveFence,   \* [Buffers -> FenceStates]: KERNEL fence of the buffer's last move
    interrupts   \* signals delivered so far

lockVars == <<held, contended, stamp, nextStamp>>
pinVars == <<corePin, importerPin>>
mapVars == <<mapped, mapGen, mapValid>>
bufVars == <<gen, moveFence>>
vars == <<pc, call, held, contended, stamp, nextStamp, corePin, importerPin,
          mapped, mapGen, mapValid, gen, moveFence, interrupts>>

-----------------------------------------------------------------------------
(* Helpers, named after the kernel predicates they stand for.              *)

Buf(a) == ImporterBuf[a]
Vic(a) == Victim[a]
Free(b) == \A q \in Importers : b \notin held[q]
Dynamic(a) == a \notin StaticImporters

(* The exporter's pin count: TTM keeps pinned buffers off its LRU.         *)
Pinned(b) == \E d \in Importers : Buf(d) = b /\ (corePin[d] \/ importerPin[d])

(* dma_resv_wait_timeout(resv, DMA_RESV_USAGE_KERNEL, ...) would return.   *)
KernelFencesSignalled(b) == moveFence[b] # "pending"

(* Inside dma_buf_map_attachment before map_dma_buf returned: the core pin *)
(* of a static importer is taken and not yet balanced by a mapping.        *)
InMapBeforeTable(a) ==
    call[a] = "map" /\ pc[a] \in {"evict", "evict_blocked", "evict_locked", "placed", "unwind"}

-----------------------------------------------------------------------------
(***************************************************************************)
(* The locking as WwMutex sees it.  Every importer's object list is        *)
(* <<own buffer, victim>>; its place in WwMutex's loop (pc, idx) follows   *)
(* from where it is here.  Before the eviction it is at the victim (idx 2);*)
(* once the victim is locked the loop is past the list (idx 3), and the    *)
(* eviction itself is ww_acquire_done: from then on the importer is in its *)
(* critical section.  The -ERESTARTSYS restart has no WwMutex counterpart  *)
(* (a WwMutex thread never starts a second transaction), so Ww!Spec is     *)
(* checked only by models without interrupts.                              *)
(***************************************************************************)
WwLockOrder == [a \in Importers |-> <<Buf(a), Vic(a)>>]

WwIdx(a) ==
    CASE pc[a] \in {"init", "lock", "blocked"} -> 1
      [] pc[a] \in {"call", "evict", "evict_blocked"} -> 2
      [] pc[a] \in {"unwind", "backoff", "slow"} -> IF contended[a] = Buf(a) THEN 1 ELSE 2
      [] OTHER -> 3

WwPcOf(a) ==
    CASE pc[a] = "init" -> "init"
      [] pc[a] \in {"lock", "call", "evict", "evict_locked"} -> "lock"
      [] pc[a] \in {"blocked", "evict_blocked"} -> "blocked"
      [] pc[a] \in {"unwind", "backoff"} -> "backoff"
      [] pc[a] = "slow" -> "slow"
      [] pc[a] \in {"placed", "call_map", "fence_wait"} -> "critical"
      [] pc[a] \in {"unlock", "intr_unlock"} ->
            IF held[a] = {Buf(a), Vic(a)} THEN "critical" ELSE "unlock"
      [] OTHER -> "done"

Ww == INSTANCE WwMutex WITH
    Locks <- Buffers, CtxProcs <- Importers, NullProcs <- {},
    LockOrder <- WwLockOrder, NoLock <- NoLock,
    pc <- [a \in Importers |-> WwPcOf(a)],
    idx <- [a \in Importers |-> WwIdx(a)],
    held <- held, contended <- contended, stamp <- stamp, nextStamp <- nextStamp

WwSpec == Ww!Spec

(* WwMutex's action properties read through the mapping; unlike WwSpec     *)
(* they hold across -ERESTARTSYS restarts, so every model checks them.     *)
(* F18: a context holding nothing never gets -EDEADLK; only the younger    *)
(* side dies; after -EDEADLK the next lock taken is the contended one,     *)
(* with nothing else held.                                                 *)
WwNoDeadlkWhenEmpty == Ww!NoDeadlkWhenEmpty
WwOnlyYoungerDies == Ww!OnlyYoungerDies
WwSlowLockFirstAfterDeadlk == Ww!SlowLockFirstAfterDeadlk

-----------------------------------------------------------------------------
TypeOK ==
    /\ pc \in [Importers -> PcValues]
    /\ call \in [Importers -> Calls]
    /\ held \in [Importers -> SUBSET Buffers]
    /\ contended \in [Importers -> Buffers \cup {NoLock}]
    /\ stamp \in [Importers -> Nat]
    /\ nextStamp \in Nat /\ nextStamp >= 1
    /\ corePin \in [Importers -> BOOLEAN]
    /\ importerPin \in [Importers -> BOOLEAN]
    /\ mapped \in [Importers -> BOOLEAN]
    /\ mapGen \in [Importers -> Nat]
    /\ mapValid \in [Importers -> BOOLEAN]
    /\ gen \in [Buffers -> Nat]
    /\ moveFence \in [Buffers -> FenceStates]
    /\ interrupts \in 0..MaxInterrupts

Init ==
    /\ pc = [a \in Importers |-> "init"]
    /\ call = [a \in Importers |-> "none"]
    /\ held = [a \in Importers |-> {}]
    /\ contended = [a \in Importers |-> NoLock]
    /\ stamp = [a \in Importers |-> 0]
    /\ nextStamp = 1
    /\ corePin = [a \in Importers |-> FALSE]
    /\ importerPin = [a \in Importers |-> FALSE]
    /\ mapped = [a \in Importers |-> FALSE]
    /\ mapGen = [a \in Importers |-> 0]
    /\ mapValid = [a \in Importers |-> FALSE]
    /\ gen = [b \in Buffers |-> 0]
    /\ moveFence = [b \in Buffers |-> "none"]
    /\ interrupts = 0

-----------------------------------------------------------------------------
(* ww_acquire_init(): the importer's context gets the next stamp (F18).    *)
WwAcquireInit(a) ==
    /\ pc[a] = "init"
    /\ stamp' = [stamp EXCEPT ![a] = nextStamp]
    /\ nextStamp' = nextStamp + 1
    /\ pc' = [pc EXCEPT ![a] = "lock"]
    /\ UNCHANGED <<call, held, contended, pinVars, mapVars, bufVars, interrupts>>

(* dma_resv_lock(own, ctx) (F18): takes its own buffer's lock if free,     *)
(* else sleeps; -EALREADY (the context took it with dma_resv_lock_slow)    *)
(* counts as locked.  A context holding nothing never dies; one that holds *)
(* the victim after dma_resv_lock_slow may (DmaResvLockDie).               *)
DmaResvLock(a) ==
    /\ pc[a] = "lock"
    /\ IF Buf(a) \in held[a] \/ Free(Buf(a))
         THEN /\ held' = [held EXCEPT ![a] = @ \cup {Buf(a)}]
              /\ pc' = [pc EXCEPT ![a] = "call"]
         ELSE /\ pc' = [pc EXCEPT ![a] = "blocked"]
              /\ UNCHANGED held
    /\ UNCHANGED <<call, contended, stamp, nextStamp, pinVars, mapVars, bufVars, interrupts>>

(* The sleeper is handed its own buffer's lock (WwMutex's stamp-ordered    *)
(* hand-off, Ww!MayTake).                                                  *)
DmaResvLockWake(a) ==
    /\ pc[a] = "blocked"
    /\ Ww!MayTake(a, Buf(a))
    /\ held' = [held EXCEPT ![a] = @ \cup {Buf(a)}]
    /\ pc' = [pc EXCEPT ![a] = "call"]
    /\ UNCHANGED <<call, contended, stamp, nextStamp, pinVars, mapVars, bufVars, interrupts>>

(* __ww_mutex_check_kill (wait-die, Ww!MustDie): dma_resv_lock(own, ctx)   *)
(* returns -EDEADLK to a context that holds the victim and meets an older  *)
(* context on its own buffer (F18).                                        *)
DmaResvLockDie(a) ==
    /\ pc[a] = "blocked"
    /\ Ww!MustDie(a, Buf(a))
    /\ pc' = [pc EXCEPT ![a] = "backoff"]
    /\ contended' = [contended EXCEPT ![a] = Buf(a)]
    /\ UNCHANGED <<call, held, stamp, nextStamp, pinVars, mapVars, bufVars, interrupts>>

(* dma_buf_pin(attach) with the lock held, by a dynamic importer (R7, R8): *)
(* the exporter's ops->pin validates the buffer into a pinnable placement, *)
(* which may evict the victim under the importer's ticket.                 *)
DmaBufPin(a) ==
    /\ pc[a] = "call"
    /\ a \in PinImporters
    /\ ~importerPin[a]
    /\ call' = [call EXCEPT ![a] = "pin"]
    /\ pc' = [pc EXCEPT ![a] = "evict"]
    /\ UNCHANGED <<lockVars, pinVars, mapVars, bufVars, interrupts>>

(* dma_buf_map_attachment(attach) with the lock held (R3), before room was *)
(* made in this transaction: a static importer of this dynamic exporter is *)
(* pinned first (dma_buf_pin_on_map -> ops->pin, R9), then the exporter    *)
(* makes room for the table.  The lock is not a guard here (the kernel     *)
(* only asserts it): CallUnderLock checks that the importer's loop holds   *)
(* it.                                                                     *)
DmaBufMapAttachment(a) ==
    /\ pc[a] = "call"
    /\ a \notin PinImporters \/ importerPin[a]
    /\ ~mapped[a]
    /\ call' = [call EXCEPT ![a] = "map"]
    /\ corePin' = [corePin EXCEPT ![a] = a \in StaticImporters]
    /\ pc' = [pc EXCEPT ![a] = "evict"]
    /\ UNCHANGED <<lockVars, importerPin, mapVars, bufVars, interrupts>>

(* The exporter's TTM walk takes the victim's lock with the caller's       *)
(* ticket (ttm_lru_walk_ticketlock: dma_resv_lock(victim, ticket)).  A     *)
(* victim the context already holds (-EALREADY) is evicted under that hold.*)
TtmTicketLock(a) ==
    /\ pc[a] = "evict"
    /\ IF Vic(a) \in held[a] \/ Free(Vic(a))
         THEN /\ held' = [held EXCEPT ![a] = @ \cup {Vic(a)}]
              /\ pc' = [pc EXCEPT ![a] = "evict_locked"]
         ELSE /\ pc' = [pc EXCEPT ![a] = "evict_blocked"]
              /\ UNCHANGED held
    /\ UNCHANGED <<call, contended, stamp, nextStamp, pinVars, mapVars, bufVars, interrupts>>

(* The victim's lock is handed to the sleeping walk (Ww!MayTake).          *)
TtmTicketLockWake(a) ==
    /\ pc[a] = "evict_blocked"
    /\ Ww!MayTake(a, Vic(a))
    /\ held' = [held EXCEPT ![a] = @ \cup {Vic(a)}]
    /\ pc' = [pc EXCEPT ![a] = "evict_locked"]
    /\ UNCHANGED <<call, contended, stamp, nextStamp, pinVars, mapVars, bufVars, interrupts>>

(* Wait-die kills the walk: the context holds its own buffer and an older  *)
(* context holds or waits for the victim (Ww!MustDie, F18).  The eviction  *)
(* fails with -EDEADLK, which the exporter's pin or map_dma_buf returns.   *)
TtmTicketLockDie(a) ==
    /\ pc[a] = "evict_blocked"
    /\ Ww!MustDie(a, Vic(a))
    /\ pc' = [pc EXCEPT ![a] = "unwind"]
    /\ contended' = [contended EXCEPT ![a] = Vic(a)]
    /\ UNCHANGED <<call, held, stamp, nextStamp, pinVars, mapVars, bufVars, interrupts>>

(* The core propagates the error: dma_buf_map_attachment's error_unpin     *)
(* drops the pin dma_buf_pin_on_map took; dma_buf_pin just returns it.     *)
(* The importer sees -EDEADLK and starts its backoff.                      *)
DmaBufCallEdeadlk(a) ==
    /\ pc[a] = "unwind"
    /\ corePin' = [corePin EXCEPT ![a] = FALSE]
    /\ call' = [call EXCEPT ![a] = "none"]
    /\ pc' = [pc EXCEPT ![a] = "backoff"]
    /\ UNCHANGED <<lockVars, importerPin, mapVars, bufVars, interrupts>>

(* TTM evicts the victim with its lock held by the caller's context: the   *)
(* exporter calls dma_buf_move_notify for the victim's dynamic importers   *)
(* (R2, R4) and puts the move's KERNEL fence into the victim's resv (F15). *)
(* A pinned victim is not evicted (R7): the exporter falls back to another *)
(* placement.  This is ww_acquire_done for WwMutex.                        *)
TtmEvict(a) ==
    LET v == Vic(a) IN
    /\ pc[a] = "evict_locked"
    /\ v \in held[a]
    /\ IF Pinned(v)
         THEN UNCHANGED <<mapValid, bufVars>>
         ELSE /\ gen' = [gen EXCEPT ![v] = @ + 1]
              /\ moveFence' = [moveFence EXCEPT ![v] = "pending"]
              /\ mapValid' = [d \in Importers |->
                                IF Buf(d) = v /\ Dynamic(d) THEN FALSE ELSE mapValid[d]]
    /\ pc' = [pc EXCEPT ![a] = "placed"]
    /\ UNCHANGED <<call, lockVars, pinVars, mapped, mapGen, interrupts>>

(* ops->pin returns 0: dma_buf_pin succeeded; the importer maps next.      *)
DmaBufPinReturns(a) ==
    /\ pc[a] = "placed"
    /\ call[a] = "pin"
    /\ importerPin' = [importerPin EXCEPT ![a] = TRUE]
    /\ call' = [call EXCEPT ![a] = "none"]
    /\ pc' = [pc EXCEPT ![a] = "call_map"]
    /\ UNCHANGED <<lockVars, corePin, mapVars, bufVars, interrupts>>

(* ops->map_dma_buf returns the table (a new one each time, R13).  A       *)
(* static importer's map goes on to the KERNEL-fence wait; a dynamic       *)
(* importer's map returns (it waits for the fences itself, R6).            *)
MapDmaBuf(a) ==
    /\ pc[a] = "placed"
    /\ call[a] = "map"
    /\ mapped' = [mapped EXCEPT ![a] = TRUE]
    /\ mapGen' = [mapGen EXCEPT ![a] = gen[Buf(a)]]
    /\ mapValid' = [mapValid EXCEPT ![a] = TRUE]
    /\ pc' = [pc EXCEPT ![a] = IF a \in StaticImporters THEN "fence_wait" ELSE "unlock"]
    /\ call' = [call EXCEPT ![a] = IF a \in StaticImporters THEN "map" ELSE "none"]
    /\ UNCHANGED <<lockVars, pinVars, bufVars, interrupts>>

(* dma_buf_map_attachment after dma_buf_pin made room in this transaction: *)
(* the buffer is pinned in place, map_dma_buf returns at once (R3).        *)
DmaBufMapAttachmentPinned(a) ==
    /\ pc[a] = "call_map"
    /\ ~mapped[a]
    /\ mapped' = [mapped EXCEPT ![a] = TRUE]
    /\ mapGen' = [mapGen EXCEPT ![a] = gen[Buf(a)]]
    /\ mapValid' = [mapValid EXCEPT ![a] = TRUE]
    /\ pc' = [pc EXCEPT ![a] = "unlock"]
    /\ UNCHANGED <<call, lockVars, pinVars, bufVars, interrupts>>

(* dma_resv_wait_timeout(resv, DMA_RESV_USAGE_KERNEL, true,                *)
(* MAX_SCHEDULE_TIMEOUT) inside dma_buf_map_attachment for a static        *)
(* importer, with the reservation lock held (R6): a step of its own,       *)
(* enabled once the KERNEL fences signalled.  F3 is what makes sleeping    *)
(* here safe: the signalling path never needs this lock.                   *)
DmaResvWaitKernel(a) ==
    /\ pc[a] = "fence_wait"
    /\ KernelFencesSignalled(Buf(a))
    /\ call' = [call EXCEPT ![a] = "none"]
    /\ pc' = [pc EXCEPT ![a] = "unlock"]
    /\ UNCHANGED <<lockVars, pinVars, mapVars, bufVars, interrupts>>

(* A signal interrupts the wait: -ERESTARTSYS.  dma_buf_map_attachment     *)
(* unwinds (error_unmap: ops->unmap_dma_buf; error_unpin: ops->unpin) and  *)
(* returns the error; the importer drops its locks and the syscall is      *)
(* restarted with a new ticket.                                            *)
DmaResvWaitInterrupted(a) ==
    /\ pc[a] = "fence_wait"
    /\ interrupts < MaxInterrupts
    /\ interrupts' = interrupts + 1
    /\ mapped' = [mapped EXCEPT ![a] = FALSE]
    /\ mapValid' = [mapValid EXCEPT ![a] = FALSE]
    /\ corePin' = [corePin EXCEPT ![a] = FALSE]
    /\ call' = [call EXCEPT ![a] = "none"]
    /\ pc' = [pc EXCEPT ![a] = "intr_unlock"]
    /\ UNCHANGED <<lockVars, importerPin, mapGen, bufVars>>

(* Backoff after -EDEADLK (F18): dma_resv_unlock of every held lock, one   *)
(* at a time.                                                              *)
DmaResvUnlockBackoff(a) ==
    /\ pc[a] = "backoff"
    /\ \E b \in held[a] : held' = [held EXCEPT ![a] = @ \ {b}]
    /\ UNCHANGED <<pc, call, contended, stamp, nextStamp, pinVars, mapVars, bufVars, interrupts>>

(* dma_resv_lock_slow(contended, ctx) once nothing is held: sleeps until   *)
(* the contended lock is handed over, cannot fail; then the retry starts   *)
(* again from the importer's own buffer (F18).                             *)
DmaResvLockSlow(a) ==
    /\ \/ pc[a] = "backoff" /\ held[a] = {}
       \/ pc[a] = "slow"
    /\ IF Ww!MayTake(a, contended[a])
         THEN /\ held' = [held EXCEPT ![a] = {contended[a]}]
              /\ contended' = [contended EXCEPT ![a] = NoLock]
              /\ pc' = [pc EXCEPT ![a] = "lock"]
         ELSE /\ pc[a] = "backoff"
              /\ pc' = [pc EXCEPT ![a] = "slow"]
              /\ UNCHANGED <<held, contended>>
    /\ UNCHANGED <<call, stamp, nextStamp, pinVars, mapVars, bufVars, interrupts>>

(* End of the transaction, or of an interrupted one: dma_resv_unlock of    *)
(* each held lock.                                                         *)
DmaResvUnlock(a) ==
    /\ pc[a] \in {"unlock", "intr_unlock"}
    /\ \E b \in held[a] : held' = [held EXCEPT ![a] = @ \ {b}]
    /\ UNCHANGED <<pc, call, contended, stamp, nextStamp, pinVars, mapVars, bufVars, interrupts>>

(* ww_acquire_fini() after the last unlock (F18).  After -ERESTARTSYS the  *)
(* syscall restarts: a new transaction, so a new ww_acquire_init.          *)
WwAcquireFini(a) ==
    /\ pc[a] \in {"unlock", "intr_unlock"}
    /\ held[a] = {}
    /\ pc' = [pc EXCEPT ![a] = IF pc[a] = "unlock" THEN "done" ELSE "init"]
    /\ stamp' = [stamp EXCEPT ![a] = IF pc[a] = "unlock" THEN @ ELSE 0]
    /\ UNCHANGED <<call, held, contended, nextStamp, pinVars, mapVars, bufVars, interrupts>>

(* The move's KERNEL fence signals (the copy engine finished).  F3: the    *)
(* signalling path takes no reservation lock, so it does not depend on     *)
(* what the importers hold.                                                *)
DmaFenceSignalMove(b) ==
    /\ moveFence[b] = "pending"
    /\ moveFence' = [moveFence EXCEPT ![b] = "signalled"]
    /\ UNCHANGED <<pc, call, lockVars, pinVars, mapVars, gen, interrupts>>

\* Every importer finished: the model stutters here, which is not a deadlock.
Terminated ==
    /\ \A a \in Importers : pc[a] = "done"
    /\ \A b \in Buffers : moveFence[b] # "pending"
    /\ UNCHANGED vars

ImporterNext(a) ==
    \/ WwAcquireInit(a)
    \/ DmaResvLock(a)
    \/ DmaResvLockWake(a)
    \/ DmaResvLockDie(a)
    \/ DmaBufPin(a)
    \/ DmaBufMapAttachment(a)
    \/ TtmTicketLock(a)
    \/ TtmTicketLockWake(a)
    \/ TtmTicketLockDie(a)
    \/ DmaBufCallEdeadlk(a)
    \/ TtmEvict(a)
    \/ DmaBufPinReturns(a)
    \/ MapDmaBuf(a)
    \/ DmaBufMapAttachmentPinned(a)
    \/ DmaResvWaitKernel(a)
    \/ DmaResvWaitInterrupted(a)
    \/ DmaResvUnlockBackoff(a)
    \/ DmaResvLockSlow(a)
    \/ DmaResvUnlock(a)
    \/ WwAcquireFini(a)

Next ==
    \/ \E a \in Importers : ImporterNext(a)
    \/ \E b \in Buffers : DmaFenceSignalMove(b)
    \/ Terminated

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Safety.                                                                 *)

(* F18: a reservation lock has at most one owning context.                *)
MutualExclusion ==
    \A a, c \in Importers : a # c => held[a] \cap held[c] = {}

(* F18: a context sleeping in dma_resv_lock_slow holds nothing, and        *)
(* ctx->contending_lock is set exactly between -EDEADLK and lock_slow.     *)
BackoffDiscipline ==
    \A a \in Importers :
        /\ pc[a] = "slow" => held[a] = {}
        /\ (contended[a] # NoLock) <=> (pc[a] \in {"unwind", "backoff", "slow"})

(* R3: dma_buf_map_attachment and dma_buf_pin (and the exporter work they  *)
(* do) run only with the importer's own reservation lock held by its       *)
(* context, and the map's result is produced under it (action property     *)
(* MapResultUnderLock).                                                    *)
CallUnderLock ==
    \A a \in Importers : call[a] # "none" => Buf(a) \in held[a]

MapResultUnderLock ==
    [][\A a \in Importers : (~mapped[a] /\ mapped'[a]) => Buf(a) \in held[a]]_vars

(* R2, F18: a buffer moves only while the context whose eviction moves it  *)
(* holds the buffer's lock (move_notify under the victim's resv).  R7: a   *)
(* pinned buffer never moves.  Action properties.                          *)
MoveUnderVictimLock ==
    [][\A b \in Buffers :
          gen'[b] # gen[b] =>
              \E a \in Importers : Vic(a) = b /\ b \in held[a] /\ pc[a] = "evict_locked"]_vars

PinnedBufferNotMoved ==
    [][\A b \in Buffers : (gen'[b] # gen[b]) => ~Pinned(b)]_vars

(* R4: a mapping not invalidated by move_notify points to the buffer's     *)
(* current placement.                                                      *)
ValidMappingsCurrent ==
    \A a \in Importers : (mapped[a] /\ mapValid[a]) => mapGen[a] = gen[Buf(a)]

(* R9 with the -ERESTARTSYS and -EDEADLK error paths: the pin              *)
(* dma_buf_pin_on_map takes is held exactly while the static importer is   *)
(* mapped or inside the map call before the table exists; every error     *)
(* path drops it (no leaked pin keeps a buffer from moving for ever).      *)
NoLeakedPin ==
    \A a \in Importers : corePin[a] => (mapped[a] \/ InMapBeforeTable(a))

(* R6: a static importer's map returns only after the KERNEL fences of its *)
(* buffer signalled; pinned meanwhile, its buffer gets no new move fence.  *)
StaticMapWaitedKernelFences ==
    \A a \in StaticImporters :
        (mapped[a] /\ pc[a] # "fence_wait") => KernelFencesSignalled(Buf(a))

Safety ==
    /\ TypeOK
    /\ MutualExclusion
    /\ BackoffDiscipline
    /\ CallUnderLock
    /\ ValidMappingsCurrent
    /\ NoLeakedPin
    /\ StaticMapWaitedKernelFences

-----------------------------------------------------------------------------
(* Liveness, under the kernel's fairness (MCDmaBufWwEviction!Fairness):    *)
(* runnable importer threads run, and fences signal (F1).                  *)

(* Every eviction the exporter starts under an importer's ticket gets the  *)
(* victim's lock and evicts it (or finds it pinned and falls back):        *)
(* wait-die with backoff never leaves two importers waiting for each      *)
(* other's buffer.                                                         *)
EvictionCompletes == \A a \in Importers : pc[a] = "evict" ~> pc[a] = "placed"

(* F1: every move's KERNEL fence signals, so every KERNEL-fence wait       *)
(* inside map ends.                                                        *)
MoveFencesSignal ==
    \A b \in Buffers : moveFence[b] = "pending" ~> moveFence[b] = "signalled"

(* Every importer's transaction finishes with its mapping.                 *)
AllImportersFinish == \A a \in Importers : <>(pc[a] = "done")

-----------------------------------------------------------------------------
(***************************************************************************)
(* Refinement of the plain reservation mutex (ResvMutex.tla), as for       *)
(* DmaBufAttach and WwMutex: the owner of a buffer is the context whose    *)
(* held set contains it.  Checked as PROPERTY ResvLockSpec, with restarts. *)
(***************************************************************************)
ResvLock == INSTANCE ResvMutex WITH
    Objects <- Buffers, Lockers <- Importers,
    owner <- [b \in Buffers |-> {a \in Importers : b \in held[a]}]

ResvLockSpec == ResvLock!Spec
=============================================================================
