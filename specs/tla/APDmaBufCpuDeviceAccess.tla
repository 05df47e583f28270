---------------------- MODULE APDmaBufCpuDeviceAccess ----------------------
(* Typed wrapper of DmaBufCpuDeviceAccess for Apalache: every constant    *)
(* and variable with its type; model values are strings here.  A mapping  *)
(* is <<importer, slot>>, a job <<importer, job slot>>, a device access   *)
(* <<device, region, kind, slot or "noslot">>, a CPU access               *)
(* <<user, region, kind>>.                                                 *)
CONSTANTS
    \* @type: Str;
    KernelBehaviour,
    \* @type: Set(Str);
    Buffers,
    \* @type: Set(Str);
    Importers,
    \* @type: Str -> Str;
    ImporterBuf,
    \* @type: Set(Str);
    DynamicImporters,
    \* @type: Set(Str);
    ReadAndDiscardImporters,
    \* @type: Set(Str);
    Regions,
    \* @type: Str -> Str;
    InitPlacement,
    \* @type: Set(Str);
    Slots,
    \* @type: Set(Str);
    JobSlots,
    \* @type: Set(Str);
    MapDirs,
    \* @type: Set(Str);
    Exporters,
    \* @type: Set(Str);
    MmapUsers,
    \* @type: Set(Str);
    WritableMmaps,
    \* @type: Set(Str);
    VmapUsers,
    \* @type: Str -> Str;
    CpuUserBuf

VARIABLES
    \* @type: Str -> Set(Str);
    attachments,
    \* @type: <<Str, Str>> -> Str;
    mapRegion,
    \* @type: <<Str, Str>> -> Str;
    mapDir,
    \* @type: <<Str, Str>> -> Bool;
    mapValid,
    \* @type: <<Str, Str>> -> Str;
    pte,
    \* @type: <<Str, Str>> -> Bool;
    pteWrites,
    \* @type: <<Str, Str>> -> Bool;
    flushInResv,
    \* @type: <<Str, Str>> -> Str;
    jobRegion,
    \* @type: <<Str, Str>> -> Str;
    jobKind,
    \* @type: Str -> Str;
    placement,
    \* @type: Str -> Str;
    storage,
    \* @type: Str -> Str;
    moveFence,
    \* @type: Str -> Str;
    moveFrom,
    \* @type: Str -> Set(<<Str, Str>>);
    moveWaitJobs,
    \* @type: Str -> Set(<<Str, Str>>);
    moveWaitFlush,
    \* @type: Str -> Str;
    expBuf,
    \* @type: Str -> Str;
    expTarget,
    \* @type: Str -> Set(Str);
    walkTodo,
    \* @type: Set(<<Str, Str, Str, Str>>);
    lastAccess,
    \* @type: Str -> Bool;
    mmapped,
    \* @type: Str -> Str;
    faulting,
    \* @type: Str -> Str;
    cpuPte,
    \* @type: Str -> Str;
    vmapRegion,
    \* @type: Str -> Bool;
    cpuZapped,
    \* @type: Set(<<Str, Str, Str>>);
    cpuAccess

INSTANCE DmaBufCpuDeviceAccess
=============================================================================
