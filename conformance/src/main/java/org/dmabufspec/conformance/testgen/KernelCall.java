package org.dmabufspec.conformance.testgen;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call a generated test makes, with the result the model expects: {@code op} is the kernel
 * function as traces name it, {@code args} its objects (model names) and arguments, {@code expect}
 * the result: {@code 0}, an errno name, {@code true}/{@code false}, or {@code >0}.
 */
public record KernelCall(String op, Map<String, String> args, String expect) {
    public KernelCall {
        args = Collections.unmodifiableMap(new LinkedHashMap<>(args == null ? Map.of() : args));
    }

    /** Arguments from alternating names and values, in that order: {@code argMap("buf", "b1", "proc", "d1")}. */
    public static Map<String, String> argMap(String... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate: " + String.join(", ", kv));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], kv[i + 1]);
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(op).append('(');
        String sep = "";
        for (Map.Entry<String, String> e : args.entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ", ";
        }
        return b.append(") = ").append(expect).toString();
    }
}
