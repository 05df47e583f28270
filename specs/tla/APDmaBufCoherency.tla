------------------------- MODULE APDmaBufCoherency -------------------------
(***************************************************************************)
(* Typed wrapper of DmaBufCoherency.tla for Apalache: every constant and   *)
(* variable with its type, then the spec instantiated unchanged.  CInit    *)
(* binds the constants to the configuration of MCDmaBufCoherency.cfg       *)
(* (6.15+, system-heap exporter), e.g.                                     *)
(*   apalache-mc check --cinit=CInit --init=Init --next=Next               *)
(*     --inv=ReadsSeeLastWrite --length=12 APDmaBufCoherency.tla           *)
(* and the inductive step as                                               *)
(*   apalache-mc check --cinit=CInit --init=IndInv --next=Next             *)
(*     --inv=IndInv --length=1 APDmaBufCoherency.tla                       *)
(***************************************************************************)
EXTENDS Integers

CONSTANTS
    \* @type: Str;
    KernelBehaviour,
    \* @type: Str;
    CachedDir,
    \* @type: Bool;
    ExporterCpuAccessOps,
    \* @type: Bool;
    FromDeviceMapInvalidates,
    \* @type: Set(Str);
    ImporterDirs,
    \* @type: Set(Str);
    SyncFlags,
    \* @type: Int;
    MaxVersion

VARIABLES
    \* @type: Int;
    mem,
    \* @type: { state: Str, val: Int };
    line,
    \* @type: Bool;
    attached,
    \* @type: Str;
    importerMap,
    \* @type: Str;
    dmaMap,
    \* @type: Str;
    cpuSync,
    \* @type: Int;
    lastWrite,
    \* @type: Str;
    lastWriter,
    \* @type: { by: Str, val: Int, latest: Int, writer: Str };
    lastRead

INSTANCE DmaBufCoherency

CInit ==
    /\ KernelBehaviour = "6.15"
    /\ CachedDir = "BIDIRECTIONAL"
    /\ ExporterCpuAccessOps = TRUE
    /\ FromDeviceMapInvalidates = FALSE
    /\ ImporterDirs = {"TO_DEVICE", "FROM_DEVICE", "BIDIRECTIONAL"}
    /\ SyncFlags = {"READ", "WRITE", "RW"}
    /\ MaxVersion = 3
=============================================================================
