package org.dmabufspec.conformance.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mutates a well-formed trace into malformed or hostile input for the checker: line-level edits
 * (lines dropped, duplicated, swapped, cut, numbers and ids changed, results flipped), byte-level
 * damage (random bytes, invalid UTF-8 such as encoded surrogates), and records built to be
 * expensive (numbers beyond 64 bits, deep nesting, args with tens of thousands of keys, lists of
 * up to half a million entries, 10 MB lines, duplicate keys, pretty-printed records). Seeded: the
 * same seed and trace give the same bytes.
 */
public final class TraceMutator {
    /** What one mutation did, for reports. */
    public enum Kind {
        LINES, BYTES, SURROGATE, BIG_NUMBER, NESTING, WIDE_ARGS, HUGE_LIST, LONG_STRING, DUPLICATE_KEY, PRETTY, LIMIT_RECORDS
    }

    /** A mutated trace and how it was made. */
    public record Case(Kind kind, byte[] bytes) {
    }

    private TraceMutator() {
    }

    public static Case mutate(List<String> trace, Random rnd) {
        Kind kind = Kind.values()[rnd.nextInt(Kind.values().length)];
        List<String> out = new ArrayList<>(trace);
        if (out.size() < 3) {
            return new Case(Kind.LINES, join(lines(out, rnd)));
        }
        int i = 1 + rnd.nextInt(out.size() - 2); // an event line
        String l = out.get(i);
        switch (kind) {
            case LINES -> out = lines(out, rnd);
            case BYTES -> {
                byte[] b = join(out);
                for (int k = 1 + rnd.nextInt(8); k > 0; k--) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                return new Case(kind, b);
            }
            case SURROGATE -> {
                int at = l.indexOf("\"thread\":\"") + 10;
                String before = String.join("\n", out.subList(0, i)) + "\n" + l.substring(0, at);
                String after = l.substring(at) + "\n" + String.join("\n", out.subList(i + 1, out.size())) + "\n";
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.writeBytes(before.getBytes(StandardCharsets.UTF_8));
                b.writeBytes(rnd.nextBoolean() ? new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}
                        : new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80});
                b.writeBytes(after.getBytes(StandardCharsets.UTF_8));
                return new Case(kind, b.toByteArray());
            }
            case BIG_NUMBER -> out.set(i, l.replaceFirst("\"(seq|start|end|caller|result)\":\\d+",
                    "\"$1\":" + (rnd.nextBoolean() ? "9223372036854775808" : "1" + "0".repeat(20 + rnd.nextInt(200)))));
            case NESTING -> {
                int d = 5 + rnd.nextInt(300);
                out.set(i, l.replaceFirst("\"result\":", "\"args\":" + "{\"a\":".repeat(d) + "1" + "}".repeat(d) + ",\"result\":"));
            }
            case WIDE_ARGS -> {
                StringBuilder sb = new StringBuilder("{");
                int n = 20_000 + rnd.nextInt(80_001);
                for (int k = 0; k < n; k++) {
                    sb.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":").append(k);
                }
                out.set(i, l.replaceFirst("\"result\":", "\"args\":" + sb.append('}') + ",\"result\":"));
            }
            case HUGE_LIST -> {
                int n = rnd.nextBoolean() ? 1 + rnd.nextInt(1024) : 1_000 + rnd.nextInt(500_000);
                out.set(i, l.replaceFirst("\"result\":", "\"state\":{\"attachments\":" + list(n, "a") + "},\"result\":"));
            }
            case LONG_STRING -> out.set(i, l.replaceFirst("\"thread\":\"", "\"thread\":\"" + "x".repeat(10_000 + rnd.nextInt(10_000_000))));
            case DUPLICATE_KEY -> {
                String[] dup = {"\"result\":0,\"result\":\"EBUSY\"", "\"op\":\"dma_buf_get\",\"op\":\"dma_buf_put\""};
                out.set(i, l.replaceFirst("\"result\":0", dup[rnd.nextInt(dup.length)]));
            }
            case PRETTY -> out.set(i, l.replace(",\"", ",\n  \""));
            case LIMIT_RECORDS -> {
                // every 10th event gets an observed state at the list limit: the per-record work the limits allow
                String state = ",\"state\":{\"attachments\":" + list(1024, "a") + "}";
                for (int k = 1; k < out.size() - 1; k += 10) {
                    out.set(k, out.get(k).replaceFirst("\"result\":", state.substring(1) + ",\"result\":"));
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        return new Case(kind, join(out));
    }

    private static String list(int n, String prefix) {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < n; k++) {
            sb.append(k == 0 ? "\"" : ",\"").append(prefix).append(k).append('"');
        }
        return sb.append(']').toString();
    }

    /** Line-level edits: 1 to 4 of drop, duplicate, swap, cut, renumber, rename an id, flip a result, change a char. */
    public static List<String> lines(List<String> lines, Random rnd) {
        List<String> out = new ArrayList<>(lines);
        int n = 1 + rnd.nextInt(4);
        for (int k = 0; k < n && !out.isEmpty(); k++) {
            int i = rnd.nextInt(out.size());
            String l = out.get(i);
            switch (rnd.nextInt(8)) {
                case 0 -> out.remove(i);
                case 1 -> out.add(i, l);
                case 2 -> {
                    int j = rnd.nextInt(out.size());
                    out.set(i, out.get(j));
                    out.set(j, l);
                }
                case 3 -> out.set(i, l.substring(0, rnd.nextInt(l.length() + 1)));
                case 4 -> out.set(i, l.replaceFirst("\\d+", String.valueOf(rnd.nextInt(50) - 5)));
                case 5 -> out.set(i, l.replaceFirst("\"(b|a|f|s|cb)\\d+\"", "\"$1" + rnd.nextInt(9) + "\""));
                case 6 -> {
                    char[] c = l.toCharArray();
                    if (c.length > 0) {
                        c[rnd.nextInt(c.length)] = (char) (32 + rnd.nextInt(95));
                    }
                    out.set(i, new String(c));
                }
                default -> out.set(i, l.replaceFirst("\"result\":0", "\"result\":\"E" + (rnd.nextBoolean() ? "BUSY" : "INVAL") + "\""));
            }
        }
        return out;
    }

    private static byte[] join(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
