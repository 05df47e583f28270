---------------------------- MODULE APResvMutex ----------------------------
(* Typed wrapper of ResvMutex for Apalache.                                *)
CONSTANTS
    \* @type: Set(OBJ);
    Objects,
    \* @type: Set(PROC);
    Lockers

VARIABLES
    \* @type: OBJ -> Set(PROC);
    owner

INSTANCE ResvMutex
=============================================================================
