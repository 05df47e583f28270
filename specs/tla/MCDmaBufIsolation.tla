-------------------------- MODULE MCDmaBufIsolation --------------------------
(***************************************************************************)
(* Model of the abstract isolation spec on its own: two devices, two       *)
(* buffers, two regions.  Its state graph is what the trace checker's Java *)
(* copy of DmaBufIsolation (checker/isolation) is proven equal to, action  *)
(* by action (StateGraphEqualityTest), so the isolation verdict the        *)
(* checker gives for every accepted step comes from the spec itself.       *)
(***************************************************************************)
EXTENDS DmaBufIsolation

CONSTANTS d1, d2, b1, b2, r1, r2

MCDevices == {d1, d2}
MCBuffers == {b1, b2}
MCRegions == {r1, r2}
=============================================================================
