------------------------- MODULE APDmaBufIsolation -------------------------
(* Typed wrapper of DmaBufIsolation for Apalache.                          *)
CONSTANTS
    \* @type: Set(Str);
    Devices,
    \* @type: Set(Str);
    Buffers,
    \* @type: Set(Str);
    Regions

VARIABLES
    \* @type: Str -> Str;
    owner,
    \* @type: Str -> Set(Str);
    attached,
    \* @type: Set(<<Str, Str>>);
    lastAccess

INSTANCE DmaBufIsolation
=============================================================================
