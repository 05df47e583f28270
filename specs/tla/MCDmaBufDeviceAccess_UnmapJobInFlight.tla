--------------- MODULE MCDmaBufDeviceAccess_UnmapJobInFlight ---------------
(* Expected-violation model: DmaBufDeviceAccess with one mutated operator. *)
(* Check: MCDmaBufDeviceAccess_UnmapJobInFlight.cfg (invariant) and        *)
(* MCDmaBufDeviceAccess_UnmapJobInFlight_Refinement.cfg (property).        *)
EXTENDS MCDmaBufDeviceAccess

(* The importer unmaps without waiting for the jobs it submitted on the    *)
(* mapping, as if dma_buf_unmap_attachment stopped the engine.  It does    *)
(* not: the job goes on touching the region, and once the importer has     *)
(* detached (R12 lets it, no mapping is left) the device touches a buffer  *)
(* it is no longer attached to.  Expected: DeviceAccessIsolated, and the   *)
(* refinement IsoSpec fails.                                               *)
NoJobWait(a, r) == TRUE
=============================================================================
