package org.dmabufspec.conformance.nativerun;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code /sys/kernel/debug/dma_buf/bufinfo}. The layout is debugfs, not ABI: the parser
 * accepts the shapes in {@link BufInfoFormat}, says which one it saw, and refuses anything
 * else with the offending line instead of guessing.
 */
public final class BufInfoParser {
    // "%08zu\t%08x\t%08x\t%08ld\t%s\t%08lu\t%s"  size flags mode count exp_name ino name
    private static final Pattern ROW = Pattern.compile("^(\\d+)\\t([0-9a-f]+)\\t([0-9a-f]+)\\t(\\d+)\\t([^\\t]*)\\t(\\d+)\\t(.*)$");
    private static final Pattern COLUMNS = Pattern.compile("^size\\s+flags\\s+mode\\s+count\\s+exp_name\\s+ino\\s+name$");
    private static final Pattern USAGE_SEQ = Pattern.compile("^\\t(kernel|write|read|bookkeep) fence:(\\S*) (\\S*) seq (\\d+) (un)?signalled$");
    private static final Pattern USAGE_CTX = Pattern.compile("^\\t(kernel|write|read|bookkeep) fence:(\\d+):(\\d+) (\\S*) (\\S*) (un)?signalled$");
    private static final Pattern EXCL_SHARED = Pattern.compile("^\\t(Exclusive|Shared) fence: (\\S*) (\\S*) (un)?signalled$");
    private static final Pattern DEVICE = Pattern.compile("^\\t(.+)$");
    private static final Pattern TOTAL_DEVICES = Pattern.compile("^Total (\\d+) devices attached$");
    private static final Pattern TOTAL_OBJECTS = Pattern.compile("^Total (\\d+) objects, (\\d+) bytes$");

    private BufInfoParser() {
    }

    public static BufInfo parse(String text) throws BufInfoFormatException {
        String[] lines = text.split("\n", -1);
        List<BufInfoBuffer> buffers = new ArrayList<>();
        BufInfoFormat format = null;
        Pending cur = null;
        boolean inDevices = false;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            int n = i + 1;
            if (l.isEmpty() || l.equals("Dma-buf Objects:") || COLUMNS.matcher(l).matches()) {
                continue;
            }
            Matcher m;
            if ((m = TOTAL_OBJECTS.matcher(l)).matches()) {
                if (Integer.parseInt(m.group(1)) != buffers.size()) {
                    throw new BufInfoFormatException(n, l, "says " + m.group(1) + " objects but " + buffers.size() + " were listed");
                }
                continue;
            }
            if ((m = ROW.matcher(l)).matches()) {
                if (cur != null) {
                    throw new BufInfoFormatException(n, l, "a new buffer row before 'Total N devices attached' of the previous one");
                }
                cur = new Pending(Long.parseLong(m.group(1)), Integer.parseUnsignedInt(m.group(2), 16),
                        Integer.parseUnsignedInt(m.group(3), 16), Long.parseLong(m.group(4)), m.group(5),
                        Long.parseLong(m.group(6)), m.group(7));
                inDevices = false;
                continue;
            }
            if (cur == null) {
                throw new BufInfoFormatException(n, l, "not a buffer row of any known bufinfo format "
                        + "(expected size, flags, mode, count, exp_name, ino, name separated by tabs)");
            }
            if ((m = TOTAL_DEVICES.matcher(l)).matches()) {
                if (!inDevices) {
                    throw new BufInfoFormatException(n, l, "device total without an 'Attached Devices:' line");
                }
                if (Integer.parseInt(m.group(1)) != cur.devices.size()) {
                    throw new BufInfoFormatException(n, l, "says " + m.group(1) + " devices but " + cur.devices.size() + " were listed");
                }
                buffers.add(cur.build());
                cur = null;
                continue;
            }
            if (l.equals("\tAttached Devices:")) {
                inDevices = true;
                continue;
            }
            if (inDevices) {
                if (!(m = DEVICE.matcher(l)).matches()) {
                    throw new BufInfoFormatException(n, l, "expected a tab-indented device name");
                }
                cur.devices.add(m.group(1));
                continue;
            }
            BufInfoFormat lineFormat;
            if ((m = USAGE_SEQ.matcher(l)).matches()) {
                lineFormat = BufInfoFormat.USAGE_SEQ;
                cur.fences.add(new BufInfoFence(m.group(1).toUpperCase(Locale.ROOT), m.group(2), m.group(3), null,
                        Long.parseLong(m.group(4)), m.group(5) == null));
            } else if ((m = USAGE_CTX.matcher(l)).matches()) {
                lineFormat = BufInfoFormat.USAGE_CONTEXT_SEQNO;
                cur.fences.add(new BufInfoFence(m.group(1).toUpperCase(Locale.ROOT), m.group(5), m.group(4),
                        Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), m.group(6) == null));
            } else if ((m = EXCL_SHARED.matcher(l)).matches()) {
                lineFormat = BufInfoFormat.EXCLUSIVE_SHARED;
                cur.fences.add(new BufInfoFence(m.group(1).equals("Exclusive") ? "WRITE" : "READ", m.group(2), m.group(3),
                        null, null, m.group(4) == null));
            } else {
                throw new BufInfoFormatException(n, l, "unknown fence line: none of the formats "
                        + List.of(BufInfoFormat.USAGE_SEQ.label(), BufInfoFormat.USAGE_CONTEXT_SEQNO.label(),
                        BufInfoFormat.EXCLUSIVE_SHARED.label()) + " matches");
            }
            if (format != null && format != lineFormat) {
                throw new BufInfoFormatException(n, l, "fence line of format '" + lineFormat.label()
                        + "' after lines of format '" + format.label() + "'");
            }
            format = lineFormat;
        }
        if (cur != null) {
            throw new BufInfoFormatException(lines.length, "", "buffer ino " + cur.inode + " has no 'Total N devices attached' line (cut short)");
        }
        return new BufInfo(format == null ? BufInfoFormat.NO_FENCES : format, buffers);
    }

    private static final class Pending {
        final long size;
        final int flags;
        final int mode;
        final long count;
        final String exporter;
        final long inode;
        final String name;
        final List<BufInfoFence> fences = new ArrayList<>();
        final List<String> devices = new ArrayList<>();

        Pending(long size, int flags, int mode, long count, String exporter, long inode, String name) {
            this.size = size;
            this.flags = flags;
            this.mode = mode;
            this.count = count;
            this.exporter = exporter;
            this.inode = inode;
            this.name = name;
        }

        BufInfoBuffer build() {
            return new BufInfoBuffer(size, flags, mode, count, exporter, inode, name, fences, devices);
        }
    }
}
