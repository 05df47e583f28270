------------------------------ MODULE DmaFence ------------------------------
(***************************************************************************)
(* The dma_fence contract (include/linux/dma-fence.h,                      *)
(* drivers/dma-buf/dma-fence.c), rules F7-F12 of                           *)
(* docs/rules.md; the fence states are those of dma-fence.h.               *)
(*                                                                         *)
(* A fence lives on a context and carries a seqno.  It starts unsignalled, *)
(* may have signalling enabled (ENABLE_SIGNAL bit), may get an error, and  *)
(* is signalled exactly once (SIGNALED bit).  Callbacks registered before  *)
(* signalling are run by the signaller, in registration order, with the    *)
(* fence spinlock held.  Waiters block until the fence signals or their    *)
(* timeout expires.                                                        *)
(*                                                                         *)
(* NOTE (modelling the signaller): dma_fence_signal_timestamp_locked sets  *)
(* SIGNALED, moves cb_list to a private list (list_replace) and then calls *)
(* each callback.  We model the callback calls as separate steps           *)
(* (DmaFenceRunCallback) so that "exactly once" and "in order" are         *)
(* properties of the interleaving, not of one atomic step.  The fence lock *)
(* is held from the SIGNALED step until the last callback has run:         *)
(* running[f] # <<>> means "the signaller holds fence->lock".               *)
(*                                                                         *)
(* NOTE (no TLC-only constructs): this module has no CHOOSE, recursion,    *)
(* Seq(S) or TLC operators, so Apalache can check it through               *)
(* APDmaFence.tla.  Constants are bound in the MC modules.                 *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    Fences,         \* fence identities (struct dma_fence *)
    FenceContext,   \* [Fences -> contexts]: fence->context (dma_fence_context_alloc)
    FenceSeqno,     \* [Fences -> Nat]: fence->seqno
    Callbacks,      \* struct dma_fence_cb instances, each used by one caller
    CallbackFence,  \* [Callbacks -> Fences]: the fence a callback is added to
    Waiters,        \* threads calling dma_fence_wait_timeout
    WaiterFence,    \* [Waiters -> Fences]: the fence a waiter waits on
    WaiterTimeout,  \* [Waiters -> {"zero", "finite", "infinite"}]; infinite = MAX_SCHEDULE_TIMEOUT
    Errnos          \* negative errnos a producer may pass to dma_fence_set_error, e.g. {-5}

\* errno values the kernel returns or stores (include/uapi/asm-generic/errno*.h)
ENOENT  == -2
EINVAL  == -22
EDEADLK == -35
ETIME   == -62

FenceStates == {"unsignaled", "enabled", "signaled"}
CallbackStates == {"unused", "pending", "ran", "removed", "enoent"}
WaiterStates == {"idle", "waiting", "signaled", "timedout"}

VARIABLES
    fstate,    \* [Fences -> FenceStates]: flags SIGNALED / ENABLE_SIGNAL
    ferror,    \* [Fences -> Int]: fence->error, 0 or a negative errno
    cbList,    \* [Fences -> sequence of Callbacks]: fence->cb_list (pending callbacks)
    running,   \* [Fences -> sequence of Callbacks]: the list the signaller took and is running
    added,     \* history: [Fences -> sequence of Callbacks] successfully added, in order
    ran,       \* history: [Fences -> sequence of Callbacks] called by the signaller, in order
    cbStatus,  \* [Callbacks -> CallbackStates]: what the caller of add/remove_callback saw
    wstate,    \* [Waiters -> WaiterStates]: dma_fence_wait_timeout progress and result
    released,  \* [Fences -> BOOLEAN]: dma_fence_release ran (last reference dropped)
    forced     \* [Fences -> BOOLEAN]: signalled by dma_fence_release's -EDEADLK path (F11)

vars == <<fstate, ferror, cbList, running, added, ran, cbStatus, wstate, released, forced>>

-----------------------------------------------------------------------------
(* Helpers (no recursion, no CHOOSE).                                      *)

InSeq(x, s) == \E i \in 1..Len(s) : s[i] = x

IsSeqOf(s, S) == DOMAIN s = 1..Len(s) /\ \A i \in 1..Len(s) : s[i] \in S

\* fence->lock is free: no signaller is in the middle of running callbacks
FenceLockFree(f) == running[f] = <<>>

Signaled(f) == fstate[f] = "signaled"

\* F12: the fences of f's context with a smaller seqno
EarlierOnContext(f) ==
    {g \in Fences : FenceContext[g] = FenceContext[f] /\ FenceSeqno[g] < FenceSeqno[f]}

(* dma_fence_get_status(): 0 while unsignalled, then fence->error if set,  *)
(* else 1 (dma-fence.h dma_fence_get_status_locked).                       *)
DmaFenceGetStatus(f) ==
    IF ~Signaled(f) THEN 0 ELSE IF ferror[f] # 0 THEN ferror[f] ELSE 1

(* Return value of dma_fence_signal() in kernels <= 6.x: 0, or -EINVAL if  *)
(* the fence was already signalled (test_and_set_bit of SIGNALED failed).  *)
(* Newest kernels return void and offer dma_fence_check_and_signal().      *)
DmaFenceSignalReturn(f) == IF Signaled(f) THEN EINVAL ELSE 0

-----------------------------------------------------------------------------
TypeOK ==
    /\ fstate \in [Fences -> FenceStates]
    /\ DOMAIN ferror = Fences
    /\ \A f \in Fences : ferror[f] \in {0, EDEADLK} \cup Errnos
    /\ DOMAIN cbList = Fences /\ \A f \in Fences : IsSeqOf(cbList[f], Callbacks)
    /\ DOMAIN running = Fences /\ \A f \in Fences : IsSeqOf(running[f], Callbacks)
    /\ DOMAIN added = Fences /\ \A f \in Fences : IsSeqOf(added[f], Callbacks)
    /\ DOMAIN ran = Fences /\ \A f \in Fences : IsSeqOf(ran[f], Callbacks)
    /\ cbStatus \in [Callbacks -> CallbackStates]
    /\ wstate \in [Waiters -> WaiterStates]
    /\ released \in [Fences -> BOOLEAN]
    /\ forced \in [Fences -> BOOLEAN]

(* dma_fence_init(): unsignalled, no error, empty cb_list, refcount 1.     *)
Init ==
    /\ fstate = [f \in Fences |-> "unsignaled"]
    /\ ferror = [f \in Fences |-> 0]
    /\ cbList = [f \in Fences |-> <<>>]
    /\ running = [f \in Fences |-> <<>>]
    /\ added = [f \in Fences |-> <<>>]
    /\ ran = [f \in Fences |-> <<>>]
    /\ cbStatus = [c \in Callbacks |-> "unused"]
    /\ wstate = [w \in Waiters |-> "idle"]
    /\ released = [f \in Fences |-> FALSE]
    /\ forced = [f \in Fences |-> FALSE]

-----------------------------------------------------------------------------
(* Actions.  Every caller holds a reference (F9), so nothing but the       *)
(* running callbacks touches a released fence.                             *)

(* dma_fence_enable_sw_signaling(): under fence->lock, test_and_set the    *)
(* ENABLE_SIGNAL bit of an unsignalled fence and call                      *)
(* ops->enable_signaling.  On a signalled or already enabled fence it      *)
(* changes nothing (a stutter step, left out).                             *)
DmaFenceEnableSwSignaling(f) ==
    /\ ~released[f]
    /\ FenceLockFree(f)
    /\ fstate[f] = "unsignaled"
    /\ fstate' = [fstate EXCEPT ![f] = "enabled"]
    /\ UNCHANGED <<ferror, cbList, running, added, ran, cbStatus, wstate, released, forced>>

(* dma_fence_set_error(): the producer records a negative errno; F8 says   *)
(* it must happen before signalling (the kernel WARNs otherwise).          *)
DmaFenceSetError(f, e) ==
    /\ ~released[f]
    /\ ~Signaled(f)
    /\ ferror' = [ferror EXCEPT ![f] = e]
    /\ UNCHANGED <<fstate, cbList, running, added, ran, cbStatus, wstate, released, forced>>

(* Common effect of dma_fence_signal_timestamp_locked(): set SIGNALED,     *)
(* take cb_list (list_replace) for the callback loop, which keeps the      *)
(* fence lock until DmaFenceRunCallback has emptied it (F7).               *)
SignalLocked(f) ==
    /\ fstate' = [fstate EXCEPT ![f] = "signaled"]
    /\ running' = [running EXCEPT ![f] = cbList[f]]
    /\ cbList' = [cbList EXCEPT ![f] = <<>>]

(* dma_fence_signal(): the producer signals once.  The second call fails   *)
(* test_and_set_bit and is a no-op returning -EINVAL on <= 6.x             *)
(* (DmaFenceSignalAgain).  F12: a producer signals the fences of one       *)
(* context in seqno order, so earlier fences are already signalled.        *)
DmaFenceSignal(f) ==
    /\ ~released[f]
    /\ FenceLockFree(f)
    /\ ~Signaled(f)
    /\ \A g \in EarlierOnContext(f) : Signaled(g)
    /\ SignalLocked(f)
    /\ UNCHANGED <<ferror, added, ran, cbStatus, wstate, released, forced>>

(* dma_fence_signal() on a signalled fence: nothing changes (stutter);     *)
(* scenarios use it with DmaFenceSignalReturn to see -EINVAL.              *)
DmaFenceSignalAgain(f) ==
    /\ Signaled(f)
    /\ UNCHANGED vars

(* The callback loop of dma_fence_signal_timestamp_locked(): re-init the   *)
(* node (so a later remove_callback returns false) and call cur->func,     *)
(* in list order, fence lock held (F7).  The status only moves from       *)
(* "pending" so that a mutant running a removed or late callback stays     *)
(* visible to the invariants.                                              *)
DmaFenceRunCallback(f) ==
    /\ running[f] # <<>>
    /\ LET c == Head(running[f]) IN
       /\ cbStatus' = [cbStatus EXCEPT ![c] = IF @ = "pending" THEN "ran" ELSE @]
       /\ ran' = [ran EXCEPT ![f] = Append(@, c)]
    /\ running' = [running EXCEPT ![f] = Tail(@)]
    /\ UNCHANGED <<fstate, ferror, cbList, added, wstate, released, forced>>

(* dma_fence_add_callback(): under fence->lock, __dma_fence_enable_signaling *)
(* re-checks SIGNALED; if unsignalled it enables signalling and appends    *)
(* the callback (list_add_tail) and returns 0, else it returns -ENOENT and *)
(* never calls the callback (F7, st-dma-fence test_late_add_callback).     *)
DmaFenceAddCallback(c) ==
    LET f == CallbackFence[c] IN
    /\ cbStatus[c] = "unused"
    /\ ~released[f]
    /\ FenceLockFree(f)
    /\ IF Signaled(f)
         THEN /\ cbStatus' = [cbStatus EXCEPT ![c] = "enoent"]
              /\ UNCHANGED <<fstate, cbList, added>>
         ELSE /\ cbStatus' = [cbStatus EXCEPT ![c] = "pending"]
              /\ fstate' = [fstate EXCEPT ![f] = "enabled"]
              /\ cbList' = [cbList EXCEPT ![f] = Append(@, c)]
              /\ added' = [added EXCEPT ![f] = Append(@, c)]
    /\ UNCHANGED <<ferror, running, ran, wstate, released, forced>>

(* dma_fence_remove_callback(): under fence->lock, unlink a callback still *)
(* on cb_list and return true.  Once the callback ran its node was         *)
(* re-initialised, so removal returns false and changes nothing (a stutter *)
(* step, left out; st-dma-fence test_late_rm_callback).                    *)
DmaFenceRemoveCallback(c) ==
    LET f == CallbackFence[c] IN
    /\ cbStatus[c] = "pending"
    /\ FenceLockFree(f)
    /\ \E i \in 1..Len(cbList[f]) :
          /\ cbList[f][i] = c
          /\ cbList' = [cbList EXCEPT ![f] = SubSeq(@, 1, i - 1) \o SubSeq(@, i + 1, Len(@))]
    /\ cbStatus' = [cbStatus EXCEPT ![c] = "removed"]
    /\ UNCHANGED <<fstate, ferror, running, added, ran, wstate, released, forced>>

(* Return value of dma_fence_remove_callback(c) in the current state.      *)
DmaFenceRemoveCallbackReturn(c) == InSeq(c, cbList[CallbackFence[c]])

(* dma_fence_wait_timeout(): newest kernels enable sw signalling first,    *)
(* then ops->wait / dma_fence_default_wait.  A signalled fence returns at  *)
(* once (>0); timeout 0 only tests (0 if unsignalled); otherwise the       *)
(* caller sleeps.                                                          *)
DmaFenceWaitTimeout(w) ==
    LET f == WaiterFence[w] IN
    /\ wstate[w] = "idle"
    /\ ~released[f]
    /\ FenceLockFree(f)
    /\ fstate' = [fstate EXCEPT ![f] = IF @ = "unsignaled" THEN "enabled" ELSE @]
    /\ wstate' = [wstate EXCEPT ![w] =
                    IF Signaled(f) THEN "signaled"
                    ELSE IF WaiterTimeout[w] = "zero" THEN "timedout"
                    ELSE "waiting"]
    /\ UNCHANGED <<ferror, cbList, running, added, ran, cbStatus, released, forced>>

(* A sleeping waiter wakes up and sees SIGNALED: returns remaining time >0. *)
DmaFenceWaitWake(w) ==
    /\ wstate[w] = "waiting"
    /\ Signaled(WaiterFence[w])
    /\ wstate' = [wstate EXCEPT ![w] = "signaled"]
    /\ UNCHANGED <<fstate, ferror, cbList, running, added, ran, cbStatus, released, forced>>

(* The waiter's finite timeout expires while the fence is unsignalled:     *)
(* dma_fence_wait_timeout returns 0 (st-dma-fence's mock wait: -ETIME).    *)
DmaFenceWaitTimeoutExpire(w) ==
    /\ wstate[w] = "waiting"
    /\ WaiterTimeout[w] = "finite"
    /\ ~Signaled(WaiterFence[w])
    /\ wstate' = [wstate EXCEPT ![w] = "timedout"]
    /\ UNCHANGED <<fstate, ferror, cbList, running, added, ran, cbStatus, released, forced>>

(* dma_fence_release() when the producer drops the last reference.         *)
(* Waiters hold references (F9), so none is sleeping on it.  F11: an       *)
(* unsignalled fence with callbacks still on cb_list is a bug; newest      *)
(* kernels WARN "Fence released with pending signals", set -EDEADLK and    *)
(* signal it so the callbacks still run.                                   *)
DmaFenceRelease(f) ==
    /\ ~released[f]
    /\ FenceLockFree(f)
    /\ \A w \in Waiters : WaiterFence[w] = f => wstate[w] # "waiting"
    /\ released' = [released EXCEPT ![f] = TRUE]
    /\ IF ~Signaled(f) /\ cbList[f] # <<>>
         THEN /\ ferror' = [ferror EXCEPT ![f] = EDEADLK]
              /\ forced' = [forced EXCEPT ![f] = TRUE]
              /\ SignalLocked(f)
         ELSE UNCHANGED <<ferror, forced, fstate, running, cbList>>
    /\ UNCHANGED <<added, ran, cbStatus, wstate>>

Next ==
    \/ \E f \in Fences :
          \/ DmaFenceEnableSwSignaling(f)
          \/ DmaFenceSignal(f)
          \/ DmaFenceRunCallback(f)
          \/ DmaFenceRelease(f)
          \/ \E e \in Errnos : DmaFenceSetError(f, e)
    \/ \E c \in Callbacks : DmaFenceAddCallback(c) \/ DmaFenceRemoveCallback(c)
    \/ \E w \in Waiters :
          DmaFenceWaitTimeout(w) \/ DmaFenceWaitWake(w) \/ DmaFenceWaitTimeoutExpire(w)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Safety.                                                                 *)

(* F7 "can only go from the unsignaled to the signaled state and not       *)
(* back" (dma-fence.h DOC): an action property.                            *)
SignalledIsFinal ==
    [][\A f \in Fences : Signaled(f) => fstate'[f] = "signaled"]_vars

(* F8 dma_fence_set_error(): fence->error only changes while the fence is  *)
(* unsignalled (F11's -EDEADLK is set before its forced signal).           *)
ErrorOnlyBeforeSignal ==
    [][\A f \in Fences : ferror'[f] # ferror[f] => ~Signaled(f)]_vars

(* F7: callbacks run at most once and in the order they were added        *)
(* (list_add_tail + in-order walk): whenever two callbacks ran, the        *)
(* earlier run was added earlier, and only added callbacks run.            *)
CallbacksRunOnceInOrder ==
    \A f \in Fences :
        /\ \A i \in 1..Len(ran[f]) : InSeq(ran[f][i], added[f])
        /\ \A i, j \in 1..Len(ran[f]) :
              i < j => \E a, b \in 1..Len(added[f]) :
                          a < b /\ added[f][a] = ran[f][i] /\ added[f][b] = ran[f][j]

(* F7 exactly once, the safety half: a callback that add_callback accepted *)
(* (0) and that was not removed is never left behind on a signalled fence: *)
(* it is in the signaller's list and will be called.  This is what         *)
(* st-dma-fence race_signal_callback hunts (a lost wakeup).                *)
NoLostCallback ==
    \A c \in Callbacks :
        (cbStatus[c] = "pending" /\ Signaled(CallbackFence[c]))
            => InSeq(c, running[CallbackFence[c]])

(* F7: add_callback on a signalled fence returns -ENOENT and that callback *)
(* is never called (st-dma-fence test_late_add_callback).                  *)
LateCallbackNeverRuns ==
    \A c \in Callbacks : cbStatus[c] = "enoent" => ~InSeq(c, ran[CallbackFence[c]])

(* dma_fence_remove_callback() returning true means the callback will not  *)
(* be called (st-dma-fence test_rm_callback).                              *)
RemovedCallbackNeverRuns ==
    \A c \in Callbacks : cbStatus[c] = "removed" => ~InSeq(c, ran[CallbackFence[c]])

(* F12: fences on one context signal in seqno order.  A fence that         *)
(* dma_fence_release force-signalled (F11, itself a driver bug) is exempt. *)
ContextSignalsInSeqnoOrder ==
    \A f, g \in Fences :
        (/\ FenceContext[f] = FenceContext[g]
         /\ FenceSeqno[f] < FenceSeqno[g]
         /\ Signaled(g) /\ ~forced[g])
            => Signaled(f)

(* dma_fence_wait_timeout() reports success only for a signalled fence     *)
(* (st-dma-fence test_wait: -ETIME before signal, success after).          *)
WaitSucceedsOnlyWhenSignalled ==
    \A w \in Waiters : wstate[w] = "signaled" => Signaled(WaiterFence[w])

(* F11: after dma_fence_release no callback is stranded on cb_list.        *)
ReleasedFenceHasNoPendingCallbacks ==
    \A f \in Fences : released[f] => cbList[f] = <<>>

(* F9: whoever waits on a fence holds a reference to it, so the last       *)
(* reference is not dropped (dma_fence_release does not run) while a       *)
(* dma_fence_wait_timeout caller sleeps on it: the sleeper would wake on   *)
(* freed memory.  Callback adders hold one too (DmaFenceAddCallback needs  *)
(* ~released); F11 covers a release with callbacks still pending.         *)
WaitersHoldReference ==
    \A w \in Waiters : wstate[w] = "waiting" => ~released[WaiterFence[w]]

\* The state invariants together (the action properties are listed separately).
SafetyInvariant ==
    /\ TypeOK
    /\ CallbacksRunOnceInOrder
    /\ NoLostCallback
    /\ LateCallbackNeverRuns
    /\ RemovedCallbackNeverRuns
    /\ ContextSignalsInSeqnoOrder
    /\ WaitSucceedsOnlyWhenSignalled
    /\ ReleasedFenceHasNoPendingCallbacks
    /\ WaitersHoldReference

-----------------------------------------------------------------------------
(* Strengthening that makes the callback invariants inductive (checked by  *)
(* MCDmaFence_Ind): where a callback is, given what add/remove_callback    *)
(* returned, and that every list keeps registration order.                 *)

\* s is a subsequence of t: each element occurs in t, in the same order.
InOrder(s, t) ==
    /\ \A i \in 1..Len(s) : InSeq(s[i], t)
    /\ \A i, j \in 1..Len(s) :
          i < j => \E a, b \in 1..Len(t) : a < b /\ t[a] = s[i] /\ t[b] = s[j]

NoDup(s) == \A i, j \in 1..Len(s) : i # j => s[i] # s[j]

\* Every list of f holds only callbacks added to f.
OnlyOwnCallbacks ==
    \A f \in Fences :
        \A i \in 1..Len(added[f]) : CallbackFence[added[f][i]] = f

\* Before SIGNALED nothing runs; after it cb_list is empty (it was taken).
SignalPhases ==
    \A f \in Fences :
        /\ ~Signaled(f) => (running[f] = <<>> /\ ran[f] = <<>>)
        /\ Signaled(f) => cbList[f] = <<>>

\* cb_list and (callbacks run ++ still to run) keep registration order.
CallbackListsOrdered ==
    \A f \in Fences :
        /\ NoDup(added[f])
        /\ InOrder(cbList[f], added[f])
        /\ InOrder(ran[f] \o running[f], added[f])

\* What the caller saw matches where the callback is.
CallbackStatusConsistent ==
    \A c \in Callbacks :
        LET f == CallbackFence[c] IN
        /\ InSeq(c, added[f]) <=> cbStatus[c] \in {"pending", "ran", "removed"}
        /\ (InSeq(c, cbList[f]) \/ InSeq(c, running[f])) <=> cbStatus[c] = "pending"
        /\ InSeq(c, ran[f]) <=> cbStatus[c] = "ran"

\* The callback invariants (F7) with their strengthening.
CallbackInv ==
    /\ TypeOK
    /\ OnlyOwnCallbacks
    /\ SignalPhases
    /\ CallbackListsOrdered
    /\ CallbackStatusConsistent
    /\ CallbacksRunOnceInOrder
    /\ NoLostCallback
    /\ LateCallbackNeverRuns
    /\ RemovedCallbackNeverRuns

-----------------------------------------------------------------------------
(* Liveness, under the fairness MC modules add (F1: every fence eventually *)
(* signals; the signaller finishes its callback loop; woken waiters run).  *)

EveryFenceSignals == \A f \in Fences : <>Signaled(f)

\* A sleeping waiter returns: infinite waiters only by seeing the signal.
WaitersWake == \A w \in Waiters : wstate[w] = "waiting" ~> wstate[w] \in {"signaled", "timedout"}

CallbacksRun ==
    \A c \in Callbacks : cbStatus[c] = "pending" ~> cbStatus[c] \in {"ran", "removed"}

-----------------------------------------------------------------------------
(* Refinement of DmaResv.tla's fence abstraction (its NOTE (fences)): a    *)
(* fence there is a boolean `signalled` that DmaResv!DmaFenceSignal sets   *)
(* once every earlier fence of its context has signalled (F12).  The       *)
(* mapping: signalled is the SIGNALED bit; everything DmaResv adds around  *)
(* fences (reservation objects, tasks, sync_files) is empty, so the        *)
(* instance is DmaResv's fence part alone.  Enabling signalling, errors,   *)
(* callbacks and waits are stutters of it.  Checked as PROPERTY            *)
(* ResvFenceSpec by MCDmaFence; DmaFence_SignalOutOfOrder_Refinement shows *)
(* a producer signalling out of seqno order breaking it.  F11's forced     *)
(* signal in dma_fence_release ignores seqno order too, so the refinement  *)
(* holds for producers that keep their reference until the fence          *)
(* signalled (F9), as MCDmaFence's release does.                           *)
ResvFences == INSTANCE DmaResv WITH
    Resvs <- {}, Procs <- {}, Fences <- Fences,
    Context <- FenceContext, Seqno <- FenceSeqno,
    VgemFences <- {}, AddUsages <- {}, MaxReserve <- 0, MaxSyncFiles <- 0,
    NoProc <- "noproc", NoFence <- "nofence", NoResv <- "noresv",
    signalled <- [f \in Fences |-> Signaled(f)],
    holder <- [r \in {} |-> "noproc"],
    table <- [r \in {} |-> <<>>],
    maxFences <- [r \in {} |-> 0],
    pollCb <- [r \in {} |-> [d \in {"in", "out"} |-> "nofence"]],
    pc <- [p \in {} |-> "idle"],
    resvOf <- [p \in {} |-> "noresv"],
    query <- [p \in {} |-> 4],
    credits <- [p \in {} |-> 0],
    mustWait <- [p \in {} |-> {}],
    everAdded <- [r \in {} |-> [f \in Fences |-> 4]],
    syncFiles <- <<>>

ResvFenceSpec == ResvFences!Spec

=============================================================================
