------------------------- MODULE MCDmaBufAttach_Ind -------------------------
(***************************************************************************)
(* Inductive invariant for the central property DeviceAccessIsolated, for  *)
(* the no-cache kernels ("6.15", "7.1") with CONFIG_DMABUF_MOVE_NOTIFY=y,  *)
(* checked with TLC: IndSpec starts from EVERY state satisfying IndInv     *)
(* (over the bounded domain of MCDmaBufAttach) and takes one step of Next; *)
(* the cfg checks IndInv again, so a pass means IndInv /\ Next => IndInv'.  *)
(* IndInv => DeviceAccessIsolated (conjuncts LastAccessWasAllowed and      *)
(* AccessesSafe), so the central property holds in every reachable state. *)
(* Conjuncts are named so that TLC says which one is not inductive.        *)
(***************************************************************************)
EXTENDS MCDmaBufAttach

(* Who holds the lock and why. *)
LockOwners ==
    /\ \A b \in Buffers :
         /\ (holder[b] = Exporter) <=> (expPc = "notify" /\ expBuf = b)
         /\ \A a \in Importers :
              (holder[b] = a) <=> (Buf(a) = b /\ pc[a] = "locked")
    /\ \A a \in Importers : pc[a] = "locked" => a \in DynamicImporters

(* The attachment list against the importer threads (R1). *)
ListShape ==
    \A a \in Importers :
        /\ (a \in attachments[Buf(a)]) <=>
               pc[a] \in {"attach_map", "attached", "locked", "map_unlocked",
                         "exp_cb_lock", "detach"}
        /\ importerOps[a] <=> (a \in attachments[Buf(a)] /\ a \in DynamicImporters)
        /\ pc[a] \in {"map_unlocked", "exp_cb_lock"} => a \notin DynamicImporters
        /\ pc[a] = "exp_cb_lock" => KernelBehaviour = "6.1"
        /\ pc[a] = "attach_map" => SgtCaching
        /\ pc[a] = "map_unlocked" => ~mapped[a]
        /\ importerPin[a] => (importerOps[a] /\ pc[a] \in {"attached", "locked"})

(* No cache: a table exists exactly while the importer holds it. *)
MappingShape ==
    \A a \in Importers :
        /\ cached[a] = NoDir
        /\ mapped[a] <=> mapping[a] # NoRegion
        /\ mapped[a] <=> mapDir[a] = "BIDIRECTIONAL"
        /\ mapped[a] => a \in attachments[Buf(a)]
        /\ mapped[a] => pc[a] \in {"attached", "locked"}
        /\ mapValid[a] => mapped[a]
        /\ mapReady[a] => mapped[a]
        /\ job[a] => (mapped[a] /\ mapReady[a] /\ pc[a] \in {"attached", "locked"})
        /\ a \notin DynamicImporters => (mapped[a] => (mapValid[a] /\ mapReady[a]))

(* Pins: R9 for the static importer, none taken for the dynamic one. *)
PinShape ==
    \A a \in Importers :
        /\ corePin[a] <=> (mapped[a] /\ a \notin DynamicImporters)

(* Backing storage and the move in flight. *)
StorageShape ==
    \A b \in Buffers :
        /\ moveWaits[b] \subseteq {a \in AttachmentsOf(b) : job[a]}
        /\ \A r \in Regions :
             storage[r] = b => (r = placement[b] \/ r = moveFrom[b])
        /\ moveFence[b] = "none" =>
             /\ storage[placement[b]] = b
             /\ moveFrom[b] = NoRegion
             /\ moveWaits[b] = {}
        /\ moveFence[b] = "pending" =>
             /\ storage[placement[b]] = Free
             /\ moveFrom[b] \in Regions \ {placement[b]}
             /\ storage[moveFrom[b]] = b
        /\ moveFence[b] = "signalled" =>
             /\ storage[placement[b]] = b
             /\ moveFrom[b] \in Regions \ {placement[b]}
             /\ storage[moveFrom[b]] = b
             /\ moveWaits[b] = {}

(* The exporter inside dma_buf_move_notify. *)
WalkShape ==
    /\ expPc = "idle" => (expBuf = NoBuf /\ walkTodo = {} /\ walkSnapshot = {})
    /\ expPc = "notify" =>
         /\ expBuf \in Buffers
         /\ attachments[expBuf] = walkSnapshot
         /\ walkTodo \subseteq {a \in attachments[expBuf] : importerOps[a]}
         /\ moveFence[expBuf] = "none"
         /\ ~Pinned(expBuf)
         /\ \A a \in attachments[expBuf] :
              (importerOps[a] /\ a \notin walkTodo) => ~mapValid[a]

(* What a mapping may point at, and when a device may use it.             *)
MappingTargets ==
    \A a \in Importers :
        LET b == Buf(a) IN
        /\ (mapped[a] /\ mapValid[a]) => mapping[a] = placement[b]
        /\ (mapped[a] /\ mapValid[a] /\ mapReady[a]) => moveFence[b] # "pending"
        /\ job[a] =>
             \/ mapping[a] = placement[b] /\ moveFence[b] # "pending"
             \/ /\ moveFence[b] = "pending"
                /\ mapping[a] = moveFrom[b]
                /\ a \in moveWaits[b]
        \* 7.1: the storage is released only after the unmap, so a mapped
        \* dynamic importer's table points at the current or the old place
        /\ (KernelBehaviour = "7.1" /\ mapped[a]) =>
             \/ mapping[a] = placement[b]
             \/ moveFence[b] # "none" /\ mapping[a] = moveFrom[b]
        /\ (KernelBehaviour = "7.1" /\ mapped[a] /\ mapReady[a]
              /\ mapping[a] = placement[b]) => moveFence[b] # "pending"

AccessesSafe ==
    \A a \in Importers :
        MayAccess(a) => (storage[mapping[a]] = Buf(a) /\ a \in attachments[Buf(a)])

LastAccessWasAllowed ==
    \A x \in lastAccess : x[2] = mapping[x[1]] /\ MayAccess(x[1])

IndInv ==
    /\ TypeOK
    /\ LockOwners
    /\ ListShape
    /\ MappingShape
    /\ PinShape
    /\ StorageShape
    /\ WalkShape
    /\ MappingTargets
    /\ AccessesSafe
    /\ LastAccessWasAllowed
    /\ DeviceAccessIsolated

(* Every state of the bounded domain satisfying IndInv.  Variables that   *)
(* IndInv determines (cached, mapDir, importerOps, corePin) are computed,  *)
(* the others enumerated with each constraint right after the variables   *)
(* it mentions, so that TLC prunes early; IndInv is checked in full last. *)
IndInit ==
    /\ expPc \in {"idle", "notify"}
    /\ expBuf \in Buffers \cup {NoBuf}
    /\ walkSnapshot \in SUBSET Importers
    /\ walkTodo \in SUBSET Importers
    /\ expPc = "idle" => (expBuf = NoBuf /\ walkTodo = {} /\ walkSnapshot = {})
    /\ expPc = "notify" => expBuf \in Buffers
    /\ pc \in [Importers -> PcValues]
    /\ \A a \in Importers :
         /\ pc[a] = "locked" => a \in DynamicImporters
         /\ pc[a] \in {"map_unlocked", "exp_cb_lock"} => a \notin DynamicImporters
         /\ pc[a] = "exp_cb_lock" => KernelBehaviour = "6.1"
         /\ pc[a] = "attach_map" => SgtCaching
    /\ holder \in [Buffers -> Procs \cup {NoHolder}]
    /\ LockOwners
    /\ attachments \in [Buffers -> SUBSET Importers]
    /\ \A a \in Importers :
         (a \in attachments[Buf(a)]) <=>
             pc[a] \in {"attach_map", "attached", "locked", "map_unlocked",
                         "exp_cb_lock", "detach"}
    /\ importerOps = [a \in Importers |->
                         a \in attachments[Buf(a)] /\ a \in DynamicImporters]
    /\ importerPin \in [Importers -> BOOLEAN]
    /\ mapped \in [Importers -> BOOLEAN]
    /\ ListShape
    /\ cached = [a \in Importers |-> NoDir]
    /\ mapDir = [a \in Importers |-> IF mapped[a] THEN "BIDIRECTIONAL" ELSE NoDir]
    /\ corePin = [a \in Importers |-> mapped[a] /\ a \notin DynamicImporters]
    /\ mapping \in [Importers -> Regions \cup {NoRegion}]
    /\ \A a \in Importers : mapped[a] <=> mapping[a] # NoRegion
    /\ mapValid \in [Importers -> BOOLEAN]
    /\ mapReady \in [Importers -> BOOLEAN]
    /\ job \in [Importers -> BOOLEAN]
    /\ MappingShape
    /\ PinShape
    /\ placement \in [Buffers -> Regions]
    /\ moveFence \in [Buffers -> {"none", "pending", "signalled"}]
    /\ moveFrom \in [Buffers -> Regions \cup {NoRegion}]
    /\ storage \in [Regions -> Buffers \cup {Free}]
    /\ moveWaits \in [Buffers -> SUBSET Importers]
    /\ StorageShape
    /\ WalkShape
    /\ MappingTargets
    /\ AccessesSafe
    /\ lastAccess \in {NoAccess} \cup {{x} : x \in Importers \X Regions}
    /\ LastAccessWasAllowed
    /\ IndInv

IndSpec == IndInit /\ [][Next]_vars
=============================================================================
