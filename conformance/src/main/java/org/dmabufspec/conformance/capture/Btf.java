package org.dmabufspec.conformance.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's BTF type information ({@code /sys/kernel/btf/vmlinux}, raw BTF), read far enough
 * to find a function's parameters and the byte offsets of struct members: what a kernel without
 * BTF-typed probe arguments needs to fetch fields by offset. No bpftool or pahole needed.
 */
public final class Btf {
    static final int MAGIC = 0xeB9F;
    static final int INT = 1, PTR = 2, ARRAY = 3, STRUCT = 4, UNION = 5, ENUM = 6, FWD = 7, TYPEDEF = 8,
            VOLATILE = 9, CONST = 10, RESTRICT = 11, FUNC = 12, FUNC_PROTO = 13, VAR = 14, DATASEC = 15,
            FLOAT = 16, DECL_TAG = 17, TYPE_TAG = 18, ENUM64 = 19;

    /** A member of a struct or union, or a parameter of a function prototype. */
    public record Member(String name, int type, long bitOffset) {
    }

    /** One type: its kind, name, size or referenced type, and members or parameters. */
    record Type(int kind, String name, int ref, boolean kindFlag, List<Member> members) {
    }

    private final List<Type> types; // index = type id; 0 is void
    private final Map<String, Integer> functions = new HashMap<>();

    private Btf(List<Type> types) {
        this.types = types;
        for (int id = 1; id < types.size(); id++) {
            Type t = types.get(id);
            if (t.kind() == FUNC) {
                functions.putIfAbsent(t.name(), id);
            }
        }
    }

    public static Btf read(Path file) throws IOException {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not raw BTF: " + e.getMessage());
        }
    }

    static Btf parse(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (data.length < 24 || (b.getShort(0) & 0xffff) != MAGIC) {
            throw new IllegalArgumentException("no little-endian BTF magic 0xeb9f");
        }
        int hdrLen = b.getInt(4);
        int typeOff = b.getInt(8);
        int typeLen = b.getInt(12);
        int strOff = b.getInt(16);
        int strLen = b.getInt(20);
        int types = hdrLen + typeOff;
        int strings = hdrLen + strOff;
        if (types + typeLen > data.length || strings + strLen > data.length) {
            throw new IllegalArgumentException("sections run past the end of the file");
        }
        List<Type> out = new ArrayList<>();
        out.add(new Type(0, "void", 0, false, List.of()));
        int p = types;
        while (p < types + typeLen) {
            String name = string(data, strings, b.getInt(p));
            int info = b.getInt(p + 4);
            int ref = b.getInt(p + 8);
            int vlen = info & 0xffff;
            int kind = (info >>> 24) & 0x1f;
            boolean kflag = (info >>> 31) != 0;
            p += 12;
            List<Member> members = List.of();
            switch (kind) {
                case INT -> p += 4;
                case ARRAY -> p += 12;
                case STRUCT, UNION -> {
                    members = new ArrayList<>(vlen);
                    for (int i = 0; i < vlen; i++, p += 12) {
                        long off = b.getInt(p + 8) & 0xffffffffL;
                        members.add(new Member(string(data, strings, b.getInt(p)), b.getInt(p + 4), kflag ? off & 0xffffff : off));
                    }
                }
                case ENUM -> p += 8 * vlen;
                case ENUM64 -> p += 12 * vlen;
                case FUNC_PROTO -> {
                    members = new ArrayList<>(vlen);
                    for (int i = 0; i < vlen; i++, p += 8) {
                        members.add(new Member(string(data, strings, b.getInt(p)), b.getInt(p + 4), 0));
                    }
                }
                case VAR -> p += 4;
                case DATASEC -> p += 12 * vlen;
                case DECL_TAG -> p += 4;
                case PTR, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FLOAT, TYPE_TAG -> { }
                default -> throw new IllegalArgumentException("unknown BTF kind " + kind + " at type " + out.size());
            }
            out.add(new Type(kind, name, ref, kflag, members));
        }
        return new Btf(out);
    }

    private static String string(byte[] data, int base, int off) {
        int s = base + off;
        int e = s;
        while (e < data.length && data[e] != 0) {
            e++;
        }
        return new String(data, s, e - s, StandardCharsets.UTF_8);
    }

    /** The parameters of a kernel function (name and type id), or null if BTF has no such function. */
    public List<Member> parameters(String function) {
        Integer f = functions.get(function);
        return f == null ? null : types.get(types.get(f).ref()).members();
    }

    /** The return type id of a kernel function, or -1 if BTF has no such function. */
    public int returnType(String function) {
        Integer f = functions.get(function);
        return f == null ? -1 : types.get(types.get(f).ref()).ref();
    }

    /** The type behind typedefs and qualifiers. */
    public int resolve(int id) {
        Type t = types.get(id);
        while (t.kind() == TYPEDEF || t.kind() == VOLATILE || t.kind() == CONST || t.kind() == RESTRICT
                || t.kind() == TYPE_TAG) {
            id = t.ref();
            t = types.get(id);
        }
        return id;
    }

    public boolean isPointer(int id) {
        return types.get(resolve(id)).kind() == PTR;
    }

    /** The type a pointer points to (resolved). */
    public int pointee(int id) {
        return resolve(types.get(resolve(id)).ref());
    }

    public boolean isStructOrUnion(int id) {
        int k = types.get(resolve(id)).kind();
        return k == STRUCT || k == UNION;
    }

    public String name(int id) {
        Type t = types.get(resolve(id));
        String kind = switch (t.kind()) {
            case STRUCT -> "struct ";
            case UNION -> "union ";
            case PTR -> "pointer";
            default -> "";
        };
        return kind + t.name();
    }

    /**
     * The member NAME of the struct or union ID, looked up through anonymous members too, with
     * its offset from the start of ID; null if there is none.
     */
    public Member member(int id, String name) {
        Type t = types.get(resolve(id));
        if (t.kind() != STRUCT && t.kind() != UNION) {
            return null;
        }
        for (Member m : t.members()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        for (Member m : t.members()) {
            if (m.name().isEmpty() && isStructOrUnion(m.type())) {
                Member inner = member(m.type(), name);
                if (inner != null) {
                    return new Member(inner.name(), inner.type(), m.bitOffset() + inner.bitOffset());
                }
            }
        }
        return null;
    }
}
