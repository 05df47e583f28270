package org.dmabufspec.conformance.capture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recorder's probe table for a kernel whose kprobes cannot name arguments (no
 * {@code CONFIG_PROBE_EVENTS_BTF_ARGS}, before 6.6): each parameter name becomes {@code $argN}
 * and each field access a dereference at the byte offset the running kernel's BTF gives
 * ({@code exp_info->ops->pin} in {@code dma_buf_export} is {@code +16(+8($arg1))} on one kernel).
 * The events carry the same fields as with BTF names, so nothing is lost and the converter is
 * the same. A definition whose function, parameter or field the BTF lacks is dropped (the next
 * alternative of the same probe is tried); a probe with no definition left becomes a line
 * {@code NAME ! FUNCTION REASON}, which the recorder reports as missing.
 */
public final class OffsetProbes {
    private static final Pattern DEREF = Pattern.compile("^([+-]u?\\d+)\\((.*)\\)$");
    private static final Pattern PATH = Pattern.compile("(->|\\.)(\\w+)");

    private OffsetProbes() {
    }

    /** Translates table lines ({@code NAME p|r FUNCTION ARGS...}) for the kernel whose BTF this is. */
    public static List<String> translate(List<String> table, Btf btf) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        Map<String, String> failure = new LinkedHashMap<>();
        Map<String, String> function = new LinkedHashMap<>();
        for (String line : table) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split("\\s+", 4);
            if (f.length < 3) {
                throw new IllegalArgumentException("not a probe table line (NAME p|r FUNCTION ARGS): '" + line + "'");
            }
            byName.computeIfAbsent(f[0], k -> new ArrayList<>());
            function.putIfAbsent(f[0], f[2]);
            try {
                if (btf.parameters(f[2]) == null) {
                    throw new IllegalArgumentException("no function " + f[2] + " in the kernel's BTF");
                }
                byName.get(f[0]).add(f[0] + " " + f[1] + " " + f[2] + (f.length > 3 ? " " + args(f[3], f[2], btf) : ""));
            } catch (IllegalArgumentException e) {
                failure.putIfAbsent(f[0], e.getMessage());
            }
        }
        List<String> out = new ArrayList<>();
        byName.forEach((name, lines) -> {
            if (lines.isEmpty()) {
                out.add(name + " ! " + function.get(name) + " " + failure.get(name));
            } else {
                out.addAll(lines);
            }
        });
        return out;
    }

    private static String args(String args, String fn, Btf btf) {
        List<String> out = new ArrayList<>();
        for (String a : args.strip().split("\\s+")) {
            int eq = a.indexOf('=');
            int colon = a.lastIndexOf(':');
            if (eq < 0 || colon < eq) {
                throw new IllegalArgumentException("not LABEL=FETCH:TYPE: '" + a + "'");
            }
            out.add(a.substring(0, eq + 1) + fetch(a.substring(eq + 1, colon), fn, btf) + a.substring(colon));
        }
        return String.join(" ", out);
    }

    /** One fetch argument: BTF names and fields to {@code $argN} and offsets. */
    static String fetch(String expr, String fn, Btf btf) {
        Matcher d = DEREF.matcher(expr);
        if (d.matches()) {
            return d.group(1) + "(" + fetch(d.group(2), fn, btf) + ")";
        }
        int cut = expr.length();
        for (String sep : List.of("->", ".")) {
            int i = expr.indexOf(sep);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        String base = expr.substring(0, cut);
        String path = expr.substring(cut);
        String fetch;
        int type;
        if (base.equals("$retval")) {
            fetch = base;
            type = btf.returnType(fn);
        } else if (base.startsWith("$") || base.startsWith("%") || base.startsWith("@") || base.startsWith("\\")) {
            if (!path.isEmpty()) {
                throw new IllegalArgumentException(fn + ": cannot follow fields of " + base);
            }
            return expr;
        } else {
            List<Btf.Member> params = btf.parameters(fn);
            int i = 0;
            while (i < params.size() && !params.get(i).name().equals(base)) {
                i++;
            }
            if (i == params.size()) {
                throw new IllegalArgumentException(fn + " has no parameter '" + base + "' in the kernel's BTF");
            }
            fetch = "$arg" + (i + 1);
            type = params.get(i).type();
        }
        // each '->' is one more dereference; '.' adds to the offset of the current one
        List<Long> levels = new ArrayList<>();
        Matcher m = PATH.matcher(path);
        int at = 0;
        while (m.find()) {
            if (m.start() != at) {
                throw new IllegalArgumentException(fn + ": cannot read the field path '" + path + "'");
            }
            at = m.end();
            boolean arrow = m.group(1).equals("->");
            if (arrow && !btf.isPointer(type)) {
                throw new IllegalArgumentException(fn + ": " + expr + ": '" + m.group(2) + "' follows a " + btf.name(type) + ", not a pointer");
            }
            int struct = arrow ? btf.pointee(type) : btf.resolve(type);
            if (!btf.isStructOrUnion(struct)) {
                throw new IllegalArgumentException(fn + ": " + expr + ": '" + m.group(2) + "' is looked up in " + btf.name(struct) + ", not a struct");
            }
            Btf.Member f = btf.member(struct, m.group(2));
            if (f == null) {
                throw new IllegalArgumentException(btf.name(struct) + " has no member '" + m.group(2) + "' in the kernel's BTF");
            }
            if (f.bitOffset() % 8 != 0) {
                throw new IllegalArgumentException(btf.name(struct) + "." + m.group(2) + " is a bit field");
            }
            long bytes = f.bitOffset() / 8;
            if (!arrow && levels.isEmpty()) {
                throw new IllegalArgumentException(fn + ": " + expr + ": a struct passed by value");
            }
            if (arrow) {
                levels.add(bytes);
            } else {
                levels.set(levels.size() - 1, levels.get(levels.size() - 1) + bytes);
            }
            type = f.type();
        }
        if (at != path.length()) {
            throw new IllegalArgumentException(fn + ": cannot read the field path '" + path + "'");
        }
        for (long off : levels) {
            fetch = "+" + off + "(" + fetch + ")";
        }
        return fetch;
    }
}
