-------------------------- MODULE DmaBufIsolation --------------------------
(***************************************************************************)
(* The abstract isolation guarantee that every dma-buf protocol below must *)
(* preserve, whatever the kernel version:                                  *)
(*                                                                         *)
(*   memory regions belong to buffers, and a device may touch a region    *)
(*   only while that region belongs to a buffer the device is attached to. *)
(*                                                                         *)
(* "move_notify needs to guarantee that all access stops, or we have a     *)
(* huge leak between security domains" (seed 002).  A region that belongs *)
(* to no buffer (freed, or being filled by a move that has not finished)   *)
(* belongs to nobody: touching it is a leak too, since the allocator may   *)
(* hand it to another security domain at any moment.                       *)
(*                                                                         *)
(* Refined by DmaBufAttach (Iso == INSTANCE DmaBufIsolation WITH ...):     *)
(* owner is the exporter's backing-storage assignment, attached is the     *)
(* buffer's attachment list (R1), lastAccess is the device access made by  *)
(* the last step (ImporterDeviceAccess).                                   *)
(***************************************************************************)
CONSTANTS Devices, Buffers, Regions

VARIABLES
    owner,      \* owner[r]: the buffer region r currently backs, or Unowned
    attached,   \* attached[d]: the buffers device d is attached to
    lastAccess  \* {<<d, r>>} if the last step was device d touching region r, else {}

vars == <<owner, attached, lastAccess>>

Unowned  == "free"
NoAccess == {}     \* lastAccess is a set of at most one <<device, region>> pair

TypeOK ==
    /\ owner \in [Regions -> Buffers \cup {Unowned}]
    /\ attached \in [Devices -> SUBSET Buffers]
    /\ lastAccess \in {NoAccess} \cup {{x} : x \in Devices \X Regions}

Init ==
    /\ owner \in [Regions -> Buffers \cup {Unowned}]
    /\ attached = [d \in Devices |-> {}]
    /\ lastAccess = NoAccess

(* dma_buf_attach / dma_buf_dynamic_attach: the device joins the buffer.   *)
Attach(d, b) ==
    /\ b \notin attached[d]
    /\ attached' = [attached EXCEPT ![d] = @ \cup {b}]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED owner

(* dma_buf_detach: from here on the device has no right to the buffer.     *)
Detach(d, b) ==
    /\ b \in attached[d]
    /\ attached' = [attached EXCEPT ![d] = @ \ {b}]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED owner

(* The memory manager re-assigns backing storage (allocation, completion   *)
(* of a move, freeing old storage for reuse): no constraint at this level. *)
Reassign ==
    /\ owner' \in [Regions -> Buffers \cup {Unowned}]
    /\ owner' # owner
    /\ lastAccess' = NoAccess
    /\ UNCHANGED attached

(* A device access: the only guarded action, and the whole point.          *)
Touch(d, r) ==
    /\ owner[r] \in attached[d]
    /\ lastAccess' = {<<d, r>>}
    /\ UNCHANGED <<owner, attached>>

(* A step that is not an access (fence signals, map/unmap, notifications). *)
Quiesce ==
    /\ lastAccess # NoAccess
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<owner, attached>>

Next ==
    \/ \E d \in Devices, b \in Buffers : Attach(d, b) \/ Detach(d, b)
    \/ Reassign
    \/ \E d \in Devices, r \in Regions : Touch(d, r)
    \/ Quiesce

Spec == Init /\ [][Next]_vars

(* The security property: every access that happened was to a region of a *)
(* buffer the device was attached to at that moment.                       *)
Isolation ==
    \A x \in lastAccess : owner[x[2]] \in attached[x[1]]

THEOREM Spec => [](TypeOK /\ Isolation)
=============================================================================
