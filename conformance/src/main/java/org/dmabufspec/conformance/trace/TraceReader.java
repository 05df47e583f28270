package org.dmabufspec.conformance.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.dmabufspec.trace.Clock;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.IdKind;
import org.dmabufspec.trace.Implementation;
import org.dmabufspec.trace.KernelBehaviour;
import org.dmabufspec.trace.KernelInfo;
import org.dmabufspec.trace.ObservedState;
import org.dmabufspec.trace.Op;
import org.dmabufspec.trace.TraceEnd;
import org.dmabufspec.trace.TraceEvent;
import org.dmabufspec.trace.TraceFields;
import org.dmabufspec.trace.TraceHeader;

/**
 * Strict streaming reader of trace format v1 (TRACE-FORMAT.md). Records are pulled one line at
 * a time (NDJSON: a record spread over several lines is an error), each line checked to be strict
 * UTF-8 and parsed with Jackson's streaming parser, so memory stays bounded by the largest record
 * ({@link #MAX_RECORD_BYTES}) plus the set of object ids seen (numbered ids kept as runs, see IdSet). Every deviation from the format is
 * a {@link TraceFormatException} naming the file, line and field. Per-record limits
 * (TRACE-FORMAT.md "Limits") keep the checker's work per record bounded.
 *
 * <p>Usage: {@code header()} once, then {@code next()} until it returns null, then {@code end()}.
 */
public final class TraceReader implements Closeable {
    private static final Set<String> HEADER_FIELDS = Set.copyOf(TraceFields.HEADER);
    private static final Set<String> CAPTURE_FIELDS = Set.copyOf(TraceFields.CAPTURE);
    private static final Set<String> KERNEL_FIELDS = Set.copyOf(TraceFields.KERNEL);
    private static final Set<String> END_FIELDS = Set.copyOf(TraceFields.END);
    private static final Set<String> DIRS = Set.of("TO_DEVICE", "FROM_DEVICE", "BIDIRECTIONAL");
    private static final Set<String> USAGES = Set.of("KERNEL", "WRITE", "READ", "BOOKKEEP");
    private static final Set<String> ACCESSES = Set.of("READ", "WRITE");
    /** cpu.access: the CPU mapping the load or store went through. */
    private static final Set<String> VIAS = Set.of("mmap", "vmap");
    private static final Set<String> PLACEMENTS = Set.of("VRAM", "GTT", "SYSTEM");
    private static final Pattern MISUSE_RULE = Pattern.compile("[RFUB][0-9]+b?");
    /** The id of the stub fence (dma_fence_get_stub, context 0, always signalled). */
    public static final String STUB_FENCE = "stub";
    /** Largest string value accepted: an id, a name or a mask is never near this. */
    public static final int MAX_STRING = 64 * 1024;
    /** Largest record (one line, bytes): far above any real event, small enough to bound the work per record. */
    public static final int MAX_RECORD_BYTES = 1 << 20;
    /** Most entries of one list (fences, attachments, mappings, seals): a dma_resv holds a handful of fences. */
    public static final int MAX_LIST = 1024;
    /** Most entries of one event's args (the richest op has five). */
    public static final int MAX_ARGS = 16;
    /** Deepest nesting of objects and lists (a record needs 4). */
    public static final int MAX_DEPTH = 8;
    /** Longest number literal (digits): 64-bit values need 20. */
    public static final int MAX_NUMBER_DIGITS = 40;

    private static final IdKind[] ID_KINDS = IdKind.values();
    private static final IdKind[] NO_KINDS = {};
    /** Per op (by ordinal), the id kinds it requires and allows, as bits by IdKind ordinal: one test per event. */
    private static final int[] REQUIRED_IDS = new int[Op.values().length];
    private static final int[] ALLOWED_IDS = new int[Op.values().length];

    static {
        for (Op op : Op.values()) {
            for (IdKind k : ID_KINDS) {
                if (op.requiredIds().contains(k)) {
                    REQUIRED_IDS[op.ordinal()] |= 1 << k.ordinal();
                }
                if (op.allowsId(k)) {
                    ALLOWED_IDS[op.ordinal()] |= 1 << k.ordinal();
                }
            }
        }
    }

    private final String file;
    private final JsonFactory factory;
    private final NdjsonLines lines;
    /** The tokens of the current line's record: the line scanner's or Jackson's. */
    private RecordTokens parser;
    /** Jackson's parser of the current line, when the line scanner handed the line over (or the header). */
    private JsonParser jackson;
    private final StringCache strings = new StringCache();
    private final FastTokens fastTokens = new FastTokens(strings);
    private final EventLine eventLine = new EventLine(strings);
    /** The builder of the line scanner's paths, emptied for each line (the token path makes its own). */
    private final EventBuilder scratch = new EventBuilder(0);
    private final boolean scanner;
    /** Set when the events are parsed on another thread ({@link #readingAhead(Path)}). */
    private ReadAhead ahead;
    /** Event records the line scanner read whole (the others went to Jackson). */
    private long scanned;
    /** Of those, the event records EventLine read without tokens. */
    private long direct;
    /**
     * By op ordinal and argument place, the name and value (the very objects) that last passed
     * checkArg there: the string cache hands out one String per value and booleans and small
     * integers are shared boxes, so most arguments repeat and are not checked again.
     */
    private final String[][] checkedArgNames = new String[Op.values().length][MAX_ARGS];
    private final Object[][] checkedArgValues = new Object[Op.values().length][MAX_ARGS];
    /** The ids seen, by IdKind ordinal. */
    private final IdSet[] known = new IdSet[ID_KINDS.length];
    /** By IdKind ordinal, the id last found in (or added to) {@link #known}: most events name the objects of the one before. */
    private final String[] lastKnown = new String[ID_KINDS.length];
    private final Map<String, long[]> lastTimesByThread = new HashMap<>();
    private String lastThread;
    private long[] lastThreadTimes;
    /** Id uses of nested calls written before their caller (end-ordered files), checked when the caller is read. */
    private final Map<Long, List<DeferredId>> deferred = new HashMap<>();
    /**
     * Ids a callback named before its (later-logged) caller could create them, with that caller's seq:
     * the object exists from the callback on (dma_buf_dynamic_attach lists the attachment before it
     * returns), so a concurrent call may name it too, provided that caller creates it in the end.
     */
    private final Map<String, Long> creatorPending = new HashMap<>();
    /**
     * Callback ids first seen running (dma_fence_callback): a dma_fence_add_callback logged after it
     * may still have registered it, when the fence signalled before that call returned.
     */
    private final Set<String> ranBeforeAdded = new HashSet<>();

    private record DeferredId(long line, IdKind kind, String id, Long caller) {
    }

