-------------------------- MODULE MCDmaBufCoherency --------------------------
(***************************************************************************)
(* Models of DmaBufCoherency.tla with correct usage: every CPU access      *)
(* inside a DMA_BUF_IOCTL_SYNC bracket (U1), device DMA only while mapped  *)
(* in a direction that allows it.  The cfgs pick the kernel behaviour, the *)
(* exporter, the directions used; MaxVersion bounds the number of writes.  *)
(*                                                                         *)
(* The No... predicates below are reachability witnesses, not safety       *)
(* properties: each is violated exactly when the data flow it names        *)
(* happens, so the _Reach models (expect: invariant No...) show that the   *)
(* passing models really exercise that flow.                               *)
(***************************************************************************)
EXTENDS DmaBufCoherency

\* CPU writes -> SYNC END -> map TO_DEVICE -> the device reads the CPU's data
NoDeviceReadOfCpuWrite ==
    ~(lastRead.by = "device" /\ lastRead.writer = "cpu" /\ lastRead.val = lastRead.latest)

\* device writes -> unmap FROM_DEVICE -> SYNC START READ -> the CPU reads the device's data
NoCpuReadOfDeviceWrite ==
    ~(lastRead.by = "cpu" /\ lastRead.writer = "device" /\ lastRead.val = lastRead.latest)

=============================================================================
