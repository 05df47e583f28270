package org.dmabufspec.trace;

import java.util.List;

/**
 * The object ids of an event (TRACE-FORMAT.md "Object ids"); null = absent. Ids are strings,
 * unique per kind within a trace and never reused.
 */
public record ObjectIds(String buf, String attach, String dev, String fence, List<String> fences,
                        String ctx, String syncFile, String sgt, String cb) {
    public static final ObjectIds NONE = new ObjectIds(null, null, null, null, null, null, null, null, null);

    public ObjectIds {
        fences = fences == null ? null : List.copyOf(fences);
    }

    public static ObjectIds buf(String buf) {
        return NONE.withBuf(buf);
    }

    public static ObjectIds fence(String fence) {
        return NONE.withFence(fence);
    }

    public ObjectIds withBuf(String v) {
        return new ObjectIds(v, attach, dev, fence, fences, ctx, syncFile, sgt, cb);
    }

    public ObjectIds withAttach(String v) {
        return new ObjectIds(buf, v, dev, fence, fences, ctx, syncFile, sgt, cb);
    }

    public ObjectIds withDev(String v) {
        return new ObjectIds(buf, attach, v, fence, fences, ctx, syncFile, sgt, cb);
    }

    public ObjectIds withFence(String v) {
        return new ObjectIds(buf, attach, dev, v, fences, ctx, syncFile, sgt, cb);
    }

    public ObjectIds withFences(List<String> v) {
        return new ObjectIds(buf, attach, dev, fence, v, ctx, syncFile, sgt, cb);
    }

    public ObjectIds withCtx(String v) {
        return new ObjectIds(buf, attach, dev, fence, fences, v, syncFile, sgt, cb);
    }

    public ObjectIds withSyncFile(String v) {
        return new ObjectIds(buf, attach, dev, fence, fences, ctx, v, sgt, cb);
    }

    public ObjectIds withSgt(String v) {
        return new ObjectIds(buf, attach, dev, fence, fences, ctx, syncFile, v, cb);
    }

    public ObjectIds withCb(String v) {
        return new ObjectIds(buf, attach, dev, fence, fences, ctx, syncFile, sgt, v);
    }
}
