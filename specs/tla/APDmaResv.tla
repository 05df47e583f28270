------------------------------ MODULE APDmaResv ------------------------------
(* Typed wrapper of DmaResv for Apalache: every constant and variable with  *)
(* its type; model values are strings here.  Table entries and sync_files   *)
(* are records; usages are the integers of enum dma_resv_usage.             *)
CONSTANTS
    \* @type: Set(Str);
    Resvs,
    \* @type: Set(Str);
    Procs,
    \* @type: Set(Str);
    Fences,
    \* @type: Str -> Str;
    Context,
    \* @type: Str -> Int;
    Seqno,
    \* @type: Set(Str);
    VgemFences,
    \* @type: Set(Int);
    AddUsages,
    \* @type: Int;
    MaxReserve,
    \* @type: Int;
    MaxSyncFiles,
    \* @type: Str;
    NoProc,
    \* @type: Str;
    NoFence,
    \* @type: Str;
    NoResv

VARIABLES
    \* @type: Str -> Bool;
    signalled,
    \* @type: Str -> Str;
    holder,
    \* @type: Str -> Seq({ fence: Str, usage: Int });
    table,
    \* @type: Str -> Int;
    maxFences,
    \* @type: Str -> (Str -> Str);
    pollCb,
    \* @type: Str -> Str;
    pc,
    \* @type: Str -> Str;
    resvOf,
    \* @type: Str -> Int;
    query,
    \* @type: Str -> Int;
    credits,
    \* @type: Str -> Set(Str);
    mustWait,
    \* @type: Str -> (Str -> Int);
    everAdded,
    \* @type: Seq({ resv: Str, usage: Int, fences: Set(Str), known: Set(Str) });
    syncFiles

INSTANCE DmaResv
=============================================================================
