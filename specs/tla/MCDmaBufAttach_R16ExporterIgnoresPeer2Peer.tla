------------- MODULE MCDmaBufAttach_R16ExporterIgnoresPeer2Peer -------------
(* Expected-violation model: DmaBufAttach with one mutated operator,       *)
(* checked by MCDmaBufAttach_R16ExporterIgnoresPeer2Peer.cfg and           *)
(* MCDmaBufAttach_R16ExporterIgnoresPeer2Peer_Placement.cfg.               *)
EXTENDS MCDmaBufAttach

(* R16: an exporter that hands out peer-to-peer (VRAM behind a BAR)        *)
(* addresses without looking at attach->peer2peer: it moves the buffer to  *)
(* VRAM although a device that cannot do P2P is attached.                  *)
(* Expected: PeerToPeerOnlyIfAllowed.                                      *)
AnyFreeRegion(b) == FreeRegions
=============================================================================
