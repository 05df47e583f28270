------------------------- MODULE DmaBufDeviceAccess -------------------------
(***************************************************************************)
(* What the devices do, as opposed to what the importer's bookkeeping     *)
(* says (6.15-7.1 drivers/dma-buf/dma-buf.c with dynamic exporters such   *)
(* as amdgpu/xe/TTM).  Rule ids refer to docs/rules.md.                    *)
(*                                                                         *)
(* A device reaches memory through translations (IOMMU or GPU page table  *)
(* entries and the TLBs that cache them) and through jobs already handed  *)
(* to an engine.  Neither stops when the importer changes its             *)
(* bookkeeping:                                                            *)
(*  - dma_buf_unmap_attachment (dma_unmap_sgtable) tears down the IOVA,   *)
(*    it does not stop an engine: a job holds the region it was submitted *)
(*    against until its fence signals, mapped or not;                     *)
(*  - invalidating page tables is asynchronous: the importer's            *)
(*    move_notify zaps the PTEs, but the hardware may go on translating   *)
(*    through stale TLB entries until the TLB flush completes.  The flush *)
(*    is a fence the importer publishes to the buffer's reservation       *)
(*    object (amdgpu_dma_buf_move_notify -> amdgpu_vm_handle_moved: the   *)
(*    page-table update's fence goes into the resv), and the exporter's   *)
(*    move (a KERNEL fence depending on everything in the resv) waits for *)
(*    it before the old storage is reused.  This is the conclusion of the *)
(*    2019 dynamic dma-buf discussion: move_notify returns before access  *)
(*    has stopped, and a fence tells the exporter when it has.            *)
(* So move_notify is two steps here: ImporterMoveNotify (zap PTEs,        *)
(* publish the flush fence, under the resv lock) and TlbFlushComplete     *)
(* (the flush fence signals, at any later time).                          *)
(*                                                                         *)
(* Each attachment holds up to |Slots| mappings (region, direction,       *)
(* valid, PTE state), so an importer can map the new placement while its *)
(* old mapping is still held (7.1 invalidate_mappings: "importers may     *)
(* request a new mapping in parallel as soon as the call returns"), and  *)
(* several dynamic importers share one buffer, so the exporter's          *)
(* move_notify walk reaches more than one of them.  Every access has a    *)
(* kind (read or write): 7.1's read-and-discard window allows reads only, *)
(* and a write into old storage after the move's copy read it is lost.    *)
(*                                                                         *)
(* Relation to DmaBufAttach.tla.  DmaBufAttach folds the device into the  *)
(* importer's bookkeeping: one mapping per attachment (mapped, mapValid), *)
(* one job flag, device access only while mapped, unmap and detach only   *)
(* with ~job, and move_notify one atomic step after which unfenced access *)
(* has stopped.  Those are the hardware assumptions this module replaces  *)
(* by steps of the hardware.  In turn this module abstracts what          *)
(* DmaBufAttach covers and this one does not: kernels before 6.15         *)
(* (sg_table caching, 6.1 locking), the steps of the locking convention   *)
(* (every importer locked section here is one atomic step that needs the  *)
(* lock free; only the exporter holds it across steps, for its            *)
(* move_notify walk), the attach window, importer pins (dma_buf_pin),     *)
(* peer-to-peer, CONFIG_DMABUF_MOVE_NOTIFY=n, and implicit-sync ordering  *)
(* between importers (F15, R6: DmaBufAttach and DmaResv).  All buffers    *)
(* have a dynamic exporter; static importers are pinned by                *)
(* dma_buf_pin_on_map while they have a mapping (R9, 6.15+).  Both        *)
(* modules refine DmaBufIsolation (Iso below, checked as a PROPERTY).  No *)
(* refinement mapping between the two is claimed: DmaBufAttach's single   *)
(* mapping cannot represent an old mapping kept beside a new one, and     *)
(* here a job outlives the unmap DmaBufAttach forbids it to outlive.      *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    KernelBehaviour,   \* "6.15" | "7.1"
    Buffers,           \* dma_buf objects, every one with a dynamic (movable) exporter
    Importers,         \* importing devices, one attachment each
    ImporterBuf,       \* [Importers -> Buffers]: the buffer each importer attaches to
    DynamicImporters,  \* dma_buf_dynamic_attach with move_notify / invalidate_mappings
    ReadAndDiscardImporters, \* 7.1 dynamic importers that keep their translations after
                       \* invalidate_mappings and only read through them until they unmap
    Regions,           \* backing-storage regions
    InitPlacement,     \* [Buffers -> Regions], injective
    Slots,             \* mapping slots: an attachment holds up to |Slots| mappings at once
    JobSlots,          \* device job slots of each importer
    MapDirs,           \* the DMA directions importers map with (subset of Dirs)
    Exporters          \* exporter threads that evict buffers

Behaviours == {"6.15", "7.1"}
NoRegion   == "noregion"
NoDir      == "nodir"
NoKind     == "nokind"
NoSlot     == "noslot"
NoBuf      == "nobuf"
Free       == "free"
NoAccess   == {}            \* lastAccess: {<<device, region, kind, slot>>} or {}
Dirs       == {"BIDIRECTIONAL", "TO_DEVICE", "FROM_DEVICE"}
Kinds      == {"read", "write"}
PteStates  == {"none", "present", "zapped"}
Maps       == Importers \X Slots      \* mapping <<a, s>>: slot s of a's attachment
Jobs       == Importers \X JobSlots   \* job <<a, j>>: job slot j of a's device

ASSUME
    /\ KernelBehaviour \in Behaviours
    /\ ImporterBuf \in [Importers -> Buffers]
    /\ DynamicImporters \subseteq Importers
    /\ ReadAndDiscardImporters \subseteq DynamicImporters
    /\ KernelBehaviour # "7.1" => ReadAndDiscardImporters = {}
    /\ InitPlacement \in [Buffers -> Regions]
    /\ \A b1, b2 \in Buffers : b1 # b2 => InitPlacement[b1] # InitPlacement[b2]
    /\ MapDirs \subseteq Dirs /\ MapDirs # {}
    /\ NoSlot \notin Slots

VARIABLES
    attachments,  \* [Buffers -> SUBSET Importers]: dmabuf->attachments (R1)
    mapRegion,    \* [Maps -> Regions \cup {NoRegion}]: region the sg_table points to; NoRegion = slot unused
    mapDir,       \* [Maps -> Dirs \cup {NoDir}]: DMA direction of the mapping
    mapValid,     \* [Maps -> BOOLEAN]: the importer may use it for new work (no move_notify since map)
    pte,          \* [Maps -> PteStates]: "present" translations, "zapped" but TLB flush pending, or "none"
    pteWrites,    \* [Maps -> BOOLEAN]: the engines may write through the translation (not told
                  \* to only read, as a 7.1 read-and-discard importer tells them)
    flushInResv,  \* [Maps -> BOOLEAN]: the pending TLB flush fence of a zap is in the buffer's resv
    jobRegion,    \* [Jobs -> Regions \cup {NoRegion}]: region a running job holds; NoRegion = idle
    jobKind,      \* [Jobs -> Kinds \cup {NoKind}]: what the running job does to it
    placement,    \* [Buffers -> Regions]: where new mappings point
    storage,      \* [Regions -> Buffers \cup {Free}]: who owns each region's contents
    moveFence,    \* [Buffers -> {"none","pending","signalled"}]: the exporter's KERNEL move fence
    moveFrom,     \* [Buffers -> Regions \cup {NoRegion}]: old storage of the current move
    moveWaitJobs, \* [Buffers -> SUBSET Jobs]: job fences the move fence still waits for
    moveWaitFlush,\* [Buffers -> SUBSET Maps]: TLB flush fences the move fence still waits for
    expBuf,       \* [Exporters -> Buffers \cup {NoBuf}]: buffer a thread evicts with the resv held
    expTarget,    \* [Exporters -> Regions \cup {NoRegion}]: the storage it allocated for the move
    walkTodo,     \* [Exporters -> SUBSET Importers]: dynamic attachments move_notify has not reached
    lastAccess    \* {<<a, r, kind, slot>>}: the last step was a's device accessing r
                  \* (through mapping slot, or NoSlot for a job); else {}

mapVars  == <<mapRegion, mapDir, mapValid, pte, pteWrites, flushInResv>>
jobVars  == <<jobRegion, jobKind>>
moveVars == <<placement, storage, moveFence, moveFrom, moveWaitJobs, moveWaitFlush>>
expVars  == <<expBuf, expTarget, walkTodo>>
vars == <<attachments, mapRegion, mapDir, mapValid, pte, pteWrites, flushInResv, jobRegion,
          jobKind, placement, storage, moveFence, moveFrom, moveWaitJobs,
          moveWaitFlush, expBuf, expTarget, walkTodo, lastAccess>>

-----------------------------------------------------------------------------
(* Helpers, named after the kernel predicates they stand for.              *)

Buf(a) == ImporterBuf[a]
AttachmentsOf(b) == {a \in Importers : ImporterBuf[a] = b}
MapsOf(a) == {a} \X Slots
Mapped(m) == mapRegion[m] # NoRegion
Translates(m) == pte[m] # "none"
Running(j) == jobRegion[j] # NoRegion

(* An exporter thread holds dmabuf->resv for its move_notify walk.         *)
Locked(b) == \E e \in Exporters : expBuf[e] = b

(* dma_buf_pin_on_map() (6.15+): the core pins around every mapping of a   *)
(* static importer of a dynamic exporter (R9); the exporter counts pins.   *)
Pinned(b) ==
    \E m \in Maps : Buf(m[1]) = b /\ m[1] \notin DynamicImporters /\ Mapped(m)

(* dma_resv_wait_timeout(resv, DMA_RESV_USAGE_KERNEL, ...) would return.   *)
KernelFencesSignalled(b) == moveFence[b] # "pending"

(* What a translation with this DMA direction lets the device do: the      *)
(* IOMMU maps DMA_TO_DEVICE read-only and DMA_FROM_DEVICE write-only.      *)
DirKinds(d) ==
    IF d = "TO_DEVICE" THEN {"read"}
    ELSE IF d = "FROM_DEVICE" THEN {"write"}
    ELSE Kinds

(* The kinds of access the device makes through a translation it still     *)
(* holds: whatever the direction allows, also through zapped PTEs whose    *)
(* TLB flush is pending (in-flight work does not know about the zap).      *)
(* After 7.1 invalidate_mappings a read-and-discard importer keeps its     *)
(* translations but its engines only make speculative reads whose results  *)
(* are discarded, never writes (R5b), until it unmaps.                     *)
TranslationKinds(m) ==
    IF pteWrites[m] THEN DirKinds(mapDir[m]) ELSE DirKinds(mapDir[m]) \cap {"read"}

(* Regions an eviction may allocate: unowned, not a placement, not already *)
(* allocated by another exporter thread.                                   *)
FreeRegions ==
    {r \in Regions : /\ storage[r] = Free
                     /\ \A b \in Buffers : placement[b] # r
                     /\ \A e \in Exporters : expTarget[e] # r}

(* The importer's wait before unmap: every job it submitted on this region *)
(* has signalled (the DMA API: the device is done with a mapping before    *)
(* dma_unmap).  A parameter of the unmap so that a mutant can skip it.     *)
JobsDoneOn(a, r) == \A j \in {a} \X JobSlots : jobRegion[j] # r

-----------------------------------------------------------------------------
Init ==
    /\ attachments   = [b \in Buffers |-> {}]
    /\ mapRegion     = [m \in Maps |-> NoRegion]
    /\ mapDir        = [m \in Maps |-> NoDir]
    /\ mapValid      = [m \in Maps |-> FALSE]
    /\ pte           = [m \in Maps |-> "none"]
    /\ pteWrites     = [m \in Maps |-> FALSE]
    /\ flushInResv   = [m \in Maps |-> FALSE]
    /\ jobRegion     = [j \in Jobs |-> NoRegion]
    /\ jobKind       = [j \in Jobs |-> NoKind]
    /\ placement     = InitPlacement
    \* each buffer owns its initial region, every other region is free
    \* (written without CHOOSE so that Apalache accepts it)
    /\ storage \in [Regions -> Buffers \cup {Free}]
    /\ \A r \in Regions :
         IF \E b \in Buffers : InitPlacement[b] = r
         THEN storage[r] \in Buffers /\ InitPlacement[storage[r]] = r
         ELSE storage[r] = Free
    /\ moveFence     = [b \in Buffers |-> "none"]
    /\ moveFrom      = [b \in Buffers |-> NoRegion]
    /\ moveWaitJobs  = [b \in Buffers |-> {}]
    /\ moveWaitFlush = [b \in Buffers |-> {}]
    /\ expBuf        = [e \in Exporters |-> NoBuf]
    /\ expTarget     = [e \in Exporters |-> NoRegion]
    /\ walkTodo      = [e \in Exporters |-> {}]
    /\ lastAccess    = NoAccess

-----------------------------------------------------------------------------
(***************************************************************************)
(* Importer actions.  Each is one locked section (dma_resv_lock ...       *)
(* dma_resv_unlock, or the _unlocked entry points of static importers),   *)
(* so it needs the lock free and leaves it free.                          *)
(***************************************************************************)

(* dma_buf_attach()/dma_buf_dynamic_attach(): list_add under the resv      *)
(* lock (R1).                                                              *)
DmaBufAttach(a) ==
    /\ a \notin attachments[Buf(a)]
    /\ ~Locked(Buf(a))
    /\ attachments' = [attachments EXCEPT ![Buf(a)] = @ \cup {a}]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<mapVars, jobVars, moveVars, expVars>>

(* dma_buf_detach(): list_del under the resv lock.  From 6.15 detach       *)
(* unmaps nothing: the importer has unmapped every mapping first (R12).    *)
DmaBufDetach(a) ==
    /\ a \in attachments[Buf(a)]
    /\ ~Locked(Buf(a))
    /\ \A m \in MapsOf(a) : ~Mapped(m)
    /\ attachments' = [attachments EXCEPT ![Buf(a)] = @ \ {a}]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<mapVars, jobVars, moveVars, expVars>>

(* dma_buf_map_attachment() with the lock held (dynamic importers) or      *)
(* dma_buf_map_attachment_unlocked() (static importers), R3: the exporter's *)
(* map_dma_buf returns a new table (R13) for the current placement into a  *)
(* free slot.  For a static importer the core pins first (R9) and waits    *)
(* for the KERNEL fences (R6), and the importer programs its translations  *)
(* right away.  A dynamic importer's translations come later               *)
(* (ImporterBindPtes), after its own wait.                                 *)
DmaBufMapAttachment(a, s, dir) ==
    LET b == Buf(a)
        m == <<a, s>>
    IN
    /\ a \in attachments[b]
    /\ ~Locked(b)
    /\ ~Mapped(m)
    /\ a \notin DynamicImporters => KernelFencesSignalled(b)
    /\ mapRegion' = [mapRegion EXCEPT ![m] = placement[b]]
    /\ mapDir'    = [mapDir EXCEPT ![m] = dir]
    /\ mapValid'  = [mapValid EXCEPT ![m] = TRUE]
    /\ pte'       = [pte EXCEPT ![m] =
                        IF a \in DynamicImporters THEN "none" ELSE "present"]
    /\ pteWrites' = [pteWrites EXCEPT ![m] = a \notin DynamicImporters]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<attachments, flushInResv, jobVars, moveVars, expVars>>

(* A dynamic importer writes the translations of a new mapping only after  *)
(* the KERNEL fences signalled ("Dynamic importers must wait for the       *)
(* exclusive fence", dma_buf_map_attachment kerneldoc; R6), checking under *)
(* the resv lock that no move_notify invalidated the mapping meanwhile     *)
(* (amdgpu_vm_handle_moved).                                               *)
ImporterBindPtes(a, s) ==
    LET m == <<a, s>> IN
    /\ a \in DynamicImporters
    /\ Mapped(m) /\ mapValid[m] /\ pte[m] = "none"
    /\ ~Locked(Buf(a))
    /\ KernelFencesSignalled(Buf(a))
    /\ pte' = [pte EXCEPT ![m] = "present"]
    /\ pteWrites' = [pteWrites EXCEPT ![m] = TRUE]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<attachments, mapRegion, mapDir, mapValid, flushInResv,
                   jobVars, moveVars, expVars>>

(* The importer submits device work through a valid mapping whose          *)
(* translations are present, with an access kind its direction allows,    *)
(* once the KERNEL fences signalled (a scheduler dependency, R6), and adds *)
(* the job's fence to the resv with dma_resv_add_fence (R5).  From here on *)
(* the job holds the region until its fence signals, whatever happens to   *)
(* the mapping.                                                            *)
ImporterSubmitJob(a, js, s, k) ==
    LET j == <<a, js>>
        m == <<a, s>>
    IN
    /\ a \in attachments[Buf(a)]
    /\ ~Running(j)
    /\ Mapped(m) /\ mapValid[m] /\ pte[m] = "present"
    /\ k \in DirKinds(mapDir[m])
    /\ ~Locked(Buf(a))
    /\ KernelFencesSignalled(Buf(a))
    /\ jobRegion' = [jobRegion EXCEPT ![j] = mapRegion[m]]
    /\ jobKind'   = [jobKind EXCEPT ![j] = k]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<attachments, mapVars, moveVars, expVars>>

(* The importer tears a mapping down: it zaps the PTEs and publishes the   *)
(* TLB flush as a fence in the resv (a page-table update, BOOKKEEP usage,  *)
(* F15); from now on it submits nothing through the mapping.               *)
ImporterZapPtes(a, s) ==
    LET m == <<a, s>> IN
    /\ pte[m] = "present"
    /\ ~Locked(Buf(a))
    /\ pte'         = [pte EXCEPT ![m] = "zapped"]
    /\ mapValid'    = [mapValid EXCEPT ![m] = FALSE]
    /\ flushInResv' = [flushInResv EXCEPT ![m] = TRUE]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<attachments, mapRegion, mapDir, pteWrites, jobVars, moveVars,
                   expVars>>

(* dma_fence_signal() of a TLB flush fence: the hardware no longer         *)
(* translates through the zapped PTEs (F1: it signals in finite time).     *)
TlbFlushComplete(a, s) ==
    LET m == <<a, s>> IN
    /\ pte[m] = "zapped"
    /\ pte'           = [pte EXCEPT ![m] = "none"]
    /\ pteWrites'     = [pteWrites EXCEPT ![m] = FALSE]
    /\ flushInResv'   = [flushInResv EXCEPT ![m] = FALSE]
    /\ moveWaitFlush' = [b \in Buffers |-> moveWaitFlush[b] \ {m}]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<attachments, mapRegion, mapDir, mapValid, jobVars,
                   placement, storage, moveFence, moveFrom, moveWaitJobs,
                   expVars>>

(* dma_buf_unmap_attachment() (lock held) or _unlocked() (R3): the exporter *)
(* unmaps the table and the core unpins a static importer (R9, R14).  The *)
(* importer first made sure its device is done with the mapping: no       *)
(* translation left (zapped and flushed) and every job it submitted on    *)
(* the region signalled (JobsDoneOn).  The unmap itself stops nothing.     *)
DmaBufUnmapAttachment(a, s) ==
    LET m == <<a, s>> IN
    /\ Mapped(m)
    /\ pte[m] = "none"
    /\ JobsDoneOn(a, mapRegion[m])
    /\ ~Locked(Buf(a))
    /\ mapRegion' = [mapRegion EXCEPT ![m] = NoRegion]
    /\ mapDir'    = [mapDir EXCEPT ![m] = NoDir]
    /\ mapValid'  = [mapValid EXCEPT ![m] = FALSE]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<attachments, pte, pteWrites, flushInResv, jobVars, moveVars,
                   expVars>>

(* dma_fence_signal() of a job fence: the engine is done with the region   *)
(* (F1).  The move fence no longer waits for it.                           *)
DmaFenceSignalJob(a, js) ==
    LET j == <<a, js>> IN
    /\ Running(j)
    /\ jobRegion'    = [jobRegion EXCEPT ![j] = NoRegion]
    /\ jobKind'      = [jobKind EXCEPT ![j] = NoKind]
    /\ moveWaitJobs' = [b \in Buffers |-> moveWaitJobs[b] \ {j}]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<attachments, mapVars, placement, storage, moveFence,
                   moveFrom, moveWaitFlush, expVars>>

(* The importer's move_notify (invalidate_mappings in 7.1), called by      *)
(* dma_buf_move_notify with the resv held (R2).  It marks every mapping of *)
(* the attachment invalid (R4: re-map before the next use) and zaps the    *)
(* present PTEs, publishing the TLB flush as a fence in the resv (R5), and *)
(* returns: access through the stale TLB stops only when that fence        *)
(* signals (TlbFlushComplete).  A 7.1 read-and-discard importer keeps its  *)
(* translations and only reads until it unmaps (R5b).                      *)
InvalidateMappings(a) ==
    mapValid' = [m \in Maps |-> IF m[1] = a THEN FALSE ELSE mapValid[m]]

ImporterMoveNotify(a) ==
    /\ InvalidateMappings(a)
    /\ IF a \in ReadAndDiscardImporters
       THEN /\ pteWrites' = [m \in Maps |-> IF m[1] = a THEN FALSE ELSE pteWrites[m]]
            /\ UNCHANGED <<pte, flushInResv>>
       ELSE /\ pte' = [m \in Maps |->
                         IF m[1] = a /\ pte[m] = "present" THEN "zapped" ELSE pte[m]]
            /\ flushInResv' = [m \in Maps |->
                         IF m[1] = a /\ pte[m] = "present" THEN TRUE ELSE flushInResv[m]]
            /\ UNCHANGED pteWrites

-----------------------------------------------------------------------------
(***************************************************************************)
(* The devices: accesses are explicit steps, so isolation is a property   *)
(* of accesses.                                                           *)
(***************************************************************************)

(* A running job touches the region it was submitted against, with its    *)
(* kind, until its fence signals: unmap, move_notify and detach do not     *)
(* stop an engine.                                                         *)
DeviceJobAccess(a, js) ==
    LET j == <<a, js>> IN
    /\ Running(j)
    /\ lastAccess' = {<<a, jobRegion[j], jobKind[j], NoSlot>>}
    /\ UNCHANGED <<attachments, mapVars, jobVars, moveVars, expVars>>

(* The device accesses memory through a translation it still holds (PTEs   *)
(* present, or zapped with the TLB flush pending): prefetch, the work of   *)
(* engines the importer does not track per job, stale TLB hits.  Whether   *)
(* the importer still calls the mapping valid does not matter to the       *)
(* hardware; only the kind is restricted (TranslationKinds).              *)
DeviceTranslationAccess(a, s, k) ==
    LET m == <<a, s>> IN
    /\ Translates(m)
    /\ k \in TranslationKinds(m)
    /\ lastAccess' = {<<a, mapRegion[m], k, s>>}
    /\ UNCHANGED <<attachments, mapVars, jobVars, moveVars, expVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* Exporter actions: an eviction of a buffer (e.g. TTM), by one of the    *)
(* exporter threads.                                                      *)
(***************************************************************************)

(* dma_resv_lock, refuse while pinned (R7), allocate the new storage; the  *)
(* walk will visit the dynamic attachments (R2: static ones are pinned).   *)
DmaBufEvict(e, b) ==
    /\ expBuf[e] = NoBuf
    /\ ~Locked(b)
    /\ moveFence[b] = "none"
    /\ ~Pinned(b)
    /\ \E r \in FreeRegions : expTarget' = [expTarget EXCEPT ![e] = r]
    /\ expBuf'   = [expBuf EXCEPT ![e] = b]
    /\ walkTodo' = [walkTodo EXCEPT ![e] =
                      {a \in attachments[b] : a \in DynamicImporters}]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<attachments, mapVars, jobVars, moveVars>>

(* dma_buf_move_notify() / dma_buf_invalidate_mappings(): list_for_each_   *)
(* entry over dmabuf->attachments calling the importer's callback for      *)
(* dynamic ones, one step per node (R2).                                   *)
DmaBufMoveNotify(e, a) ==
    /\ expBuf[e] # NoBuf
    /\ a \in walkTodo[e]
    /\ walkTodo' = [walkTodo EXCEPT ![e] = @ \ {a}]
    /\ ImporterMoveNotify(a)
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<attachments, mapRegion, mapDir, jobVars, moveVars,
                   expBuf, expTarget>>

(* The move: schedule the copy as a KERNEL fence that depends on every     *)
(* fence in the resv (job fences and TLB flush fences, all usages up to    *)
(* BOOKKEEP), publish it, point the buffer at the new storage, unlock      *)
(* (R5, seed 000).                                                         *)
DmaBufMove(e) ==
    LET b == expBuf[e] IN
    /\ b # NoBuf
    /\ walkTodo[e] = {}
    /\ placement'     = [placement EXCEPT ![b] = expTarget[e]]
    /\ moveFrom'      = [moveFrom EXCEPT ![b] = placement[b]]
    /\ moveFence'     = [moveFence EXCEPT ![b] = "pending"]
    /\ moveWaitJobs'  = [moveWaitJobs EXCEPT ![b] =
                           {j \in Jobs : Buf(j[1]) = b /\ Running(j)}]
    /\ moveWaitFlush' = [moveWaitFlush EXCEPT ![b] =
                           {m \in Maps : Buf(m[1]) = b /\ pte[m] = "zapped"
                                         /\ flushInResv[m]}]
    /\ expBuf'    = [expBuf EXCEPT ![e] = NoBuf]
    /\ expTarget' = [expTarget EXCEPT ![e] = NoRegion]
    /\ walkTodo'  = [walkTodo EXCEPT ![e] = {}]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<attachments, mapVars, jobVars, storage>>

(* dma_fence_signal() of the move fence by the copy engine: its            *)
(* dependencies signalled and the new storage now holds the buffer (R6).   *)
DmaFenceSignalMove(b) ==
    /\ moveFence[b] = "pending"
    /\ moveWaitJobs[b] = {}
    /\ moveWaitFlush[b] = {}
    /\ moveFence' = [moveFence EXCEPT ![b] = "signalled"]
    /\ storage'   = [storage EXCEPT ![placement[b]] = b]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<attachments, mapVars, jobVars, placement, moveFrom,
                   moveWaitJobs, moveWaitFlush, expVars>>

(* The old storage goes back to the allocator once the move fence          *)
(* signalled (R5); in 7.1 also only once no importer maps it any more      *)
(* (dma_buf_invalidate_mappings contract, R5b).                            *)
DmaBufReleaseOldStorage(b) ==
    /\ moveFence[b] = "signalled"
    /\ KernelBehaviour = "7.1" =>
         \A m \in Maps : Buf(m[1]) = b => mapRegion[m] # moveFrom[b]
    /\ storage'   = [storage EXCEPT ![moveFrom[b]] = Free]
    /\ moveFrom'  = [moveFrom EXCEPT ![b] = NoRegion]
    /\ moveFence' = [moveFence EXCEPT ![b] = "none"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<attachments, mapVars, jobVars, placement, moveWaitJobs,
                   moveWaitFlush, expVars>>

-----------------------------------------------------------------------------
ImporterNext(a) ==
    \/ DmaBufAttach(a) \/ DmaBufDetach(a)
    \/ \E s \in Slots :
         \/ \E dir \in MapDirs : DmaBufMapAttachment(a, s, dir)
         \/ ImporterBindPtes(a, s)
         \/ ImporterZapPtes(a, s)
         \/ TlbFlushComplete(a, s)
         \/ DmaBufUnmapAttachment(a, s)
         \/ \E k \in Kinds : DeviceTranslationAccess(a, s, k)
         \/ \E js \in JobSlots, k \in Kinds : ImporterSubmitJob(a, js, s, k)
    \/ \E js \in JobSlots : DeviceJobAccess(a, js) \/ DmaFenceSignalJob(a, js)

ExporterNext(e) ==
    \/ \E b \in Buffers : DmaBufEvict(e, b)
    \/ \E a \in Importers : DmaBufMoveNotify(e, a)
    \/ DmaBufMove(e)

Next ==
    \/ \E a \in Importers : ImporterNext(a)
    \/ \E e \in Exporters : ExporterNext(e)
    \/ \E b \in Buffers : DmaFenceSignalMove(b) \/ DmaBufReleaseOldStorage(b)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(***************************************************************************)
(* Safety properties.                                                      *)
(***************************************************************************)

TypeOK ==
    /\ attachments \in [Buffers -> SUBSET Importers]
    /\ mapRegion \in [Maps -> Regions \cup {NoRegion}]
    /\ mapDir \in [Maps -> Dirs \cup {NoDir}]
    /\ mapValid \in [Maps -> BOOLEAN]
    /\ pte \in [Maps -> PteStates]
    /\ pteWrites \in [Maps -> BOOLEAN]
    /\ flushInResv \in [Maps -> BOOLEAN]
    /\ jobRegion \in [Jobs -> Regions \cup {NoRegion}]
    /\ jobKind \in [Jobs -> Kinds \cup {NoKind}]
    /\ placement \in [Buffers -> Regions]
    /\ storage \in [Regions -> Buffers \cup {Free}]
    /\ moveFence \in [Buffers -> {"none", "pending", "signalled"}]
    /\ moveFrom \in [Buffers -> Regions \cup {NoRegion}]
    /\ moveWaitJobs \in [Buffers -> SUBSET Jobs]
    /\ moveWaitFlush \in [Buffers -> SUBSET Maps]
    /\ expBuf \in [Exporters -> Buffers \cup {NoBuf}]
    /\ expTarget \in [Exporters -> Regions \cup {NoRegion}]
    /\ walkTodo \in [Exporters -> SUBSET Importers]
    /\ lastAccess \in {NoAccess} \cup
         {{x} : x \in Importers \X Regions \X Kinds \X (Slots \cup {NoSlot})}

(* ISOLATION (seed 002: "move_notify needs to guarantee that all access    *)
(* stops"): every device access, by a job or through a translation, touches *)
(* storage that belongs to the buffer the device is attached to.           *)
DeviceAccessIsolated ==
    \A x \in lastAccess :
        /\ storage[x[2]] = Buf(x[1])
        /\ x[1] \in attachments[Buf(x[1])]

(* R2, R4, R5, R5b: a freed or reused region is referenced by no valid     *)
(* mapping, no translation the device still holds (PTEs present or TLB     *)
(* flush pending) and no running job, of any attachment and any of its     *)
(* mappings: move_notify reached every dynamic attachment and every        *)
(* mapping of each (an old one held beside a new one too), and the move    *)
(* waited for every fence the importers published.  A valid mapping may    *)
(* also point at the buffer's new storage while the move's copy into it is *)
(* pending (HeldFor): a dynamic importer maps it at once and binds its     *)
(* PTEs only after the KERNEL fence.  A state invariant that implies the   *)
(* ownership half of DeviceAccessIsolated before any access happens.       *)
HeldFor(b, r) == storage[r] = b \/ (moveFence[b] = "pending" /\ placement[b] = r)

FreedRegionUnreferenced ==
    /\ \A m \in Maps : (Mapped(m) /\ mapValid[m]) => HeldFor(Buf(m[1]), mapRegion[m])
    /\ \A m \in Maps : Translates(m) => storage[mapRegion[m]] = Buf(m[1])
    /\ \A j \in Jobs : Running(j) => storage[jobRegion[j]] = Buf(j[1])

(* R12: a detached importer has no mapping, no translation and no running  *)
(* job left: detach is after unmap, and unmap after the device is done.    *)
NoDeviceWorkAfterDetach ==
    \A a \in Importers :
        a \notin attachments[Buf(a)] =>
            /\ \A m \in MapsOf(a) : ~Mapped(m) /\ ~Translates(m)
            /\ \A j \in {a} \X JobSlots : ~Running(j)

(* R4: a mapping the importer still calls valid points at the buffer's     *)
(* current placement: move_notify reached every dynamic attachment before  *)
(* the move, and no mapping is created during it (R3).                     *)
ValidMappingsCurrent ==
    \A m \in Maps :
        (Mapped(m) /\ mapValid[m]) => mapRegion[m] = placement[Buf(m[1])]

(* R5b (7.1 "read and discard, never write"): once a mapping is            *)
(* invalidated, the only writes still made through it are those the        *)
(* hardware had in flight before its PTEs were zapped (TLB flush pending,  *)
(* fenced in the resv); through a translation kept for read-and-discard    *)
(* the device only reads.                                                  *)
NoWriteThroughInvalidatedMapping ==
    \A x \in lastAccess :
        (x[3] = "write" /\ x[4] # NoSlot) =>
            LET m == <<x[1], x[4]>> IN mapValid[m] \/ pte[m] = "zapped"

(* Data versions (R5b, R5): once the move fence signalled, the copy has    *)
(* read the old storage and the buffer's data lives in the new one, so a   *)
(* write that still lands in the old storage is lost.                      *)
NoWriteToStaleCopy ==
    \A x \in lastAccess :
        x[3] = "write" =>
            \A b \in Buffers : ~(moveFence[b] = "signalled" /\ moveFrom[b] = x[2])

Safety ==
    /\ DeviceAccessIsolated
    /\ FreedRegionUnreferenced
    /\ NoDeviceWorkAfterDetach
    /\ ValidMappingsCurrent
    /\ NoWriteThroughInvalidatedMapping
    /\ NoWriteToStaleCopy

-----------------------------------------------------------------------------
(***************************************************************************)
(* Refinement of the abstract isolation spec: storage is the ownership of  *)
(* regions, the attachment list is "attached", an access is a Touch of its *)
(* device and region (the kind and the way it went are dropped).          *)
(***************************************************************************)
IsoAttached ==
    [d \in Importers |-> IF d \in attachments[Buf(d)] THEN {Buf(d)} ELSE {}]

IsoLastAccess == {<<x[1], x[2]>> : x \in lastAccess}

Iso == INSTANCE DmaBufIsolation WITH
           Devices <- Importers, Buffers <- Buffers, Regions <- Regions,
           owner <- storage, attached <- IsoAttached, lastAccess <- IsoLastAccess

IsoSpec == Iso!Spec

THEOREM Spec => IsoSpec
=============================================================================
