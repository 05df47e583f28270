package org.dmabufspec.conformance.relation.walk;

import java.util.zip.CRC32;

/**
 * The verdicts of an oracle on a fixed list of traces, in a line that can be pinned: how many
 * traces, how many rejected, and a CRC-32 of the sequence of verdicts (accepted, or the index of
 * the rejected event), so that any changed verdict or rejected event changes the line.
 */
public final class VerdictTally {
    private int traces;
    private int rejected;
    private final CRC32 crc = new CRC32();

    /** One trace's verdict: accepted, or rejected at {@code rejectedIndex}. */
    public void add(boolean accepted, int rejectedIndex) {
        int v = accepted ? -1 : rejectedIndex;
        traces++;
        if (!accepted) {
            rejected++;
        }
        crc.update(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    public int traces() {
        return traces;
    }

    public int rejected() {
        return rejected;
    }

    @Override
    public String toString() {
        return String.format("%d traces, %d rejected, verdicts crc32 %08x", traces, rejected, crc.getValue());
    }
}
