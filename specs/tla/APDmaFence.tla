------------------------------ MODULE APDmaFence ------------------------------
(***************************************************************************)
(* Apalache wrapper for DmaFence.tla: every constant and variable typed.   *)
(* CInit binds a small instance (two fences on one context, two callbacks, *)
(* one waiter), e.g.                                                       *)
(*   apalache-mc check --cinit=CInit --inv=CallbackInv --length=10 APDmaFence.tla *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    \* @type: Set(FENCE);
    Fences,
    \* @type: FENCE -> Int;
    FenceContext,
    \* @type: FENCE -> Int;
    FenceSeqno,
    \* @type: Set(CB);
    Callbacks,
    \* @type: CB -> FENCE;
    CallbackFence,
    \* @type: Set(WAITER);
    Waiters,
    \* @type: WAITER -> FENCE;
    WaiterFence,
    \* @type: WAITER -> Str;
    WaiterTimeout,
    \* @type: Set(Int);
    Errnos

VARIABLES
    \* @type: FENCE -> Str;
    fstate,
    \* @type: FENCE -> Int;
    ferror,
    \* @type: FENCE -> Seq(CB);
    cbList,
    \* @type: FENCE -> Seq(CB);
    running,
    \* @type: FENCE -> Seq(CB);
    added,
    \* @type: FENCE -> Seq(CB);
    ran,
    \* @type: CB -> Str;
    cbStatus,
    \* @type: WAITER -> Str;
    wstate,
    \* @type: FENCE -> Bool;
    released,
    \* @type: FENCE -> Bool;
    forced

INSTANCE DmaFence

CInit ==
    /\ Fences = {"f1_OF_FENCE", "f2_OF_FENCE"}
    /\ FenceContext = [f \in Fences |-> 1]
    /\ FenceSeqno = [f \in Fences |-> IF f = "f1_OF_FENCE" THEN 1 ELSE 2]
    /\ Callbacks = {"c1_OF_CB", "c2_OF_CB"}
    /\ CallbackFence = [c \in Callbacks |-> "f1_OF_FENCE"]
    /\ Waiters = {"w1_OF_WAITER"}
    /\ WaiterFence = [w \in Waiters |-> "f2_OF_FENCE"]
    /\ WaiterTimeout = [w \in Waiters |-> "infinite"]
    /\ Errnos = {-5}
=============================================================================
