--------------------------- MODULE DmaBufCoherency ---------------------------
(***************************************************************************)
(* CPU-cache coherency of one dma-buf on a platform whose DMA is not       *)
(* cache-coherent (arm64 without a coherent interconnect): the two-sided   *)
(* barriers of seed 003 ("invalidate before use, flush after") and the     *)
(* DMA direction of seed 004 deciding which maintenance the kernel does.   *)
(* Rules U1, U2 and R11 of docs/rules.md.                                  *)
(*                                                                         *)
(* Actors, all on one cache line of the buffer:                            *)
(*  - the CPU, through an mmap of the dma-buf fd (cacheable, as the system *)
(*    heap's remap_pfn_range gives it): loads and stores hit the cache;    *)
(*  - the cache itself: it writes a dirty line back and drops a clean one  *)
(*    at any time, and may speculatively fill an invalid line from memory  *)
(*    at any time (arm64 may prefetch any cacheable Normal memory -- the   *)
(*    reason arch_sync_dma_for_cpu invalidates AFTER a FROM_DEVICE         *)
(*    transfer even though the buffer was cleaned before it);              *)
(*  - the importer's device, reading and writing memory directly while it  *)
(*    holds a mapping whose direction allows it;                           *)
(*  - the kernel's maintenance: dma_buf_map_attachment /                   *)
(*    dma_buf_unmap_attachment -> exporter map_dma_buf / unmap_dma_buf ->  *)
(*    dma_map_sgtable / dma_unmap_sgtable -> arch_sync_dma_for_device /    *)
(*    arch_sync_dma_for_cpu; and DMA_BUF_IOCTL_SYNC START/END ->           *)
(*    dma_buf_begin_cpu_access / dma_buf_end_cpu_access -> the exporter's  *)
(*    begin/end_cpu_access -> dma_sync_sgtable_for_cpu / _for_device on    *)
(*    every MAPPED attachment (drivers/dma-buf/heaps/system_heap.c).       *)
(*                                                                         *)
(* Cache maintenance per direction, as arm64 does it                       *)
(* (arch/arm64/mm/dma-mapping.c, since c50f11c6196f "arm64: mm: Don't      *)
(* invalidate FROM_DEVICE buffers at start of DMA transfer", v5.19):       *)
(*   arch_sync_dma_for_device(dir): clean to PoC, for every dir;           *)
(*   arch_sync_dma_for_cpu(dir):    nothing for TO_DEVICE, else invalidate.*)
(* Before c50f11c6196f, __dma_map_area invalidated for FROM_DEVICE         *)
(* instead of cleaning (constant FromDeviceMapInvalidates).  An invalidate *)
(* (dc ivac on a whole line) drops a dirty line without writing it back.   *)
(*                                                                         *)
(* Data are version numbers: every write (CPU store, device DMA write)     *)
(* creates version lastWrite + 1, so "a read observes the last completed   *)
(* write" is the invariant ReadsSeeLastWrite over the ghost lastRead.      *)
(*                                                                         *)
(* NOTE (ownership is assumed, coherency is checked): U1 says SYNC gives   *)
(* coherency only and does not exclude other users; exclusion comes from   *)
(* the implicit fences (U2) and the users' own ordering.  The model takes  *)
(* that exclusion as given -- the device does DMA only while no SYNC       *)
(* bracket is open, and the importer maps/unmaps/attaches/detaches only    *)
(* while none is open -- and checks that the cache maintenance then makes  *)
(* every read see the last write.  The MC modules drop one assumption at   *)
(* a time to show it is needed.                                            *)
(*                                                                         *)
(* NOTE (kernel versions): only R11's sg_table cache matters here, so      *)
(* "6.1" and "6.2" behave alike (cache), as do "6.15" and "7.1" (no        *)
(* cache).  Not modelled: coherent devices (dev_is_dma_coherent: no        *)
(* maintenance at all), swiotlb bouncing, the vmap path's                  *)
(* invalidate/flush_kernel_vmap_range, partial cache lines at the buffer's *)
(* ends (cleaned as well as invalidated by dcache_inval_poc), several      *)
(* attachments (begin/end_cpu_access loop over all mapped ones; one        *)
(* mapped attachment is enough to do the maintenance, which is by physical *)
(* address on arm64).                                                      *)
(*                                                                         *)
(* NOTE (no TLC-only constructs): Apalache can check this module through   *)
(* APDmaBufCoherency.tla.  Constants are bound in the MC modules.          *)
(***************************************************************************)
EXTENDS Integers

CONSTANTS
    KernelBehaviour,          \* "6.1" | "6.2" | "6.15" | "7.1"; <= 6.14 caches the sg_table (R11)
    CachedDir,                \* <= 6.14: direction of the cached attach->sgt (attach->dir)
    ExporterCpuAccessOps,     \* TRUE: begin/end_cpu_access sync mapped attachments (system heap)
    FromDeviceMapInvalidates, \* TRUE: arm64 before c50f11c6196f (invalidate, not clean, for FROM_DEVICE)
    ImporterDirs,             \* directions the importer passes to dma_buf_map_attachment
    SyncFlags,                \* DMA_BUF_IOCTL_SYNC flags userspace uses: subset of {"READ","WRITE","RW"}
    MaxVersion                \* bound on the number of writes

ASSUME KernelBehaviour \in {"6.1", "6.2", "6.15", "7.1"}
ASSUME ExporterCpuAccessOps \in BOOLEAN /\ FromDeviceMapInvalidates \in BOOLEAN
ASSUME MaxVersion \in Nat

\* enum dma_data_direction (include/linux/dma-direction.h), DMA_NONE is "none"
DmaDirs == {"TO_DEVICE", "FROM_DEVICE", "BIDIRECTIONAL"}
\* directions under which the device may read / write the buffer
DeviceReadDirs  == {"TO_DEVICE", "BIDIRECTIONAL"}
DeviceWriteDirs == {"FROM_DEVICE", "BIDIRECTIONAL"}

ASSUME CachedDir \in DmaDirs /\ ImporterDirs \subseteq DmaDirs
ASSUME SyncFlags \subseteq {"READ", "WRITE", "RW"}

\* dma_buf_ioctl DMA_BUF_IOCTL_SYNC: READ -> FROM_DEVICE, WRITE -> TO_DEVICE, RW -> BIDIRECTIONAL
SyncDir(f) == CASE f = "READ"  -> "FROM_DEVICE"
                [] f = "WRITE" -> "TO_DEVICE"
                [] f = "RW"    -> "BIDIRECTIONAL"

\* flags under which userspace loads / stores through the mmap (U1: same flags at START and END)
CpuReadFlags  == {"READ", "RW"}
CpuWriteFlags == {"WRITE", "RW"}

(* R11: kernels up to 6.14 cache the attachment's sg_table (attach->sgt,   *)
(* attach->dir): mapped once with DMA_BIDIRECTIONAL at attach for a        *)
(* static/dynamic mismatch, or at the first map when the exporter sets     *)
(* cache_sgt_mapping.  The model maps it at attach with CachedDir; for a   *)
(* cache_sgt_mapping exporter that is "the first map used CachedDir".      *)
SgtCaching == KernelBehaviour \in {"6.1", "6.2"}

(* dma_buf_map_attachment (<= 6.14): a cached table is returned when       *)
(* attach->dir == direction or attach->dir == DMA_BIDIRECTIONAL, else      *)
(* -EBUSY ("Two mappings with different directions for the same           *)
(* attachment are not allowed").                                           *)
CacheReusableFor(d) == CachedDir = d \/ CachedDir = "BIDIRECTIONAL"

Versions == 0..MaxVersion
LineStates == {"invalid", "clean", "dirty"}

VARIABLES
    mem,        \* the buffer's memory, what the device reads and writes
    line,       \* the CPU cache line over the buffer: [state |-> LineStates, val |-> Versions]
    attached,   \* the importer's dma_buf_attachment exists
    importerMap,\* direction of the mapping the importer holds (map returned, unmap not yet called), or "none"
    dmaMap,     \* direction of the attachment's live DMA-API mapping (system heap a->mapped), or "none"
    cpuSync,    \* flags of the open DMA_BUF_IOCTL_SYNC bracket, or "none"
    lastWrite,  \* ghost: version written by the last completed write
    lastWriter, \* ghost: who wrote it: "init" | "cpu" | "device"
    lastRead    \* ghost: the last completed read: [by, val (what it returned),
                \*   latest (lastWrite then), writer (lastWriter then)]

vars == <<mem, line, attached, importerMap, dmaMap, cpuSync, lastWrite, lastWriter, lastRead>>

Invalid == [state |-> "invalid", val |-> 0]
NoRead  == [by |-> "none", val |-> 0, latest |-> 0, writer |-> "init"]
Writers == {"init", "cpu", "device"}

-----------------------------------------------------------------------------
(* Cache maintenance on the line, arch/arm64/mm/cache.S.                   *)

\* dcache_clean_poc: write a dirty line back, keep it as clean
Clean(l) == IF l.state = "dirty" THEN [state |-> "clean", val |-> l.val] ELSE l
CleanMem(l, m) == IF l.state = "dirty" THEN l.val ELSE m

(* arch_sync_dma_for_device(dir): clean for every direction (v5.19+);      *)
(* before c50f11c6196f, FROM_DEVICE invalidated (dirty data dropped).      *)
ForDeviceInvalidates(d) == FromDeviceMapInvalidates /\ d = "FROM_DEVICE"
SyncForDeviceLine(d, l) == IF ForDeviceInvalidates(d) THEN Invalid ELSE Clean(l)
SyncForDeviceMem(d, l, m) == IF ForDeviceInvalidates(d) THEN m ELSE CleanMem(l, m)

(* arch_sync_dma_for_cpu(dir): return for TO_DEVICE, else                  *)
(* dcache_inval_poc (dirty data dropped: the CPU was not supposed to       *)
(* write while the device owned the buffer).                               *)
SyncForCpuLine(d, l) == IF d = "TO_DEVICE" THEN l ELSE Invalid

\* the value a CPU load returns: the line if valid, else memory (the miss fills the line)
CpuView == IF line.state = "invalid" THEN mem ELSE line.val

-----------------------------------------------------------------------------
TypeOK ==
    /\ mem \in Versions
    /\ line \in [state : LineStates, val : Versions]
    /\ line.state = "invalid" => line.val = 0
    /\ attached \in BOOLEAN
    /\ importerMap \in {"none"} \cup DmaDirs
    /\ dmaMap \in {"none"} \cup DmaDirs
    /\ cpuSync \in {"none", "READ", "WRITE", "RW"}
    /\ lastWrite \in Versions
    /\ lastWriter \in Writers
    /\ lastRead \in [by : {"none", "cpu", "device"}, val : Versions, latest : Versions,
                     writer : Writers]

(* A fresh buffer (system heap pages come zeroed, version 0), not in the   *)
(* cache, not attached, no SYNC bracket open.                              *)
Init ==
    /\ mem = 0
    /\ line = Invalid
    /\ attached = FALSE
    /\ importerMap = "none"
    /\ dmaMap = "none"
    /\ cpuSync = "none"
    /\ lastWrite = 0
    /\ lastWriter = "init"
    /\ lastRead = NoRead

-----------------------------------------------------------------------------
(* Importer actions.  Each Do... operator is the kernel's effect; the      *)
(* action adds the ownership assumption (no SYNC bracket open), so an MC   *)
(* module can drop it.                                                     *)

(* dma_buf_attach / dma_buf_dynamic_attach.  <= 6.14 (R11): the core maps  *)
(* the sg_table at once and caches it -- dma_buf_map_attachment ->         *)
(* map_dma_buf(CachedDir) -> dma_map_sgtable -> arch_sync_dma_for_device.  *)
(* 6.15+ (b72f66f22c0e, de68b17d5d07): nothing is mapped at attach.        *)
DoDmaBufAttach ==
    /\ ~attached
    /\ attached' = TRUE
    /\ IF SgtCaching
         THEN /\ dmaMap' = CachedDir
              /\ line' = SyncForDeviceLine(CachedDir, line)
              /\ mem' = SyncForDeviceMem(CachedDir, line, mem)
         ELSE UNCHANGED <<dmaMap, line, mem>>
    /\ UNCHANGED <<importerMap, cpuSync, lastWrite, lastWriter, lastRead>>

DmaBufAttach == cpuSync = "none" /\ DoDmaBufAttach

(* dma_buf_detach, after the importer unmapped (R12).  <= 6.14 the core    *)
(* unmaps the cached table with attach->dir: unmap_dma_buf ->              *)
(* dma_unmap_sgtable -> arch_sync_dma_for_cpu(CachedDir).                  *)
DoDmaBufDetach ==
    /\ attached
    /\ importerMap = "none"
    /\ attached' = FALSE
    /\ IF SgtCaching
         THEN /\ dmaMap' = "none"
              /\ line' = SyncForCpuLine(CachedDir, line)
         ELSE UNCHANGED <<dmaMap, line>>
    /\ UNCHANGED <<mem, importerMap, cpuSync, lastWrite, lastWriter, lastRead>>

DmaBufDetach == cpuSync = "none" /\ DoDmaBufDetach

(* dma_buf_map_attachment(attach, d).  6.15+: exporter map_dma_buf ->      *)
(* dma_map_sgtable(dev, table, d) -> arch_sync_dma_for_device(d); the      *)
(* system heap sets a->mapped.  <= 6.14 with a cached table (R11): the     *)
(* cached attach->sgt is returned without calling the exporter, so NO      *)
(* maintenance is done for d (seed 004); a direction the cache cannot      *)
(* serve gets -EBUSY, i.e. the importer gets no mapping (not enabled).     *)
DoDmaBufMapAttachment(d) ==
    /\ attached
    /\ importerMap = "none"
    /\ importerMap' = d
    /\ IF SgtCaching
         THEN /\ CacheReusableFor(d)
              /\ UNCHANGED <<dmaMap, line, mem>>
         ELSE /\ dmaMap' = d
              /\ line' = SyncForDeviceLine(d, line)
              /\ mem' = SyncForDeviceMem(d, line, mem)
    /\ UNCHANGED <<attached, cpuSync, lastWrite, lastWriter, lastRead>>

DmaBufMapAttachment(d) == cpuSync = "none" /\ DoDmaBufMapAttachment(d)

(* dma_buf_unmap_attachment(attach, sgt, d).  6.15+: exporter              *)
(* unmap_dma_buf -> a->mapped = false; dma_unmap_sgtable(dev, table, d) -> *)
(* arch_sync_dma_for_cpu(d).  <= 6.14: "if (attach->sgt == sg_table)       *)
(* return;" -- unmapping the cached table is a no-op (R11, seed 004).      *)
DoDmaBufUnmapAttachment ==
    /\ importerMap # "none"
    /\ importerMap' = "none"
    /\ IF SgtCaching
         THEN UNCHANGED <<dmaMap, line>>
         ELSE /\ dmaMap' = "none"
              /\ line' = SyncForCpuLine(importerMap, line)
    /\ UNCHANGED <<mem, attached, cpuSync, lastWrite, lastWriter, lastRead>>

DmaBufUnmapAttachment == cpuSync = "none" /\ DoDmaBufUnmapAttachment

-----------------------------------------------------------------------------
(* Userspace CPU access through the mmap (U1).                             *)

(* DMA_BUF_IOCTL_SYNC with DMA_BUF_SYNC_START | f ->                       *)
(* dma_buf_begin_cpu_access(SyncDir(f)) -> the exporter's begin_cpu_access *)
(* (system heap: dma_sync_sgtable_for_cpu(a->dev, a->table, SyncDir(f))    *)
(* for every attachment with a->mapped), then the wait for implicit fences *)
(* (U2), which the exclusion assumption stands for.  Without exporter ops  *)
(* only the fence wait happens (dma_buf_begin_cpu_access: "if              *)
(* (dmabuf->ops->begin_cpu_access)"); the CPU may then only touch the      *)
(* buffer while the importer holds no mapping, as the DMA API requires     *)
(* for a streaming mapping owned by the device.                            *)
DmaBufBeginCpuAccess(f) ==
    /\ cpuSync = "none"
    /\ importerMap # "none" => ExporterCpuAccessOps
    /\ cpuSync' = f
    /\ line' = IF ExporterCpuAccessOps /\ dmaMap # "none"
                 THEN SyncForCpuLine(SyncDir(f), line)
                 ELSE line
    /\ UNCHANGED <<mem, attached, importerMap, dmaMap, lastWrite, lastWriter, lastRead>>

(* DMA_BUF_IOCTL_SYNC with DMA_BUF_SYNC_END | f (the same f, U1) ->        *)
(* dma_buf_end_cpu_access(SyncDir(f)) -> the exporter's end_cpu_access     *)
(* (system heap: dma_sync_sgtable_for_device(a->dev, a->table,             *)
(* SyncDir(f)) for every attachment with a->mapped).                       *)
DmaBufEndCpuAccess ==
    /\ cpuSync # "none"
    /\ cpuSync' = "none"
    /\ IF ExporterCpuAccessOps /\ dmaMap # "none"
         THEN /\ line' = SyncForDeviceLine(SyncDir(cpuSync), line)
              /\ mem' = SyncForDeviceMem(SyncDir(cpuSync), line, mem)
         ELSE UNCHANGED <<line, mem>>
    /\ UNCHANGED <<attached, importerMap, dmaMap, lastWrite, lastWriter, lastRead>>

(* A CPU load through the mmap: a hit returns the line, a miss fills it    *)
(* from memory.                                                            *)
DoCpuLoad ==
    /\ line' = IF line.state = "invalid" THEN [state |-> "clean", val |-> mem] ELSE line
    /\ lastRead' = [by |-> "cpu", val |-> CpuView, latest |-> lastWrite, writer |-> lastWriter]
    /\ UNCHANGED <<mem, attached, importerMap, dmaMap, cpuSync, lastWrite, lastWriter>>

\* U1: loads only inside a SYNC bracket opened for reading
CpuLoad == cpuSync \in CpuReadFlags /\ DoCpuLoad

(* A CPU store through the mmap writes the whole line (write-allocate): it *)
(* becomes dirty with the new version.                                     *)
DoCpuStore ==
    /\ lastWrite < MaxVersion
    /\ lastWrite' = lastWrite + 1
    /\ lastWriter' = "cpu"
    /\ line' = [state |-> "dirty", val |-> lastWrite + 1]
    /\ UNCHANGED <<mem, attached, importerMap, dmaMap, cpuSync, lastRead>>

\* U1: stores only inside a SYNC bracket opened for writing
CpuStore == cpuSync \in CpuWriteFlags /\ DoCpuStore

-----------------------------------------------------------------------------
(* The non-coherent cache, at any time.                                    *)

(* Eviction: a dirty line is written back, any line is dropped.            *)
CacheEvict ==
    /\ line.state # "invalid"
    /\ mem' = CleanMem(line, mem)
    /\ line' = Invalid
    /\ UNCHANGED <<attached, importerMap, dmaMap, cpuSync, lastWrite, lastWriter, lastRead>>

(* Speculative fill of an invalid line from memory (cacheable mapping).    *)
CacheSpeculativeFill ==
    /\ line.state = "invalid"
    /\ line' = [state |-> "clean", val |-> mem]
    /\ UNCHANGED <<mem, attached, importerMap, dmaMap, cpuSync, lastWrite, lastWriter, lastRead>>

-----------------------------------------------------------------------------
(* The importer's device: DMA straight to memory, bypassing the cache,     *)
(* only in the directions its mapping allows and only while no SYNC        *)
(* bracket is open (the implicit fences of U2 order device jobs and CPU    *)
(* access).                                                                *)

(* A device read (DMA_TO_DEVICE or DMA_BIDIRECTIONAL mapping): it sees     *)
(* memory, so the CPU's stores must have been cleaned to memory first --   *)
(* by dma_buf_map_attachment (6.15+) or by SYNC END on the mapped          *)
(* attachment (system heap); seed 003 "flush after".                       *)
DeviceDmaRead ==
    /\ cpuSync = "none"
    /\ importerMap \in DeviceReadDirs
    /\ lastRead' = [by |-> "device", val |-> mem, latest |-> lastWrite, writer |-> lastWriter]
    /\ UNCHANGED <<mem, line, attached, importerMap, dmaMap, cpuSync, lastWrite, lastWriter>>

(* A device write (DMA_FROM_DEVICE or DMA_BIDIRECTIONAL mapping) lands in *)
(* memory; any copy of the line in the CPU cache is now stale and must be  *)
(* invalidated before the CPU reads (seed 003 "invalidate before use"),    *)
(* and no dirty line may be written back over it later.                    *)
DeviceDmaWrite ==
    /\ cpuSync = "none"
    /\ importerMap \in DeviceWriteDirs
    /\ lastWrite < MaxVersion
    /\ lastWrite' = lastWrite + 1
    /\ lastWriter' = "device"
    /\ mem' = lastWrite + 1
    /\ UNCHANGED <<line, attached, importerMap, dmaMap, cpuSync, lastRead>>

-----------------------------------------------------------------------------
Next ==
    \/ DmaBufAttach
    \/ DmaBufDetach
    \/ \E d \in ImporterDirs : DmaBufMapAttachment(d)
    \/ DmaBufUnmapAttachment
    \/ \E f \in SyncFlags : DmaBufBeginCpuAccess(f)
    \/ DmaBufEndCpuAccess
    \/ CpuLoad
    \/ CpuStore
    \/ CacheEvict
    \/ CacheSpeculativeFill
    \/ DeviceDmaRead
    \/ DeviceDmaWrite

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Safety.                                                                 *)

(* U1 + seed 003: a CPU load inside a SYNC bracket returns the last write, *)
(* by the device or by the CPU itself.                                     *)
CpuReadsSeeLastWrite ==
    lastRead.by = "cpu" => lastRead.val = lastRead.latest

(* The device, reading while it holds a TO_DEVICE or BIDIRECTIONAL         *)
(* mapping, sees the last write: the CPU's stores reached memory.          *)
DeviceReadsSeeLastWrite ==
    lastRead.by = "device" => lastRead.val = lastRead.latest

\* with correct brackets, a read observes the last completed write
ReadsSeeLastWrite == CpuReadsSeeLastWrite /\ DeviceReadsSeeLastWrite

-----------------------------------------------------------------------------
(* Inductive strengthening of ReadsSeeLastWrite (checked by                *)
(* MCDmaBufCoherency_Ind for the correct configurations).  Each conjunct   *)
(* is named so a failing induction step says which one broke.              *)

\* the mapping state the kernel keeps: the importer's mapping vs the DMA-API mapping
MappingsConsistent ==
    /\ importerMap # "none" => attached /\ importerMap \in ImporterDirs
    /\ IF SgtCaching
         THEN /\ dmaMap = IF attached THEN CachedDir ELSE "none"
              /\ importerMap # "none" => CacheReusableFor(importerMap)
         ELSE dmaMap = importerMap

\* the CPU owns the buffer during a bracket only through begin_cpu_access, or when nothing is mapped
CpuWindowAllowed ==
    /\ cpuSync \in {"none"} \cup SyncFlags
    /\ cpuSync # "none" /\ importerMap # "none" => ExporterCpuAccessOps

\* a dirty line always holds the newest data: no write-back can overwrite a newer device write
DirtyLineIsLastWrite == line.state = "dirty" => line.val = lastWrite

\* the last write is in memory unless a dirty line holds it
LastWriteInMemOrDirtyLine == line.state # "dirty" => mem = lastWrite

(* Outside a SYNC bracket, while a DMA-API mapping is live, the device may *)
(* read memory: no dirty line may hold newer data (flush after, seed 003). *)
NoDirtyLineWhileMapped ==
    cpuSync = "none" /\ dmaMap # "none" => line.state # "dirty"

\* inside a read bracket the line is not stale (invalidate before use, seed 003)
NoStaleLineInReadBracket ==
    cpuSync \in CpuReadFlags /\ line.state = "clean" => line.val = lastWrite

(* A stale clean line exists only after a device write under a mapping     *)
(* whose direction lets the device write, and it will be invalidated       *)
(* before the CPU reads: by the importer's unmap (6.15+) or by             *)
(* begin_cpu_access on the still-mapped attachment (system heap).          *)
StaleLineWillBeInvalidated ==
    line.state = "clean" /\ line.val # lastWrite =>
        /\ dmaMap \in DeviceWriteDirs
        /\ ExporterCpuAccessOps \/ importerMap # "none"

\* the ghosts agree with each other (prunes unreachable ghost combinations)
GhostsConsistent ==
    /\ (lastWriter = "init") = (lastWrite = 0)
    /\ lastRead.by = "none" => lastRead = NoRead
    /\ lastRead.latest <= lastWrite
    /\ (lastRead.writer = "init") = (lastRead.latest = 0)

IndInv ==
    /\ TypeOK
    /\ GhostsConsistent
    /\ MappingsConsistent
    /\ CpuWindowAllowed
    /\ DirtyLineIsLastWrite
    /\ LastWriteInMemOrDirtyLine
    /\ NoDirtyLineWhileMapped
    /\ NoStaleLineInReadBracket
    /\ StaleLineWillBeInvalidated
    /\ ReadsSeeLastWrite
=============================================================================
