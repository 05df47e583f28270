---------------------------- MODULE DmaBufAttach ----------------------------
(***************************************************************************)
(* dma-buf attach/detach, map/unmap, pin/unpin and move_notify             *)
(* (drivers/dma-buf/dma-buf.c, include/linux/dma-buf.h), per kernel        *)
(* version.  Rule numbers R1-R18 and bugs B.. refer to                     *)
(* docs/rules.md.                                                          *)
(*                                                                         *)
(* Actors                                                                  *)
(*  - importers: one attachment each, static (dma_buf_attach, no           *)
(*    importer_ops) or dynamic (dma_buf_dynamic_attach with move_notify);  *)
(*  - one exporter thread that evicts dynamic buffers (e.g. VRAM -> GTT):  *)
(*    lock, refuse while pinned, dma_buf_move_notify, publish the move as  *)
(*    a KERNEL fence, reuse the old storage only once that fence signalled;*)
(*  - the devices, whose accesses are explicit steps                       *)
(*    (ImporterDeviceAccess), so isolation is a property of accesses;      *)
(*  - placements: regions, some of them VRAM reachable only peer-to-peer   *)
(*    (importer_ops->allow_peer2peer, R15, R16).                           *)
(*                                                                         *)
(* KernelBehaviour selects the branches of dma-buf.c being modelled:       *)
(*   "6.1"  5.7-6.1: pre-convention locking, static importers map without  *)
(*          the resv lock and the exporter's map_dma_buf may take it;      *)
(*   "6.2"  6.2-6.14: locking convention (ae2e7f28a170), sg_table caching  *)
(*          (attach->sgt: mismatched static/dynamic pairs are pinned and   *)
(*          mapped BIDIRECTIONAL at attach, in a second locked section     *)
(*          after list_add, cache_sgt_mapping caches the                   *)
(*          first map, -EBUSY on a clashing direction, unmap of the cached *)
(*          table is a no-op, detach unmaps and unpins);                   *)
(*   "6.15" 6.15-7.0: no caching (b72f66f22c0e, de68b17d5d07),             *)
(*          dma_buf_pin_on_map() pins around every map for static          *)
(*          importers of dynamic exporters, detach unmaps nothing (R12);   *)
(*   "7.1"  as 6.15 with invalidate_mappings (dmabuf-revoke series, R5b):  *)
(*          after the call the importer may read-and-discard until it      *)
(*          unmaps, and the exporter waits for the unmap as well as for    *)
(*          the fences before reusing the storage.                         *)
(* MoveNotify is CONFIG_DMABUF_MOVE_NOTIFY: when FALSE the core pins       *)
(* dynamic importers of dynamic exporters on every map (R9).               *)
(*                                                                         *)
(* Abstractions (NOTE): the reservation lock is a plain mutex without      *)
(* ww_acquire_ctx (ResvLock below; WwMutex.tla refines the same mutex,     *)
(* WwMutex!Mutex); fences are abstract:                                    *)
(* one in-flight job fence per importer (job[a]) and one KERNEL move fence *)
(* per buffer (moveFence[b]); DmaFence.tla and DmaResv.tla model their     *)
(* life cycle and slot accounting.  This module refines DmaBufIsolation    *)
(* (Iso below).  An atomic step that needs the lock requires it free and   *)
(* leaves it free: the step is the whole locked section, which is sound    *)
(* because nothing else can interleave inside it.                          *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    KernelBehaviour,   \* "6.1" | "6.2" | "6.15" | "7.1"
    MoveNotify,        \* CONFIG_DMABUF_MOVE_NOTIFY
    Buffers,           \* dma_buf objects
    Importers,         \* importing devices, one attachment each
    Regions,           \* backing-storage regions (pages of VRAM/GTT)
    ImporterBuf,       \* [Importers -> Buffers]: the buffer each importer attaches to
    DynamicImporters,  \* importers calling dma_buf_dynamic_attach with move_notify
    DynamicExporters,  \* buffers whose exporter implements pin/unpin (dma_buf_is_dynamic)
    CacheSgtExporters, \* static exporters setting cache_sgt_mapping (<= 6.14 only)
    ImporterUsage,     \* [Importers -> {"write","read","bookkeep"}]: dma_resv_usage of its job fences
    InitPlacement,     \* [Buffers -> Regions], injective
    VramRegions,       \* regions only reachable peer-to-peer (device memory behind a PCI BAR)
    PeerToPeerImporters, \* dynamic importers whose importer_ops set allow_peer2peer
    Exporter           \* the exporter's thread

Behaviours == {"6.1", "6.2", "6.15", "7.1"}
NoHolder   == "nobody"
NoBuf      == "nobuf"
NoRegion   == "noregion"
Free       == "free"
NoAccess   == {}            \* lastAccess: {<<a, r>>} or {}
NoDir      == "nodir"
Dirs       == {"BIDIRECTIONAL", "TO_DEVICE", "FROM_DEVICE"}
Usages     == {"write", "read", "bookkeep"}
Procs      == Importers \cup {Exporter}
PcValues   == {"detached", "attach", "attach_map", "attached", "locked",
               "map_unlocked", "exp_cb_lock", "detach"}

(* <= 6.14 keeps attach->sgt/attach->dir; 6.2 introduced the convention.   *)
SgtCaching       == KernelBehaviour \in {"6.1", "6.2"}
LockedConvention == KernelBehaviour # "6.1"

ASSUME
    /\ KernelBehaviour \in Behaviours
    /\ MoveNotify \in BOOLEAN
    /\ ImporterBuf \in [Importers -> Buffers]
    /\ DynamicImporters \subseteq Importers
    /\ DynamicExporters \subseteq Buffers
    /\ CacheSgtExporters \subseteq Buffers \ DynamicExporters
    /\ ImporterUsage \in [Importers -> Usages]
    /\ InitPlacement \in [Buffers -> Regions]
    /\ \A b1, b2 \in Buffers : b1 # b2 => InitPlacement[b1] # InitPlacement[b2]
    /\ VramRegions \subseteq Regions
    /\ PeerToPeerImporters \subseteq DynamicImporters
    /\ Exporter \notin Importers

VARIABLES
    holder,       \* [Buffers -> Procs \cup {NoHolder}]: dma_resv lock of dmabuf->resv
    attachments,  \* [Buffers -> SUBSET Importers]: dmabuf->attachments (R1)
    importerOps,  \* [Importers -> BOOLEAN]: attach->importer_ops != NULL
    pc,           \* [Importers -> PcValues]: where each importer thread is
    mapping,      \* [Importers -> Regions \cup {NoRegion}]: region the exporter's sg_table points to
    mapped,       \* [Importers -> BOOLEAN]: the importer holds a table returned by map
    mapDir,       \* [Importers -> Dirs \cup {NoDir}]: direction the importer mapped with
    cached,       \* [Importers -> Dirs \cup {NoDir}]: attach->dir of a cached attach->sgt
    mapValid,     \* [Importers -> BOOLEAN]: no move_notify since the importer mapped
    mapReady,     \* [Importers -> BOOLEAN]: KERNEL (and write) fences waited since map
    job,          \* [Importers -> BOOLEAN]: a device job whose fence is unsignalled in resv
    corePin,      \* [Importers -> BOOLEAN]: ops->pin the core holds for this attachment
    importerPin,  \* [Importers -> BOOLEAN]: dma_buf_pin by a dynamic importer (scanout)
    placement,    \* [Buffers -> Regions]: where new mappings point
    storage,      \* [Regions -> Buffers \cup {Free}]: who owns each region's contents
    moveFence,    \* [Buffers -> {"none","pending","signalled"}]: the exporter's KERNEL fence
    moveFrom,     \* [Buffers -> Regions \cup {NoRegion}]: old storage of the current move
    moveWaits,    \* [Buffers -> SUBSET Importers]: job fences the move fence waits for
    expPc,        \* "idle" | "notify": the exporter inside dma_buf_move_notify
    expBuf,       \* buffer being evicted, or NoBuf
    walkSnapshot, \* attachment list when the exporter took the lock
    walkTodo,     \* dynamic attachments move_notify has not reached yet
    lastAccess    \* {<<a, r>>}: the last step was a's device touching r; else {}

lockVars  == <<holder>>
listVars  == <<attachments, importerOps>>
mapVars   == <<mapping, mapped, mapDir, cached, mapValid, mapReady>>
pinVars   == <<corePin, importerPin>>
storeVars == <<placement, storage, moveFence, moveFrom, moveWaits>>
expVars   == <<expPc, expBuf, walkSnapshot, walkTodo>>
vars == <<holder, attachments, importerOps, pc, mapping, mapped, mapDir,
          cached, mapValid, mapReady, job, corePin, importerPin, placement,
          storage, moveFence, moveFrom, moveWaits, expPc, expBuf,
          walkSnapshot, walkTodo, lastAccess>>

-----------------------------------------------------------------------------
(* Helpers, named after the kernel predicates they stand for.              *)

Buf(a) == ImporterBuf[a]
AttachmentsOf(b) == {a \in Importers : ImporterBuf[a] = b}

(* The exporter counts pins itself: the core only forwards to ops->pin.    *)
Pinned(b) == \E a \in AttachmentsOf(b) : corePin[a] \/ importerPin[a]

(* dma_resv_wait_timeout(resv, DMA_RESV_USAGE_KERNEL, ...) would return.   *)
KernelFencesSignalled(b) == moveFence[b] # "pending"

(* Job fences of other importers that a's access must wait for under      *)
(* implicit sync, dma_resv_usage_rw(): a writer waits for READ and WRITE   *)
(* fences, a reader for WRITE fences, BOOKKEEP users for none (F15, R6).   *)
ImplicitSyncDeps(a) ==
    IF ImporterUsage[a] = "bookkeep"
    THEN {}
    ELSE {o \in AttachmentsOf(Buf(a)) \ {a} :
             /\ job[o]
             /\ \/ ImporterUsage[o] = "write"
                \/ ImporterUsage[a] = "write" /\ ImporterUsage[o] = "read"}

(* Write fences a dynamic importer must wait for before using a new        *)
(* mapping: "Dynamic importers must wait for the exclusive fence" (R6).    *)
WriteFences(a) ==
    {o \in AttachmentsOf(Buf(a)) \ {a} : job[o] /\ ImporterUsage[o] = "write"}

(* dma_buf_attachment_is_dynamic(attach) != dma_buf_is_dynamic(dmabuf):    *)
(* <= 6.14 dma_buf_dynamic_attach pins and maps at attach for such pairs.  *)
Mismatch(a, ops) == ops # (Buf(a) \in DynamicExporters)

(* Whether the core pins around this map/unmap.  6.15+:                    *)
(* dma_buf_pin_on_map() = ops->pin && (!dynamic_attach || !MOVE_NOTIFY);   *)
(* <= 6.14 dma_buf_map_attachment: dma_buf_is_dynamic && !MOVE_NOTIFY     *)
(* (static importers of dynamic exporters are covered by the attach-time   *)
(* pin instead).  Evaluated at each call, on the current importer_ops.     *)
PinOnMap(a) ==
    IF SgtCaching
    THEN Buf(a) \in DynamicExporters /\ ~MoveNotify
    ELSE Buf(a) \in DynamicExporters /\ (~importerOps[a] \/ ~MoveNotify)

(* The directions an importer may ask for.  Only a cache_sgt_mapping       *)
(* exporter makes the direction observable here (-EBUSY); everywhere else  *)
(* mapping BIDIRECTIONAL loses nothing (DmaBufCoherency models direction). *)
MapDirs(a) ==
    IF SgtCaching /\ Buf(a) \in CacheSgtExporters THEN Dirs ELSE {"BIDIRECTIONAL"}

(* Regions an eviction may allocate: unowned and not the target of a move. *)
FreeRegions ==
    {r \in Regions : storage[r] = Free /\ \A b \in Buffers : placement[b] # r}

(* attach->peer2peer = importer_ops->allow_peer2peer: only such importers  *)
(* can handle VRAM behind a PCI BAR (R16).                                 *)
Reachable(a, r) == r \notin VramRegions \/ a \in PeerToPeerImporters

(* Where the exporter may move b: a free region every device whose         *)
(* ops->attach already ran can reach (R15, R16; e.g. amdgpu_dma_buf_attach *)
(* restricting the allowed domains of a buffer shared with a non-P2P       *)
(* device).                                                                *)
MoveTargets(b) ==
    {r \in FreeRegions :
        \A a \in AttachmentsOf(b) : pc[a] # "detached" => Reachable(a, r)}

(* The importer's device may touch its mapping: valid, or covered by its   *)
(* own unsignalled fence (R5), or 7.1 read-and-discard until unmap (R5b).  *)
ReadAndDiscard(a) == KernelBehaviour = "7.1" /\ importerOps[a]
MayAccess(a) ==
    /\ mapped[a]
    /\ mapReady[a]
    /\ mapValid[a] \/ job[a] \/ ReadAndDiscard(a)

Invalidated(a) == mapped[a] /\ ~mapValid[a]

-----------------------------------------------------------------------------
Init ==
    /\ holder   = [b \in Buffers |-> NoHolder]
    /\ attachments  = [b \in Buffers |-> {}]
    /\ importerOps  = [a \in Importers |-> FALSE]
    /\ pc           = [a \in Importers |-> "detached"]
    /\ mapping      = [a \in Importers |-> NoRegion]
    /\ mapped       = [a \in Importers |-> FALSE]
    /\ mapDir       = [a \in Importers |-> NoDir]
    /\ cached       = [a \in Importers |-> NoDir]
    /\ mapValid     = [a \in Importers |-> FALSE]
    /\ mapReady     = [a \in Importers |-> FALSE]
    /\ job          = [a \in Importers |-> FALSE]
    /\ corePin      = [a \in Importers |-> FALSE]
    /\ importerPin  = [a \in Importers |-> FALSE]
    /\ placement    = InitPlacement
    \* each buffer owns its initial region, every other region is free
    \* (written without CHOOSE so that Apalache accepts it)
    /\ storage \in [Regions -> Buffers \cup {Free}]
    /\ \A r \in Regions :
         IF \E b \in Buffers : InitPlacement[b] = r
         THEN storage[r] \in Buffers /\ InitPlacement[storage[r]] = r
         ELSE storage[r] = Free
    /\ moveFence    = [b \in Buffers |-> "none"]
    /\ moveFrom     = [b \in Buffers |-> NoRegion]
    /\ moveWaits    = [b \in Buffers |-> {}]
    /\ expPc        = "idle"
    /\ expBuf       = NoBuf
    /\ walkSnapshot = {}
    /\ walkTodo     = {}
    /\ lastAccess   = NoAccess

-----------------------------------------------------------------------------
(* The body of dma_buf_map_attachment() with the lock held (6.12 and NEW   *)
(* dma-buf.c).  <= 6.14: a cached attach->sgt is returned if the direction *)
(* matches or is BIDIRECTIONAL, else -EBUSY (R11).  Otherwise: pin if      *)
(* PinOnMap, ops->map_dma_buf, and for a static attachment                 *)
(* __map_dma_buf waits for the KERNEL fences (R6, modelled as blocking);   *)
(* cache_sgt_mapping exporters have the first table cached.                *)
CoreMap(a) ==
    LET b == Buf(a) IN
    IF SgtCaching /\ cached[a] # NoDir
    THEN \E dir \in MapDirs(a) :
           IF cached[a] = dir \/ cached[a] = "BIDIRECTIONAL"
           THEN /\ mapped'   = [mapped EXCEPT ![a] = TRUE]
                /\ mapDir'   = [mapDir EXCEPT ![a] = dir]
                /\ mapValid' = [mapValid EXCEPT ![a] = TRUE]
                /\ mapReady' = [mapReady EXCEPT ![a] = ~importerOps[a]]
                /\ UNCHANGED <<mapping, cached, corePin>>
           ELSE UNCHANGED <<mapVars, corePin>>          \* -EBUSY
    ELSE /\ importerOps[a] \/ KernelFencesSignalled(b)
         /\ \E dir \in MapDirs(a) :
              /\ mapping'  = [mapping EXCEPT ![a] = placement[b]]
              /\ mapped'   = [mapped EXCEPT ![a] = TRUE]
              /\ mapDir'   = [mapDir EXCEPT ![a] = dir]
              /\ cached'   = [cached EXCEPT ![a] =
                                IF SgtCaching /\ b \in CacheSgtExporters
                                THEN dir ELSE NoDir]
              /\ mapValid' = [mapValid EXCEPT ![a] = TRUE]
              /\ mapReady' = [mapReady EXCEPT ![a] = ~importerOps[a]]
              /\ corePin'  = [corePin EXCEPT ![a] = @ \/ PinOnMap(a)]

(* The body of dma_buf_unmap_attachment().  <= 6.14: unmapping the cached  *)
(* table is a no-op (it stays until detach); otherwise ops->unmap_dma_buf  *)
(* and ops->unpin if PinOnMap (evaluated again, at unmap time).            *)
CoreUnmap(a) ==
    /\ mapped'   = [mapped EXCEPT ![a] = FALSE]
    /\ mapDir'   = [mapDir EXCEPT ![a] = NoDir]
    /\ mapValid' = [mapValid EXCEPT ![a] = FALSE]
    /\ mapReady' = [mapReady EXCEPT ![a] = FALSE]
    /\ UNCHANGED cached
    /\ IF SgtCaching /\ cached[a] # NoDir
       THEN UNCHANGED <<mapping, corePin>>
       ELSE /\ mapping' = [mapping EXCEPT ![a] = NoRegion]
            /\ corePin' = [corePin EXCEPT ![a] = @ /\ ~PinOnMap(a)]

-----------------------------------------------------------------------------
(***************************************************************************)
(* Importer actions.                                                       *)
(***************************************************************************)

(* dma_buf_attach()/dma_buf_dynamic_attach() entry: the attachment is      *)
(* allocated and the exporter's ops->attach runs with the resv unlocked    *)
(* (DOC: locking convention, exporters 1).  ops->attach fails with -EBUSY  *)
(* if the storage is where the device cannot reach it (R15): no step.  An  *)
(* exporter that must restrict the placement for this device (no P2P)     *)
(* takes the resv inside ops->attach, which it may: so the restriction    *)
(* never lands in the middle of a move.                                    *)
RestrictsPlacement(a) == VramRegions # {} /\ a \notin PeerToPeerImporters

DmaBufAttach(a) ==
    /\ pc[a] = "detached"
    /\ mapping[a] = NoRegion
    /\ Reachable(a, placement[Buf(a)])
    /\ RestrictsPlacement(a) => holder[Buf(a)] = NoHolder
    /\ pc' = [pc EXCEPT ![a] = "attach"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, mapVars, job, pinVars, storeVars, expVars>>

(* dma_buf_dynamic_attach(): importer_ops are stored in the attachment     *)
(* BEFORE list_add under dma_resv_lock (R1); the lock is dropped again.    *)
(* <= 6.14, for a mismatched pair the attach is not over: the importer     *)
(* goes on to DmaBufAttachCacheMap ("attach_map"), a second locked         *)
(* section, so another thread (an eviction's move_notify walk) can see the *)
(* attachment listed but not yet pinned and mapped.  The importer_ops     *)
(* value is a parameter so that a mutant can register them late.          *)
AttachListAddLocked(a, ops) ==
    LET b == Buf(a) IN
    /\ pc[a] = "attach"
    /\ attachments' = [attachments EXCEPT ![b] = @ \cup {a}]
    /\ importerOps' = [importerOps EXCEPT ![a] = ops]
    /\ pc' = [pc EXCEPT ![a] = IF SgtCaching /\ Mismatch(a, ops)
                                THEN "attach_map" ELSE "attached"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, mapVars, job, pinVars, storeVars, expVars>>

DmaBufAttachListAdd(a) ==
    /\ holder[Buf(a)] = NoHolder
    /\ AttachListAddLocked(a, a \in DynamicImporters)

(* <= 6.14 dma_buf_dynamic_attach() after list_add, mismatched pair only: *)
(* dma_resv_lock again, ops->pin (dynamic exporter), __map_dma_buf(...,    *)
(* DMA_BIDIRECTIONAL) cached as attach->sgt, dma_resv_unlock (R9, R11); a  *)
(* static importer's __map_dma_buf waits for the KERNEL fences.  6.1 takes *)
(* the lock here only for a dynamic exporter, but a 6.1 exporter's         *)
(* map_dma_buf may take it itself, so one locked section either way.       *)
AttachCacheMapLocked(a) ==
    LET b == Buf(a) IN
    /\ pc[a] = "attach_map"
    /\ importerOps[a] \/ KernelFencesSignalled(b)
    /\ corePin' = [corePin EXCEPT ![a] = b \in DynamicExporters]
    /\ mapping' = [mapping EXCEPT ![a] = placement[b]]
    /\ cached'  = [cached EXCEPT ![a] = "BIDIRECTIONAL"]
    /\ pc' = [pc EXCEPT ![a] = "attached"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, mapped, mapDir, mapValid, mapReady, job,
                   importerPin, storeVars, expVars>>

DmaBufAttachCacheMap(a) ==
    /\ holder[Buf(a)] = NoHolder
    /\ AttachCacheMapLocked(a)

(* dma_buf_detach() entry: the importer has given back every table it got *)
(* from map ("after cleaning up any mappings", R12), its jobs are done and *)
(* its own pins dropped.                                                   *)
DmaBufDetach(a) ==
    /\ pc[a] = "attached"
    /\ ~mapped[a]
    /\ ~job[a]
    /\ ~importerPin[a]
    /\ pc' = [pc EXCEPT ![a] = "detach"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, mapVars, job, pinVars, storeVars, expVars>>

(* dma_buf_detach() under dma_resv_lock: <= 6.14 unmaps a cached          *)
(* attach->sgt and unpins if the exporter is dynamic (R11); list_del (R1); *)
(* then ops->detach runs unlocked and the attachment is freed.             *)
DetachListDelLocked(a) ==
    LET b == Buf(a) IN
    /\ pc[a] = "detach"
    /\ IF cached[a] # NoDir
       THEN /\ mapping' = [mapping EXCEPT ![a] = NoRegion]
            /\ cached'  = [cached EXCEPT ![a] = NoDir]
            /\ corePin' = [corePin EXCEPT ![a] = IF b \in DynamicExporters
                                                  THEN FALSE ELSE @]
       ELSE UNCHANGED <<mapping, cached, corePin>>
    /\ attachments' = [attachments EXCEPT ![b] = @ \ {a}]
    /\ importerOps' = [importerOps EXCEPT ![a] = FALSE]
    /\ pc' = [pc EXCEPT ![a] = "detached"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, mapped, mapDir, mapValid, mapReady, job,
                   importerPin, storeVars, expVars>>

DmaBufDetachListDel(a) ==
    /\ holder[Buf(a)] = NoHolder
    /\ DetachListDelLocked(a)

(* A dynamic importer takes dma_resv_lock(dmabuf->resv) itself for map,    *)
(* unmap, pin and unpin (R3; DOC: locking convention, importers 1).        *)
DmaResvLock(a) ==
    /\ a \in DynamicImporters
    /\ pc[a] = "attached"
    /\ holder[Buf(a)] = NoHolder
    /\ holder' = [holder EXCEPT ![Buf(a)] = a]
    /\ pc' = [pc EXCEPT ![a] = "locked"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<listVars, mapVars, job, pinVars, storeVars, expVars>>

DmaResvUnlock(a) ==
    /\ pc[a] = "locked"
    /\ holder' = [holder EXCEPT ![Buf(a)] = NoHolder]
    /\ pc' = [pc EXCEPT ![a] = "attached"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<listVars, mapVars, job, pinVars, storeVars, expVars>>

(* dma_buf_map_attachment() called with the lock held (dma_resv_assert_held).*)
DmaBufMapAttachment(a) ==
    /\ pc[a] = "locked"
    /\ ~mapped[a]
    /\ CoreMap(a)
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, job, importerPin, storeVars, expVars>>

(* dma_buf_unmap_attachment() with the lock held; the importer first lets *)
(* its own job finish (the device must not use a table being unmapped).   *)
DmaBufUnmapAttachment(a) ==
    /\ pc[a] = "locked"
    /\ mapped[a]
    /\ ~job[a]
    /\ CoreUnmap(a)
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, job, importerPin, storeVars, expVars>>

(* dma_buf_pin()/dma_buf_unpin(): dynamic importers only, lock held, for   *)
(* limited uses such as scanout (R7, R8).                                  *)
DmaBufPin(a) ==
    /\ pc[a] = "locked"
    /\ importerOps[a]
    /\ ~importerPin[a]
    /\ importerPin' = [importerPin EXCEPT ![a] = TRUE]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, mapVars, job, corePin, storeVars, expVars>>

DmaBufUnpin(a) ==
    /\ pc[a] = "locked"
    /\ importerPin[a]
    /\ importerPin' = [importerPin EXCEPT ![a] = FALSE]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, mapVars, job, corePin, storeVars, expVars>>

(* dma_buf_map_attachment_unlocked() (6.2+), what static importers such as *)
(* drm_gem_prime_import_dev use: entry, then dma_resv_lock(resv, NULL).    *)
(* The caller must NOT hold the lock (DOC: locking convention, importers 2).*)
DmaBufMapAttachmentUnlocked(a) ==
    /\ LockedConvention
    /\ a \notin DynamicImporters
    /\ pc[a] = "attached"
    /\ ~mapped[a]
    /\ pc' = [pc EXCEPT ![a] = "map_unlocked"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, mapVars, job, pinVars, storeVars, expVars>>

(* ... dma_resv_lock; dma_buf_map_attachment; dma_resv_unlock.             *)
DmaBufMapAttachmentUnlockedLocked(a) ==
    /\ pc[a] = "map_unlocked"
    /\ holder[Buf(a)] = NoHolder
    /\ CoreMap(a)
    /\ pc' = [pc EXCEPT ![a] = "attached"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, job, importerPin, storeVars, expVars>>

(* Pre-6.2 (KernelBehaviour "6.1") dma_buf_map_attachment for a static     *)
(* importer: no lock asserted; a cached table is returned at once, else    *)
(* the exporter's map_dma_buf takes the resv itself (allowed then).        *)
DmaBufMapAttachment61(a) ==
    /\ KernelBehaviour = "6.1"
    /\ a \notin DynamicImporters
    /\ pc[a] = "attached"
    /\ ~mapped[a]
    /\ IF cached[a] # NoDir
       THEN /\ CoreMap(a)
            /\ UNCHANGED pc
       ELSE /\ pc' = [pc EXCEPT ![a] = "exp_cb_lock"]
            /\ UNCHANGED <<mapVars, corePin>>
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, job, importerPin, storeVars, expVars>>

(* The exporter callback's dma_resv_lock/unlock around its own mapping.    *)
ExporterMapCallbackLock(a) ==
    /\ pc[a] = "exp_cb_lock"
    /\ holder[Buf(a)] = NoHolder
    /\ CoreMap(a)
    /\ pc' = [pc EXCEPT ![a] = "attached"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, job, importerPin, storeVars, expVars>>

(* dma_buf_unmap_attachment_unlocked() (6.2+) or the pre-6.2 unlocked      *)
(* unmap of a static importer: one locked section.                         *)
DmaBufUnmapAttachmentUnlocked(a) ==
    /\ a \notin DynamicImporters
    /\ pc[a] = "attached"
    /\ mapped[a]
    /\ ~job[a]
    /\ holder[Buf(a)] = NoHolder
    /\ CoreUnmap(a)
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, job, importerPin, storeVars, expVars>>

(* A dynamic importer waits for the KERNEL fences (and the write fences)   *)
(* before its device may use a new mapping: dma_resv_wait_timeout(...,     *)
(* KERNEL/WRITE) in the importer (R6; dma_buf_map_attachment kerneldoc).   *)
(* Static importers got this wait inside map.                              *)
ImporterWaitFences(a) ==
    /\ a \in DynamicImporters
    /\ mapped[a]
    /\ ~mapReady[a]
    /\ KernelFencesSignalled(Buf(a))
    /\ WriteFences(a) = {}
    /\ mapReady' = [mapReady EXCEPT ![a] = TRUE]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, mapping, mapped, mapDir, cached,
                   mapValid, job, pinVars, storeVars, expVars>>

(* The importer submits device work on its mapping and publishes its fence *)
(* with dma_resv_add_fence (under the lock: one locked section, or inside  *)
(* the importer's own section); the scheduler runs it once the implicit-   *)
(* sync dependencies and the KERNEL fences have signalled.                 *)
ImporterSubmitJob(a) ==
    LET b == Buf(a) IN
    /\ pc[a] \in {"attached", "locked"}
    /\ holder[b] \in {NoHolder, a}
    /\ mapped[a] /\ mapReady[a] /\ mapValid[a]
    /\ ~job[a]
    /\ KernelFencesSignalled(b)
    /\ ImplicitSyncDeps(a) = {}
    /\ job' = [job EXCEPT ![a] = TRUE]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, mapVars, pinVars, storeVars, expVars>>

(* The device touches the storage its mapping points to: either an         *)
(* unfenced access the importer can stop at once (needs a valid mapping),  *)
(* or its running job (covered by its fence), or 7.1 read-and-discard.     *)
ImporterDeviceAccess(a) ==
    /\ MayAccess(a)
    /\ lastAccess' = {<<a, mapping[a]>>}
    /\ UNCHANGED <<lockVars, listVars, pc, mapVars, job, pinVars, storeVars, expVars>>

(* dma_fence_signal() of a job fence: the device work is complete.         *)
DmaFenceSignalJob(a) ==
    /\ job[a]
    /\ job' = [job EXCEPT ![a] = FALSE]
    /\ moveWaits' = [b \in Buffers |-> moveWaits[b] \ {a}]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, mapVars, pinVars, placement,
                   storage, moveFence, moveFrom, expVars>>

(* The importer's move_notify (invalidate_mappings in 7.1), called by      *)
(* dma_buf_move_notify with the resv held (R2): it stops unfenced access   *)
(* at once, or adds a fence for access it cannot stop (R4, R5).  The old   *)
(* mapping stays valid for fenced work until those fences signal.          *)
ImporterMoveNotify(a) ==
    /\ mapValid' = [mapValid EXCEPT ![a] = FALSE]
    /\ \/ UNCHANGED job
       \/ /\ mapped[a] /\ mapReady[a] /\ mapValid[a] /\ ~job[a]
          /\ job' = [job EXCEPT ![a] = TRUE]

-----------------------------------------------------------------------------
(***************************************************************************)
(* Exporter actions: an eviction of a dynamic buffer (e.g. TTM).           *)
(***************************************************************************)

(* dma_resv_lock, then refuse while pinned (R7: no move between pin and    *)
(* unpin).  The walk list is snapshot for AttachmentListStableDuringWalk.  *)
DmaBufEvict(b) ==
    /\ expPc = "idle"
    /\ b \in DynamicExporters
    /\ holder[b] = NoHolder
    /\ moveFence[b] = "none"
    /\ ~Pinned(b)
    /\ MoveTargets(b) # {}
    /\ holder' = [holder EXCEPT ![b] = Exporter]
    /\ expPc' = "notify"
    /\ expBuf' = b
    /\ walkSnapshot' = attachments[b]
    /\ walkTodo' = {a \in attachments[b] : importerOps[a]}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<listVars, pc, mapVars, job, pinVars, storeVars>>

(* dma_buf_move_notify(): list_for_each_entry over dmabuf->attachments     *)
(* calling importer_ops->move_notify for dynamic ones; one step per node.  *)
DmaBufMoveNotify(a) ==
    /\ expPc = "notify"
    /\ a \in walkTodo
    /\ walkTodo' = walkTodo \ {a}
    /\ ImporterMoveNotify(a)
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, mapping, mapped, mapDir, cached,
                   mapReady, pinVars, storeVars, expPc, expBuf, walkSnapshot>>

(* The move itself: allocate new storage, schedule the copy as a KERNEL    *)
(* fence that depends on every fence already in the resv (all usages up to *)
(* BOOKKEEP), publish it, point the buffer at the new place, unlock.       *)
(* The new region's contents are not the buffer's until the copy is done.  *)
DmaBufMove(b) ==
    /\ expPc = "notify"
    /\ expBuf = b
    /\ walkTodo = {}
    /\ \E r \in MoveTargets(b) :
         /\ placement' = [placement EXCEPT ![b] = r]
         /\ moveFrom'  = [moveFrom EXCEPT ![b] = placement[b]]
    /\ moveFence' = [moveFence EXCEPT ![b] = "pending"]
    /\ moveWaits' = [moveWaits EXCEPT ![b] = {a \in AttachmentsOf(b) : job[a]}]
    /\ holder' = [holder EXCEPT ![b] = NoHolder]
    /\ expPc' = "idle"
    /\ expBuf' = NoBuf
    /\ walkSnapshot' = {}
    /\ walkTodo' = {}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<listVars, pc, mapVars, job, pinVars, storage>>

(* dma_fence_signal() of the move fence by the copy engine: its            *)
(* dependencies have signalled and the new storage now holds the buffer.   *)
DmaFenceSignalMove(b) ==
    /\ moveFence[b] = "pending"
    /\ moveWaits[b] = {}
    /\ moveFence' = [moveFence EXCEPT ![b] = "signalled"]
    /\ storage' = [storage EXCEPT ![placement[b]] = b]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, mapVars, job, pinVars, placement,
                   moveFrom, moveWaits, expVars>>

(* The old backing storage goes back to the allocator only once the move   *)
(* fence signalled; in 7.1 also only once every importer unmapped it       *)
(* (dma_buf_invalidate_mappings contract, R5b).                            *)
DmaBufReleaseOldStorage(b) ==
    /\ moveFence[b] = "signalled"
    /\ KernelBehaviour = "7.1" =>
         \A a \in AttachmentsOf(b) : mapping[a] # moveFrom[b]
    /\ storage' = [storage EXCEPT ![moveFrom[b]] = Free]
    /\ moveFrom' = [moveFrom EXCEPT ![b] = NoRegion]
    /\ moveFence' = [moveFence EXCEPT ![b] = "none"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, mapVars, job, pinVars, placement,
                   moveWaits, expVars>>

-----------------------------------------------------------------------------
ImporterNext(a) ==
    \/ DmaBufAttach(a) \/ DmaBufAttachListAdd(a) \/ DmaBufAttachCacheMap(a)
    \/ DmaBufDetach(a) \/ DmaBufDetachListDel(a)
    \/ DmaResvLock(a) \/ DmaResvUnlock(a)
    \/ DmaBufMapAttachment(a) \/ DmaBufUnmapAttachment(a)
    \/ DmaBufPin(a) \/ DmaBufUnpin(a)
    \/ DmaBufMapAttachmentUnlocked(a) \/ DmaBufMapAttachmentUnlockedLocked(a)
    \/ DmaBufMapAttachment61(a) \/ ExporterMapCallbackLock(a)
    \/ DmaBufUnmapAttachmentUnlocked(a)
    \/ ImporterWaitFences(a) \/ ImporterSubmitJob(a)
    \/ ImporterDeviceAccess(a) \/ DmaFenceSignalJob(a)

ExporterNext(b) ==
    \/ DmaBufEvict(b) \/ DmaBufMove(b)
    \/ DmaFenceSignalMove(b) \/ DmaBufReleaseOldStorage(b)

Next ==
    \/ \E a \in Importers : ImporterNext(a) \/ DmaBufMoveNotify(a)
    \/ \E b \in Buffers : ExporterNext(b)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(***************************************************************************)
(* Safety properties, one named invariant per rule.                        *)
(***************************************************************************)

TypeOK ==
    /\ holder \in [Buffers -> Procs \cup {NoHolder}]
    /\ attachments \in [Buffers -> SUBSET Importers]
    /\ importerOps \in [Importers -> BOOLEAN]
    /\ pc \in [Importers -> PcValues]
    /\ mapping \in [Importers -> Regions \cup {NoRegion}]
    /\ mapped \in [Importers -> BOOLEAN]
    /\ mapDir \in [Importers -> Dirs \cup {NoDir}]
    /\ cached \in [Importers -> Dirs \cup {NoDir}]
    /\ mapValid \in [Importers -> BOOLEAN]
    /\ mapReady \in [Importers -> BOOLEAN]
    /\ job \in [Importers -> BOOLEAN]
    /\ corePin \in [Importers -> BOOLEAN]
    /\ importerPin \in [Importers -> BOOLEAN]
    /\ placement \in [Buffers -> Regions]
    /\ storage \in [Regions -> Buffers \cup {Free}]
    /\ moveFence \in [Buffers -> {"none", "pending", "signalled"}]
    /\ moveFrom \in [Buffers -> Regions \cup {NoRegion}]
    /\ moveWaits \in [Buffers -> SUBSET Importers]
    /\ expPc \in {"idle", "notify"}
    /\ expBuf \in Buffers \cup {NoBuf}
    /\ walkSnapshot \in SUBSET Importers
    /\ walkTodo \in SUBSET Importers
    /\ lastAccess \in {NoAccess} \cup {{x} : x \in Importers \X Regions}

(* Central property (seed 002): every device access touches storage that   *)
(* belongs to the buffer the device is attached to.                        *)
DeviceAccessIsolated ==
    \A x \in lastAccess :
        LET a == x[1]
            r == x[2]
        IN  /\ storage[r] = Buf(a)
            /\ a \in attachments[Buf(a)]

(* R1 (seed 000 "the list walk above could go boom"): while the exporter   *)
(* walks dmabuf->attachments under the resv lock, nobody adds or removes a *)
(* node.                                                                   *)
AttachmentListStableDuringWalk ==
    expPc = "notify" => attachments[expBuf] = walkSnapshot

(* DOC: locking convention, B17, seed 001: nobody tries to take a          *)
(* dma_resv lock it already holds (a self-deadlock on the ww_mutex).       *)
NoRecursiveResvLock ==
    \A a \in Importers :
        pc[a] \in {"map_unlocked", "exp_cb_lock"} => holder[Buf(a)] # a

(* R9: while a static importer (or, without CONFIG_DMABUF_MOVE_NOTIFY, any *)
(* importer) of a dynamic exporter has a mapping, the core holds a pin.    *)
NeedsCorePin(a) ==
    Buf(a) \in DynamicExporters /\ (~importerOps[a] \/ ~MoveNotify)
StaticMappingPinned ==
    \A a \in Importers :
        (mapping[a] # NoRegion /\ NeedsCorePin(a)) => corePin[a]

(* R7/R14: the core's pin is released together with the mapping it        *)
(* protects: no pin outlives its mapping (a leaked pin blocks eviction     *)
(* forever).                                                               *)
NoLeakedPin ==
    \A a \in Importers : corePin[a] => mapping[a] # NoRegion

(* R4: a mapping the importer still believes valid points at the buffer's *)
(* current placement (move_notify reached it before the move), and no      *)
(* mapping is created concurrently with a move (R3).                       *)
ValidMappingsCurrent ==
    \A a \in Importers :
        (mapped[a] /\ mapValid[a]) => mapping[a] = placement[Buf(a)]

(* Seed 000: the old backing storage is reused only once the move's KERNEL *)
(* fence has signalled.                                                    *)
OldStorageKeptUntilMoveFence ==
    \A b \in Buffers :
        moveFence[b] = "pending" => storage[moveFrom[b]] = b

(* R12: once detached, an attachment has no mapping and no pin left.       *)
NoMappingAfterDetach ==
    \A a \in Importers :
        a \notin attachments[Buf(a)] => (mapping[a] = NoRegion /\ ~corePin[a])

(* R7: a pinned buffer is never in the middle of a move.                   *)
PinnedBufferNotMoved ==
    expPc = "notify" => ~Pinned(expBuf)

(* R11: a cached sg_table is only handed out for its own direction or when *)
(* it was mapped BIDIRECTIONAL (else -EBUSY).                              *)
CachedDirectionRespected ==
    \A a \in Importers :
        (mapped[a] /\ cached[a] # NoDir) =>
            (cached[a] = mapDir[a] \/ cached[a] = "BIDIRECTIONAL")

(* R16: a table into peer-only memory (VRAM behind a BAR) goes only to an *)
(* importer that declared allow_peer2peer.                                 *)
PeerToPeerOnlyIfAllowed ==
    \A a \in Importers :
        mapping[a] \in VramRegions => a \in PeerToPeerImporters

(* R2, dma_buf_move_notify(): the exporter calls it with the reservation   *)
(* lock held (the core's dma_resv_assert_held), so the walk over the       *)
(* attachment list and every importer's move_notify run under the lock.    *)
MoveNotifyUnderLock ==
    expPc = "notify" => holder[expBuf] = Exporter

(* R2, dma_buf_move_notify(): the walk calls attach->importer_ops->        *)
(* move_notify only for attachments with importer_ops (dynamic ones); a    *)
(* static attachment has no ops to call (its mapping is protected by a pin *)
(* instead, R9).  walkTodo is what the walk still has to notify.           *)
MoveNotifyOnlyDynamic ==
    \A a \in walkTodo : importerOps[a]

(* R8, dma_buf_pin()/dma_buf_unpin(): only dynamic importers pin; both     *)
(* WARN_ON(!attach->importer_ops) and return without calling ops->pin.     *)
(* The core's own pins for static importers are corePin (R9).              *)
OnlyDynamicImportersPin ==
    \A a \in Importers : importerPin[a] => importerOps[a]

(* R15, dma_buf_ops.attach / dma_buf_dynamic_attach(): ops->attach fails   *)
(* with -EBUSY when the storage sits where the device cannot reach it, and *)
(* afterwards the exporter keeps the buffer where every device whose       *)
(* ops->attach ran can reach it (amdgpu_dma_buf_attach restricting the     *)
(* domains of a buffer shared with a device without P2P).  New mappings    *)
(* point at placement, so that is where every attached device must reach.  *)
AttachedDevicesReachPlacement ==
    \A a \in Importers : pc[a] # "detached" => Reachable(a, placement[Buf(a)])

Safety ==
    /\ DeviceAccessIsolated
    /\ AttachmentListStableDuringWalk
    /\ NoRecursiveResvLock
    /\ StaticMappingPinned
    /\ NoLeakedPin
    /\ ValidMappingsCurrent
    /\ OldStorageKeptUntilMoveFence
    /\ NoMappingAfterDetach
    /\ PinnedBufferNotMoved
    /\ CachedDirectionRespected
    /\ PeerToPeerOnlyIfAllowed
    /\ MoveNotifyUnderLock
    /\ MoveNotifyOnlyDynamic
    /\ OnlyDynamicImportersPin
    /\ AttachedDevicesReachPlacement

-----------------------------------------------------------------------------
(***************************************************************************)
(* Liveness (checked with the fairness of MCDmaBufAttach!Fairness: fences  *)
(* eventually signal (F1), locks are eventually released).                 *)
(***************************************************************************)

(* Every eviction completes: the move fence signals and the old storage    *)
(* is released.                                                            *)
EvictionCompletes ==
    \A b \in Buffers : moveFence[b] = "pending" ~> moveFence[b] = "none"

MoveNotifyWalkCompletes == expPc = "notify" ~> expPc = "idle"

(* Every invalidated dynamic importer eventually has a valid, ready        *)
(* mapping again (or has let go of the buffer), provided the exporter      *)
(* eventually stops evicting: an exporter that evicts forever may keep     *)
(* invalidating a mapping before its device ever uses it, which is allowed.*)
NoEvictionInFlight ==
    expPc = "idle" /\ \A b \in Buffers : moveFence[b] = "none"

InvalidatedImporterRemaps ==
    <>[]NoEvictionInFlight =>
        \A a \in DynamicImporters :
            Invalidated(a) ~> ((mapped[a] /\ mapValid[a] /\ mapReady[a])
                               \/ pc[a] = "detached")

(* dma_buf_attach, dma_buf_detach and dma_buf_map_attachment(_unlocked)    *)
(* eventually return.                                                      *)
AttachReturns ==
    \A a \in Importers :
        pc[a] \in {"attach", "attach_map"} ~> pc[a] \notin {"attach", "attach_map"}
DetachReturns == \A a \in Importers : pc[a] = "detach" ~> pc[a] # "detach"
MapReturns ==
    \A a \in Importers :
        pc[a] \in {"map_unlocked", "exp_cb_lock"} ~>
            pc[a] \notin {"map_unlocked", "exp_cb_lock"}

-----------------------------------------------------------------------------
(***************************************************************************)
(* Refinement of the abstract isolation spec: storage is the ownership of  *)
(* regions, the attachment list is "attached".                             *)
(***************************************************************************)
IsoAttached ==
    [d \in Importers |-> IF d \in attachments[Buf(d)] THEN {Buf(d)} ELSE {}]

Iso == INSTANCE DmaBufIsolation WITH
           Devices <- Importers, Buffers <- Buffers, Regions <- Regions,
           owner <- storage, attached <- IsoAttached, lastAccess <- lastAccess

IsoSpec == Iso!Spec

THEOREM Spec => IsoSpec

(***************************************************************************)
(* Refinement of the plain reservation mutex (ResvMutex.tla), which        *)
(* WwMutex.tla refines in turn (WwMutex!Mutex): the lock here is taken and *)
(* released like a mutex, and every hold WwMutex's wait-die locking        *)
(* produces is such a hold.  The one-step locked sections require the lock *)
(* free and leave it free: stutters of the mutex.  Checked as PROPERTY     *)
(* ResvLockSpec by the MCDmaBufAttach models; DmaBufAttach_LockIgnoresHolder*)
(* breaks it.                                                              *)
(***************************************************************************)
ResvLock == INSTANCE ResvMutex WITH
    Objects <- Buffers, Lockers <- Procs,
    owner <- [b \in Buffers |-> IF holder[b] = NoHolder THEN {} ELSE {holder[b]}]

ResvLockSpec == ResvLock!Spec
=============================================================================
