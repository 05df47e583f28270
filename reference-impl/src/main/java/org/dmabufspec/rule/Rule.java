package org.dmabufspec.rule;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules of the project's rule catalogue, docs/rules.md: one constant per section, with the
 * section's id and title. Every misuse the reference implementation detects and every verdict of
 * the trace checker names one of these; RuleCatalogueTest keeps this list and the catalogue equal.
 */
public enum Rule {
    R1("R1", Kind.ATTACH,
            "The attachment list changes only under the reservation lock"),
    R2("R2", Kind.ATTACH,
            "move_notify runs with the reservation lock held, for dynamic importers only"),
    R3("R3", Kind.ATTACH,
            "Map and unmap only under the reservation lock"),
    R4("R4", Kind.ATTACH,
            "After move_notify the importer re-maps; the exporter notifies before it moves"),
    R5("R5", Kind.ATTACH,
            "Old storage is reused only after the fences of ongoing access signalled"),
    R5B("R5b", Kind.ATTACH,
            "7.1 invalidate_mappings: read-and-discard until unmap"),
    R6("R6", Kind.ATTACH,
            "A new mapping is used only after the exporter's fences signalled"),
    R7("R7", Kind.ATTACH,
            "A pinned buffer does not move"),
    R8("R8", Kind.ATTACH,
            "Only dynamic importers pin"),
    R9("R9", Kind.ATTACH,
            "The core pins for importers that cannot follow moves"),
    R10("R10", Kind.ATTACH,
            "A pin must not fail with -EBUSY while attachments exist"),
    R11("R11", Kind.ATTACH,
            "Up to 6.14 a cached sg_table serves only its own direction"),
    R12("R12", Kind.ATTACH,
            "From 6.15 the importer unmaps everything before detach"),
    R13("R13", Kind.ATTACH,
            "map_dma_buf returns a new table each time"),
    R14("R14", Kind.ATTACH,
            "A mapping keeps the storage pinned, so do not hold it for long"),
    R15("R15", Kind.ATTACH,
            "Attach fails with -EBUSY where the device cannot reach the storage"),
    R16("R16", Kind.ATTACH,
            "Peer-to-peer memory only for importers that allow it"),
    R17("R17", Kind.ATTACH,
            "Importers must not touch the pages of a returned table"),
    R18("R18", Kind.ATTACH,
            "Release with nothing outstanding"),
    R19("R19", Kind.ATTACH,
            "vmap is counted: the exporter maps once, and every vmap shares one address"),
    R20("R20", Kind.ATTACH,
            "A movable buffer stays in place while it is vmapped"),
    R21("R21", Kind.ATTACH,
            "A move zaps the CPU mappings of the buffer before it frees the old storage"),
    R22("R22", Kind.ATTACH,
            "A CPU page fault maps the new storage only after the move's copy"),
    F1("F1", Kind.FENCE,
            "Fences complete in finite time"),
    F2("F2", Kind.FENCE,
            "No indefinite fences"),
    F3("F3", Kind.FENCE,
            "The signalling path never takes a reservation lock"),
    F4("F4", Kind.FENCE,
            "The signalling path does not allocate memory that can wait on fences"),
    F5("F5", Kind.FENCE,
            "Signalling critical sections are annotated"),
    F6("F6", Kind.FENCE,
            "Lock order: mmap_lock, reservation_ww_class, fs_reclaim"),
    F7("F7", Kind.FENCE,
            "A fence signals once; callbacks run once, in order"),
    F8("F8", Kind.FENCE,
            "The error is set before the signal"),
    F9("F9", Kind.FENCE,
            "Callers hold a fence reference"),
    F10("F10", Kind.FENCE,
            "Driver data behind a signalled fence is RCU-protected"),
    F11("F11", Kind.FENCE,
            "Releasing an unsignalled fence with callbacks is a bug"),
    F12("F12", Kind.FENCE,
            "Fences of one context are ordered by seqno"),
    F13("F13", Kind.FENCE,
            "add_fence needs a slot reserved in the same lock hold"),
    F14("F14", Kind.FENCE,
            "No container fences in a reservation object"),
    F15("F15", Kind.FENCE,
            "Usages: KERNEL, WRITE, READ, BOOKKEEP"),
    F16("F16", Kind.FENCE,
            "Usages are promoted, never degraded"),
    F17("F17", Kind.FENCE,
            "A singleton is not added back to its own reservation object"),
    F18("F18", Kind.FENCE,
            "Reservation locking is wait-die ww_mutex"),
    F19("F19", Kind.FENCE,
            "A fence array signals once all its components have"),
    U1("U1", Kind.UAPI,
            "CPU access to an mmap is bracketed by DMA_BUF_IOCTL_SYNC"),
    U2("U2", Kind.UAPI,
            "SYNC_START waits for the implicit fences"),
    U3("U3", Kind.UAPI,
            "poll() reports fence completion per direction"),
    U4("U4", Kind.UAPI,
            "An exported sync_file is a snapshot"),
    U5("U5", Kind.UAPI,
            "Export, submit, import is not atomic"),
    U6("U6", Kind.UAPI,
            "O_CLOEXEC and llseek"),
    U7("U7", Kind.UAPI,
            "mmap is bounded by the buffer"),
    U8("U8", Kind.UAPI,
            "A uAPI call fails exactly as its arguments and the state say"),
    U9("U9", Kind.UAPI,
            "Handles and vgem fence ids belong to their DRM file"),
    B1("B1", Kind.BUG,
            "dma_buf_release raced with readlink of the fd"),
    B2("B2", Kind.BUG,
            "The buffer name read in atomic context"),
    B3("B3", Kind.BUG,
            "Use-after-free of the file's inode"),
    B4("B4", Kind.BUG,
            "Attachment list under the lock; dynamic dma-buf (design change)"),
    B5("B5", Kind.BUG,
            "A poll callback outlived the file"),
    B6("B6", Kind.BUG,
            "poll reported a writer ready while reader fences were pending"),
    B7("B7", Kind.BUG,
            "test_signaled skipped the writer fence"),
    B8("B8", Kind.BUG,
            "Importers ignored the writer fence when readers existed"),
    B9("B9", Kind.BUG,
            "An RCU lookup took a reference to a recycled fence"),
    B10("B10", Kind.BUG,
            "SIGNALED visible before the timestamp"),
    B11("B11", Kind.BUG,
            "add_fence replaced a later fence by an earlier one"),
    B12("B12", Kind.BUG,
            "Re-adding the same fence used up a slot"),
    B13("B13", Kind.BUG,
            "Reservations forgotten at unlock (debug check)"),
    B14("B14", Kind.BUG,
            "wait_timeout(0) waited a jiffy per fence"),
    B15("B15", Kind.BUG,
            "A fence array never reported signalled without enable_signaling"),
    B16("B16", Kind.BUG,
            "sw_sync deadlocked on its timeline lock during signal"),
    B17("B17", Kind.BUG,
            "An _unlocked map called with the lock held"),
    B18("B18", Kind.BUG,
            "A driver kept the pre-6.2 calling convention"),
    B19("B19", Kind.BUG,
            "Two dma-heaps with one name"),
    B20("B20", Kind.BUG,
            "udmabuf checked seals without the inode lock"),
    B21("B21", Kind.BUG,
            "udmabuf accepted F_SEAL_FUTURE_WRITE"),
    B22("B22", Kind.BUG,
            "sg_table caching dropped in 6.15 (behaviour change)"),
    B23("B23", Kind.BUG,
            "A rejected \"fix\" of the poll callback reference"),
    B24("B24", Kind.BUG,
            "Revocation waits were unbounded for importers that ignore invalidation"),
    STATE("STATE", Kind.CHECKER,
            "The trace contradicts the protocol state"),
    RESULT("RESULT", Kind.ATTACH,
            "A return value the kernel does not give in this state"),
    ORDER("ORDER", Kind.CHECKER,
            "No order of the overlapping calls explains the trace"),
    HIDDEN("HIDDEN", Kind.CHECKER,
            "More unlogged steps needed than the bound allows"),
    ISOLATION("ISOLATION", Kind.CHECKER,
            "A device touched memory of a buffer it is not attached to"),
    ISOLATION_REFINEMENT("ISOLATION-REFINEMENT", Kind.CHECKER,
            "A step maps to no step of DmaBufIsolation");

    /** The id families of the catalogue. */
    public enum Kind {
        /** R: attach, map, pin and invalidation rules of the dma-buf core. */
        ATTACH,
        /** F: dma_fence, dma_resv and ww_mutex rules. */
        FENCE,
        /** U: rules userspace sees through the dma-buf fd. */
        UAPI,
        /** B: a historical kernel bug or behaviour change. */
        BUG,
        /** A rule of the trace checker that is not a kernel rule. */
        CHECKER
    }

    private static final Map<String, Rule> BY_ID =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Rule::id, Function.identity()));

    private final String id;
    private final Kind kind;
    private final String title;

    Rule(String id, Kind kind, String title) {
        this.id = id;
        this.kind = kind;
        this.title = title;
    }

    /** The rule with this id ("R3", "F13", "ISOLATION-REFINEMENT"); an unknown id is a programming error. */
    public static Rule of(String id) {
        Rule r = BY_ID.get(id);
        if (r == null) {
            throw new IllegalArgumentException("unknown rule id '" + id + "': every rule must be in docs/rules.md and Rule");
        }
        return r;
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    /** The HTML anchor of its section: docs/rules.md#r3. */
    public String anchor() {
        return id.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id;
    }
}
