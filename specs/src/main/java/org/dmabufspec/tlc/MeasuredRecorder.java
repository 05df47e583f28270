package org.dmabufspec.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites only the {@code measured:} lines of the manifest, line by line, so comments, order and
 * other engineers' formatting stay exactly as written. An entry without the line gets one after
 * its last field.
 */
public final class MeasuredRecorder {
    private static final Pattern ENTRY = Pattern.compile("^(\\s*)-\\s+name:\\s*(\\S+?)\\s*(#.*)?$");
    private static final Pattern FIELD = Pattern.compile("^(\\s+)[A-Za-z_]+:");
    private static final Pattern MEASURED = Pattern.compile("^(\\s+)measured:.*$");
    /** A field whose value is a block scalar: its text follows on deeper-indented lines. */
    private static final Pattern BLOCK = Pattern.compile(":\\s*[|>][-+]?\\s*(#.*)?$");

    private MeasuredRecorder() {
    }

    public static void record(Path manifest, Map<String, Measured> measurements) throws IOException {
        String text = Files.readString(manifest);
        Files.writeString(manifest, rewrite(text, measurements));
    }

    /** Names of {@code measurements} with no {@code - name: X} line to attach a measured line to. */
    public static List<String> unrecordable(String text, Map<String, Measured> measurements) {
        java.util.Set<String> entries = new java.util.HashSet<>();
        for (String line : text.split("\n")) {
            Matcher e = ENTRY.matcher(line);
            if (e.find()) {
                entries.add(e.group(2).replaceAll("^[\"']|[\"']$", ""));
            }
        }
        return measurements.keySet().stream().filter(n -> !entries.contains(n)).sorted().toList();
    }

    /** Returns {@code text} with the measured lines of the named entries replaced or added. */
    public static String rewrite(String text, Map<String, Measured> measurements) {
        boolean trailingNewline = text.endsWith("\n");
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (trailingNewline) {
            lines.remove(lines.size() - 1);
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            Matcher e = ENTRY.matcher(lines.get(i));
            if (!e.find()) {
                out.add(lines.get(i++));
                continue;
            }
            String name = e.group(2).replaceAll("^[\"']|[\"']$", "");
            int end = i + 1; // the entry's lines: until the next entry or a line at the list's indentation
            int lastField = i;
            String fieldIndent = e.group(1) + "  ";
            int blockIndent = -1; // inside a block scalar (comment: |, constants: |) deeper than this
            boolean[] inBlock = new boolean[lines.size()];
            while (end < lines.size() && !ENTRY.matcher(lines.get(end)).find() && !isOutdented(lines.get(end), e.group(1))) {
                String l = lines.get(end);
                int indent = l.length() - l.stripLeading().length();
                if (blockIndent >= 0 && (l.isBlank() || indent > blockIndent)) {
                    inBlock[end] = true;
                    if (!l.isBlank()) {
                        lastField = end; // the block's text, not a field
                    }
                    end++;
                    continue;
                }
                blockIndent = -1;
                Matcher f = FIELD.matcher(l);
                if (f.find() && BLOCK.matcher(l).find()) {
                    blockIndent = indent;
                }
                if (f.find(0)) {
                    lastField = end;
                    fieldIndent = f.group(1);
                } else if (!lines.get(end).isBlank() && !lines.get(end).strip().startsWith("#")) {
                    lastField = end; // continuation of a multi-line value
                }
                end++;
            }
            Measured m = measurements.get(name);
            boolean replaced = false;
            for (int j = i; j < end; j++) {
                Matcher ml = MEASURED.matcher(lines.get(j));
                if (m != null && !inBlock[j] && ml.find()) {
                    out.add(ml.group(1) + "measured: " + m.yaml());
                    replaced = true;
                } else {
                    out.add(lines.get(j));
                }
                if (m != null && !replaced && j == lastField && noMeasuredLine(lines, inBlock, i, end)) {
                    out.add(fieldIndent + "measured: " + m.yaml());
                    replaced = true;
                }
            }
            i = end;
        }
        return String.join("\n", out) + (trailingNewline ? "\n" : "");
    }

    private static boolean noMeasuredLine(List<String> lines, boolean[] inBlock, int from, int to) {
        for (int j = from; j < to; j++) {
            if (!inBlock[j] && MEASURED.matcher(lines.get(j)).find()) {
                return false;
            }
        }
        return true;
    }

    /** A non-blank line indented no deeper than the list's dash ends the entry (e.g. a new top-level key). */
    private static boolean isOutdented(String line, String dashIndent) {
        if (line.isBlank() || line.strip().startsWith("#")) {
            return false;
        }
        int indent = line.length() - line.stripLeading().length();
        return indent <= dashIndent.length();
    }
}
