------------------------------ MODULE WwMutex ------------------------------
(***************************************************************************)
(* The reservation lock: struct dma_resv's ww_mutex of class               *)
(* reservation_ww_class, which dma-resv.c defines with DEFINE_WD_CLASS, so *)
(* the deadlock-avoidance algorithm is WAIT-DIE (rule F18 of               *)
(* docs/rules.md; include/linux/ww_mutex.h; kernel/locking/ww_mutex.h).    *)
(*                                                                         *)
(* Threads ("importers") run the usual locking loop over a fixed list of   *)
(* objects (LockOrder):                                                    *)
(*   ww_acquire_init(&ctx);                                                *)
(* retry:                                                                  *)
(*   for each obj: ret = dma_resv_lock(obj, &ctx);                         *)
(*       -EALREADY: skip (already locked by the slow path)                 *)
(*       -EDEADLK:  unlock everything; dma_resv_lock_slow(contended, &ctx);*)
(*                  goto retry                                             *)
(*   ww_acquire_done(&ctx); ... critical section ...;                      *)
(*   dma_resv_unlock(each); ww_acquire_fini(&ctx);                         *)
(* Threads in NullProcs lock with a NULL context (dma_resv_lock(obj, NULL) *)
(* or dma_resv_trylock), which has no deadlock avoidance.                  *)
(*                                                                         *)
(* Wait-die as the kernel implements it (verified against                  *)
(* kernel/locking/ww_mutex.h):                                             *)
(*  - stamps come from a per-class counter at ww_acquire_init; a smaller   *)
(*    stamp is older (__ww_ctx_less: "bigger is younger");                 *)
(*  - __ww_mutex_check_kill returns 0 if ctx->acquired == 0 (a context     *)
(*    holding nothing never dies); otherwise -EDEADLK if the holder's      *)
(*    context is older, or if a context waiter is queued ahead (the wait   *)
(*    list is sorted by stamp, so such a waiter is older);                 *)
(*  - a holder with a NULL context never makes anyone die.                 *)
(*                                                                         *)
(* NOTE (abstractions): the wait list is not a variable.  The waiters of a *)
(* lock are the threads blocked on it; "queued ahead" is "older context    *)
(* waiter".  A free lock may be taken by a fresh caller even if others     *)
(* wait (the mutex fast path can steal), while a woken context waiter only *)
(* takes it if no older context waits (stamp-ordered hand-off).            *)
(* A blocked context re-runs __ww_mutex_check_kill whenever it could be    *)
(* woken, so DmaResvLockDie is enabled whenever the die condition holds.   *)
(*                                                                         *)
(* No CHOOSE, recursion, Seq(S) or TLC operators: APWwMutex.tla types it.  *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    Locks,      \* dma_resv objects (their ww_mutex)
    CtxProcs,   \* threads that lock with a ww_acquire_ctx
    NullProcs,  \* threads that lock with a NULL context or trylock
    LockOrder,  \* [CtxProcs \cup NullProcs -> sequence of Locks]: objects in loop order
    NoLock      \* "no contended lock" (ctx->contending_lock == NULL)

Procs == CtxProcs \cup NullProcs

PcValues == {"init", "lock", "blocked", "backoff", "slow", "critical", "unlock", "done"}

VARIABLES
    pc,         \* [Procs -> PcValues]: where the thread is in its locking loop
    idx,        \* [Procs -> Nat]: index in LockOrder of the next object to lock
    held,       \* [Procs -> SUBSET Locks]: ww_mutexes the thread holds (ctx->acquired = Cardinality)
    contended,  \* [Procs -> Locks \cup {NoLock}]: the lock that returned -EDEADLK
    stamp,      \* [Procs -> Nat]: ctx->stamp, 0 = no context
    nextStamp   \* the class's stamp counter (reservation_ww_class.stamp)

vars == <<pc, idx, held, contended, stamp, nextStamp>>

-----------------------------------------------------------------------------
Free(l) == \A q \in Procs : l \notin held[q]

\* The object the thread is about to lock or is blocked on.
Want(p) == LockOrder[p][idx[p]]

\* Threads sleeping on lock l: in dma_resv_lock or in dma_resv_lock_slow.
Waiting(p, l) ==
    \/ pc[p] = "blocked" /\ Want(p) = l
    \/ pc[p] = "slow" /\ contended[p] = l

Older(q, p) == stamp[q] < stamp[p]

(* __ww_mutex_check_kill for wait-die: p holds at least one lock and l is  *)
(* held by an older context or an older context waits for it.             *)
MustDie(p, l) ==
    /\ p \in CtxProcs
    /\ held[p] # {}
    /\ \E q \in CtxProcs \ {p} : Older(q, p) /\ (l \in held[q] \/ Waiting(q, l))

(* Stamp-ordered hand-off: a woken context waiter gets l only if no older  *)
(* context waits for it; NULL-context waiters are FIFO-interspersed.       *)
MayTake(p, l) ==
    /\ Free(l)
    /\ p \in CtxProcs => \A q \in CtxProcs \ {p} : Waiting(q, l) => ~Older(q, p)

TypeOK ==
    /\ pc \in [Procs -> PcValues]
    /\ idx \in [Procs -> Nat]
    /\ held \in [Procs -> SUBSET Locks]
    /\ contended \in [Procs -> Locks \cup {NoLock}]
    /\ stamp \in [Procs -> Nat]
    /\ nextStamp \in Nat /\ nextStamp >= 1

Init ==
    /\ pc = [p \in Procs |-> IF p \in CtxProcs THEN "init" ELSE "lock"]
    /\ idx = [p \in Procs |-> 1]
    /\ held = [p \in Procs |-> {}]
    /\ contended = [p \in Procs |-> NoLock]
    /\ stamp = [p \in Procs |-> 0]
    /\ nextStamp = 1

-----------------------------------------------------------------------------
(* ww_acquire_init(): the context gets the next stamp of the class         *)
(* (atomic_long_inc_return_relaxed(&ww_class->stamp)), acquired = 0.       *)
WwAcquireInit(p) ==
    /\ pc[p] = "init"
    /\ stamp' = [stamp EXCEPT ![p] = nextStamp]
    /\ nextStamp' = nextStamp + 1
    /\ pc' = [pc EXCEPT ![p] = "lock"]
    /\ UNCHANGED <<idx, held, contended>>

(* dma_resv_lock(obj, ctx) = ww_mutex_lock: -EALREADY if this context      *)
(* already holds obj (ww_mutex.h: "the same lock twice"); takes a free     *)
(* lock (ctx->acquired++); otherwise the caller queues as a waiter and     *)
(* sleeps (DmaResvLockDie and DmaResvLockWake decide what happens).  With  *)
(* a NULL context it is a plain mutex_lock: relocking self-deadlocks.      *)
DmaResvLock(p) ==
    /\ pc[p] = "lock"
    /\ idx[p] <= Len(LockOrder[p])
    /\ LET l == Want(p) IN
       IF p \in CtxProcs /\ l \in held[p]
         THEN /\ idx' = [idx EXCEPT ![p] = @ + 1]                 \* -EALREADY, skip
              /\ UNCHANGED <<pc, held>>
         ELSE IF Free(l)
         THEN /\ held' = [held EXCEPT ![p] = @ \cup {l}]           \* 0
              /\ idx' = [idx EXCEPT ![p] = @ + 1]
              /\ UNCHANGED pc
         ELSE /\ pc' = [pc EXCEPT ![p] = "blocked"]                \* sleeps
              /\ UNCHANGED <<idx, held>>
    /\ UNCHANGED <<contended, stamp, nextStamp>>

(* The sleeping caller is woken and gets the lock (stamp-ordered hand-off). *)
DmaResvLockWake(p) ==
    /\ pc[p] = "blocked"
    /\ MayTake(p, Want(p))
    /\ held' = [held EXCEPT ![p] = @ \cup {Want(p)}]
    /\ idx' = [idx EXCEPT ![p] = @ + 1]
    /\ pc' = [pc EXCEPT ![p] = "lock"]
    /\ UNCHANGED <<contended, stamp, nextStamp>>

(* __ww_mutex_add_waiter / __ww_mutex_check_kill (wait-die): a context     *)
(* that holds locks and meets an older holder or older waiter "dies":      *)
(* dma_resv_lock returns -EDEADLK and the debug build records              *)
(* ctx->contending_lock.  The importer starts its backoff.                 *)
DmaResvLockDie(p) ==
    /\ pc[p] = "blocked"
    /\ MustDie(p, Want(p))
    /\ pc' = [pc EXCEPT ![p] = "backoff"]
    /\ contended' = [contended EXCEPT ![p] = Want(p)]
    /\ UNCHANGED <<idx, held, stamp, nextStamp>>

(* Backoff, part 1 (F18): after -EDEADLK drop every lock of the context    *)
(* with dma_resv_unlock, one at a time.                                    *)
DmaResvUnlockBackoff(p) ==
    /\ pc[p] = "backoff"
    /\ \E l \in held[p] : held' = [held EXCEPT ![p] = @ \ {l}]
    /\ UNCHANGED <<pc, idx, contended, stamp, nextStamp>>

(* Backoff, part 2: dma_resv_lock_slow(contended, ctx) = ww_mutex_lock_slow *)
(* once nothing is held: sleeps until the contended lock is free and       *)
(* cannot fail (acquired == 0 never dies).  Then the loop restarts from    *)
(* the first object, getting -EALREADY on the one just taken.              *)
DmaResvLockSlow(p) ==
    /\ \/ pc[p] = "backoff" /\ held[p] = {}
       \/ pc[p] = "slow"
    /\ IF MayTake(p, contended[p])
         THEN /\ held' = [held EXCEPT ![p] = {contended[p]}]
              /\ contended' = [contended EXCEPT ![p] = NoLock]
              /\ pc' = [pc EXCEPT ![p] = "lock"]
              /\ idx' = [idx EXCEPT ![p] = 1]
         ELSE /\ pc[p] = "backoff"
              /\ pc' = [pc EXCEPT ![p] = "slow"]
              /\ UNCHANGED <<held, contended, idx>>
    /\ UNCHANGED <<stamp, nextStamp>>

(* dma_resv_trylock(obj): NULL context, never sleeps.  On failure the      *)
(* caller skips the object (the eviction-loop pattern).                    *)
DmaResvTrylock(p) ==
    /\ p \in NullProcs
    /\ pc[p] = "lock"
    /\ idx[p] <= Len(LockOrder[p])
    /\ held' = [held EXCEPT ![p] = IF Free(Want(p)) THEN @ \cup {Want(p)} ELSE @]
    /\ idx' = [idx EXCEPT ![p] = @ + 1]
    /\ UNCHANGED <<pc, contended, stamp, nextStamp>>

(* ww_acquire_done(): every object of the list is locked (NULL-context     *)
(* threads simply proceed); the critical section starts.                   *)
WwAcquireDone(p) ==
    /\ pc[p] = "lock"
    /\ idx[p] > Len(LockOrder[p])
    /\ pc' = [pc EXCEPT ![p] = "critical"]
    /\ UNCHANGED <<idx, held, contended, stamp, nextStamp>>

(* dma_resv_unlock() of each held object after the critical section.       *)
DmaResvUnlock(p) ==
    /\ pc[p] \in {"critical", "unlock"}
    /\ \E l \in held[p] : held' = [held EXCEPT ![p] = @ \ {l}]
    /\ pc' = [pc EXCEPT ![p] = "unlock"]
    /\ UNCHANGED <<idx, contended, stamp, nextStamp>>

(* ww_acquire_fini(): only after every lock of the context is released     *)
(* (F18; debug builds WARN otherwise).  NULL-context threads just finish.  *)
WwAcquireFini(p) ==
    /\ pc[p] \in {"critical", "unlock"}
    /\ held[p] = {}
    /\ pc' = [pc EXCEPT ![p] = "done"]
    /\ UNCHANGED <<idx, held, contended, stamp, nextStamp>>

\* Every thread finished: the model stutters here, which is not a deadlock.
Terminated == (\A p \in Procs : pc[p] = "done") /\ UNCHANGED vars

ProcNext(p) ==
    \/ WwAcquireInit(p)
    \/ DmaResvLock(p)
    \/ DmaResvLockWake(p)
    \/ DmaResvLockDie(p)
    \/ DmaResvUnlockBackoff(p)
    \/ DmaResvLockSlow(p)
    \/ DmaResvTrylock(p)
    \/ WwAcquireDone(p)
    \/ DmaResvUnlock(p)
    \/ WwAcquireFini(p)

Next == (\E p \in Procs : ProcNext(p)) \/ Terminated

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Safety.                                                                 *)

(* A ww_mutex has at most one owner.                                       *)
MutualExclusion ==
    \A p, q \in Procs : p # q => held[p] \cap held[q] = {}

(* __ww_mutex_check_kill: "if (ctx->acquired == 0) return 0" — a context   *)
(* holding nothing never gets -EDEADLK (so dma_resv_lock_slow cannot fail  *)
(* and the first lock of a loop never needs a backoff).  Action property.  *)
NoDeadlkWhenEmpty ==
    [][\A p \in Procs : (pc'[p] = "backoff" /\ pc[p] # "backoff") => held[p] # {}]_vars

(* F18 / ww_mutex_lock_acquired (DEBUG_WW_MUTEXES): after -EDEADLK the     *)
(* next lock the context takes is the contended one, with nothing else     *)
(* held.  Action property.                                                 *)
SlowLockFirstAfterDeadlk ==
    [][\A p \in CtxProcs : \A l \in Locks :
          (contended[p] # NoLock /\ l \notin held[p] /\ l \in held'[p])
              => (l = contended[p] /\ held[p] = {})]_vars

(* Wait-die kills only the younger side: a context that gets -EDEADLK has  *)
(* an older context (smaller stamp) in the class, so the oldest context    *)
(* never dies and always progresses (ww_mutex.h, __ww_ctx_less).  Action   *)
(* property.                                                               *)
OnlyYoungerDies ==
    [][\A p \in CtxProcs :
          (pc'[p] = "backoff" /\ pc[p] # "backoff")
              => \E q \in CtxProcs \ {p} : stamp[q] # 0 /\ Older(q, p)]_vars

(* State form of the backoff discipline: a thread sleeping in              *)
(* dma_resv_lock_slow holds nothing.                                       *)
BackoffDiscipline ==
    \A p \in Procs : pc[p] = "slow" => held[p] = {}

-----------------------------------------------------------------------------
(* Strengthening that makes MutualExclusion /\ BackoffDiscipline          *)
(* inductive (checked by MCWwMutex_Ind).                                   *)

\* idx stays within the object list; a blocked thread waits for a real object.
IdxInRange ==
    \A p \in Procs :
        /\ idx[p] \in 1..(Len(LockOrder[p]) + 1)
        /\ pc[p] = "blocked" => idx[p] <= Len(LockOrder[p])

\* ctx->contending_lock is set exactly between -EDEADLK and dma_resv_lock_slow.
ContendedOnlyInBackoff ==
    \A p \in Procs : (contended[p] # NoLock) <=> (pc[p] \in {"backoff", "slow"})

\* A context has a stamp once initialised; NULL-context threads never back off.
ProcKinds ==
    /\ \A p \in CtxProcs : (pc[p] = "init") <=> (stamp[p] = 0)
    /\ \A p \in NullProcs : stamp[p] = 0 /\ pc[p] \notin {"init", "backoff", "slow"}

\* The importer loop: it only locks objects of its list; while looping a
\* context holds every earlier object of the list; in backoff the contended
\* lock is the object the loop stopped at.
LoopInvariant ==
    \A p \in Procs :
        LET Order == {LockOrder[p][i] : i \in 1..Len(LockOrder[p])}
            Before == {LockOrder[p][i] : i \in 1..(idx[p] - 1)}
        IN
        /\ held[p] \subseteq Order
        /\ pc[p] = "init" => (idx[p] = 1 /\ held[p] = {})
        /\ (p \in CtxProcs /\ pc[p] \in {"lock", "blocked"}) => Before \subseteq held[p]
        /\ (p \in CtxProcs /\ pc[p] = "critical") => held[p] = Order
        /\ pc[p] \in {"critical", "unlock", "done"} => idx[p] = Len(LockOrder[p]) + 1
        /\ pc[p] = "done" => held[p] = {}
        /\ pc[p] \in {"backoff", "slow"} =>
              (idx[p] <= Len(LockOrder[p]) /\ contended[p] = LockOrder[p][idx[p]])

\* ww_acquire_init hands out distinct stamps below the class counter.
StampsIssued ==
    /\ \A p \in CtxProcs : stamp[p] < nextStamp
    /\ \A p, q \in CtxProcs : (p # q /\ stamp[p] # 0) => stamp[p] # stamp[q]

Inv ==
    /\ TypeOK
    /\ IdxInRange
    /\ ContendedOnlyInBackoff
    /\ ProcKinds
    /\ LoopInvariant
    /\ StampsIssued
    /\ MutualExclusion
    /\ BackoffDiscipline

(* Liveness (with weak fairness on every thread): every context gets its   *)
(* whole object list locked; under wait-die the oldest context never dies, *)
(* so there is no deadlock and no livelock.                                *)
AllContextsAcquire == \A p \in CtxProcs : <>(pc[p] = "critical")

AllThreadsFinish == <>(\A p \in Procs : pc[p] = "done")

-----------------------------------------------------------------------------
(* Refinement of the plain reservation mutex (ResvMutex.tla) that          *)
(* DmaBufAttach.tla and DmaResv.tla use: the owner of an object is the     *)
(* thread whose held set contains it.  Every step takes or releases at     *)
(* most one object, a free one or its own, so each WwMutex behaviour is a  *)
(* ResvMutex behaviour (wait-die only decides who gets a lock first or     *)
(* backs off).  Checked as PROPERTY MutexSpec by MCWwMutex;                *)
(* WwMutex_TrylockIgnoresOwner_Refinement breaks it.                       *)
Mutex == INSTANCE ResvMutex WITH
    Objects <- Locks, Lockers <- Procs,
    owner <- [l \in Locks |-> {p \in Procs : l \in held[p]}]

MutexSpec == Mutex!Spec

=============================================================================
