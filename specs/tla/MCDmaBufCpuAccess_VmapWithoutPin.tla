------------------- MODULE MCDmaBufCpuAccess_VmapWithoutPin -------------------
(* Expected-violation model: DmaBufCpuAccess with one mutated operator.    *)
(* Check: MCDmaBufCpuAccess_VmapWithoutPin.cfg (invariant) and             *)
(* MCDmaBufCpuAccess_VmapWithoutPin_Refinement.cfg (property).             *)
EXTENDS MCDmaBufCpuAccess

(* The exporter's vmap maps the storage without pinning the buffer (R20), *)
(* so an eviction moves it while a kernel user holds the vmap: the zap of *)
(* the CPU PTEs does not reach a kernel mapping, and the user's next      *)
(* access goes to the freed old storage.  Expected: CpuAccessIsolated,    *)
(* and the refinement IsoSpec fails.                                      *)
NoVmapPin == FALSE
=============================================================================
