------------------------------ MODULE APWwMutex ------------------------------
(***************************************************************************)
(* Apalache wrapper for WwMutex.tla: every constant and variable typed.    *)
(* CInit binds two contexts locking two objects in opposite orders and a   *)
(* single-object NULL-context thread, e.g.                                 *)
(*   apalache-mc check --cinit=CInit --inv=Inv --length=20 APWwMutex.tla   *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    \* @type: Set(LOCK);
    Locks,
    \* @type: Set(PROC);
    CtxProcs,
    \* @type: Set(PROC);
    NullProcs,
    \* @type: PROC -> Seq(LOCK);
    LockOrder,
    \* @type: LOCK;
    NoLock

VARIABLES
    \* @type: PROC -> Str;
    pc,
    \* @type: PROC -> Int;
    idx,
    \* @type: PROC -> Set(LOCK);
    held,
    \* @type: PROC -> LOCK;
    contended,
    \* @type: PROC -> Int;
    stamp,
    \* @type: Int;
    nextStamp

INSTANCE WwMutex

CInit ==
    /\ Locks = {"l1_OF_LOCK", "l2_OF_LOCK"}
    /\ NoLock = "none_OF_LOCK"
    /\ CtxProcs = {"p1_OF_PROC", "p2_OF_PROC"}
    /\ NullProcs = {"n1_OF_PROC"}
    /\ LockOrder = [p \in CtxProcs \cup NullProcs |->
                      IF p = "p1_OF_PROC" THEN <<"l1_OF_LOCK", "l2_OF_LOCK">>
                      ELSE IF p = "p2_OF_PROC" THEN <<"l2_OF_LOCK", "l1_OF_LOCK">>
                      ELSE <<"l2_OF_LOCK">>]
=============================================================================
