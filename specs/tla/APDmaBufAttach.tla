--------------------------- MODULE APDmaBufAttach ---------------------------
(* Typed wrapper of DmaBufAttach for Apalache: every constant and variable *)
(* with its type; model values are strings here.                           *)
CONSTANTS
    \* @type: Str;
    KernelBehaviour,
    \* @type: Bool;
    MoveNotify,
    \* @type: Set(Str);
    Buffers,
    \* @type: Set(Str);
    Importers,
    \* @type: Set(Str);
    Regions,
    \* @type: Str -> Str;
    ImporterBuf,
    \* @type: Set(Str);
    DynamicImporters,
    \* @type: Set(Str);
    DynamicExporters,
    \* @type: Set(Str);
    CacheSgtExporters,
    \* @type: Str -> Str;
    ImporterUsage,
    \* @type: Str -> Str;
    InitPlacement,
    \* @type: Set(Str);
    VramRegions,
    \* @type: Set(Str);
    PeerToPeerImporters,
    \* @type: Str;
    Exporter

VARIABLES
    \* @type: Str -> Str;
    holder,
    \* @type: Str -> Set(Str);
    attachments,
    \* @type: Str -> Bool;
    importerOps,
    \* @type: Str -> Str;
    pc,
    \* @type: Str -> Str;
    mapping,
    \* @type: Str -> Bool;
    mapped,
    \* @type: Str -> Str;
    mapDir,
    \* @type: Str -> Str;
    cached,
    \* @type: Str -> Bool;
    mapValid,
    \* @type: Str -> Bool;
    mapReady,
    \* @type: Str -> Bool;
    job,
    \* @type: Str -> Bool;
    corePin,
    \* @type: Str -> Bool;
    importerPin,
    \* @type: Str -> Str;
    placement,
    \* @type: Str -> Str;
    storage,
    \* @type: Str -> Str;
    moveFence,
    \* @type: Str -> Str;
    moveFrom,
    \* @type: Str -> Set(Str);
    moveWaits,
    \* @type: Str;
    expPc,
    \* @type: Str;
    expBuf,
    \* @type: Set(Str);
    walkSnapshot,
    \* @type: Set(Str);
    walkTodo,
    \* @type: Set(<<Str, Str>>);
    lastAccess

INSTANCE DmaBufAttach
=============================================================================
