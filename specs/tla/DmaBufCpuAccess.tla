-------------------------- MODULE DmaBufCpuAccess --------------------------
(***************************************************************************)
(* CPU access to a buffer whose exporter moves its storage (a TTM         *)
(* exporter such as amdgpu or xe), and what keeps that access isolated.    *)
(* Rule ids refer to docs/rules.md.                                        *)
(*                                                                         *)
(* The CPU reaches a dma-buf in two ways, neither of which goes through an *)
(* attachment, so neither is stopped by move_notify:                      *)
(*  - a kernel user's dma_buf_vmap: one kernel virtual mapping of the      *)
(*    storage, shared by every vmap of the buffer (R19).  Nothing can take *)
(*    it away from its holder before dma_buf_vunmap, so the exporter keeps *)
(*    the buffer in place while it is vmapped: amdgpu_dma_buf_vmap pins    *)
(*    the BO (amdgpu_bo_pin, "Pin to keep buffer in place while it's       *)
(*    vmap'ed") and amdgpu_dma_buf_vunmap unpins it (R20);                 *)
(*  - a userspace mmap of the dma-buf fd (dma_buf_mmap_internal, then the  *)
(*    exporter's mmap: ttm_bo_mmap_obj installs fault handlers, no PTEs).  *)
(*    The fault handler (ttm_bo_vm_fault, under the reservation lock)      *)
(*    maps the buffer's current storage; a move first zaps every CPU PTE  *)
(*    of the buffer (ttm_bo_unmap_virtual -> unmap_mapping_range, which    *)
(*    flushes the CPU TLBs before it returns), so the next access faults   *)
(*    and maps the new storage (R21).                                      *)
(*                                                                         *)
(* Relation to DmaBufDeviceAccess.  That module has the devices, jobs,     *)
(* mappings and TLB-flush fences; this one has the CPU side of one         *)
(* buffer and the exporter's move reduced to what concerns the CPU (lock,  *)
(* refuse if pinned, zap the CPU PTEs, switch storage and free the old).   *)
(* The two are separate modules because DmaBufDeviceAccess's state graph   *)
(* is compared state for state with its Java copy: adding CPU users there  *)
(* means changing that copy and its walks the same way.  Both refine       *)
(* DmaBufIsolation (Iso below): here the accessors are CPU users, and a    *)
(* user is "attached" to the buffer while it holds an mmap or a vmap.      *)
(* Device fences do not appear here: the move frees the old storage in the *)
(* step that publishes the new one, which is what the CPU side sees.       *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    Buffer,     \* the dma_buf, with a movable (dynamic) exporter
    MmapUsers,  \* userspace processes that mmap the dma-buf fd
    VmapUsers,  \* kernel users that dma_buf_vmap the buffer
    Regions,    \* backing-storage regions
    InitRegion  \* the buffer's initial storage

Users    == MmapUsers \cup VmapUsers
NoRegion == "noregion"
Free     == "free"
NoAccess == {}          \* lastAccess: {<<user, region>>} or {}

ASSUME
    /\ MmapUsers \cap VmapUsers = {}
    /\ InitRegion \in Regions

VARIABLES
    placement,  \* the region the buffer's storage is in (where faults map)
    storage,    \* [Regions -> {Buffer, Free}]: who owns each region
    mmapped,    \* [MmapUsers -> BOOLEAN]: the user has a VMA of the fd
    cpuPte,     \* [MmapUsers -> Regions \cup {NoRegion}]: region the user's PTEs map
    vmapRegion, \* [VmapUsers -> Regions \cup {NoRegion}]: region the user's vmap address maps
    locked,     \* the exporter holds dmabuf->resv for a move
    moveTo,     \* Regions \cup {NoRegion}: storage allocated for the move
    zapped,     \* the move has zapped the CPU PTEs (ttm_bo_unmap_virtual)
    lastAccess  \* {<<u, r>>}: the last step was user u's CPU touching r; else {}

vars == <<placement, storage, mmapped, cpuPte, vmapRegion, locked, moveTo, zapped,
          lastAccess>>
moveVars == <<placement, storage, locked, moveTo, zapped>>

-----------------------------------------------------------------------------
(* R20: the exporter's vmap pins the buffer until the last vunmap.  A      *)
(* parameter of the eviction so that a mutant can leave the pin out.       *)
VmapPinned == \E u \in VmapUsers : vmapRegion[u] # NoRegion

(* R21: every CPU PTE of the buffer has been zapped in this move.  A       *)
(* parameter of the move so that a mutant can skip the zap.                *)
CpuMappingsZapped == zapped

Init ==
    /\ placement  = InitRegion
    /\ storage    = [r \in Regions |-> IF r = InitRegion THEN Buffer ELSE Free]
    /\ mmapped    = [u \in MmapUsers |-> FALSE]
    /\ cpuPte     = [u \in MmapUsers |-> NoRegion]
    /\ vmapRegion = [u \in VmapUsers |-> NoRegion]
    /\ locked     = FALSE
    /\ moveTo     = NoRegion
    /\ zapped     = FALSE
    /\ lastAccess = NoAccess
-----------------------------------------------------------------------------
(***************************************************************************)
(* Userspace mmap.                                                         *)
(***************************************************************************)
(* mmap(2) of the fd: dma_buf_mmap_internal checks the range (U7) and      *)
(* calls the exporter's mmap, which installs the fault handlers; no PTE    *)
(* exists yet.                                                             *)
DmaBufMmap(u) ==
    /\ ~mmapped[u]
    /\ mmapped' = [mmapped EXCEPT ![u] = TRUE]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<moveVars, cpuPte, vmapRegion>>

(* ttm_bo_vm_fault: with the reservation lock (ttm_bo_vm_reserve; a fault  *)
(* during a move waits for it) the handler maps the buffer's current      *)
(* storage into the user's page table (R21).                              *)
TtmBoVmFault(u) ==
    /\ mmapped[u]
    /\ cpuPte[u] = NoRegion
    /\ ~locked
    /\ cpuPte' = [cpuPte EXCEPT ![u] = placement]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<moveVars, mmapped, vmapRegion>>

(* The user's CPU loads or stores through a present PTE (bracketed by      *)
(* DMA_BUF_IOCTL_SYNC for coherency, U1, which excludes nobody).          *)
CpuMmapAccess(u) ==
    /\ cpuPte[u] # NoRegion
    /\ lastAccess' = {<<u, cpuPte[u]>>}
    /\ UNCHANGED <<moveVars, mmapped, cpuPte, vmapRegion>>

(* munmap(2): the VMA and its PTEs go away.                                *)
Munmap(u) ==
    /\ mmapped[u]
    /\ mmapped' = [mmapped EXCEPT ![u] = FALSE]
    /\ cpuPte'  = [cpuPte EXCEPT ![u] = NoRegion]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<moveVars, vmapRegion>>
-----------------------------------------------------------------------------
(***************************************************************************)
(* Kernel vmap.                                                            *)
(***************************************************************************)
(* dma_buf_vmap with the reservation held (R3, R19): the exporter's vmap   *)
(* (amdgpu_dma_buf_vmap) pins the BO and maps its current storage (R20);   *)
(* later vmaps share the address.                                          *)
DmaBufVmap(u) ==
    /\ vmapRegion[u] = NoRegion
    /\ ~locked
    /\ vmapRegion' = [vmapRegion EXCEPT ![u] = placement]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<moveVars, mmapped, cpuPte>>

(* The kernel user reads or writes through its vmap address.               *)
CpuVmapAccess(u) ==
    /\ vmapRegion[u] # NoRegion
    /\ lastAccess' = {<<u, vmapRegion[u]>>}
    /\ UNCHANGED <<moveVars, mmapped, cpuPte, vmapRegion>>

(* dma_buf_vunmap: the last one unmaps and unpins (R19, R20).              *)
DmaBufVunmap(u) ==
    /\ vmapRegion[u] # NoRegion
    /\ ~locked
    /\ vmapRegion' = [vmapRegion EXCEPT ![u] = NoRegion]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<moveVars, mmapped, cpuPte>>
-----------------------------------------------------------------------------
(***************************************************************************)
(* The exporter's move (TTM eviction: ttm_bo_evict -> ttm_bo_handle_move_mem). *)
(***************************************************************************)
(* Lock the reservation, refuse a pinned buffer (R7; a vmap pins it, R20), *)
(* allocate the new storage.                                               *)
DmaBufEvict(r) ==
    /\ ~locked
    /\ ~VmapPinned
    /\ storage[r] = Free
    /\ locked' = TRUE
    /\ moveTo' = r
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<placement, storage, zapped, mmapped, cpuPte, vmapRegion>>

(* ttm_bo_unmap_virtual -> unmap_mapping_range over the buffer's address   *)
(* space: every user's CPU PTEs of the buffer are gone and the TLBs        *)
(* flushed when it returns (R21).  A vmap is a kernel mapping, not in that *)
(* address space: it is not zapped.                                        *)
TtmBoUnmapVirtual ==
    /\ locked
    /\ ~zapped
    /\ zapped' = TRUE
    /\ cpuPte' = [u \in MmapUsers |-> NoRegion]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<placement, storage, locked, moveTo, mmapped, vmapRegion>>

(* The copy is done: the buffer is in the new storage, the old storage     *)
(* goes back to the allocator, the reservation is unlocked.  Only after    *)
(* the CPU PTEs were zapped (R21).                                         *)
DmaBufMove ==
    /\ locked
    /\ CpuMappingsZapped
    /\ placement' = moveTo
    /\ storage'   = [storage EXCEPT ![moveTo] = Buffer, ![placement] = Free]
    /\ locked'    = FALSE
    /\ moveTo'    = NoRegion
    /\ zapped'    = FALSE
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<mmapped, cpuPte, vmapRegion>>
-----------------------------------------------------------------------------
Next ==
    \/ \E u \in MmapUsers :
         DmaBufMmap(u) \/ TtmBoVmFault(u) \/ CpuMmapAccess(u) \/ Munmap(u)
    \/ \E u \in VmapUsers : DmaBufVmap(u) \/ CpuVmapAccess(u) \/ DmaBufVunmap(u)
    \/ \E r \in Regions : DmaBufEvict(r)
    \/ TtmBoUnmapVirtual
    \/ DmaBufMove

Spec == Init /\ [][Next]_vars
-----------------------------------------------------------------------------
TypeOK ==
    /\ placement \in Regions
    /\ storage \in [Regions -> {Buffer, Free}]
    /\ mmapped \in [MmapUsers -> BOOLEAN]
    /\ cpuPte \in [MmapUsers -> Regions \cup {NoRegion}]
    /\ vmapRegion \in [VmapUsers -> Regions \cup {NoRegion}]
    /\ locked \in BOOLEAN
    /\ moveTo \in Regions \cup {NoRegion}
    /\ zapped \in BOOLEAN
    /\ lastAccess \in {NoAccess} \cup {{x} : x \in Users \X Regions}

(* The user holds a way to the buffer: a VMA of the fd or a vmap.          *)
HoldsCpuMapping(u) ==
    IF u \in MmapUsers THEN mmapped[u] ELSE vmapRegion[u] # NoRegion

(* ISOLATION for the CPU (R20, R21): every CPU access, through an mmap or  *)
(* a vmap, touches storage the buffer currently owns, by a user that holds *)
(* a mapping of the buffer.                                                *)
CpuAccessIsolated ==
    \A x \in lastAccess :
        /\ storage[x[2]] = Buffer
        /\ HoldsCpuMapping(x[1])

(* R20, R21: a state invariant that implies CpuAccessIsolated before any   *)
(* access happens: every present CPU PTE and every vmap address maps the   *)
(* buffer's own storage.                                                   *)
CpuMappingsOwned ==
    /\ \A u \in MmapUsers : cpuPte[u] # NoRegion => storage[cpuPte[u]] = Buffer
    /\ \A u \in VmapUsers : vmapRegion[u] # NoRegion => storage[vmapRegion[u]] = Buffer

Safety == CpuAccessIsolated /\ CpuMappingsOwned
-----------------------------------------------------------------------------
(***************************************************************************)
(* Refinement of the abstract isolation spec: the CPU users are its        *)
(* accessors, holding an mmap or a vmap is being attached, a CPU access is *)
(* a Touch.                                                                *)
(***************************************************************************)
IsoAttached == [u \in Users |-> IF HoldsCpuMapping(u) THEN {Buffer} ELSE {}]
Iso == INSTANCE DmaBufIsolation WITH
           Devices <- Users, Buffers <- {Buffer}, Regions <- Regions,
           owner <- storage, attached <- IsoAttached, lastAccess <- lastAccess
IsoSpec == Iso!Spec
THEOREM Spec => IsoSpec
=============================================================================
