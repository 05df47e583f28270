---------- MODULE MCDmaBufCpuDeviceAccess_Ind_FaultBeforeMoveDone ----------
(* Guard that the inductiveness check can fail: with the fault handler of  *)
(* MCDmaBufCpuDeviceAccess_FaultBeforeMoveDone (it takes the reservation   *)
(* but does not wait for the KERNEL fences, R22), CpuIndInv is not         *)
(* inductive: from a state where a fault waits while a move's copy is      *)
(* pending, the handler maps the new placement before the copy.            *)
(* Expected: invariant CpuIndInv.                                          *)
EXTENDS MCDmaBufCpuDeviceAccess_Ind

FaultLockOnly(b) == ~Locked(b)
=============================================================================
