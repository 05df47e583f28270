------------------------- MODULE APDmaBufWwEviction -------------------------
(***************************************************************************)
(* Apalache wrapper for DmaBufWwEviction.tla: every constant and variable  *)
(* typed.  CInit binds the default model: two buffers, a dynamic pinning   *)
(* importer and a static one evicting each other's buffer, e.g.            *)
(*   apalache-mc check --cinit=CInit --inv=Safety --length=20              *)
(*       APDmaBufWwEviction.tla                                            *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    \* @type: Set(BUF);
    Buffers,
    \* @type: Set(PROC);
    Importers,
    \* @type: PROC -> BUF;
    ImporterBuf,
    \* @type: PROC -> BUF;
    Victim,
    \* @type: Set(PROC);
    StaticImporters,
    \* @type: Set(PROC);
    PinImporters,
    \* @type: Int;
    MaxInterrupts,
    \* @type: BUF;
    NoLock

VARIABLES
    \* @type: PROC -> Str;
    pc,
    \* @type: PROC -> Str;
    call,
    \* @type: PROC -> Set(BUF);
    held,
    \* @type: PROC -> BUF;
    contended,
    \* @type: PROC -> Int;
    stamp,
    \* @type: Int;
    nextStamp,
    \* @type: PROC -> Bool;
    corePin,
    \* @type: PROC -> Bool;
    importerPin,
    \* @type: PROC -> Bool;
    mapped,
    \* @type: PROC -> Int;
    mapGen,
    \* @type: PROC -> Bool;
    mapValid,
    \* @type: BUF -> Int;
    gen,
    \* @type: BUF -> Str;
    moveFence,
    \* @type: Int;
    interrupts

INSTANCE DmaBufWwEviction

CInit ==
    /\ Buffers = {"b1_OF_BUF", "b2_OF_BUF"}
    /\ NoLock = "none_OF_BUF"
    /\ Importers = {"i1_OF_PROC", "i2_OF_PROC"}
    /\ ImporterBuf = [a \in Importers |-> IF a = "i1_OF_PROC" THEN "b1_OF_BUF" ELSE "b2_OF_BUF"]
    /\ Victim = [a \in Importers |-> IF a = "i1_OF_PROC" THEN "b2_OF_BUF" ELSE "b1_OF_BUF"]
    /\ StaticImporters = {"i2_OF_PROC"}
    /\ PinImporters = {"i1_OF_PROC"}
    /\ MaxInterrupts = 1
=============================================================================
