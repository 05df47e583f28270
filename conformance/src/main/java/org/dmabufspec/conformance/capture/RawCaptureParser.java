package org.dmabufspec.conformance.capture;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a raw capture. Strict: a line that is neither framing nor an ftrace line of one of the
 * capture's probes is an error naming the file, line and field, and so is a capture without its
 * end line (the recorder was killed) or with lost events.
 */
public final class RawCaptureParser {
    static final String META = "# dmabuf-capture: ";
    private static final String MARK_EVENT = "tracing_mark_write";
    // TASK-PID [(TGID)] [CPU] FLAGS SECONDS.MICROS: EVENT: REST
    private static final Pattern LINE = Pattern.compile(
            "^\\s*(.+?)-(\\d+)\\s+(?:\\(\\s*[\\d-]+\\)\\s+)?\\[(\\d+)\\]\\s+(\\S+)\\s+(\\d+)\\.(\\d{6}):\\s+(\\w+):\\s?(.*)$");
    private static final Pattern PROBE_REST = Pattern.compile("^\\(([^)]*)\\)\\s*(.*)$");
    private static final Pattern ARG = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S*)");
    private static final Pattern PROBE_DEF = Pattern.compile("^[pr]\\d*:dmabuf_capture/(\\w+) (\\w+)(?: .*)?$");
    private static final Pattern MISSED = Pattern.compile("(\\w+):(\\d+)");
    private static final Pattern MARK = Pattern.compile("^dmabuf-mark (\\S+) (begin|end)$");

    private RawCaptureParser() {
    }

    public static RawCapture parse(Path path) throws IOException, CaptureFormatException {
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(path.toString(), r.lines().toList());
        } catch (java.io.UncheckedIOException e) {
            throw new CaptureFormatException(path.toString(), 0, null, "not UTF-8 text: " + e.getCause().getMessage());
        }
    }

    public static RawCapture parse(String file, List<String> lines) throws CaptureFormatException {
        String release = null;
        String pid = null;
        boolean format = false;
        boolean started = false;
        boolean ended = false;
        boolean readerKilled = false;
        long lost = 0;
        long stub = 0;
        Map<String, String> config = new LinkedHashMap<>();
        Map<String, String> probes = new LinkedHashMap<>();
        Map<String, String> missing = new LinkedHashMap<>();
        Map<String, Long> missed = new LinkedHashMap<>();
        List<RawRecord> records = new ArrayList<>();
        List<RawCapture.Mark> marks = new ArrayList<>();
        long n = 0;
        for (String text : lines) {
            n++;
            if (text.isBlank()) {
                continue;
            }
            if (text.startsWith(META)) {
                String m = text.substring(META.length()).strip();
                String word = m.split(" ", 2)[0];
                String rest = m.length() > word.length() ? m.substring(word.length() + 1).strip() : "";
                switch (word) {
                    case "format" -> {
                        if (!rest.equals("1")) {
                            throw new CaptureFormatException(file, n, "format", "this converter reads capture format 1, found '" + rest + "'");
                        }
                        format = true;
                    }
                    case "kernel" -> release = rest;
                    case "config" -> {
                        String[] kv = rest.split(" ");
                        if (kv.length != 2) {
                            throw new CaptureFormatException(file, n, "config", "expected 'config NAME y|n|unknown', found '" + rest + "'");
                        }
                        config.put(kv[0], kv[1]);
                    }
                    case "clock" -> {
                        if (!rest.equals("mono")) {
                            throw new CaptureFormatException(file, n, "clock", "the capture must use the mono trace clock, found '" + rest + "'");
                        }
                    }
                    case "probe" -> {
                        Matcher pm = PROBE_DEF.matcher(rest);
                        if (!pm.matches()) {
                            throw new CaptureFormatException(file, n, "probe", "not a dmabuf_capture kprobe definition: '" + rest + "'");
                        }
                        probes.put(pm.group(1), rest);
                    }
                    case "missing" -> {
                        String[] p = rest.split(" ", 2);
                        missing.put(p[0], p.length > 1 ? p[1] : "");
                    }
                    case "pid" -> pid = rest;
                    case "stub" -> {
                        try {
                            stub = Long.parseUnsignedLong(rest.startsWith("0x") ? rest.substring(2) : rest, 16);
                        } catch (NumberFormatException e) {
                            throw new CaptureFormatException(file, n, "stub", "not an address: '" + rest + "'");
                        }
                    }
                    case "start" -> started = true;
                    case "reader" -> readerKilled = true;
                    case "end" -> {
                        ended = true;
                        for (String kv : rest.split(" ")) {
                            if (kv.startsWith("lost=")) {
                                lost = number(file, n, "lost", kv.substring(5));
                            } else if (kv.startsWith("missed=") && !kv.equals("missed=none")) {
                                Matcher mm = MISSED.matcher(kv.substring(7));
                                while (mm.find()) {
                                    missed.put(mm.group(1), Long.parseLong(mm.group(2)));
                                }
                            }
                        }
                    }
                    default -> throw new CaptureFormatException(file, n, "framing", "unknown '# dmabuf-capture:' line '" + word + "'");
                }
                continue;
            }
            if (text.startsWith("#")) {
                continue; // ftrace's own column header, when the remainder of 'trace' was appended
            }
            if (!format) {
                throw new CaptureFormatException(file, n, "format", "not a dmabuf-capture file: it must start with '" + META + "format 1'");
            }
            if (ended) {
                throw new CaptureFormatException(file, n, "end", "an event after the end line");
            }
            RawRecord rec = record(file, n, text, probes);
            if (rec != null && rec.event().equals(MARK_EVENT)) {
                Matcher mk = MARK.matcher(rec.args().getOrDefault("text", ""));
                if (mk.matches()) {
                    marks.add(new RawCapture.Mark(mk.group(1), mk.group(2).equals("begin"), rec.tsNs()));
                }
            } else if (rec != null) {
                records.add(rec);
            }
        }
        if (!format) {
            throw new CaptureFormatException(file, Math.max(n, 1), "format", "not a dmabuf-capture file: no '" + META + "format 1' line");
        }
        if (release == null) {
            throw new CaptureFormatException(file, n, "kernel", "no '" + META + "kernel RELEASE' line");
        }
        if (!started) {
            throw new CaptureFormatException(file, n, "start", "the recorder never started (no start line): see its error output");
        }
        if (!ended) {
            throw new CaptureFormatException(file, n, "end", "no end line: the recorder was killed or the copy is cut short");
        }
        if (lost > 0) {
            throw new CaptureFormatException(file, n, "lost", lost + " events were lost in the ring buffer (overrun): record again with a larger --buffer-kb");
        }
        records.sort(Comparator.comparingLong(RawRecord::tsNs)); // stable: ties keep file order
        return new RawCapture(file, release, Map.copyOf(config), probes, missing, pid, lost, missed, readerKilled,
                stub, List.copyOf(records), List.copyOf(marks));
    }

    private static RawRecord record(String file, long n, String text, Map<String, String> probes) throws CaptureFormatException {
        Matcher m = LINE.matcher(text);
        if (!m.matches()) {
            throw new CaptureFormatException(file, n, "line", "not an ftrace line (TASK-PID [CPU] FLAGS SECONDS.MICROS: EVENT: ...): '"
                    + abbreviate(text) + "'");
        }
        String event = m.group(7);
        String flags = m.group(4);
        long ts = Long.parseLong(m.group(5)) * 1_000_000_000L + Long.parseLong(m.group(6)) * 1_000L;
        int pid = (int) number(file, n, "pid", m.group(2));
        int cpu = (int) number(file, n, "cpu", m.group(3));
        char ctx = flags.length() >= 3 ? flags.charAt(2) : '.';
        if (event.equals(MARK_EVENT)) {
            // the recorder's start/stop markers, and the workload's dmabuf-mark lines
            return new RawRecord(n, m.group(1).strip(), pid, cpu, ctx, ts, event, "", Map.of("text", m.group(8).strip()));
        }
        if (!probes.containsKey(event)) {
            throw new CaptureFormatException(file, n, "event", "'" + event + "' is not one of the capture's probes");
        }
        Matcher pr = PROBE_REST.matcher(m.group(8));
        if (!pr.matches()) {
            throw new CaptureFormatException(file, n, "site", "a probe hit starts with '(function+off/size)', found '" + abbreviate(m.group(8)) + "'");
        }
        Map<String, String> args = new LinkedHashMap<>();
        Matcher a = ARG.matcher(pr.group(2));
        while (a.find()) {
            String v = a.group(2);
            args.put(a.group(1), v.length() >= 2 && v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return new RawRecord(n, m.group(1).strip(), pid, cpu, ctx, ts, event, pr.group(1), args);
    }

    private static long number(String file, long n, String field, String s) throws CaptureFormatException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new CaptureFormatException(file, n, field, "not a number: '" + abbreviate(s) + "'");
        }
    }

    static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
