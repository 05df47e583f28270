package org.dmabufspec.tlc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the values TLC 1.7.3 prints in states: integers, strings, booleans, model values,
 * sets, tuples/sequences, records, functions {@code (k :> v @@ ...)} and intervals {@code a..b}.
 */
public final class TlaValueParser {
    private final String text;
    private int pos;

    private TlaValueParser(String text) {
        this.text = text;
    }

    public static TlaValue parse(String text) {
        TlaValueParser p = new TlaValueParser(text);
        TlaValue v = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the value");
        }
        return v;
    }

    private TlaValue value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("value expected, found end of text");
        }
        char c = text.charAt(pos);
        if (c == '"') {
            return string();
        }
        if (c == '{') {
            pos++;
            return new TlaValue.SetValue(list("}"));
        }
        if (startsWith("<<")) {
            pos += 2;
            return new TlaValue.Sequence(list(">>"));
        }
        if (c == '[') {
            return record();
        }
        if (c == '(') {
            return function();
        }
        if (c == '-' || Character.isDigit(c)) {
            BigInteger lo = integer();
            skipSpace();
            if (startsWith("..")) {
                pos += 2;
                skipSpace();
                BigInteger hi = integer();
                List<TlaValue> elems = new ArrayList<>();
                for (BigInteger i = lo; i.compareTo(hi) <= 0; i = i.add(BigInteger.ONE)) {
                    elems.add(new TlaValue.Int(i));
                }
                return new TlaValue.SetValue(elems);
            }
            return new TlaValue.Int(lo);
        }
        if (isIdentStart(c)) {
            String id = identifier();
            return switch (id) {
                case "TRUE" -> new TlaValue.Bool(true);
                case "FALSE" -> new TlaValue.Bool(false);
                default -> new TlaValue.ModelValue(id);
            };
        }
        throw error("unsupported value starting with '" + c + "'");
    }

    private List<TlaValue> list(String close) {
        List<TlaValue> out = new ArrayList<>();
        skipSpace();
        if (startsWith(close)) {
            pos += close.length();
            return out;
        }
        while (true) {
            out.add(value());
            skipSpace();
            if (startsWith(",")) {
                pos++;
            } else if (startsWith(close)) {
                pos += close.length();
                return out;
            } else {
                throw error("',' or '" + close + "' expected");
            }
        }
    }

    private TlaValue record() {
        pos++; // [
        Map<String, TlaValue> fields = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            String name = identifier();
            skipSpace();
            expect("|->");
            if (fields.put(name, value()) != null) {
                throw error("field '" + name + "' repeated");
            }
            skipSpace();
            if (startsWith(",")) {
                pos++;
            } else if (startsWith("]")) {
                pos++;
                return new TlaValue.Record(fields);
            } else {
                throw error("',' or ']' expected in record");
            }
        }
    }

    private TlaValue function() {
        pos++; // (
        List<TlaValue.Mapping> mappings = new ArrayList<>();
        while (true) {
            TlaValue key = value();
            skipSpace();
            expect(":>");
            mappings.add(new TlaValue.Mapping(key, value()));
            skipSpace();
            if (startsWith("@@")) {
                pos += 2;
            } else if (startsWith(")")) {
                pos++;
                return new TlaValue.Function(mappings);
            } else {
                throw error("'@@' or ')' expected in function");
            }
        }
    }

    private TlaValue string() {
        pos++; // opening quote
        StringBuilder b = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return new TlaValue.Str(b.toString());
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'f' -> b.append('\f');
                    case '"', '\\' -> b.append(e);
                    default -> throw error("unknown escape \\" + e);
                }
            } else {
                b.append(c);
            }
        }
        throw error("unterminated string");
    }

    private BigInteger integer() {
        int start = pos;
        if (startsWith("-")) {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == start || text.substring(start, pos).equals("-")) {
            throw error("integer expected");
        }
        return new BigInteger(text.substring(start, pos));
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && isIdentPart(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("identifier expected");
        }
        return text.substring(start, pos);
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private void expect(String s) {
        skipSpace();
        if (!startsWith(s)) {
            throw error("'" + s + "' expected");
        }
        pos += s.length();
    }

    private boolean startsWith(String s) {
        return text.startsWith(s, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private TlaValueSyntaxException error(String message) {
        return new TlaValueSyntaxException(message, text, pos);
    }
}
