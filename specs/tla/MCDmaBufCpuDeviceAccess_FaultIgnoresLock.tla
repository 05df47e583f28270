---------------- MODULE MCDmaBufCpuDeviceAccess_FaultIgnoresLock ----------------
(* Expected-violation model: DmaBufCpuDeviceAccess with the fault handler's *)
(* wait for the reservation left out.  Check:                               *)
(* MCDmaBufCpuDeviceAccess_FaultIgnoresLock.cfg.                            *)
EXTENDS MCDmaBufCpuDeviceAccess

(* R22: a fault handler that waits for the KERNEL fences but not for the   *)
(* reservation (no ttm_bo_vm_reserve): during an eviction, after the zap,  *)
(* it maps the old placement again; the move does not zap a second time,   *)
(* publishes the new placement, and the process's writes go to the old     *)
(* storage the copy has read (lost), then to the freed region.             *)
(* Expected: NoCpuWriteToStaleCopy; CpuAccessIsolated in _Isolation.       *)
FaultFenceOnly(b) == KernelFencesSignalled(b)
=============================================================================