    /** Ops of nested calls logged before their caller, by the caller's seq. */
    private final Map<Long, Set<Op>> callees = new HashMap<>();
    /** {@code args.dir} of a nested dma_buf_begin/end_cpu_access logged before its caller, by the caller's seq ("+" for two). */
    private final Map<Long, String> calleeDirs = new HashMap<>();
    /** Callers named before their own event (end-ordered files), with the first line naming each. */
    private final Map<Long, Long> pendingCallers = new TreeMap<>();
    /** Skipped seq ranges [from, to] (seq may jump), flattened: a backward caller must not name one. */
    private long[] gaps = new long[0];
    private TraceHeader header;
    private TraceEnd end;
    private long endLine;
    private long events;
    private long lastSeq;
    private volatile long progressLine;

    public TraceReader(Path path) throws TraceFormatException {
        this(open(path), path.toString());
    }

    public TraceReader(InputStream in, String file) throws TraceFormatException {
        this(in, file, true);
    }

    /** {@code scanner} false: every record through Jackson (tests compare the two ways of reading). */
    TraceReader(InputStream in, String file, boolean scanner) throws TraceFormatException {
        this.file = file;
        this.scanner = scanner;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(MAX_STRING).maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER_DIGITS).build())
                .build();
        this.lines = new NdjsonLines(in, MAX_RECORD_BYTES);
        for (IdKind k : IdKind.values()) {
            known[k.ordinal()] = new IdSet();
        }
        // dma_fence_get_stub(): the kernel's always-signalled fence, never created by an event
        known[IdKind.FENCE.ordinal()].add(STUB_FENCE);
        readHeader();
    }

    private static InputStream open(Path path) throws TraceFormatException {
        try {
            return Files.newInputStream(path); // NdjsonLines buffers
        } catch (NoSuchFileException e) {
            throw new TraceFormatException(path.toString(), 0, null, "no such file");
        } catch (IOException e) {
            throw new TraceFormatException(path.toString(), 0, null, "cannot open: " + e.getMessage());
        }
    }

    /** Records the line scanner read whole, without Jackson (for tests). */
    long scannedRecords() {
        return scanned;
    }

    /** Event records read by EventLine, without tokens (for tests). */
    long directRecords() {
        return direct;
    }

    public TraceHeader header() {
        return header;
    }

    /** The end record; only valid after {@link #next()} returned null. */
    public TraceEnd end() {
        return end;
    }

    /** The line of the end record (0 while there is none). */
    public long endLine() {
        return endLine;
    }

    public String file() {
        return file;
    }

    /**
     * The line the reader has reached, to within 1,024 lines: safe to call from another thread
     * (a progress display), at no measurable cost to the reading thread.
     */
    public long progressLine() {
        return progressLine;
    }

    /**
     * A reader of the file that parses on a thread of its own, ahead of the caller (by at most a
     * few thousand events), so parsing and checking use two cores; what {@link #next()} gives,
     * errors included, is the same as from {@link #TraceReader(Path)}. {@link #close()} stops it.
     */
    public static TraceReader readingAhead(Path path) throws TraceFormatException {
        TraceReader r = new TraceReader(path);
        r.ahead = new ReadAhead(r::read, path.toString());
        return r;
    }

    /** The next event, or null once the (validated) end record has been read. */
    public TraceEvent next() throws TraceFormatException {
        return ahead != null ? ahead.next() : read();
    }

    private TraceEvent read() throws TraceFormatException {
        if (end != null) {
            return null;
        }
        try {
            int at = -1;
            int limit = -1;
            if (scanner) {
                // the common event line, read straight from the data buffered so far, its '\n' found on the way
                at = lines.unreadOffset();
                limit = lines.unreadEnd();
                EventBuilder d = scratch.reset(lines.lineNo() + 1);
                int nl = -1;
                try {
                    nl = eventLine.readLine(lines.bytes(), at, limit, d);
                } catch (FastTokens.Fallback f) {
                    // anything else (a blank line, a line not all buffered yet, another shape): the path below
                }
                if (nl >= 0 && nl - at <= MAX_RECORD_BYTES) {
                    lines.takeLineEndingAt(nl);
                    long line = lines.lineNo();
                    if ((line & 1023) == 0) {
                        progressLine = line;
                    }
                    TraceEvent e = d.build();
                    scanned++;
                    direct++;
                    return e;
                }
            }
            if (!nextLine()) {
                throw new TraceFormatException(file, lines.lineNo() + 1, "type", "missing end record: the trace was cut short after "
                        + events + " events (crash, killed run or truncated copy)");
            }
            if (scanner) {
                EventBuilder d = scratch.reset(lines.lineNo());
                boolean read;
                try {
                    if (lines.offset() == at && lines.offset() + lines.length() < limit) {
                        throw FastTokens.FALLBACK; // the same bytes as above: it falls back again
                    }
                    eventLine.read(lines.bytes(), lines.offset(), lines.length(), d);
                    read = true;
                } catch (FastTokens.Fallback f) {
                    read = false; // not the common event shape, or an error: the token path reads the line again and words it
                }
                if (read) {
                    TraceEvent e = d.build(); // the line was plain ASCII throughout: no UTF-8 error can come first
                    scanned++;
                    direct++;
                    return e;
                }
                try {
                    startRecord(true);
                    TraceEvent e = record();
                    if (e != null) {
                        scanned++;
                    }
                    return e;
                } catch (FastTokens.Fallback f) {
                    // not the plain shape the scanner reads: Jackson reads the line again from its start
                } catch (TraceFormatException e) {
                    // the scanner read only ASCII up to here; the rest of the line may be invalid UTF-8, which comes first
                    if (lines.invalidUtf8() >= 0) {
                        startRecord(false);
                    }
                    throw e;
                }
            }
            startRecord(false);
            return record();
        } catch (JsonProcessingException e) {
            throw translate(e);
        } catch (IOException e) {
            throw new TraceFormatException(file, lines.lineNo(), "record", "cannot read: " + e.getMessage());
        }
    }

    /** The current line's record after its opening brace: an event, or null for the end record. */
    private TraceEvent record() throws IOException, TraceFormatException {
        long line = lines.lineNo();
        String type = null;
        EventBuilder b = new EventBuilder(line);
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken v = parser.nextToken();
            if (name.equals("type")) {
                if (type != null) {
                    throw error("type", "duplicate field");
                }
                type = string(v, "type");
                if (!type.equals("event") && !type.equals("end")) {
                    throw error("type", type.equals("header") ? "a second header record" : "unknown record type '" + abbreviate(type) + "'");
                }
                if (type.equals("end")) {
                    if (b.seen > 0) {
                        throw error("type", "'type' must come first in an end record");
                    }
                    readEnd(line);
                    return null;
                }
            } else {
                b.field(name, v);
            }
        }
        if (type == null) {
            throw new TraceFormatException(file, line, "type", "missing required field");
        }
        endRecord();
        return b.build();
    }

    @Override
    public void close() {
        if (ahead != null) {
            ahead.close();
        }
        try {
            if (jackson != null) {
                jackson.close();
            }
            lines.close();
        } catch (IOException ignored) {
            // nothing to recover: the reader is done either way
        }
    }

    // ---------------------------------------------------------------- lines and records

    /** Moves to the next non-blank line; false at the end of the file. A line over the size limit is an error. */
    private boolean nextLine() throws IOException, TraceFormatException {
        do {
            if (!lines.next()) {
                return false;
            }
        } while (!lines.tooLong() && lines.blank());
        long line = lines.lineNo();
        if ((line & 1023) == 0) {
            progressLine = line;
        }
        if (lines.tooLong()) {
            throw new TraceFormatException(file, line, fieldAtByte(lines.length()), "record longer than " + MAX_RECORD_BYTES
                    + " bytes, the per-record limit (TRACE-FORMAT.md, Limits)");
        }
        return true;
    }

    /**
     * Starts reading the current line's record, up to its opening brace: with the line scanner
     * ({@code fast}; it reads ASCII only, so the UTF-8 check is left to the fallback) or with
     * Jackson after checking the line is strict UTF-8.
     */
    private void startRecord(boolean fast) throws IOException, TraceFormatException {
        long line = lines.lineNo();
        if (fast) {
            parser = fastTokens.reset(lines.bytes(), lines.offset(), lines.length());
            parser.nextToken(); // '{' or a fallback
            return;
        }
        int bad = lines.invalidUtf8();
        if (bad >= 0) {
            throw new TraceFormatException(file, line, fieldAtByte(bad), String.format("invalid UTF-8 (byte 0x%02X at byte %d of the line)",
                    lines.bytes()[lines.offset() + bad] & 0xFF, bad + 1));
        }
        if (jackson != null) {
            jackson.close();
        }
        jackson = factory.createParser(lines.bytes(), lines.offset(), lines.length());
        parser = new JacksonTokens(jackson, strings);
        JsonToken t = parser.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw new TraceFormatException(file, line, "record", "each line must be one JSON object, found " + show(t));
        }
    }

    /** The current record has been read up to its closing brace: nothing else may follow on its line. */
    private void endRecord() throws IOException, TraceFormatException {
        if (parser.nextToken() != null) {
            throw new TraceFormatException(file, lines.lineNo(), "record", "more JSON after the record on this line (NDJSON: one record per line)");
        }
    }

    /** A Jackson error as a one-line message in the format's terms, naming the line and field. */
    private TraceFormatException translate(JsonProcessingException e) {
        String field = jackson == null ? "record" : fieldPath(jackson.getParsingContext());
        String m = String.valueOf(e.getOriginalMessage());
        String problem;
        if (e instanceof JsonEOFException || m.startsWith("Unexpected end-of-input")) {
            problem = lines.terminated()
                    ? "the record does not end on this line (one JSON object per line: a record may not span lines)"
                    : "line cut short: the file ends inside this record (killed run or truncated copy)";
        } else if (e instanceof StreamConstraintsException) {
            problem = m.startsWith("Number") ? "number longer than " + MAX_NUMBER_DIGITS + " digits (TRACE-FORMAT.md, Limits)"
                    : m.startsWith("String") ? "string longer than " + MAX_STRING + " characters (TRACE-FORMAT.md, Limits)"
                    : m.contains("nesting") ? "nested deeper than " + MAX_DEPTH + " levels (TRACE-FORMAT.md, Limits)"
                    : "over a per-record limit (TRACE-FORMAT.md, Limits)";
        } else if (e instanceof InputCoercionException) {
            problem = "integer beyond 64 bits";
        } else if (m.startsWith("Duplicate field")) {
            problem = "duplicate field";
        } else {
            problem = "malformed JSON: " + clean(m);
        }
        return new TraceFormatException(file, lines.lineNo(), field, problem);
    }

    /** Jackson's message without source locations or names of its own classes and settings. */
    private static String clean(String m) {
        int nl = m.indexOf('\n');
        String s = nl < 0 ? m : m.substring(0, nl);
        s = s.replaceAll("\\s*\\((?:for|from) `[^)]*\\)", "").replaceAll("`[^`]*`", "").trim();
        int internal = s.indexOf("com.fasterxml");
        return abbreviate(internal < 0 ? s : s.substring(0, internal).trim());
    }

    /** The field at a byte of the current line, found by parsing the line up to it. */
    private String fieldAtByte(int upTo) {
        try (JsonParser p = factory.createParser(lines.bytes(), lines.offset(), upTo)) {
            try {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t == JsonToken.VALUE_STRING) {
                        p.getText();
                    }
                }
            } catch (IOException stop) {
                // the prefix ends inside a value: the context says which
            }
            return fieldPath(p.getParsingContext());
        } catch (IOException e) {
            return "record";
        }
    }

    /** "kernel.behaviour", "state.fences[2].usage"; "record" outside any field. */
    static String fieldPath(JsonStreamContext c) {
        StringBuilder sb = new StringBuilder();
        appendPath(c, sb);
        return sb.length() == 0 ? "record" : sb.toString();
    }

    private static void appendPath(JsonStreamContext c, StringBuilder sb) {
        if (c == null || c.inRoot()) {
            return;
        }
        appendPath(c.getParent(), sb);
        if (c.inArray()) {
            sb.append('[').append(Math.max(0, c.getCurrentIndex())).append(']');
        } else if (c.getCurrentName() != null) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(abbreviate(c.getCurrentName()));
        }
    }

    // ---------------------------------------------------------------- header and end

    private void readHeader() throws TraceFormatException {
        try {
            if (!nextLine()) {
                throw new TraceFormatException(file, 1, "type", "empty file: a trace starts with a header record");
            }
            startRecord(false);
            long line = lines.lineNo();
            Map<String, Object> h = new HashMap<>();
            Map<String, Object> impl = null;
            Map<String, Object> kernel = null;
            JsonToken t;
            while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken v = parser.nextToken();
                if (name.equals("type") && v == JsonToken.VALUE_STRING && !"header".equals(parser.getText())) {
                    throw error("type", "the first record must be the header, found '" + abbreviate(parser.getText()) + "'");
                }
                if (!HEADER_FIELDS.contains(name)) {
                    throw error(name, "unknown header field (not in trace format v1)");
                }
                if (h.containsKey(name)) {
                    throw error(name, "duplicate field");
                }
                switch (name) {
                    case "implementation" -> impl = object(v, name, Set.of("name", "version"));
                    case "kernel" -> kernel = object(v, name, KERNEL_FIELDS);
                    case "capture" -> {
                        for (Map.Entry<String, Object> c : object(v, name, CAPTURE_FIELDS).entrySet()) {
                            if (!(c.getValue() instanceof String)) {
                                throw error(name + "." + c.getKey(), "must be a string, found " + c.getValue());
                            }
                        }
                    }
                    case "version", "seed" -> h.put(name, integer(v, name));
                    default -> h.put(name, string(v, name));
                }
                h.putIfAbsent(name, Boolean.TRUE);
            }
            endRecord();
            Object type = h.get("type");
            if (!"header".equals(type)) {
                throw new TraceFormatException(file, line, "type", type == null ? "missing: the first record must be the header"
                        : "the first record must be the header, found '" + type + "'");
            }
            require(h, "format", line);
            if (!"dmabuf-trace".equals(h.get("format"))) {
                throw new TraceFormatException(file, line, "format", "expected \"dmabuf-trace\", found \"" + abbreviate((String) h.get("format")) + "\"");
            }
            require(h, "version", line);
            if (!Long.valueOf(1).equals(h.get("version"))) {
                throw new TraceFormatException(file, line, "version", "this checker reads version 1, found " + h.get("version"));
            }
            if (impl == null) {
                throw new TraceFormatException(file, line, "implementation", "missing required field");
            }
            for (String f : List.of("name", "version")) {
                if (!(impl.get(f) instanceof String)) {
                    throw new TraceFormatException(file, line, "implementation." + f, impl.containsKey(f)
                            ? "must be a string, found " + impl.get(f) : "missing required field");
                }
            }
            if (kernel == null) {
                throw new TraceFormatException(file, line, "kernel", "missing required field");
            }
            Object beh = kernel.get("behaviour");
            if (!(beh instanceof String bs) || KernelBehaviour.Label.fromText(bs).isEmpty()) {
                throw new TraceFormatException(file, line, "kernel.behaviour", "must be one of \"6.1\", \"6.2\", \"6.15\", \"7.1\", found " + beh);
            }
            if (!(kernel.get("move_notify") instanceof Boolean mn)) {
                throw new TraceFormatException(file, line, "kernel.move_notify", "missing or not a boolean");
            }
            if (kernel.containsKey("release") && !(kernel.get("release") instanceof String)) {
                throw new TraceFormatException(file, line, "kernel.release", "must be a string (uname -r), found " + kernel.get("release"));
            }
            for (String f : List.of("dmabuf_debug", "lockdep")) {
                if (kernel.containsKey(f) && !(kernel.get(f) instanceof Boolean)) {
                    throw new TraceFormatException(file, line, "kernel." + f, "must be a boolean, found " + kernel.get(f));
                }
            }
            require(h, "clock", line);
            if (!"monotonic_ns".equals(h.get("clock")) && !"logical".equals(h.get("clock"))) {
                throw new TraceFormatException(file, line, "clock", "must be \"monotonic_ns\" or \"logical\"");
            }
            header = new TraceHeader(new Implementation((String) impl.get("name"), (String) impl.get("version")),
                    new KernelInfo(new KernelBehaviour(KernelBehaviour.Label.fromText((String) beh).orElseThrow(), mn),
                            kernel.get("release") instanceof String r ? r : null,
                            kernel.get("dmabuf_debug") instanceof Boolean dd ? dd : null,
                            kernel.get("lockdep") instanceof Boolean ld ? ld : null),
                    Clock.parse((String) h.get("clock")),
                    h.get("scenario") instanceof String s ? s : null, h.get("seed") instanceof Long l ? l : null,
                    h.get("inject") instanceof String i ? i : null, h.get("created") instanceof String c ? c : null);
        } catch (JsonProcessingException e) {
            throw translate(e);
        } catch (IOException e) {
            throw new TraceFormatException(file, lines.lineNo(), "record", "cannot read: " + e.getMessage());
        }
    }

    private void readEnd(long line) throws IOException, TraceFormatException {
        Map<String, Object> e = new HashMap<>();
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken v = parser.nextToken();
            if (!END_FIELDS.contains(name)) {
                throw error(name, "unknown end field (not in trace format v1)");
            }
            if (e.containsKey(name)) {
                throw error(name, "duplicate field");
            }
            switch (name) {
                case "events", "exit" -> e.put(name, integer(v, name));
                case "teardown" -> {
                    if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
                        throw error(name, "must be true or false");
                    }
                    e.put(name, v == JsonToken.VALUE_TRUE);
                }
                default -> e.put(name, string(v, name));
            }
        }
        endRecord();
        require(e, "events", line);
        require(e, "status", line);
        String status = (String) e.get("status");
        if (!status.equals("complete") && !status.equals("aborted")) {
            throw new TraceFormatException(file, line, "status", "must be \"complete\" or \"aborted\", found \"" + abbreviate(status) + "\"");
        }
        for (List<DeferredId> ds : deferred.values()) {
            DeferredId d = ds.get(0);
            throw new TraceFormatException(file, d.line(), "caller", "names seq " + d.caller() + ", which is not in the trace, and its "
                    + d.kind().field() + " '" + d.id() + "' was never created");
        }
        // an aborted run may have logged a callee whose caller never returned; a complete one may not
        if (status.equals("complete") && !pendingCallers.isEmpty()) {
            Map.Entry<Long, Long> first = pendingCallers.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
            throw new TraceFormatException(file, first.getValue(), "caller", "names seq " + first.getKey()
                    + ", which is not in the trace (the end record says the run is complete)");
        }
        long n = (Long) e.get("events");
        if (n != events) {
            throw new TraceFormatException(file, line, "events", "the end record counts " + n + " events but the trace has "
                    + events + " (lines lost or duplicated)");
        }
        end = new TraceEnd(n, TraceEnd.Status.parse(status), (Long) e.get("exit"), (String) e.get("reason"),
                Boolean.TRUE.equals(e.get("teardown")));
        endLine = line;
        progressLine = line;
        while (lines.next()) {
            if (lines.tooLong() || !lines.blank()) {
                throw new TraceFormatException(file, lines.lineNo(), "record", "a record after the end record");
            }
        }
    }

    // ---------------------------------------------------------------- events

    /** Collects one event's fields; unknown or misplaced fields fail at once with their line. */
    final class EventBuilder {
        long line;
        int seen;
        long seq;
        boolean hasSeq;
        String thread;
        Long cpu;
        long start;
        boolean hasStart;
        long end;
        boolean hasEnd;
        Op op;
        String ioctl;
        Long caller;
        String result;
        Object ret;
        Boolean resvHeld;
        Boolean hidden;
        String site;
        /** Id fields by IdKind ordinal: a String, or the List of FENCES. */
        final Object[] ids = new Object[ID_KINDS.length];
        ArgMap args;
        boolean misuseSeen;
        List<String> misuse;
        ObservedState state;
        Set<Op> myCallees;
        String myCalleeDir;

        EventBuilder(long line) {
            this.line = line;
        }

        /** Empty again, for the event on {@code line}: the line scanner's paths reuse one builder (no garbage per event). */
        EventBuilder reset(long line) {
            this.line = line;
            seen = 0;
            seq = 0;
            hasSeq = false;
            thread = null;
            cpu = null;
            start = 0;
            hasStart = false;
            end = 0;
            hasEnd = false;
            op = null;
            ioctl = null;
            caller = null;
            result = null;
            ret = null;
            resvHeld = null;
            hidden = null;
            site = null;
            Arrays.fill(ids, null);
            args = null;
            misuseSeen = false;
            misuse = null;
            state = null;
            myCallees = null;
            myCalleeDir = null;
            return this;
        }

        void field(String name, JsonToken v) throws IOException, TraceFormatException {
            seen++;
            switch (name) {
                case "seq" -> {
                    seq = integer(v, name);
                    hasSeq = once(hasSeq, name);
                }
                case "thread" -> thread = once(thread, string(v, name), name);
                case "cpu" -> cpu = once(cpu, natural(v, name), name);
                case "start" -> {
                    start = natural(v, name);
                    hasStart = once(hasStart, name);
                }
                case "end" -> {
                    end = natural(v, name);
                    hasEnd = once(hasEnd, name);
                }
                case "op" -> {
                    String o = string(v, name);
                    op = once(op, Op.fromWire(o), name);
                    if (op == null) {
                        throw error(name, "unknown operation '" + o + "' (not in the version-1 vocabulary)");
                    }
                }
                case "ioctl" -> ioctl = once(ioctl, string(v, name), name);
                case "caller" -> caller = once(caller, integer(v, name), name);
                case "result" -> {
                    if (v == JsonToken.VALUE_NUMBER_INT && longValue(name) == 0) {
                        result = once(result, "0", name);
                    } else if (v == JsonToken.VALUE_STRING && Errno.isName(parser.getText())) {
                        result = once(result, text(), name);
                    } else if (v == JsonToken.VALUE_STRING && parser.getText().matches("E[A-Z0-9]+")) {
                        throw error(name, "unknown errno name \"" + abbreviate(parser.getText()) + "\" (not in the kernel's errno.h)");
                    } else {
                        throw error(name, "must be 0 or an errno name such as \"EBUSY\", found " + show(v));
                    }
                }
                case "ret" -> ret = once(ret, switch (v) {
                    case VALUE_TRUE, VALUE_FALSE -> v == JsonToken.VALUE_TRUE;
                    case VALUE_NUMBER_INT -> longValue(name);
                    case VALUE_STRING -> text();
                    default -> throw error(name, "must be a boolean, an integer or a string, found " + show(v));
                }, name);
                case "resv_held" -> resvHeld = once(resvHeld, bool(v, name), name);
                case "hidden" -> hidden = once(hidden, bool(v, name), name);
                case "site" -> site = once(site, string(v, name), name);
                case "args" -> args = once(args, argsObject(v), name);
                case "state" -> state = once(state, observedState(v), name);
                // the implementation's own misuse findings: informational, the checker judges without them
                case "misuse" -> {
                    misuseSeen = once(misuseSeen, name);
                    List<String> rules = stringList(v, name, false);
                    for (String r : rules) {
                        if (!MISUSE_RULE.matcher(r).matches()) {
                            throw error(name, "must list rule ids such as \"R3\" or \"F12\", found \"" + abbreviate(r) + "\"");
                        }
                    }
                    misuse = rules;
                }
                case "fences" -> ids[IdKind.FENCES.ordinal()] = once(ids[IdKind.FENCES.ordinal()], stringList(v, name, true), name);
                case "buf" -> id(IdKind.BUF, v, name);
                case "attach" -> id(IdKind.ATTACH, v, name);
                case "dev" -> id(IdKind.DEV, v, name);
                case "fence" -> id(IdKind.FENCE, v, name);
                case "ctx" -> id(IdKind.CTX, v, name);
                case "sync_file" -> id(IdKind.SYNC_FILE, v, name);
                case "sgt" -> id(IdKind.SGT, v, name);
                case "cb" -> id(IdKind.CB, v, name);
                default -> throw error(name, "unknown event field (not in trace format v1)");
            }
        }

        private void id(IdKind k, JsonToken v, String name) throws IOException, TraceFormatException {
            String id = string(v, name);
            if (id.isEmpty()) {
                throw error(name, "an id must not be empty");
            }
            ids[k.ordinal()] = once(ids[k.ordinal()], id, name);
        }

        private String id(IdKind k) {
            return (String) ids[k.ordinal()];
        }

        TraceEvent build() throws TraceFormatException {
            missing(hasSeq ? Boolean.TRUE : null, "seq");
            missing(thread, "thread");
            missing(hasStart ? Boolean.TRUE : null, "start");
            missing(hasEnd ? Boolean.TRUE : null, "end");
            missing(op, "op");
            missing(result, "result");
            if (seq != lastSeq + 1 && (events == 0 || seq <= lastSeq)) {
                throw new TraceFormatException(file, line, "seq", events == 0 ? "the first event must have seq 1, found " + seq
                        : "must increase strictly in file order: " + seq + " after " + lastSeq);
            }
            if (start > end) {
                throw new TraceFormatException(file, line, "end", "end " + end + " is before start " + start);
            }
            // Files are in start order or (reference impl) end order, so a nested callback may start
            // or end before its caller's line; an event entirely before the thread's previous one is not.
            long[] prev = thread == lastThread ? lastThreadTimes : lastTimesByThread.get(thread);
            if (prev == null) {
                prev = new long[] {start, end};
                lastTimesByThread.put(thread, prev);
                lastThread = thread;
                lastThreadTimes = prev;
            } else if (start < prev[0] && end < prev[1]) {
                throw new TraceFormatException(file, line, "start", "time goes backwards in thread '" + thread + "': ["
                        + start + ", " + end + "] after an event at [" + prev[0] + ", " + prev[1] + "]");
            } else {
                prev[0] = start;
                prev[1] = end;
                lastThread = thread; // the string cache hands out one String per name: most events hit
                lastThreadTimes = prev;
            }
            if (caller != null && (caller < 1 || caller == (long) seq)) {
                throw new TraceFormatException(file, line, "caller", "must name another event's seq, found " + caller);
            }
            if (caller != null && caller < seq && inGap(caller)) {
                throw new TraceFormatException(file, line, "caller", "names seq " + caller + ", which is not in the trace");
            }
            if (events > 0 && seq > lastSeq + 1) {
                gaps = Arrays.copyOf(gaps, gaps.length + 2);
                gaps[gaps.length - 2] = lastSeq + 1;
                gaps[gaps.length - 1] = seq - 1;
            }
            if (caller != null && caller > seq) {
                pendingCallers.putIfAbsent(caller, line);
            }
            if (!pendingCallers.isEmpty()) {
                pendingCallers.remove(seq);
            }
            // a failed call created nothing: it names only objects that exist (TRACE-FORMAT native additions)
            int present = 0;
            for (int k = 0; k < ids.length; k++) {
                if (ids[k] != null) {
                    present |= 1 << k;
                }
            }
            int required = REQUIRED_IDS[op.ordinal()];
            if ((present & required) != required && "0".equals(result)) { // the loops below word the first problem
                for (IdKind k : op.requiredIds()) {
                    if (ids[k.ordinal()] == null) {
                        throw new TraceFormatException(file, line, k.field(), "missing: " + op.wire() + " requires it");
                    }
                }
            }
            for (IdKind k : (present & ~ALLOWED_IDS[op.ordinal()]) == 0 ? NO_KINDS : ID_KINDS) {
                if (ids[k.ordinal()] != null && !op.allowsId(k)) {
                    throw new TraceFormatException(file, line, k.field(), "not a field of " + op.wire());
                }
            }
            if (op == Op.POLL && "0".equals(result) && (id(IdKind.BUF) != null) == (id(IdKind.SYNC_FILE) != null)) {
                throw new TraceFormatException(file, line, "buf", "poll names exactly one of 'buf' or 'sync_file'");
            }
            if (args != null) {
                String[] okNames = checkedArgNames[op.ordinal()];
                Object[] okValues = checkedArgValues[op.ordinal()];
                for (int i = 0; i < args.size(); i++) {
                    String name = args.key(i);
                    Object value = args.value(i);
                    if (i < okNames.length && okNames[i] == name && okValues[i] == value) {
                        continue; // this op's argument at this place passed with these very objects (checkArg reads nothing else)
                    }
                    checkArg(name, value);
                    if (i < okNames.length) {
                        okNames[i] = name;
                        okValues[i] = value;
                    }
                }
            }
            myCallees = callees.isEmpty() ? null : callees.remove(seq); // no Long box when nothing waits
            if (myCallees == null) {
                myCallees = Set.of();
            }
            myCalleeDir = calleeDirs.isEmpty() ? null : calleeDirs.remove(seq);
            if (caller != null && caller > seq) {
                callees.computeIfAbsent(caller, c -> EnumSet.noneOf(Op.class)).add(op);
                if (op == Op.DMA_BUF_BEGIN_CPU_ACCESS || op == Op.DMA_BUF_END_CPU_ACCESS) {
                    Object dir = args == null ? null : args.get("dir");
                    calleeDirs.merge(caller, dir instanceof String d ? d : "", (a, b) -> "+");
                }
            }
            checkIds(present);
            events++;
            lastSeq = seq;
            @SuppressWarnings("unchecked")
            List<String> fences = (List<String>) ids[IdKind.FENCES.ordinal()];
            return new TraceEvent(line, seq, thread, cpu, start, end, op, ioctl, caller, result, ret, resvHeld,
                    id(IdKind.BUF), id(IdKind.ATTACH), id(IdKind.DEV), id(IdKind.FENCE), fences, id(IdKind.CTX),
                    id(IdKind.SYNC_FILE), id(IdKind.SGT), id(IdKind.CB),
                    args == null ? Map.of() : args, state, hidden != null && hidden, myCallees, site, myCalleeDir, misuse);
        }

        /** The type of each argument, as trace-schema.json states it. */
        private void checkArg(String name, Object value) throws TraceFormatException {
            if (!op.allowsArg(name)) {
                throw new TraceFormatException(file, line, "args." + name, "not an argument of " + op.wire());
            }
            switch (name) {
                case "dir" -> oneOf(name, value, DIRS);
                case "usage" -> oneOf(name, value, USAGES);
                case "access" -> oneOf(name, value, ACCESSES);
                case "via" -> oneOf(name, value, VIAS);
                case "placement", "from", "to" -> oneOf(name, value, PLACEMENTS);
                case "dynamic", "cache_sgt_mapping", "allow_peer2peer", "move_notify", "last", "intr", "vmap" -> {
                    if (!(value instanceof Boolean)) {
                        throw new TraceFormatException(file, line, "args." + name, "must be a boolean, found " + shown(value));
                    }
                }
                case "size", "len", "num", "context", "seqno", "leaked_mappings", "leaked_pins", "offset", "memfd_size" -> {
                    if (!(value instanceof Long l) || l < 0) {
                        throw new TraceFormatException(file, line, "args." + name, "must be an integer >= 0, found " + shown(value));
                    }
                }
                case "stamp", "pad", "handle", "fd_flags", "heap_flags", "out_fence", "struct_size" -> {
                    if (!(value instanceof Long)) {
                        throw new TraceFormatException(file, line, "args." + name, "must be an integer, found " + shown(value));
                    }
                }
                case "timeout" -> {
                    if (!(value instanceof Long l && l >= 0) && !"MAX".equals(value)) {
                        throw new TraceFormatException(file, line, "args." + name, "must be an integer >= 0 (ns) or \"MAX\", found " + shown(value));
                    }
                }
                case "error" -> {
                    if (!(value instanceof String e) || !Errno.isName(e)) {
                        throw new TraceFormatException(file, line, "args." + name, "must be an errno name such as \"EIO\", found " + shown(value));
                    }
                }
                case "seals" -> {
                    if (!(value instanceof List)) {
                        throw new TraceFormatException(file, line, "args." + name, "must be a list of strings, found " + shown(value));
                    }
                }
                default -> { // exporter, heap, flags, name, events, file, addr
                    if (!(value instanceof String)) {
                        throw new TraceFormatException(file, line, "args." + name, "must be a string, found " + shown(value));
                    }
                }
            }
        }

        private void oneOf(String arg, Object value, Set<String> allowed) throws TraceFormatException {
            if (value == null || !allowed.contains(value)) {
                throw new TraceFormatException(file, line, "args." + arg, "must be one of " + new java.util.TreeSet<>(allowed) + ", found " + shown(value));
            }
        }

        /** Every object used must have been created by an earlier event (ids are never reused). */
        /** {@code present}: bit k set when ids[k] is given (the ids are visited in IdKind order, as a loop over all would). */
        private void checkIds(int present) throws TraceFormatException {
            IdKind creates = op.creates();
            for (int bits = present & ~(1 << IdKind.DEV.ordinal() | 1 << IdKind.FENCES.ordinal()); bits != 0; bits &= bits - 1) {
                IdKind k = ID_KINDS[Integer.numberOfTrailingZeros(bits)];
                String id = id(k);
                IdSet seen = known[k.ordinal()];
                if (k == creates && !succeeded()) {
                    continue; // a failed creation (dma_fence_add_callback -ENOENT) names an id nothing will use
                }
                if (k == creates) {
                    boolean fresh = seen.add(id);
                    lastKnown[k.ordinal()] = id;
                    // a repeated PRIME import returns the cached handle; a cached sg_table is returned again (R11)
                    // a nested call logged before this one may have created it (an ioctl around dma_buf_export)
                    boolean ranFirst = !fresh && k == IdKind.CB && ranBeforeAdded.remove(id);
                    if (!fresh && !ranFirst && k != IdKind.SGT && op != Op.DRM_IOCTL_PRIME_FD_TO_HANDLE && op != Op.DMA_RESV_ADD_FENCE
                            && myCallees.isEmpty()) {
                        throw new TraceFormatException(file, line, k.field(), "id '" + id + "' is created a second time (ids are never reused)");
                    }
                } else if (id == lastKnown[k.ordinal()]) {
                    // known: the string cache hands out one String per id, and an id once known stays known
                } else if (seen.contains(id)) {
                    lastKnown[k.ordinal()] = id;
                } else {
                    if (k == IdKind.FENCE && fenceMayAppear() || k == IdKind.CB && cbMayAppear()) {
                        seen.add(id);
                        if (k == IdKind.CB) {
                            ranBeforeAdded.add(id);
                        }
                    } else if (caller != null && caller > seq) {
                        // a callback logged before the call that made it: its caller may create the id
                        deferred.computeIfAbsent(caller, c -> new ArrayList<>()).add(new DeferredId(line, k, id, caller));
                        creatorPending.putIfAbsent(k + " " + id, caller);
                    } else if (creatorPending.getOrDefault(k + " " + id, Long.MIN_VALUE) > seq) {
                        long creator = creatorPending.get(k + " " + id);
                        deferred.computeIfAbsent(creator, c -> new ArrayList<>()).add(new DeferredId(line, k, id, creator));
                    } else {
                        throw new TraceFormatException(file, line, k.field(), "unknown " + k.field() + " '" + id
                                + "': no earlier event created it");
                    }
                }
            }
            List<DeferredId> waiting = deferred.isEmpty() ? null : deferred.remove(seq);
            if (waiting != null) {
                for (DeferredId d : waiting) {
                    if (known[d.kind().ordinal()].contains(d.id())) {
                        continue;
                    }
                    if (!succeeded() && d.kind() == op.creates() && (ids[d.kind().ordinal()] == null || d.id().equals(id(d.kind())))) {
                        // the failed call made the object and freed it again (dma_buf_attach's kfree after the
                        // exporter refused it): its callees saw it; later uses are for the checker to judge
                        known[d.kind().ordinal()].add(d.id());
                        continue;
                    }
                    Long creator = creatorPending.get(d.kind() + " " + d.id());
                    if (caller != null && caller > seq) {
                        deferred.computeIfAbsent(caller, c -> new ArrayList<>()).add(d);
                    } else if (creator != null && creator > seq) {
                        // named by a concurrent call's callback whose own caller is still to come
                        deferred.computeIfAbsent(creator, c -> new ArrayList<>()).add(d);
                    } else {
                        throw new TraceFormatException(file, d.line(), d.kind().field(), "unknown " + d.kind().field() + " '" + d.id()
                                + "': neither an earlier event nor its caller (seq " + d.caller() + ") created it");
                    }
                }
            }
            // fences first seen in a list were created inside the kernel, unlogged (a move fence, a merge)
            @SuppressWarnings("unchecked")
            List<String> list = (List<String>) ids[IdKind.FENCES.ordinal()];
            if (list != null) {
                known[IdKind.FENCE.ordinal()].addAll(list);
            }
            if (state != null && state.fences() != null) {
                for (ObservedState.Fence f : state.fences()) {
                    known[IdKind.FENCE.ordinal()].add(f.fence());
                }
            }
        }

        private boolean succeeded() {
            return "0".equals(result);
        }

        /** Where an unlogged fence may first show up: installed into a reservation object or polled. */
        private boolean fenceMayAppear() {
            return op == Op.DMA_RESV_ADD_FENCE;
        }

        /** Callbacks the kernel registers itself (poll, fence arrays) show up only when they run. */
        private boolean cbMayAppear() {
            return op == Op.DMA_FENCE_CALLBACK;
        }

        private void missing(Object v, String field) throws TraceFormatException {
            if (v == null) {
                throw new TraceFormatException(file, line, field, "missing required field");
            }
        }
    }

    private ArgMap argsObject(JsonToken v) throws IOException, TraceFormatException {
        if (v != JsonToken.START_OBJECT) {
            throw error("args", "must be an object, found " + show(v));
        }
        ArgMap m = new ArgMap();
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken a = parser.nextToken();
            if (m.size() == MAX_ARGS) {
                throw error("args." + name, "more than " + MAX_ARGS + " arguments (TRACE-FORMAT.md, Limits)");
            }
            Object value = switch (a) {
                case VALUE_STRING -> text();
                case VALUE_NUMBER_INT -> parser.beyond64Bits() ? longValue("args." + name) : parser.longValue(); // no field name built per value
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case START_ARRAY -> stringList(a, "args." + name, false);
                default -> throw error("args." + name, "must be a string, integer, boolean or list of strings, found " + show(a));
            };
            if (!m.add(name, value)) {
                throw error("args." + name, "duplicate field");
            }
        }
        return m;
    }

    private ObservedState observedState(JsonToken v) throws IOException, TraceFormatException {
        if (v != JsonToken.START_OBJECT) {
            throw error("state", "must be an object, found " + show(v));
        }
        List<String> attachments = null;
        List<ObservedState.Fence> fences = null;
        Long pin = null;
        String placement = null;
        List<ObservedState.Mapping> mapped = null;
        String name = null;
        String format = null;
        String bufinfo = null;
        Set<String> seen = new HashSet<>(8);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String f = parser.currentName();
            JsonToken a = parser.nextToken();
            if (!seen.add(f)) {
                throw error("state." + f, "duplicate field");
            }
            switch (f) {
                case "attachments" -> attachments = stringList(a, "state.attachments", true);
                case "pin_count" -> pin = natural(a, "state.pin_count");
                case "placement" -> {
                    placement = string(a, "state.placement");
                    if (!PLACEMENTS.contains(placement)) {
                        throw error("state.placement", "must be one of " + new java.util.TreeSet<>(PLACEMENTS) + ", found \"" + abbreviate(placement) + "\"");
                    }
                }
                case "name" -> name = string(a, "state.name");
                case "bufinfo_format" -> format = string(a, "state.bufinfo_format");
                case "bufinfo" -> bufinfo = string(a, "state.bufinfo");
                case "fences" -> {
                    fences = new ArrayList<>();
                    for (Map<String, Object> o : objectList(a, "state.fences", Set.of("fence", "usage", "signaled"))) {
                        String at = "state.fences[" + fences.size() + "]";
                        String id = requiredId(o, "fence", at);
                        Object u = o.get("usage");
                        if (u == null || !USAGES.contains(u)) {
                            throw error(at + ".usage", "must be one of " + USAGES + ", found " + shown(u));
                        }
                        if (!(o.get("signaled") instanceof Boolean sig)) {
                            throw error(at + ".signaled", "must be a boolean, found " + shown(o.get("signaled")));
                        }
                        fences.add(new ObservedState.Fence(id, (String) u, sig));
                    }
                }
                case "mapped" -> {
                    mapped = new ArrayList<>();
                    for (Map<String, Object> o : objectList(a, "state.mapped", Set.of("attach", "sgt", "dir"))) {
                        String at = "state.mapped[" + mapped.size() + "]";
                        String id = requiredId(o, "attach", at);
                        String sgt = requiredId(o, "sgt", at);
                        Object d = o.get("dir");
                        if (d == null || !DIRS.contains(d)) {
                            throw error(at + ".dir", "must be one of " + DIRS + ", found " + shown(d));
                        }
                        mapped.add(new ObservedState.Mapping(id, sgt, (String) d));
                    }
                }
                default -> throw error("state." + f, "unknown observed-state field (not in trace format v1)");
            }
        }
        return new ObservedState(attachments, fences, pin, placement, mapped, name, format, bufinfo);
    }

    private String requiredId(Map<String, Object> o, String key, String at) throws TraceFormatException {
        if (!(o.get(key) instanceof String id) || id.isEmpty()) {
            throw error(at + "." + key, o.containsKey(key) ? "must be a non-empty string id, found " + shown(o.get(key)) : "missing required field");
        }
        return id;
    }

    private List<Map<String, Object>> objectList(JsonToken v, String field, Set<String> keys) throws IOException, TraceFormatException {
        if (v != JsonToken.START_ARRAY) {
            throw error(field, "must be a list, found " + show(v));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (out.size() == MAX_LIST) {
                throw error(field, "more than " + MAX_LIST + " entries (TRACE-FORMAT.md, Limits)");
            }
            out.add(object(t, field + "[" + out.size() + "]", keys));
        }
        return out;
    }

    private Map<String, Object> object(JsonToken v, String field, Set<String> keys) throws IOException, TraceFormatException {
        if (v != JsonToken.START_OBJECT) {
            throw error(field, "must be an object, found " + show(v));
        }
        Map<String, Object> m = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken a = parser.nextToken();
            if (!keys.contains(name)) {
                throw error(field + "." + name, "unknown field (not in trace format v1)");
            }
            if (m.containsKey(name)) {
                throw error(field + "." + name, "duplicate field");
            }
            m.put(name, switch (a) {
                case VALUE_STRING -> parser.getText();
                case VALUE_NUMBER_INT -> longValue(field + "." + name);
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> throw error(field + "." + name, "must be a string, integer or boolean, found " + show(a));
            });
        }
        return m;
    }

    private List<String> stringList(JsonToken v, String field, boolean ids) throws IOException, TraceFormatException {
        if (v != JsonToken.START_ARRAY) {
            throw error(field, "must be a list of strings, found " + show(v));
        }
        List<String> out = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                throw error(field, "must be a list of strings, found an element " + show(t));
            }
            if (out.size() == MAX_LIST) {
                throw error(field, "more than " + MAX_LIST + " entries (TRACE-FORMAT.md, Limits)");
            }
            String s = text();
            if (ids && s.isEmpty()) {
                throw error(field, "an id must not be empty");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- scalar helpers

    /** Marks a primitive field as read: true, or a duplicate-field error if it already was. */
    private boolean once(boolean seen, String field) throws TraceFormatException {
        if (seen) {
            throw error(field, "duplicate field");
        }
        return true;
    }

    private <T> T once(T old, T value, String field) throws TraceFormatException {
        if (old != null) {
            throw error(field, "duplicate field");
        }
        return value;
    }

    private String string(JsonToken v, String field) throws IOException, TraceFormatException {
        if (v != JsonToken.VALUE_STRING) {
            throw error(field, "must be a string, found " + show(v));
        }
        return text();
    }

    /** The current string value, shared with earlier equal values (see StringCache). */
    private String text() throws IOException {
        return parser.cachedText();
    }

    private long integer(JsonToken v, String field) throws IOException, TraceFormatException {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw error(field, "must be an integer, found " + show(v));
        }
        return longValue(field);
    }

    private long natural(JsonToken v, String field) throws IOException, TraceFormatException {
        long n = integer(v, field);
        if (n < 0) {
            throw error(field, "must be an integer >= 0, found " + n);
        }
        return n;
    }

    /** The current integer token as a long; beyond 64 bits is an error naming the field. */
    private long longValue(String field) throws IOException, TraceFormatException {
        if (parser.beyond64Bits()) {
            throw error(field, "integer beyond 64 bits: " + abbreviate(parser.getText()));
        }
        return parser.longValue();
    }

    private boolean bool(JsonToken v, String field) throws TraceFormatException {
        if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
            throw error(field, "must be a boolean, found " + show(v));
        }
        return v == JsonToken.VALUE_TRUE;
    }

    private void require(Map<String, Object> m, String field, long line) throws TraceFormatException {
        if (!m.containsKey(field)) {
            throw new TraceFormatException(file, line, field, "missing required field");
        }
    }

    private boolean inGap(long s) {
        for (int i = 0; i < gaps.length; i += 2) {
            if (s >= gaps[i] && s <= gaps[i + 1]) {
                return true;
            }
        }
        return false;
    }

    private String show(JsonToken t) {
        if (t == null) {
            return "end of line";
        }
        try {
            return switch (t) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "a list";
                case VALUE_NULL -> "null";
                case VALUE_STRING -> "\"" + abbreviate(parser.getText()) + "\"";
                default -> abbreviate(parser.getText());
            };
        } catch (IOException e) {
            return t.asString() == null ? t.name() : t.asString();
        }
    }

    /** A value already read, for a message: strings quoted, lists and long values shortened. */
    private static String shown(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return "\"" + abbreviate(s) + "\"";
        }
        if (v instanceof List<?> l) {
            return "a list of " + l.size();
        }
        return abbreviate(v.toString());
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private TraceFormatException error(String field, String problem) {
        return new TraceFormatException(file, lines.lineNo(), field, problem);
    }
}
