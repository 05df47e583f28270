-------------------- MODULE MCDmaBufCpuDeviceAccess_Ind --------------------
(***************************************************************************)
(* Inductive invariant for the CPU invariants of DmaBufCpuDeviceAccess     *)
(* (CpuAccessIsolated, NoCpuWriteToStaleCopy, CpuMappingsCurrent), checked *)
(* with TLC as MCDmaBufDeviceAccess_Ind does for the device side:          *)
(* CpuIndSpec starts from EVERY state of the bounded domain (the cfg's     *)
(* constants) that satisfies CpuIndInv and runs CpuDevNext; the cfg checks *)
(* CpuIndInv, so a pass means CpuIndInv /\ CpuDevNext => CpuIndInv' over   *)
(* that domain, and the three CPU invariants hold in every reachable state *)
(* of the domain, whatever the path to it.  The device side's IndInv is    *)
(* MCDmaBufDeviceAccess_Ind's, instantiated over the same variables (its   *)
(* extra model values s1, m2 name nothing here).  Conjuncts are named so   *)
(* that TLC says which one is not inductive.  Rule ids: docs/rules.md.     *)
(***************************************************************************)
EXTENDS MCDmaBufCpuDeviceAccess

DevInd == INSTANCE MCDmaBufDeviceAccess_Ind WITH s1 <- "unused_s1", m2 <- "unused_m2"

(* The exporter thread evicting the buffer has zapped the CPU PTEs only    *)
(* while it holds the reservation (R21).                                   *)
ZapShape == \A e \in Exporters : cpuZapped[e] => expBuf[e] # NoBuf

(* R21, R22: the process's mmap.  A fault waits in the handler only for a  *)
(* mapped process without a present PTE, with a kind its protection       *)
(* allows; PTEs exist only while mapped, map the placement once its copy   *)
(* is done (which the buffer owns), and are gone once an eviction of the   *)
(* buffer has zapped them (no fault maps them again while it holds the     *)
(* reservation).                                                           *)
MmapShape ==
    \A u \in MmapUsers :
        LET b == CpuBuf(u) IN
        /\ faulting[u] # NoKind =>
             (mmapped[u] /\ cpuPte[u] = NoRegion /\ faulting[u] \in MmapKinds(u))
        /\ ~mmapped[u] => cpuPte[u] = NoRegion
        /\ cpuPte[u] # NoRegion =>
             /\ cpuPte[u] = placement[b]
             /\ KernelFencesSignalled(b)
             /\ storage[cpuPte[u]] = b
             /\ \A e \in Exporters : ~(expBuf[e] = b /\ cpuZapped[e])

(* R20: a vmap maps the placement, copied and owned, and pins the buffer:  *)
(* no eviction of it is in progress.                                       *)
VmapShape ==
    \A u \in VmapUsers :
        LET b == CpuBuf(u) IN
        vmapRegion[u] # NoRegion =>
            /\ vmapRegion[u] = placement[b]
            /\ KernelFencesSignalled(b)
            /\ storage[vmapRegion[u]] = b
            /\ \A e \in Exporters : expBuf[e] # b

(* The last step's CPU access was one the state allows: through the        *)
(* process's present PTE with a kind its protection allows, or through the *)
(* vmap address.                                                           *)
CpuAccessWasAllowed ==
    \A x \in cpuAccess :
        IF x[1] \in MmapUsers
        THEN cpuPte[x[1]] = x[2] /\ x[3] \in MmapKinds(x[1])
        ELSE vmapRegion[x[1]] = x[2]

CpuIndInv ==
    /\ DevInd!IndInv
    /\ CpuDevTypeOK
    /\ ZapShape
    /\ MmapShape
    /\ VmapShape
    /\ CpuAccessWasAllowed
    /\ CpuMappingsCurrent
    /\ CpuAccessIsolated
    /\ NoCpuWriteToStaleCopy

(* Every state of the bounded domain satisfying CpuIndInv: the device      *)
(* side's IndInit, then each CPU variable with its constraints.            *)
CpuIndInit ==
    /\ DevInd!IndInit
    /\ cpuZapped \in [Exporters -> BOOLEAN]
    /\ ZapShape
    /\ mmapped \in [MmapUsers -> BOOLEAN]
    /\ faulting \in [MmapUsers -> Kinds \cup {NoKind}]
    /\ cpuPte \in [MmapUsers -> Regions \cup {NoRegion}]
    /\ MmapShape
    /\ vmapRegion \in [VmapUsers -> Regions \cup {NoRegion}]
    /\ VmapShape
    /\ cpuAccess \in {{}} \cup {{x} : x \in CpuUsers \X Regions \X Kinds}
    /\ CpuAccessWasAllowed
    /\ CpuIndInv

CpuIndSpec == CpuIndInit /\ [][CpuDevNext]_cpuDevVars
=============================================================================
