---------------- MODULE MCDmaBufCpuDeviceAccess_ZapMissesDmaBufMmap ----------------
(* Expected-violation model: DmaBufCpuDeviceAccess whose CPU zap does not   *)
(* reach the mmaps of the dma-buf fd.  Check:                               *)
(* MCDmaBufCpuDeviceAccess_ZapMissesDmaBufMmap.cfg.                         *)
EXTENDS MCDmaBufCpuDeviceAccess

(* R21: ttm_bo_unmap_virtual zaps the GEM object's address space; an mmap  *)
(* of the dma-buf fd is in it only because the exporter's mmap switches    *)
(* the VMA to the object's file (drm_gem_prime_mmap: vma_set_file).  An    *)
(* exporter that leaves the VMA on the dma-buf file keeps the process's    *)
(* PTEs across the move: its writes land in the old storage after the copy *)
(* read it (lost), then in the freed region.                               *)
(* Expected: NoCpuWriteToStaleCopy; CpuAccessIsolated in _Isolation.       *)
ZapMissesFdMappings(e) ==
    /\ expBuf[e] # NoBuf
    /\ ~cpuZapped[e]
    /\ cpuZapped' = [cpuZapped EXCEPT ![e] = TRUE]
    /\ cpuAccess' = {}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<devVars, mmapped, faulting, cpuPte, vmapRegion>>
=============================================================================
