----------------------- MODULE MCDmaBufDeviceAccess_Ind -----------------------
(***************************************************************************)
(* Inductive invariant for DeviceAccessIsolated of DmaBufDeviceAccess,     *)
(* checked with TLC: IndSpec starts from EVERY state of the bounded domain *)
(* of MCDmaBufDeviceAccess (the cfg's constants) that satisfies IndInv and *)
(* runs Next; the cfg checks IndInv, so a pass means IndInv /\ Next =>     *)
(* IndInv' over that domain.  IndInv => DeviceAccessIsolated (conjuncts    *)
(* LastAccessWasAllowed and AccessesOwned), so isolation holds in every    *)
(* reachable state of the domain, whatever the path to it.  Conjuncts are  *)
(* named so that TLC says which one is not inductive.  Rule ids refer to   *)
(* docs/rules.md.                                                          *)
(***************************************************************************)
EXTENDS MCDmaBufDeviceAccess

MapsOfBuf(b) == {m \in Maps : Buf(m[1]) = b}
JobsOfBuf(b) == {j \in Jobs : Buf(j[1]) = b}

(* R1, R3, R7: an exporter thread holding a buffer's reservation for its   *)
(* move_notify walk: the buffer is not pinned and has no move in flight,   *)
(* the storage it allocated is free and nobody else's, and every dynamic   *)
(* attachment the walk has passed has no valid mapping and (unless it is a *)
(* 7.1 read-and-discard importer) no present PTE (R2, R4).                 *)
WalkShape ==
    /\ \A e \in Exporters :
         /\ (expBuf[e] = NoBuf) <=> (expTarget[e] = NoRegion)
         /\ expBuf[e] = NoBuf => walkTodo[e] = {}
         /\ expBuf[e] # NoBuf =>
              LET b == expBuf[e] IN
              /\ moveFence[b] = "none"
              /\ ~Pinned(b)
              /\ storage[expTarget[e]] = Free
              /\ \A c \in Buffers : placement[c] # expTarget[e]
              /\ walkTodo[e] \subseteq {a \in attachments[b] : a \in DynamicImporters}
              /\ \A a \in attachments[b] \cap DynamicImporters :
                   a \notin walkTodo[e] =>
                     \A m \in MapsOf(a) :
                        /\ ~mapValid[m]
                        /\ a \notin ReadAndDiscardImporters => pte[m] # "present"
    /\ \A ea, eb \in Exporters :
         ea # eb => (expBuf[ea] = NoBuf \/ (expBuf[ea] # expBuf[eb] /\ expTarget[ea] # expTarget[eb]))

(* R5, R6: the buffer's storage and the move in flight.  Without a move    *)
(* the buffer owns its placement only; while the copy fence is pending the *)
(* new placement is not owned yet and the old storage still is, and the    *)
(* fence waits for exactly the running jobs (all on the old storage) and   *)
(* for zapped translations of the old storage; once it signalled the       *)
(* buffer owns both until the release.                                     *)
StorageShape ==
    \A b \in Buffers :
        /\ \A r \in Regions : storage[r] = b => (r = placement[b] \/ r = moveFrom[b])
        /\ moveFence[b] = "none" =>
             /\ storage[placement[b]] = b
             /\ moveFrom[b] = NoRegion
             /\ moveWaitJobs[b] = {}
             /\ moveWaitFlush[b] = {}
        /\ moveFence[b] = "pending" =>
             /\ storage[placement[b]] = Free
             /\ moveFrom[b] \in Regions \ {placement[b]}
             /\ storage[moveFrom[b]] = b
             /\ moveWaitJobs[b] = {j \in JobsOfBuf(b) : Running(j)}
             /\ \A m \in moveWaitFlush[b] :
                  Buf(m[1]) = b /\ pte[m] = "zapped" /\ mapRegion[m] = moveFrom[b]
        /\ moveFence[b] = "signalled" =>
             /\ storage[placement[b]] = b
             /\ moveFrom[b] \in Regions \ {placement[b]}
             /\ storage[moveFrom[b]] = b
             /\ moveWaitJobs[b] = {}
             /\ moveWaitFlush[b] = {}

(* R1, R3, R9, R12: a mapping exists only on the attachment list, with a   *)
(* direction; an unused slot has no translation; the flush fence is in the *)
(* resv exactly while a zap's flush is pending; a valid mapping points at  *)
(* the placement (R4) and its PTEs are not zapped; translations exist for  *)
(* the placement only once the KERNEL fence signalled (R6); a present PTE  *)
(* of an invalidated mapping is a 7.1 read-and-discard importer's, which   *)
(* only reads (R5b); a static importer's mapping pins the buffer (R9), so  *)
(* its region is the placement and no move is in flight.                  *)
MappingShape ==
    \A m \in Maps :
        LET a == m[1]
            b == Buf(a)
        IN
        /\ Mapped(m) => (a \in attachments[b] /\ mapDir[m] \in MapDirs)
        /\ ~Mapped(m) => (mapDir[m] = NoDir /\ ~mapValid[m] /\ pte[m] = "none")
        /\ flushInResv[m] <=> pte[m] = "zapped"
        /\ pte[m] = "none" => ~pteWrites[m]
        /\ mapValid[m] => (mapRegion[m] = placement[b] /\ pte[m] # "zapped")
        /\ (mapValid[m] /\ pte[m] = "present") => KernelFencesSignalled(b)
        /\ (pte[m] = "present" /\ ~mapValid[m]) =>
             (a \in ReadAndDiscardImporters /\ ~pteWrites[m])
        /\ (Mapped(m) /\ a \notin DynamicImporters) =>
             /\ mapRegion[m] = placement[b]
             /\ KernelFencesSignalled(b)
             /\ (pte[m] = "present" => mapValid[m])

(* R5, R5b: where a translation the device holds may point.  A present     *)
(* PTE of a valid mapping: the placement, copied (above).  A read-and-     *)
(* discard importer's kept PTE, and any zapped PTE: the placement with no  *)
(* copy pending, or the old storage of the move in flight, where the move  *)
(* fence waits for the flush (6.15) or the release for the unmap (7.1).   *)
TranslationTargets ==
    \A m \in Maps :
        LET a == m[1]
            b == Buf(a)
        IN
        (pte[m] = "zapped" \/ (pte[m] = "present" /\ ~mapValid[m])) =>
            \/ mapRegion[m] = placement[b] /\ KernelFencesSignalled(b)
            \/ /\ moveFence[b] # "none"
               /\ mapRegion[m] = moveFrom[b]
               /\ \/ m \in moveWaitFlush[b]
                  \/ KernelBehaviour = "7.1" /\ a \in ReadAndDiscardImporters

(* F1, R5, R12: a running job holds the region of a mapping its importer   *)
(* has not unmapped (the importer waits for its jobs before the unmap):    *)
(* the placement when no copy is pending, else the old storage, whose      *)
(* move fence waits for the job.                                           *)
JobShape ==
    \A j \in Jobs :
        LET a == j[1]
            b == Buf(a)
        IN
        /\ Running(j) <=> jobKind[j] # NoKind
        /\ Running(j) =>
             /\ \E s \in Slots : Mapped(<<a, s>>) /\ mapRegion[<<a, s>>] = jobRegion[j]
             /\ IF moveFence[b] = "pending"
                THEN jobRegion[j] = moveFrom[b]
                ELSE jobRegion[j] = placement[b]

(* ISOLATION, the state form: every translation and every running job     *)
(* reaches storage its importer's buffer owns, and the importer is on the  *)
(* attachment list.  Implied by the conjuncts above; stated so that TLC    *)
(* names it if they do not imply it.                                       *)
AccessesOwned ==
    /\ \A m \in Maps :
         Translates(m) => (storage[mapRegion[m]] = Buf(m[1]) /\ m[1] \in attachments[Buf(m[1])])
    /\ \A j \in Jobs :
         Running(j) => (storage[jobRegion[j]] = Buf(j[1]) /\ j[1] \in attachments[Buf(j[1])])

(* The last step's access was one the state allows: a job still running on *)
(* that region with that kind, or a translation to it allowing that kind.  *)
LastAccessWasAllowed ==
    \A x \in lastAccess :
        IF x[4] = NoSlot
        THEN \E js \in JobSlots :
                jobRegion[<<x[1], js>>] = x[2] /\ jobKind[<<x[1], js>>] = x[3]
        ELSE LET m == <<x[1], x[4]>> IN
             /\ Translates(m)
             /\ mapRegion[m] = x[2]
             /\ x[3] \in TranslationKinds(m)

IndInv ==
    /\ TypeOK
    /\ WalkShape
    /\ StorageShape
    /\ MappingShape
    /\ TranslationTargets
    /\ JobShape
    /\ AccessesOwned
    /\ LastAccessWasAllowed
    /\ DeviceAccessIsolated

(* Every state of the bounded domain satisfying IndInv: each variable      *)
(* enumerated with its constraints right after it, so that TLC prunes      *)
(* early, and IndInv checked in full last.  flushInResv is determined.     *)
IndInit ==
    /\ placement \in [Buffers -> Regions]
    /\ \A b1x, b2x \in Buffers : b1x # b2x => placement[b1x] # placement[b2x]
    /\ moveFence \in [Buffers -> {"none", "pending", "signalled"}]
    /\ moveFrom \in [Buffers -> Regions \cup {NoRegion}]
    /\ \A b \in Buffers :
         (moveFence[b] = "none") <=> (moveFrom[b] = NoRegion)
    /\ \A b \in Buffers : moveFrom[b] # placement[b]
    /\ storage \in [Regions -> Buffers \cup {Free}]
    /\ \A b \in Buffers :
         /\ \A r \in Regions : storage[r] = b => (r = placement[b] \/ r = moveFrom[b])
         /\ moveFrom[b] # NoRegion => storage[moveFrom[b]] = b
         /\ storage[placement[b]] = IF moveFence[b] = "pending" THEN Free ELSE b
    /\ expBuf \in [Exporters -> Buffers \cup {NoBuf}]
    /\ expTarget \in [Exporters -> Regions \cup {NoRegion}]
    /\ walkTodo \in [Exporters -> SUBSET Importers]
    /\ attachments \in [Buffers -> SUBSET Importers]
    /\ \A b \in Buffers : attachments[b] \subseteq AttachmentsOf(b)
    /\ mapRegion \in [Maps -> Regions \cup {NoRegion}]
    /\ mapDir \in [Maps -> MapDirs \cup {NoDir}]
    /\ \A m \in Maps : Mapped(m) <=> mapDir[m] # NoDir
    /\ mapValid \in [Maps -> BOOLEAN]
    /\ pte \in [Maps -> PteStates]
    /\ pteWrites \in [Maps -> BOOLEAN]
    /\ flushInResv = [m \in Maps |-> pte[m] = "zapped"]
    /\ MappingShape
    /\ WalkShape
    /\ jobRegion \in [Jobs -> Regions \cup {NoRegion}]
    /\ jobKind \in [Jobs -> Kinds \cup {NoKind}]
    /\ JobShape
    /\ moveWaitJobs \in [Buffers -> SUBSET Jobs]
    /\ moveWaitFlush \in [Buffers -> SUBSET Maps]
    /\ StorageShape
    /\ TranslationTargets
    /\ lastAccess \in {NoAccess} \cup
         {{x} : x \in Importers \X Regions \X Kinds \X (Slots \cup {NoSlot})}
    /\ LastAccessWasAllowed
    /\ IndInv

IndSpec == IndInit /\ [][Next]_vars
=============================================================================
