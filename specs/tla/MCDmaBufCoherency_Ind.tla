------------------------ MODULE MCDmaBufCoherency_Ind ------------------------
(***************************************************************************)
(* Inductive invariance of IndInv, the strengthening of ReadsSeeLastWrite  *)
(* in DmaBufCoherency.tla: every state of the bounded domain that          *)
(* satisfies IndInv (TypeOK bounds it) steps by Next only to states that   *)
(* satisfy IndInv.  TLC enumerates all such initial states, so a pass      *)
(* means IndInv /\ [Next]_vars => IndInv' over MaxVersion 2.  Init =>     *)
(* IndInv is checked by the passing models, which list IndInv among their *)
(* invariants; together: ReadsSeeLastWrite holds in every reachable state. *)
(*                                                                         *)
(* The cfgs cover the three correct configurations: 6.15+ with the system  *)
(* heap, 6.15+ with an exporter without CPU-access ops, and <= 6.14 with a *)
(* cached BIDIRECTIONAL table and the system heap.                         *)
(***************************************************************************)
EXTENDS DmaBufCoherency

(* IndInit is IndInv; the conjuncts are ordered so that TLC, which        *)
(* enumerates initial states conjunct by conjunct, prunes early instead of *)
(* enumerating the whole TypeOK product first.  The final IndInv keeps     *)
(* IndInit equivalent to IndInv whatever the order above.                  *)
IndInit ==
    /\ lastWrite \in Versions
    /\ lastWriter \in Writers
    /\ (lastWriter = "init") = (lastWrite = 0)
    /\ mem \in Versions
    /\ line \in [state : LineStates, val : Versions]
    /\ line.state = "invalid" => line.val = 0
    /\ DirtyLineIsLastWrite
    /\ LastWriteInMemOrDirtyLine
    /\ attached \in BOOLEAN
    /\ importerMap \in {"none"} \cup DmaDirs
    /\ dmaMap \in {"none"} \cup DmaDirs
    /\ MappingsConsistent
    /\ cpuSync \in {"none", "READ", "WRITE", "RW"}
    /\ CpuWindowAllowed
    /\ NoDirtyLineWhileMapped
    /\ NoStaleLineInReadBracket
    /\ StaleLineWillBeInvalidated
    /\ lastRead \in [by : {"none", "cpu", "device"}, val : Versions, latest : Versions,
                     writer : Writers]
    /\ IndInv
IndSpec == IndInit /\ [][Next]_vars
=============================================================================
