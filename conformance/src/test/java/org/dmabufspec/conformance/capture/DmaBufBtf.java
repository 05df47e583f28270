package org.dmabufspec.conformance.capture;

/**
 * A made-up kernel's BTF with the dma-buf functions and structs the recorder probes (offsets
 * chosen here, not any real kernel's), without dma_buf_move_notify and
 * dma_fence_enable_sw_signaling unless asked: a kernel where those two cannot be probed.
 */
public final class DmaBufBtf {
    private DmaBufBtf() {
    }

    public static byte[] build(boolean all) {
        BtfBuilder b = new BtfBuilder();
        int integer = b.integer("int", 4);
        int lng = b.integer("long", 8);
        int ulong = b.integer("unsigned long", 8);
        int uint = b.integer("unsigned int", 4);
        int u64 = b.typedef("u64", b.integer("unsigned long long", 8));
        int bool = b.integer("_Bool", 1);
        int chr = b.integer("char", 1);
        int sizeT = b.typedef("size_t", ulong);
        int voidp = b.pointer(0);
        int dir = b.enumeration("dma_data_direction", "DMA_BIDIRECTIONAL", "DMA_TO_DEVICE", "DMA_FROM_DEVICE");
        int usage = b.enumeration("dma_resv_usage", "DMA_RESV_USAGE_KERNEL", "DMA_RESV_USAGE_WRITE");
        int kobject = b.struct("kobject", false, 64, "name", b.pointer(b.constOf(chr)), 0);
        int device = b.pointer(b.struct("device", false, 512, "parent", voidp, 0, "kobj", kobject, 16));
        int atomicLong = b.typedef("atomic_long_t", b.struct("", false, 8, "counter", lng, 0));
        int fileUnion = b.struct("", true, 16, "f_count", atomicLong, 0, "f_llist", voidp, 0);
        int file = b.pointer(b.struct("file", false, 256, "f_mode", uint, 0, "", fileUnion, 48));
        int resv = b.pointer(b.struct("dma_resv", false, 64, "lock", voidp, 0));
        int ops = b.struct("dma_buf_ops", false, 128, "cache_sgt_mapping", bool, 0, "attach", voidp, 8, "pin", voidp, 24);
        int buf = b.pointer(b.struct("dma_buf", false, 256, "size", sizeT, 0, "file", file, 8,
                "ops", b.pointer(b.constOf(ops)), 32, "resv", resv, 216));
        int info = b.pointer(b.constOf(b.struct("dma_buf_export_info", false, 64, "exp_name", b.pointer(b.constOf(chr)), 0,
                "owner", voidp, 8, "ops", b.pointer(b.constOf(ops)), 16, "size", sizeT, 24, "resv", resv, 40)));
        int att = b.pointer(b.struct("dma_buf_attachment", false, 64, "dmabuf", buf, 0, "dev", device, 8));
        int attOps = b.pointer(b.constOf(b.struct("dma_buf_attach_ops", false, 16, "allow_peer2peer", bool, 0, "move_notify", voidp, 8)));
        int dentry = b.pointer(b.struct("dentry", false, 192, "d_flags", uint, 0, "d_fsdata", voidp, 120));
        int ctx = b.pointer(b.struct("ww_acquire_ctx", false, 32, "task", voidp, 0, "stamp", ulong, 8));
        int ww = b.pointer(b.struct("ww_mutex", false, 48, "ctx", ctx, 32));
        int sgt = b.pointer(b.struct("sg_table", false, 16, "nents", uint, 8));
        int fence = b.pointer(b.struct("dma_fence", false, 64, "seqno", u64, 40));
        int cb = b.pointer(b.forward("dma_fence_cb"));
        int map = b.pointer(b.forward("iosys_map"));
        b.function("dma_buf_export", buf, "exp_info", info);
        b.function("dma_buf_get", buf, "fd", integer);
        b.function("dma_buf_put", 0, "dmabuf", buf);
        b.function("dma_buf_release", 0, "dentry", dentry);
        b.function("dma_buf_attach", att, "dmabuf", buf, "dev", device);
        b.function("dma_buf_dynamic_attach", att, "dmabuf", buf, "dev", device, "importer_ops", attOps, "importer_priv", voidp);
        b.function("dma_buf_detach", 0, "dmabuf", buf, "attach", att);
        b.function("dma_buf_pin", integer, "attach", att);
        b.function("dma_buf_unpin", 0, "attach", att);
        for (String f : new String[] {"dma_buf_map_attachment", "dma_buf_map_attachment_unlocked"}) {
            b.function(f, sgt, "attach", att, "direction", dir);
        }
        for (String f : new String[] {"dma_buf_unmap_attachment", "dma_buf_unmap_attachment_unlocked"}) {
            b.function(f, 0, "attach", att, "sg_table", sgt, "direction", dir);
        }
        if (all) {
            b.function("dma_buf_move_notify", 0, "dmabuf", buf);
        }
        b.function("dma_buf_begin_cpu_access", integer, "dmabuf", buf, "direction", dir);
        b.function("dma_buf_end_cpu_access", integer, "dmabuf", buf, "direction", dir);
        for (String f : new String[] {"dma_buf_vmap", "dma_buf_vmap_unlocked"}) {
            b.function(f, integer, "dmabuf", buf, "map", map);
        }
        for (String f : new String[] {"dma_buf_vunmap", "dma_buf_vunmap_unlocked"}) {
            b.function(f, 0, "dmabuf", buf, "map", map);
        }
        b.function("ww_mutex_lock", integer, "lock", ww, "ctx", ctx);
        b.function("ww_mutex_lock_interruptible", integer, "lock", ww, "ctx", ctx);
        b.function("ww_mutex_trylock", integer, "ww", ww, "ww_ctx", ctx);
        b.function("ww_mutex_unlock", 0, "lock", ww);
        b.function("dma_resv_reserve_fences", integer, "obj", resv, "num_fences", uint);
        b.function("dma_resv_add_fence", 0, "obj", resv, "fence", fence, "usage", usage);
        b.function("dma_resv_test_signaled", bool, "obj", resv, "usage", usage);
        b.function("dma_resv_wait_timeout", lng, "obj", resv, "usage", usage, "intr", bool, "timeout", ulong);
        b.function("dma_fence_init", 0, "fence", fence, "ops", voidp, "lock", voidp, "context", u64, "seqno", u64);
        for (String f : new String[] {"dma_fence_signal", "dma_fence_signal_locked"}) {
            b.function(f, integer, "fence", fence);
        }
        for (String f : new String[] {"dma_fence_signal_timestamp", "dma_fence_signal_timestamp_locked"}) {
            b.function(f, integer, "fence", fence, "timestamp", lng);
        }
        b.function("dma_fence_add_callback", integer, "fence", fence, "cb", cb, "func", voidp);
        b.function("dma_fence_remove_callback", bool, "fence", fence, "cb", cb);
        b.function("dma_fence_wait_timeout", lng, "fence", fence, "intr", bool, "timeout", lng);
        if (all) {
            b.function("dma_fence_enable_sw_signaling", 0, "fence", fence);
        }
        return b.bytes();
    }
}
