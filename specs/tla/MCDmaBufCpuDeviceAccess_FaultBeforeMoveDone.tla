---------------- MODULE MCDmaBufCpuDeviceAccess_FaultBeforeMoveDone ----------------
(* Expected-violation model: DmaBufCpuDeviceAccess with the fault handler's *)
(* wait for the move left out.  Check:                                      *)
(* MCDmaBufCpuDeviceAccess_FaultBeforeMoveDone.cfg (invariant) and          *)
(* MCDmaBufCpuDeviceAccess_FaultBeforeMoveDone_Refinement.cfg (property).   *)
EXTENDS MCDmaBufCpuDeviceAccess

(* R22: a fault handler that takes the reservation but does not wait for   *)
(* the KERNEL fences (ttm_bo_vm_fault_reserved without                     *)
(* ttm_bo_vm_fault_idle): after the move published the new placement and   *)
(* unlocked, it maps the new storage while the copy into it is pending.    *)
(* The process touches storage its buffer does not own yet (a write there  *)
(* would also be overwritten by the copy).  Expected: CpuAccessIsolated,   *)
(* and the refinement CpuDevIsoSpec fails.                                 *)
FaultLockOnly(b) == ~Locked(b)
=============================================================================
