------------------------ MODULE DmaBufCpuDeviceAccess ------------------------
(***************************************************************************)
(* CPU and device access to the same movable buffer, composed: the devices *)
(* of several importers (jobs, translations, TLB-flush fences: every       *)
(* action of DmaBufDeviceAccess, unchanged) and the CPU users of           *)
(* DmaBufCpuAccess (userspace mmap, kernel vmap) act on one exporter       *)
(* state, so the isolation argument covers both kinds of accessor at once. *)
(* Rule ids refer to docs/rules.md.                                        *)
(*                                                                         *)
(* What the composition adds to DmaBufDeviceAccess:                        *)
(*  - the exporter's eviction is TTM's (ttm_bo_handle_move_mem): with the  *)
(*    reservation held it refuses a vmapped buffer (R20), zaps every CPU   *)
(*    PTE of the buffer (ttm_bo_unmap_virtual, R21) before the driver's    *)
(*    move calls dma_buf_move_notify, then publishes the new placement     *)
(*    with the move as a KERNEL fence (R5) and unlocks;                    *)
(*  - the fault handler's wait (R22): a CPU page fault takes the           *)
(*    reservation (ttm_bo_vm_reserve: trylock, else wait for it and retry) *)
(*    and waits for the KERNEL fences (ttm_bo_vm_fault_idle:               *)
(*    dma_resv_wait_timeout(DMA_RESV_USAGE_KERNEL)) before it maps the     *)
(*    buffer's placement: the move publishes the new placement before its *)
(*    copy has run, so mapping it earlier shows the process storage the    *)
(*    buffer does not own yet;                                             *)
(*  - CPU accesses have a kind (read or write), like the device's: a       *)
(*    PROT_READ mapping only reads.                                        *)
(*                                                                         *)
(* Relation to DmaBufCpuAccess.  That module's move frees the old storage  *)
(* in the step that publishes the new one, so its fault handler has        *)
(* nothing to wait for; here the move is DmaBufDeviceAccess's pipelined    *)
(* one (publish, copy fence, release), which is where the wait matters.   *)
(* Both modules, and DmaBufDeviceAccess, refine DmaBufIsolation; this one  *)
(* with importers and CPU users together as its accessors (CpuDevIso).     *)
(*                                                                         *)
(* Names.  DmaBufDeviceAccess's Init, Next, Spec, TypeOK, Safety and Iso   *)
(* are its own (they leave the CPU variables free); the composed ones are  *)
(* prefixed CpuDev.                                                        *)
(***************************************************************************)
EXTENDS DmaBufDeviceAccess

CONSTANTS
    MmapUsers,     \* userspace processes that mmap a dma-buf fd
    WritableMmaps, \* the mmap users whose mapping is PROT_WRITE (subset of MmapUsers)
    VmapUsers,     \* kernel users that dma_buf_vmap a buffer
    CpuUserBuf     \* [MmapUsers \cup VmapUsers -> Buffers]: the buffer each one uses

CpuUsers == MmapUsers \cup VmapUsers

ASSUME
    /\ MmapUsers \cap VmapUsers = {}
    /\ CpuUsers \cap Importers = {}
    /\ WritableMmaps \subseteq MmapUsers
    /\ CpuUserBuf \in [CpuUsers -> Buffers]

VARIABLES
    mmapped,    \* [MmapUsers -> BOOLEAN]: the process has a VMA of the fd
    faulting,   \* [MmapUsers -> Kinds \cup {NoKind}]: an access of this kind faulted
                \* and waits in the exporter's fault handler
    cpuPte,     \* [MmapUsers -> Regions \cup {NoRegion}]: region the process's PTEs map
    vmapRegion, \* [VmapUsers -> Regions \cup {NoRegion}]: region the vmap address maps
    cpuZapped,  \* [Exporters -> BOOLEAN]: this eviction has zapped the CPU PTEs
    cpuAccess   \* {<<u, r, kind>>}: the last step was user u's CPU touching r; else {}

cpuVars == <<mmapped, faulting, cpuPte, vmapRegion, cpuZapped>>
devVars == <<attachments, mapRegion, mapDir, mapValid, pte, pteWrites, flushInResv,
             jobRegion, jobKind, placement, storage, moveFence, moveFrom, moveWaitJobs,
             moveWaitFlush, expBuf, expTarget, walkTodo>>
cpuDevVars == <<devVars, lastAccess, cpuVars, cpuAccess>>

-----------------------------------------------------------------------------
(* Helpers.                                                                *)

CpuBuf(u) == CpuUserBuf[u]

(* A step that leaves the CPU side as it is (no CPU access in it).        *)
CpuUnchanged == cpuAccess' = {} /\ UNCHANGED cpuVars

(* What the process's mapping lets its CPU do: PROT_WRITE or read only.    *)
MmapKinds(u) == IF u \in WritableMmaps THEN Kinds ELSE {"read"}

(* R20: a vmap pins the buffer until the last vunmap (amdgpu_dma_buf_vmap). *)
(* A parameter of the eviction so that a mutant can leave the pin out.     *)
VmapPinned(b) == \E u \in VmapUsers : CpuBuf(u) = b /\ vmapRegion[u] # NoRegion

(* R21: this eviction has zapped the CPU PTEs (ttm_bo_unmap_virtual).  A   *)
(* parameter of the eviction so that a mutant can skip the zap.            *)
CpuMappingsZapped(e) == cpuZapped[e]

(* R22: what the fault handler waits for before it maps the placement: the *)
(* reservation (ttm_bo_vm_reserve) and the KERNEL fences, i.e. a move's    *)
(* copy (ttm_bo_vm_fault_idle).  A parameter so that mutants can drop      *)
(* either wait.                                                            *)
FaultMayMap(b) == ~Locked(b) /\ KernelFencesSignalled(b)

-----------------------------------------------------------------------------
CpuDevInit ==
    /\ Init
    /\ mmapped    = [u \in MmapUsers |-> FALSE]
    /\ faulting   = [u \in MmapUsers |-> NoKind]
    /\ cpuPte     = [u \in MmapUsers |-> NoRegion]
    /\ vmapRegion = [u \in VmapUsers |-> NoRegion]
    /\ cpuZapped  = [e \in Exporters |-> FALSE]
    /\ cpuAccess  = {}

-----------------------------------------------------------------------------
(***************************************************************************)
(* Userspace mmap of the dma-buf fd.                                       *)
(***************************************************************************)
(* mmap(2): dma_buf_mmap_internal checks the range (U7) and calls the      *)
(* exporter's mmap (ttm_bo_mmap_obj), which installs the fault handlers;   *)
(* no PTE exists yet (R21).                                                *)
DmaBufMmap(u) ==
    /\ ~mmapped[u]
    /\ mmapped' = [mmapped EXCEPT ![u] = TRUE]
    /\ cpuAccess' = {}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<devVars, faulting, cpuPte, vmapRegion, cpuZapped>>

(* A load or store of the process hits no PTE: the CPU faults into the     *)
(* exporter's handler (ttm_bo_vm_fault), holding mmap_lock for reading,    *)
(* and the access waits there until the handler returns (R22).            *)
CpuPageFault(u, k) ==
    /\ mmapped[u]
    /\ cpuPte[u] = NoRegion
    /\ faulting[u] = NoKind
    /\ k \in MmapKinds(u)
    /\ faulting' = [faulting EXCEPT ![u] = k]
    /\ cpuAccess' = {}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<devVars, mmapped, cpuPte, vmapRegion, cpuZapped>>

(* ttm_bo_vm_fault returns: ttm_bo_vm_reserve got the reservation (a       *)
(* fault that finds it held waits for it and retries), ttm_bo_vm_fault_idle *)
(* found the KERNEL fences signalled (a fault during a pipelined move      *)
(* waits for the move's copy and retries), and ttm_bo_vm_fault_reserved    *)
(* maps the buffer's placement into the process (R21, R22).  One locked    *)
(* section: the waits are the guard (FaultMayMap).                         *)
TtmBoVmFault(u) ==
    LET b == CpuBuf(u) IN
    /\ faulting[u] # NoKind
    /\ FaultMayMap(b)
    /\ cpuPte'   = [cpuPte EXCEPT ![u] = placement[b]]
    /\ faulting' = [faulting EXCEPT ![u] = NoKind]
    /\ cpuAccess' = {}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<devVars, mmapped, vmapRegion, cpuZapped>>

(* The process's CPU loads or stores through a present PTE, as its         *)
(* mapping's protection allows (bracketed by DMA_BUF_IOCTL_SYNC for        *)
(* coherency, U1, which excludes nobody).                                  *)
CpuMmapAccess(u, k) ==
    /\ cpuPte[u] # NoRegion
    /\ k \in MmapKinds(u)
    /\ cpuAccess' = {<<u, cpuPte[u], k>>}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<devVars, cpuVars>>

(* munmap(2) takes mmap_lock for writing, so no fault of the process is in *)
(* its handler; the VMA and its PTEs go away.                              *)
Munmap(u) ==
    /\ mmapped[u]
    /\ faulting[u] = NoKind
    /\ mmapped' = [mmapped EXCEPT ![u] = FALSE]
    /\ cpuPte'  = [cpuPte EXCEPT ![u] = NoRegion]
    /\ cpuAccess' = {}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<devVars, faulting, vmapRegion, cpuZapped>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* Kernel vmap.                                                            *)
(***************************************************************************)
(* dma_buf_vmap with the reservation held (R3, R19): the exporter's vmap   *)
(* (amdgpu_dma_buf_vmap) pins the buffer and maps its placement (R20).     *)
(* The vmap is taken once the KERNEL fences signalled: ttm_bo_vmap itself  *)
(* does not wait for a pipelined move's copy, so this is the kernel user's *)
(* obligation (it waits for the buffer's fences before it touches the      *)
(* storage, R6), stated here as the step's guard.                          *)
DmaBufVmap(u) ==
    LET b == CpuBuf(u) IN
    /\ vmapRegion[u] = NoRegion
    /\ ~Locked(b)
    /\ KernelFencesSignalled(b)
    /\ vmapRegion' = [vmapRegion EXCEPT ![u] = placement[b]]
    /\ cpuAccess' = {}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<devVars, mmapped, faulting, cpuPte, cpuZapped>>

(* The kernel user reads or writes through its vmap address.               *)
CpuVmapAccess(u, k) ==
    /\ vmapRegion[u] # NoRegion
    /\ k \in Kinds
    /\ cpuAccess' = {<<u, vmapRegion[u], k>>}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<devVars, cpuVars>>

(* dma_buf_vunmap: unmap and unpin (R19, R20).                             *)
DmaBufVunmap(u) ==
    /\ vmapRegion[u] # NoRegion
    /\ ~Locked(CpuBuf(u))
    /\ vmapRegion' = [vmapRegion EXCEPT ![u] = NoRegion]
    /\ cpuAccess' = {}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<devVars, mmapped, faulting, cpuPte, cpuZapped>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* The exporter's eviction, TTM's order (ttm_bo_evict ->                  *)
(* ttm_bo_handle_move_mem): lock and allocate, zap the CPU PTEs, the      *)
(* driver's move notifies the importers, publish the move.  The device    *)
(* steps are DmaBufDeviceAccess's own.                                    *)
(***************************************************************************)
(* DmaBufDeviceAccess!DmaBufEvict (lock, refuse a pinned buffer, R7,       *)
(* allocate), which also refuses a vmapped buffer: a vmap pins (R20).     *)
ExporterEvict(e, b) ==
    /\ ~VmapPinned(b)
    /\ DmaBufEvict(e, b)
    /\ CpuUnchanged

(* ttm_bo_unmap_virtual -> unmap_mapping_range over the buffer's address   *)
(* space, first thing in ttm_bo_handle_move_mem: every process's PTEs of   *)
(* the buffer are gone and the CPU TLBs flushed when it returns (R21).  A  *)
(* vmap is a kernel mapping, not in that address space: it is not zapped   *)
(* (the buffer is not evicted while vmapped, R20).                        *)
TtmBoUnmapVirtual(e) ==
    /\ expBuf[e] # NoBuf
    /\ ~cpuZapped[e]
    /\ cpuZapped' = [cpuZapped EXCEPT ![e] = TRUE]
    /\ cpuPte' = [u \in MmapUsers |->
                    IF CpuBuf(u) = expBuf[e] THEN NoRegion ELSE cpuPte[u]]
    /\ cpuAccess' = {}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<devVars, mmapped, faulting, vmapRegion>>

(* DmaBufDeviceAccess!DmaBufMoveNotify, one attachment of the walk (R2),   *)
(* called by the driver's move after the CPU zap.                          *)
ExporterMoveNotify(e, a) ==
    /\ cpuZapped[e]
    /\ DmaBufMoveNotify(e, a)
    /\ CpuUnchanged

(* DmaBufDeviceAccess!DmaBufMove (publish the placement and the KERNEL     *)
(* move fence, unlock), only once the CPU PTEs are zapped (R21).           *)
ExporterMove(e) ==
    /\ CpuMappingsZapped(e)
    /\ DmaBufMove(e)
    /\ cpuZapped' = [cpuZapped EXCEPT ![e] = FALSE]
    /\ cpuAccess' = {}
    /\ UNCHANGED <<mmapped, faulting, cpuPte, vmapRegion>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* DmaBufDeviceAccess's importer, device and fence steps, each with the    *)
(* CPU side unchanged and named after the step it wraps (Dev prefix; the   *)
(* kernel functions and rules are cited at the wrapped actions).  Named    *)
(* one by one so that TLC's traces and coverage show which step ran.      *)
(***************************************************************************)
DevAttach(a)                 == DmaBufAttach(a) /\ CpuUnchanged
DevDetach(a)                 == DmaBufDetach(a) /\ CpuUnchanged
DevMapAttachment(a, s, dir)  == DmaBufMapAttachment(a, s, dir) /\ CpuUnchanged
DevBindPtes(a, s)            == ImporterBindPtes(a, s) /\ CpuUnchanged
DevZapPtes(a, s)             == ImporterZapPtes(a, s) /\ CpuUnchanged
DevTlbFlushComplete(a, s)    == TlbFlushComplete(a, s) /\ CpuUnchanged
DevUnmapAttachment(a, s)     == DmaBufUnmapAttachment(a, s) /\ CpuUnchanged
DevTranslationAccess(a, s, k) == DeviceTranslationAccess(a, s, k) /\ CpuUnchanged
DevSubmitJob(a, js, s, k)    == ImporterSubmitJob(a, js, s, k) /\ CpuUnchanged
DevJobAccess(a, js)          == DeviceJobAccess(a, js) /\ CpuUnchanged
DevSignalJob(a, js)          == DmaFenceSignalJob(a, js) /\ CpuUnchanged
DevSignalMove(b)             == DmaFenceSignalMove(b) /\ CpuUnchanged
DevReleaseOldStorage(b)      == DmaBufReleaseOldStorage(b) /\ CpuUnchanged

(* DmaBufDeviceAccess!ImporterNext, step for step.                         *)
DeviceStep ==
    \/ \E a \in Importers :
         \/ DevAttach(a) \/ DevDetach(a)
         \/ \E s \in Slots :
              \/ \E dir \in MapDirs : DevMapAttachment(a, s, dir)
              \/ DevBindPtes(a, s)
              \/ DevZapPtes(a, s)
              \/ DevTlbFlushComplete(a, s)
              \/ DevUnmapAttachment(a, s)
              \/ \E k \in Kinds : DevTranslationAccess(a, s, k)
              \/ \E js \in JobSlots, k \in Kinds : DevSubmitJob(a, js, s, k)
         \/ \E js \in JobSlots : DevJobAccess(a, js) \/ DevSignalJob(a, js)
    \/ \E b \in Buffers : DevSignalMove(b) \/ DevReleaseOldStorage(b)

ExporterStep(e) ==
    \/ \E b \in Buffers : ExporterEvict(e, b)
    \/ TtmBoUnmapVirtual(e)
    \/ \E a \in Importers : ExporterMoveNotify(e, a)
    \/ ExporterMove(e)

CpuStep ==
    \/ \E u \in MmapUsers :
         \/ DmaBufMmap(u) \/ TtmBoVmFault(u) \/ Munmap(u)
         \/ \E k \in Kinds : CpuPageFault(u, k) \/ CpuMmapAccess(u, k)
    \/ \E u \in VmapUsers :
         \/ DmaBufVmap(u) \/ DmaBufVunmap(u)
         \/ \E k \in Kinds : CpuVmapAccess(u, k)

CpuDevNext ==
    \/ DeviceStep
    \/ \E e \in Exporters : ExporterStep(e)
    \/ CpuStep

CpuDevSpec == CpuDevInit /\ [][CpuDevNext]_cpuDevVars

-----------------------------------------------------------------------------
(***************************************************************************)
(* Safety.  DmaBufDeviceAccess's invariants (DeviceAccessIsolated,         *)
(* FreedRegionUnreferenced, ...) are checked on this spec too.            *)
(***************************************************************************)
CpuDevTypeOK ==
    /\ TypeOK
    /\ mmapped \in [MmapUsers -> BOOLEAN]
    /\ faulting \in [MmapUsers -> Kinds \cup {NoKind}]
    /\ cpuPte \in [MmapUsers -> Regions \cup {NoRegion}]
    /\ vmapRegion \in [VmapUsers -> Regions \cup {NoRegion}]
    /\ cpuZapped \in [Exporters -> BOOLEAN]
    /\ cpuAccess \in {{}} \cup {{x} : x \in CpuUsers \X Regions \X Kinds}

(* The user holds a way to the buffer: a VMA of the fd or a vmap.          *)
HoldsCpuMapping(u) ==
    IF u \in MmapUsers THEN mmapped[u] ELSE vmapRegion[u] # NoRegion

(* ISOLATION for the CPU (R20, R21, R22): every CPU access, through an     *)
(* mmap or a vmap, touches storage its buffer owns now (a region whose     *)
(* move copy is still pending is not owned yet), by a user that holds a    *)
(* mapping of the buffer.                                                  *)
CpuAccessIsolated ==
    \A x \in cpuAccess :
        /\ storage[x[2]] = CpuBuf(x[1])
        /\ HoldsCpuMapping(x[1])

(* R5, R21 (data versions, the CPU's counterpart of NoWriteToStaleCopy):   *)
(* once a move is published its copy may read the old storage at any      *)
(* time (it waits for the device fences, not for the CPU), so a CPU write  *)
(* to the old storage after that is lost; the zap before the move is what  *)
(* prevents it.  The device may still write there while the move waits    *)
(* for its fences, the CPU never: no CPU write through a mapping the move  *)
(* zapped.                                                                 *)
NoCpuWriteToStaleCopy ==
    \A x \in cpuAccess :
        x[3] = "write" =>
            \A b \in Buffers : ~(moveFence[b] # "none" /\ moveFrom[b] = x[2])

(* R20, R21, R22: a state invariant that implies both of the above before  *)
(* any access happens: every present CPU PTE and every vmap address maps   *)
(* its buffer's placement whose copy is complete (no move fence pending),  *)
(* which the buffer owns.                                                  *)
CpuMappingsCurrent ==
    /\ \A u \in MmapUsers :
         cpuPte[u] # NoRegion =>
            /\ cpuPte[u] = placement[CpuBuf(u)]
            /\ KernelFencesSignalled(CpuBuf(u))
            /\ storage[cpuPte[u]] = CpuBuf(u)
    /\ \A u \in VmapUsers :
         vmapRegion[u] # NoRegion =>
            /\ vmapRegion[u] = placement[CpuBuf(u)]
            /\ KernelFencesSignalled(CpuBuf(u))
            /\ storage[vmapRegion[u]] = CpuBuf(u)

CpuDevSafety ==
    /\ Safety
    /\ CpuAccessIsolated
    /\ NoCpuWriteToStaleCopy
    /\ CpuMappingsCurrent

-----------------------------------------------------------------------------
(***************************************************************************)
(* Liveness, under the kernel's fairness (MCDmaBufCpuDeviceAccess:         *)
(* fences signal, F1; TLB flushes complete; the exporter's thread runs;    *)
(* the fault handler is not starved of the reservation).                   *)
(***************************************************************************)
(* F1: every job handed to an engine completes: its fence signals.         *)
JobsComplete == \A j \in Jobs : Running(j) ~> ~Running(j)

(* R5, F1: every eviction completes: the walk ends, the move's copy fence  *)
(* signals once the job and TLB-flush fences it waits for have, and the    *)
(* old storage goes back to the allocator (in 7.1 after the importers'     *)
(* unmaps, R5b).                                                           *)
MoveInFlight(b) == Locked(b) \/ moveFence[b] # "none"
MovesComplete == \A b \in Buffers : MoveInFlight(b) ~> ~MoveInFlight(b)

(* R22, F1: every CPU page fault returns with the placement mapped: the    *)
(* lock is released and the move's copy fence signals.                     *)
FaultsComplete == \A u \in MmapUsers : faulting[u] # NoKind ~> faulting[u] = NoKind

-----------------------------------------------------------------------------
(***************************************************************************)
(* Refinement of the abstract isolation spec with both kinds of accessor:  *)
(* an importer is attached while on the attachment list, a CPU user while  *)
(* it holds an mmap or a vmap; a device or CPU access is a Touch.         *)
(***************************************************************************)
CpuDevAttached ==
    [d \in Importers \cup CpuUsers |->
        IF d \in Importers
        THEN IF d \in attachments[Buf(d)] THEN {Buf(d)} ELSE {}
        ELSE IF HoldsCpuMapping(d) THEN {CpuBuf(d)} ELSE {}]

CpuDevLastAccess ==
    {<<x[1], x[2]>> : x \in lastAccess} \cup {<<x[1], x[2]>> : x \in cpuAccess}

CpuDevIso == INSTANCE DmaBufIsolation WITH
                 Devices <- Importers \cup CpuUsers, Buffers <- Buffers,
                 Regions <- Regions, owner <- storage,
                 attached <- CpuDevAttached, lastAccess <- CpuDevLastAccess

CpuDevIsoSpec == CpuDevIso!Spec

THEOREM CpuDevSpec => CpuDevIsoSpec
=============================================================================
