------------- MODULE MCDmaBufDeviceAccess_ReadAndDiscardWrites -------------
(* Expected-violation model: DmaBufDeviceAccess with one mutated operator. *)
(* Check: MCDmaBufDeviceAccess_ReadAndDiscardWrites.cfg and                *)
(* MCDmaBufDeviceAccess_ReadAndDiscardWrites_StaleCopy.cfg.                *)
EXTENDS MCDmaBufDeviceAccess

(* A 7.1 importer that keeps its translations after invalidate_mappings    *)
(* (read-and-discard) but lets its engines go on writing through them      *)
(* (R5b: "never write").  Isolation holds (the 7.1 exporter waits for the  *)
(* unmap before reusing the storage), but the write goes through an        *)
(* invalidated mapping, and once the move's copy has read the old storage  *)
(* the write is lost.  Expected: NoWriteThroughInvalidatedMapping          *)
(* (ReadAndDiscardWrites.cfg), NoWriteToStaleCopy (_StaleCopy.cfg).        *)
WritingTranslationKinds(m) == DirKinds(mapDir[m])
=============================================================================
