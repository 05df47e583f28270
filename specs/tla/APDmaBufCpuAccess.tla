------------------------- MODULE APDmaBufCpuAccess -------------------------
(* Typed wrapper of DmaBufCpuAccess for Apalache: every constant and       *)
(* variable with its type; model values are strings here.  An access is   *)
(* <<user, region>>.                                                       *)
CONSTANTS
    \* @type: Str;
    Buffer,
    \* @type: Set(Str);
    MmapUsers,
    \* @type: Set(Str);
    VmapUsers,
    \* @type: Set(Str);
    Regions,
    \* @type: Str;
    InitRegion

VARIABLES
    \* @type: Str;
    placement,
    \* @type: Str -> Str;
    storage,
    \* @type: Str -> Bool;
    mmapped,
    \* @type: Str -> Str;
    cpuPte,
    \* @type: Str -> Str;
    vmapRegion,
    \* @type: Bool;
    locked,
    \* @type: Str;
    moveTo,
    \* @type: Bool;
    zapped,
    \* @type: Set(<<Str, Str>>);
    lastAccess

INSTANCE DmaBufCpuAccess
=============================================================================
