--------------------- MODULE MCDmaBufDeviceAccessDeep ---------------------
(***************************************************************************)
(* Deep-tier bounds for DmaBufDeviceAccess: two mappings per attachment    *)
(* with two dynamic importers on one buffer; three importers (two dynamic, *)
(* one static) on one buffer; two buffers evicted by two exporter threads  *)
(* into three regions.  Too big for every CI run: `dmabuf check --tier     *)
(* deep`.                                                                  *)
(***************************************************************************)
EXTENDS DmaBufDeviceAccess, TLC

CONSTANTS b1, b2, d1, d2, s1, m1, m2, j1, r1, r2, r3, e1, e2

DBufOne     == {b1}
DBufTwo     == {b1, b2}
DDynPair    == {d1, d2}
DTriple     == {d1, d2, s1}
DBufPairOnB1  == [a \in DDynPair |-> b1]
DBufTripleOnB1 == [a \in DTriple |-> b1]
DBufPairSplit == [a \in DDynPair |-> IF a = d1 THEN b1 ELSE b2]
DNoImporters == {}
DReadAndDiscardD2 == {d2}
DRegions2   == {r1, r2}
DRegions3   == {r1, r2, r3}
DPlaceOne   == [b \in DBufOne |-> r1]
DPlaceTwo   == [b \in DBufTwo |-> IF b = b1 THEN r1 ELSE r2]
DSlots2     == {m1, m2}
DSlots1     == {m1}
DJobSlots   == {j1}
DBidir      == {"BIDIRECTIONAL"}
DExporters1 == {e1}
DExporters2 == {e1, e2}

(* Safety only: TLC's symmetry reduction is unsound with liveness.         *)
DSymmetryPairSlots == Permutations(DDynPair) \cup Permutations(DSlots2)
DSymmetrySlots     == Permutations(DSlots2)
DSymmetryPair      == Permutations(DDynPair)
DSymmetryExporters == Permutations(DExporters2)
=============================================================================
