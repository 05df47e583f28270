------------------------- MODULE MCDmaBufAttachDeep -------------------------
(***************************************************************************)
(* Deep-tier instance of DmaBufAttach: two dynamic buffers sharing three   *)
(* regions, so the storage one buffer gives up is reused by the other (the *)
(* cross-domain case of seed 002); a static importer s1 and a dynamic      *)
(* importer d1 on b1, a dynamic importer d2 on b2.  At most DeepMaxMoves   *)
(* moves in total, counted by a history variable of this MC module only.   *)
(***************************************************************************)
EXTENDS DmaBufAttach, TLC

CONSTANTS b1, b2, s1, d1, d2, r1, r2, r3, exporter

DeepBuffers   == {b1, b2}
DeepImporters == {s1, d1, d2}
DeepRegions   == {r1, r2, r3}
DeepImporterBuf == [a \in DeepImporters |-> IF a = d2 THEN b2 ELSE b1]
DeepDynamicImporters == {d1, d2}
DeepNoBuffers == {}
DeepUsage == [a \in DeepImporters |-> IF a = s1 THEN "read" ELSE "write"]
DeepInitPlacement == [b \in DeepBuffers |-> IF b = b1 THEN r1 ELSE r2]
DeepNoRegions == {}

DeepMaxMoves == 2
VARIABLE moves   \* moves so far (placement changes); bounds the instance
DeepVars == <<vars, moves>>
DeepInit == Init /\ moves = 0
DeepNext ==
    /\ Next
    /\ moves' = moves + (IF placement' = placement THEN 0 ELSE 1)
    /\ moves' <= DeepMaxMoves
DeepSpec == DeepInit /\ [][DeepNext]_DeepVars
=============================================================================
