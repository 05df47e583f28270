-------------------- MODULE MCDmaBufCoherency_NoSyncBracket --------------------
(***************************************************************************)
(* U1 broken: userspace loads and stores through the mmap without the      *)
(* DMA_BUF_IOCTL_SYNC START/END bracket ("userspace must bracket every     *)
(* CPU access to an mmap", include/uapi/linux/dma-buf.h), while the        *)
(* importer keeps its mapping (as PRIME import does, mapping               *)
(* DMA_BIDIRECTIONAL for the object's lifetime).  The kernel is 6.15+ and  *)
(* the exporter is the system heap, i.e. everything the kernel can do is   *)
(* done: without begin/end_cpu_access nobody cleans the CPU's stores       *)
(* before the device reads, or invalidates the CPU's stale line after the  *)
(* device wrote.  Ordering against the device is still assumed (fences),   *)
(* only the cache maintenance is missing.                                  *)
(* Expected: invariant DeviceReadsSeeLastWrite.                            *)
(***************************************************************************)
EXTENDS DmaBufCoherency

\* the mutated actions: DoCpuLoad / DoCpuStore with no bracket open
CpuLoadWithoutSync  == cpuSync = "none" /\ DoCpuLoad
CpuStoreWithoutSync == cpuSync = "none" /\ DoCpuStore

NextNoSync == Next \/ CpuLoadWithoutSync \/ CpuStoreWithoutSync

SpecNoSync == Init /\ [][NextNoSync]_vars
=============================================================================
