package org.dmabufspec.conformance.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes raw BTF (little-endian) for tests: ints, pointers, structs, typedefs, consts, functions. */
final class BtfBuilder {
    private final ByteArrayOutputStream types = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new HashMap<>();
    private int next = 1;

    BtfBuilder() {
        strings.write(0);
        stringOffsets.put("", 0);
    }

    private int str(String s) {
        return stringOffsets.computeIfAbsent(s, k -> {
            int off = strings.size();
            strings.writeBytes(k.getBytes(StandardCharsets.UTF_8));
            strings.write(0);
            return off;
        });
    }

    private int type(String name, int kind, int vlen, boolean kflag, int ref, int... extra) {
        ByteBuffer b = ByteBuffer.allocate(12 + 4 * extra.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(str(name)).putInt((kflag ? 1 << 31 : 0) | kind << 24 | vlen).putInt(ref);
        for (int e : extra) {
            b.putInt(e);
        }
        types.writeBytes(b.array());
        return next++;
    }

    int integer(String name, int bytes) {
        return type(name, Btf.INT, 0, false, bytes, bytes * 8);
    }

    int pointer(int to) {
        return type("", Btf.PTR, 0, false, to);
    }

    int constOf(int to) {
        return type("", Btf.CONST, 0, false, to);
    }

    int typedef(String name, int to) {
        return type(name, Btf.TYPEDEF, 0, false, to);
    }

    int forward(String name) {
        return type(name, Btf.FWD, 0, false, 0);
    }

    /** A struct (or union) with members "name", type id, byte offset; "" names an anonymous member. */
    int struct(String name, boolean union, int size, Object... members) {
        List<Integer> extra = new ArrayList<>();
        for (int i = 0; i < members.length; i += 3) {
            extra.add(str((String) members[i]));
            extra.add((Integer) members[i + 1]);
            extra.add((Integer) members[i + 2] * 8);
        }
        return type(name, union ? Btf.UNION : Btf.STRUCT, members.length / 3, false, size,
                extra.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A function and its prototype: params are "name", type id pairs. */
    int function(String name, int ret, Object... params) {
        List<Integer> extra = new ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            extra.add(str((String) params[i]));
            extra.add((Integer) params[i + 1]);
        }
        int proto = type("", Btf.FUNC_PROTO, params.length / 2, false, ret, extra.stream().mapToInt(Integer::intValue).toArray());
        return type(name, Btf.FUNC, 1, false, proto);
    }

    /** An enum, to check the reader skips kinds it does not use. */
    int enumeration(String name, String... values) {
        int[] extra = new int[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            extra[2 * i] = str(values[i]);
            extra[2 * i + 1] = i;
        }
        return type(name, Btf.ENUM, values.length, false, 4, extra);
    }

    byte[] bytes() {
        byte[] t = types.toByteArray();
        byte[] s = strings.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(24 + t.length + s.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) Btf.MAGIC).put((byte) 1).put((byte) 0).putInt(24).putInt(0).putInt(t.length).putInt(t.length).putInt(s.length);
        b.put(t).put(s);
        return b.array();
    }
}
