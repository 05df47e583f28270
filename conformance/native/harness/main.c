/* dmabuf-native: exercises the dma-heap, udmabuf, vgem-fence and sync_file uAPI of the
 * running kernel, prints KTAP on stdout and writes one trace per scenario (header ...
 * end, one after another) to --trace. Scenario names say where each case comes from.
 * Usage: dmabuf-native [--list] [--trace FILE] [SCENARIO...]   (no names = all) */
#define _GNU_SOURCE
#include "trace.h"
#include "uapi.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define HEAP "/dev/dma_heap/system"
#define KiB 1024ULL
#define MiB (1024ULL * 1024ULL)

/* ---- per-scenario verdict ---- */
enum verdict { PASS, FAIL, SKIP };
static enum verdict verdict;
static char skip_reason[160];

#define EXPECT(cond, ...) do { if (!(cond)) { printf("# %s:%d: ", __func__, __LINE__); \
    printf(__VA_ARGS__); printf("\n"); verdict = FAIL; } } while (0)
/* Expect a traced call to return want (0 or -errno). */
#define EXPECT_RC(call, want) do { int _r = (call); EXPECT(_r == (want), "%s returned %s, expected %s", \
    #call, _r ? errno_name(-_r) : "0", (want) ? errno_name(-(want)) : "0"); } while (0)
#define REQUIRE(cond, ...) do { if (!(cond)) { EXPECT(0, __VA_ARGS__); return; } } while (0)
static void skip(const char *why) { verdict = SKIP; snprintf(skip_reason, sizeof skip_reason, "%s", why); }

static bool busy_in(int fd) { return !(t_poll_buf(fd, POLLIN) & POLLIN); }
static bool busy_out(int fd) { return !(t_poll_buf(fd, POLLOUT) & POLLOUT); }
static bool sf_busy(int sf) { return !(t_poll_sync_file(sf) & POLLIN); }

static int heap_open(void) { return open(HEAP, O_RDONLY | O_CLOEXEC); }

static int alloc(int heap, uint64_t len, int *fd) {
    return t_heap_alloc(heap, "system", len, O_RDWR | O_CLOEXEC, 0, DMA_HEAP_IOCTL_ALLOC,
                        sizeof(struct dma_heap_allocation_data), fd);
}

/* A heap buffer imported into a vgem file: the fixture of the fence scenarios. */
struct shared { int heap, buf; struct drm_file_t drm; uint32_t handle; };

static bool shared_setup(struct shared *s, uint64_t len) {
    s->heap = heap_open();
    if (s->heap < 0) { EXPECT(0, "open %s: %s", HEAP, strerror(errno)); return false; }
    if (drm_open_vgem(&s->drm) != 0) { EXPECT(0, "no vgem DRM device (/dev/dri/card*)"); close(s->heap); return false; }
    int r = alloc(s->heap, len, &s->buf);
    if (r) { EXPECT(0, "alloc: %s", errno_name(-r)); return false; }
    r = t_prime_fd_to_handle(&s->drm, s->buf, &s->handle);
    if (r) { EXPECT(0, "PRIME_FD_TO_HANDLE: %s", errno_name(-r)); return false; }
    return true;
}

static void shared_teardown(struct shared *s) {
    EXPECT_RC(t_gem_close(&s->drm, s->handle), 0);
    EXPECT_RC(t_close_buf(s->buf), 0);
    EXPECT_RC(t_drm_close(&s->drm), 0);
    close(s->heap);
}

static uint32_t attach(struct shared *s, uint32_t flags) {
    uint32_t f = 0;
    EXPECT_RC(t_vgem_fence_attach(&s->drm, s->handle, flags, 0, &f), 0);
    return f;
}

/* ======== kselftest tools/testing/selftests/dmabuf-heaps/dmabuf-heap.c ======== */

static void ks_alloc_and_import(void) {
    int heap = heap_open();
    REQUIRE(heap >= 0, "open %s: %s", HEAP, strerror(errno));
    int buf;
    void *p;
    REQUIRE(alloc(heap, 1 * MiB, &buf) == 0, "alloc 1 MiB failed");
    EXPECT_RC(t_mmap(buf, 1 * MiB, &p), 0);
    EXPECT_RC(t_sync(buf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW), 0);
    if (p) memset(p, 0xff, 1 * MiB);
    EXPECT_RC(t_sync(buf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW), 0);
    struct drm_file_t drm;
    if (drm_open_vgem(&drm) != 0) {
        skip("no vgem device");
    } else {
        uint32_t h;
        EXPECT_RC(t_prime_fd_to_handle(&drm, buf, &h), 0);
        EXPECT_RC(t_sync(buf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW), 0);
        if (p) memset(p, 0x0, 1 * MiB);
        EXPECT_RC(t_sync(buf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW), 0);
        EXPECT_RC(t_gem_close(&drm, h), 0);
        EXPECT_RC(t_drm_close(&drm), 0);
    }
    if (p) EXPECT_RC(t_munmap(buf, p, 1 * MiB), 0);
    EXPECT_RC(t_close_buf(buf), 0);
    close(heap);
}

static void ks_alloc_zeroed(void) {
    int heap = heap_open();
    REQUIRE(heap >= 0, "open %s: %s", HEAP, strerror(errno));
    const uint64_t sizes[] = { 4 * KiB, 1 * MiB };
    for (int s = 0; s < 2; s++) {
        uint64_t size = sizes[s];
        int fds[32];
        for (int i = 0; i < 32; i++) {
            void *p;
            REQUIRE(alloc(heap, size, &fds[i]) == 0, "alloc %d failed", i);
            EXPECT_RC(t_mmap(fds[i], size, &p), 0);
            if (!p) continue;
            EXPECT_RC(t_sync(fds[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW), 0);
            memset(p, 0xff, size);
            EXPECT_RC(t_sync(fds[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW), 0);
            EXPECT_RC(t_munmap(fds[i], p, size), 0);
        }
        for (int i = 0; i < 32; i++) EXPECT_RC(t_close_buf(fds[i]), 0);
        for (int i = 0; i < 32; i++) {
            void *p;
            REQUIRE(alloc(heap, size, &fds[i]) == 0, "alloc %d failed", i);
            EXPECT_RC(t_mmap(fds[i], size, &p), 0);
            if (!p) continue;
            EXPECT_RC(t_sync(fds[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ), 0);
            for (uint64_t j = 0; j < size; j++)
                if (((unsigned char *)p)[j]) { EXPECT(0, "buffer %d of %llu bytes not zeroed at %llu", i, (unsigned long long)size, (unsigned long long)j); break; }
            EXPECT_RC(t_sync(fds[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ), 0);
            EXPECT_RC(t_munmap(fds[i], p, size), 0);
        }
        for (int i = 0; i < 32; i++) EXPECT_RC(t_close_buf(fds[i]), 0);
    }
    close(heap);
}

static void ks_alloc_compat(void) {
    int heap = heap_open();
    REQUIRE(heap >= 0, "open %s: %s", HEAP, strerror(errno));
    int fd;
    /* Older struct without heap_flags (16 bytes), and newer with three trailing u64s. */
    int r = t_heap_alloc(heap, "system", 4 * KiB, O_RDWR | O_CLOEXEC, 0, _IOWR('H', 0x0, char[16]), 16, &fd);
    EXPECT(r == 0, "older struct: %s", r ? errno_name(-r) : "0");
    if (!r) EXPECT_RC(t_close_buf(fd), 0);
    r = t_heap_alloc(heap, "system", 4 * KiB, O_RDWR | O_CLOEXEC, 0, _IOWR('H', 0x0, char[48]), 48, &fd);
    EXPECT(r == 0, "newer struct: %s", r ? errno_name(-r) : "0");
    if (!r) EXPECT_RC(t_close_buf(fd), 0);
    close(heap);
}

static void ks_alloc_errors(void) {
    int heap = heap_open();
    REQUIRE(heap >= 0, "open %s: %s", HEAP, strerror(errno));
    int fd, bad = open("/dev/null", O_RDONLY | O_CLOEXEC);
    /* invalid heap fd: the ioctl goes to a file that is not a heap */
    int r = t_heap_alloc(bad, "/dev/null", 4 * KiB, O_RDWR | O_CLOEXEC, 0, DMA_HEAP_IOCTL_ALLOC, 24, &fd);
    EXPECT(r < 0, "allocation through a non-heap fd succeeded");
    close(bad);
    EXPECT_RC(t_heap_alloc(heap, "system", 4 * KiB, O_RDWR | O_CLOEXEC, 0x111111, DMA_HEAP_IOCTL_ALLOC, 24, &fd), -EINVAL);
    EXPECT_RC(t_heap_alloc(heap, "system", 4 * KiB, ~(O_RDWR | O_CLOEXEC), 0, DMA_HEAP_IOCTL_ALLOC, 24, &fd), -EINVAL);
    close(heap);
}

/* ======== IGT tests/dmabuf_sync_file.c (vgem exporter replaced by a heap buffer imported into vgem) ======== */

static void igt_export_basic(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    int sr, sw, srw;
    EXPECT(!busy_in(s.buf) && !busy_out(s.buf), "idle buffer reported busy");
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_READ, &sr), 0);
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_WRITE, &sw), 0);
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_RW, &srw), 0);
    EXPECT(!sf_busy(sr) && !sf_busy(sw) && !sf_busy(srw), "exports of an idle buffer are busy");
    sync_file_close(sr); sync_file_close(sw); sync_file_close(srw);

    uint32_t f = attach(&s, 0);  /* read fence */
    EXPECT(!busy_in(s.buf), "read fence blocks POLLIN");
    EXPECT(busy_out(s.buf), "read fence does not block POLLOUT");
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_READ, &sr), 0);
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_WRITE, &sw), 0);
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_RW, &srw), 0);
    EXPECT(!sf_busy(sr), "READ export waits for a read fence");
    EXPECT(sf_busy(sw) && sf_busy(srw), "WRITE/RW export ignores a read fence");
    sync_file_close(sr); sync_file_close(sw); sync_file_close(srw);
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f, 0), 0);

    f = attach(&s, VGEM_FENCE_WRITE);
    EXPECT(busy_in(s.buf) && busy_out(s.buf), "write fence does not block both directions");
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_READ, &sr), 0);
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_WRITE, &sw), 0);
    EXPECT(sf_busy(sr) && sf_busy(sw), "exports ignore a write fence");
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f, 0), 0);
    EXPECT(!busy_in(s.buf) && !busy_out(s.buf), "signalled buffer still busy");
    EXPECT(!sf_busy(sr) && !sf_busy(sw), "exports still busy after the signal");
    sync_file_close(sr); sync_file_close(sw);
    shared_teardown(&s);
}

static void igt_export_before_signal(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    int sr, sw;
    uint32_t f = attach(&s, 0);
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_READ, &sr), 0);
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_WRITE, &sw), 0);
    EXPECT(!sf_busy(sr), "READ export of a read fence is busy");
    EXPECT(sf_busy(sw), "WRITE export of a read fence is idle");
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f, 0), 0);
    EXPECT(!sf_busy(sr) && !sf_busy(sw), "exports busy after the signal");
    sync_file_close(sr); sync_file_close(sw);

    f = attach(&s, VGEM_FENCE_WRITE);
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_READ, &sr), 0);
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_WRITE, &sw), 0);
    EXPECT(sf_busy(sr) && sf_busy(sw), "exports of a write fence are idle");
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f, 0), 0);
    EXPECT(!sf_busy(sr) && !sf_busy(sw), "exports busy after the signal");
    sync_file_close(sr); sync_file_close(sw);
    shared_teardown(&s);
}

static void igt_export_multiwait(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    int sw;
    uint32_t f1 = attach(&s, 0), f2 = attach(&s, 0);
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_WRITE, &sw), 0);
    uint32_t f3 = attach(&s, 0);  /* after the export: not in its snapshot */
    EXPECT(sf_busy(sw), "WRITE export with two read fences is idle");
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f1, 0), 0);
    EXPECT(sf_busy(sw), "WRITE export idle after only the first of two fences signalled");
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f2, 0), 0);
    EXPECT(!sf_busy(sw), "WRITE export waits for a fence added after it");
    EXPECT(busy_out(s.buf), "buffer not busy for write with a read fence pending");
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f3, 0), 0);
    EXPECT(!busy_out(s.buf), "buffer busy after every fence signalled");
    sync_file_close(sw);
    shared_teardown(&s);
}

static void igt_export_wait_after_attach(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    int sr0, sw0, sr1, sw1;
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_READ, &sr0), 0);
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_WRITE, &sw0), 0);
    uint32_t f1 = attach(&s, VGEM_FENCE_WRITE);
    EXPECT(!sf_busy(sr0) && !sf_busy(sw0), "exports taken before the fence wait for it");
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_READ, &sr1), 0);
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_WRITE, &sw1), 0);
    EXPECT(sf_busy(sr1) && sf_busy(sw1), "exports taken after the fence are idle");
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f1, 0), 0);
    uint32_t f2 = attach(&s, VGEM_FENCE_WRITE);
    EXPECT(!sf_busy(sr1) && !sf_busy(sw1), "exports wait for a later fence");
    EXPECT(busy_in(s.buf), "buffer not busy with the later write fence");
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f2, 0), 0);
    sync_file_close(sr0); sync_file_close(sw0); sync_file_close(sr1); sync_file_close(sw1);
    shared_teardown(&s);
}

/* IGT import-basic imports sw_sync fences, and trixie has no SW_SYNC: the fence here is
 * a vgem write fence exported from one buffer and imported into a udmabuf. */
static int make_udmabuf(int *memfd, uint64_t size, int *buf) {
    *memfd = memfd_create("dmabuf-native", MFD_ALLOW_SEALING | MFD_CLOEXEC);
    if (*memfd < 0 || ftruncate(*memfd, (off_t)size) != 0) return -errno;
    if (fcntl(*memfd, F_ADD_SEALS, F_SEAL_SHRINK) != 0) return -errno;
    int dev = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
    if (dev < 0) return -errno;
    int r = t_udmabuf_create(dev, *memfd, 0, size, buf);
    close(dev);
    return r;
}

static void igt_import_basic_vgem(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    int memfd, ubuf, sw;
    int r = make_udmabuf(&memfd, 4 * KiB, &ubuf);
    REQUIRE(r == 0, "udmabuf: %s", errno_name(-r));
    uint32_t f = attach(&s, VGEM_FENCE_WRITE);
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_WRITE, &sw), 0);
    EXPECT(!busy_in(ubuf) && !busy_out(ubuf), "fresh udmabuf busy");
    EXPECT_RC(t_import_sync_file(ubuf, DMA_BUF_SYNC_READ, sw), 0);
    EXPECT(!busy_in(ubuf), "READ import blocks POLLIN");
    EXPECT(busy_out(ubuf), "READ import does not block POLLOUT");
    EXPECT_RC(t_import_sync_file(ubuf, DMA_BUF_SYNC_WRITE, sw), 0);
    EXPECT(busy_in(ubuf) && busy_out(ubuf), "WRITE import does not block both directions");
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f, 0), 0);
    EXPECT(!busy_in(ubuf) && !busy_out(ubuf), "udmabuf busy after the imported fence signalled");
    EXPECT_RC(t_import_sync_file(ubuf, 0, sw), -EINVAL);
    sync_file_close(sw);
    EXPECT_RC(t_close_buf(ubuf), 0);
    close(memfd);
    shared_teardown(&s);
}

/* ======== IGT tests/vgem_basic.c ======== */

static void vgem_busy_fence(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    uint32_t f = attach(&s, 0), w;
    EXPECT_RC(t_vgem_fence_attach(&s.drm, s.handle, VGEM_FENCE_WRITE, 0, &w), -EBUSY);
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f, 0), 0);
    EXPECT_RC(t_vgem_fence_attach(&s.drm, s.handle, VGEM_FENCE_WRITE, 0, &w), 0);
    EXPECT_RC(t_vgem_fence_attach(&s.drm, s.handle, 0, 0, &f), -EBUSY);
    EXPECT_RC(t_vgem_fence_signal(&s.drm, w, 0), 0);
    shared_teardown(&s);
}

static void vgem_bad_flag(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    uint32_t f;
    EXPECT_RC(t_vgem_fence_attach(&s.drm, s.handle, 0xff, 0, &f), -EINVAL);
    f = attach(&s, 0);
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f, 0xff), -EINVAL);
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f, 0), 0);
    shared_teardown(&s);
}

static void vgem_bad_pad(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    uint32_t f;
    EXPECT_RC(t_vgem_fence_attach(&s.drm, s.handle, 0, 1, &f), -EINVAL);
    EXPECT_RC(t_vgem_fence_attach(&s.drm, s.handle, VGEM_FENCE_WRITE, 1, &f), -EINVAL);
    EXPECT(!busy_out(s.buf), "a rejected attach left a fence");
    shared_teardown(&s);
}

static void vgem_bad_handle(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    uint32_t f;
    EXPECT_RC(t_vgem_fence_attach(&s.drm, 0xdeadbeef, 0, 0, &f), -ENOENT);
    shared_teardown(&s);
}

static void vgem_bad_fence(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    EXPECT_RC(t_vgem_fence_signal(&s.drm, 0xdeadbeef, 0), -ENOENT);
    uint32_t f = attach(&s, VGEM_FENCE_WRITE);
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f, 0), 0);
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f, 0), -ENOENT);  /* consumed */
    shared_teardown(&s);
}

/* ======== udmabuf (drivers/dma-buf/udmabuf.c seal rules; B20/B21) ======== */

static void udmabuf_sealing(void) {
    int dev = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
    REQUIRE(dev >= 0, "open /dev/udmabuf: %s", strerror(errno));
    const uint64_t size = 4 * 4 * KiB;
    int seal_sets[] = { 0, F_SEAL_SHRINK | F_SEAL_WRITE, F_SEAL_SHRINK | F_SEAL_FUTURE_WRITE, F_SEAL_SHRINK };
    int want[] = { -EINVAL, -EINVAL, -EINVAL, 0 };
    for (int i = 0; i < 4; i++) {
        int memfd = memfd_create("dmabuf-native", MFD_ALLOW_SEALING | MFD_CLOEXEC), buf = -1;
        REQUIRE(memfd >= 0 && ftruncate(memfd, (off_t)size) == 0, "memfd: %s", strerror(errno));
        if (seal_sets[i]) REQUIRE(fcntl(memfd, F_ADD_SEALS, seal_sets[i]) == 0, "F_ADD_SEALS: %s", strerror(errno));
        EXPECT_RC(t_udmabuf_create(dev, memfd, 0, size, &buf), want[i]);
        if (want[i] == 0 && buf >= 0) {
            /* misaligned size and a range past the memfd are refused too */
            int b2;
            EXPECT_RC(t_udmabuf_create(dev, memfd, 0, size - 1, &b2), -EINVAL);
            void *p;
            EXPECT_RC(t_mmap(buf, size, &p), 0);
            /* the udmabuf shares its pages with the memfd */
            char c = 0x5a;
            EXPECT(pwrite(memfd, &c, 1, 4096) == 1, "pwrite");
            if (p) {
                EXPECT_RC(t_sync(buf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ), 0);
                EXPECT(((char *)p)[4096] == 0x5a, "udmabuf does not see the memfd's data");
                EXPECT_RC(t_sync(buf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ), 0);
                EXPECT_RC(t_munmap(buf, p, size), 0);
            }
            EXPECT_RC(t_close_buf(buf), 0);
        }
        close(memfd);
    }
    int notmem = open("/dev/null", O_RDWR | O_CLOEXEC), buf;
    int r = t_udmabuf_create(dev, notmem, 0, size, &buf);
    EXPECT(r == -EBADFD || r == -EINVAL, "non-shmem fd gave %s, expected EBADFD", r ? errno_name(-r) : "0");
    close(notmem);
    close(dev);
}

/* ======== dma-buf fd ioctl validation (drivers/dma-buf/dma-buf.c dma_buf_ioctl) ======== */

static void dmabuf_ioctl_errors(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    int sf;
    EXPECT_RC(t_sync(s.buf, 0x8), -EINVAL);                      /* a bit outside DMA_BUF_SYNC_VALID_FLAGS_MASK */
    EXPECT_RC(t_sync(s.buf, DMA_BUF_SYNC_START), -EINVAL);       /* neither READ nor WRITE */
    EXPECT_RC(t_set_name(s.buf, "dmabuf-native"), 0);            /* allowed while attached (6.1+) */
    EXPECT_RC(t_set_name(s.buf, "a-name-of-thirty-two-characters!"), -EINVAL);  /* DMA_BUF_NAME_LEN 32 incl. NUL */
    EXPECT_RC(t_export_sync_file(s.buf, 0, &sf), -EINVAL);
    int notsf = open("/dev/null", O_RDONLY | O_CLOEXEC);
    EXPECT_RC(t_import_sync_file(s.buf, DMA_BUF_SYNC_WRITE, notsf), -EINVAL);
    close(notsf);
    shared_teardown(&s);
}

/* ======== vgem fence lifetime ======== */

static void vgem_fence_timeout(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    uint32_t f = attach(&s, VGEM_FENCE_WRITE);
    EXPECT(busy_in(s.buf), "write fence not pending");
    /* VGEM_FENCE_TIMEOUT is 10*HZ: the fence signals itself, nobody calls anything. */
    sleep(11);
    EXPECT(!busy_in(s.buf) && !busy_out(s.buf), "vgem fence still pending after 11 s");
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f, 0), -ETIMEDOUT);
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f, 0), -ENOENT);
    shared_teardown(&s);
}

static void vgem_gem_close_pending_fence(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    uint32_t f = attach(&s, VGEM_FENCE_WRITE);
    EXPECT_RC(t_gem_close(&s.drm, s.handle), 0);
    EXPECT(busy_in(s.buf), "GEM_CLOSE released the pending fence");
    EXPECT_RC(t_vgem_fence_signal(&s.drm, f, 0), 0);
    EXPECT(!busy_in(s.buf) && !busy_out(s.buf), "buffer busy after the signal");
    EXPECT_RC(t_gem_close(&s.drm, s.handle), -EINVAL);  /* handle already gone */
    EXPECT_RC(t_close_buf(s.buf), 0);
    EXPECT_RC(t_drm_close(&s.drm), 0);
    close(s.heap);
}

static void vgem_drm_close_signals(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    int sw;
    attach(&s, VGEM_FENCE_WRITE);
    EXPECT_RC(t_export_sync_file(s.buf, DMA_BUF_SYNC_WRITE, &sw), 0);
    EXPECT(sf_busy(sw) && busy_in(s.buf), "write fence not pending");
    /* vgem_fence_close signals every outstanding fence of the file; the import goes too. */
    EXPECT_RC(t_drm_close(&s.drm), 0);
    EXPECT(!sf_busy(sw), "exported sync_file still busy after the DRM fd closed");
    EXPECT(!busy_in(s.buf) && !busy_out(s.buf), "buffer busy after the DRM fd closed");
    sync_file_close(sw);
    EXPECT_RC(t_close_buf(s.buf), 0);
    close(s.heap);
}

/* ======== two threads: a fencing thread against a CPU-access thread ======== */

#define ROUNDS 8
struct race { struct shared *s; sem_t armed, done; int64_t signal_start[ROUNDS], signal_end[ROUNDS],
              sync_start[ROUNDS], sync_end[ROUNDS]; void *map; };

static void *fencer(void *arg) {
    struct race *r = arg;
    thread_name = "fencer";
    for (int i = 0; i < ROUNDS; i++) {
        uint32_t f = 0;
        int rc = t_vgem_fence_attach(&r->s->drm, r->s->handle, VGEM_FENCE_WRITE, 0, &f);
        sem_post(&r->armed);
        if (rc) { EXPECT(0, "round %d: attach %s", i, errno_name(-rc)); sem_wait(&r->done); continue; }
        usleep(40000);  /* the CPU thread is now blocked in SYNC START */
        r->signal_start[i] = now_ns();
        EXPECT_RC(t_vgem_fence_signal(&r->s->drm, f, 0), 0);
        r->signal_end[i] = now_ns();
        sem_wait(&r->done);
    }
    return NULL;
}

static void *cpu_access(void *arg) {
    struct race *r = arg;
    thread_name = "cpu";
    for (int i = 0; i < ROUNDS; i++) {
        sem_wait(&r->armed);
        r->sync_start[i] = now_ns();
        EXPECT_RC(t_sync(r->s->buf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ), 0);
        r->sync_end[i] = now_ns();
        volatile char c = ((char *)r->map)[0];
        (void)c;
        EXPECT_RC(t_sync(r->s->buf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ), 0);
        sem_post(&r->done);
    }
    return NULL;
}

static void threads_fence_vs_cpu_access(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    struct race r = { .s = &s };
    EXPECT_RC(t_mmap(s.buf, 4 * KiB, &r.map), 0);
    if (!r.map) { shared_teardown(&s); return; }
    sem_init(&r.armed, 0, 0);
    sem_init(&r.done, 0, 0);
    /* Snapshots would be taken after the fact by either thread: not the state "after" an op. */
    snapshots = false;
    pthread_t a, b;
    pthread_create(&a, NULL, fencer, &r);
    pthread_create(&b, NULL, cpu_access, &r);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    snapshots = true;
    int overlaps = 0;
    for (int i = 0; i < ROUNDS; i++) {
        EXPECT(r.sync_end[i] >= r.signal_start[i], "round %d: SYNC START|READ returned before the write fence was signalled", i);
        if (r.sync_start[i] < r.signal_end[i] && r.signal_start[i] < r.sync_end[i]) overlaps++;
    }
    printf("# %d of %d rounds had SYNC START overlapping the signal\n", overlaps, ROUNDS);
    EXPECT(overlaps > 0, "no overlapping intervals: the scenario tested nothing concurrent");
    EXPECT_RC(t_munmap(s.buf, r.map, 4 * KiB), 0);
    shared_teardown(&s);
}

/* A CPU writer blocked behind a vgem fence is released when the fence's DRM file is closed. */
struct waiter { struct shared *s; sem_t started; int64_t returned; int rc; };

static void *blocked_writer(void *arg) {
    struct waiter *w = arg;
    thread_name = "cpu";
    sem_post(&w->started);
    w->rc = t_sync(w->s->buf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
    w->returned = now_ns();
    if (w->rc == 0) EXPECT_RC(t_sync(w->s->buf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE), 0);
    return NULL;
}

static void threads_drm_close_releases_waiter(void) {
    struct shared s;
    if (!shared_setup(&s, 4 * KiB)) return;
    struct waiter w = { .s = &s };
    sem_init(&w.started, 0, 0);
    attach(&s, 0);  /* a read fence: a CPU write must wait for it */
    snapshots = false;
    pthread_t t;
    pthread_create(&t, NULL, blocked_writer, &w);
    sem_wait(&w.started);
    usleep(60000);  /* the writer is now inside SYNC START */
    EXPECT(w.returned == 0, "SYNC START|WRITE returned while a read fence was pending");
    int64_t closing = now_ns();
    EXPECT_RC(t_drm_close(&s.drm), 0);
    pthread_join(t, NULL);
    snapshots = true;
    EXPECT(w.rc == 0, "SYNC START|WRITE failed: %s", w.rc ? errno_name(-w.rc) : "0");
    EXPECT(w.returned >= closing, "the writer returned before the DRM fd was closed");
    EXPECT(!busy_out(s.buf), "buffer busy after the DRM fd closed");
    EXPECT_RC(t_close_buf(s.buf), 0);
    close(s.heap);
}

/* ======== registry ======== */

static const struct scenario { const char *name; void (*fn)(void); bool slow; } scenarios[] = {
    { "kselftest/dmabuf-heaps/alloc-and-import", ks_alloc_and_import, false },
    { "kselftest/dmabuf-heaps/alloc-zeroed", ks_alloc_zeroed, false },
    { "kselftest/dmabuf-heaps/alloc-compat", ks_alloc_compat, false },
    { "kselftest/dmabuf-heaps/alloc-errors", ks_alloc_errors, false },
    { "igt/dmabuf_sync_file/export-basic", igt_export_basic, false },
    { "igt/dmabuf_sync_file/export-before-signal", igt_export_before_signal, false },
    { "igt/dmabuf_sync_file/export-multiwait", igt_export_multiwait, false },
    { "igt/dmabuf_sync_file/export-wait-after-attach", igt_export_wait_after_attach, false },
    { "igt/dmabuf_sync_file/import-basic-vgem", igt_import_basic_vgem, false },
    { "igt/vgem_basic/busy-fence", vgem_busy_fence, false },
    { "igt/vgem_basic/bad-flag", vgem_bad_flag, false },
    { "igt/vgem_basic/bad-pad", vgem_bad_pad, false },
    { "igt/vgem_basic/bad-handle", vgem_bad_handle, false },
    { "igt/vgem_basic/bad-fence", vgem_bad_fence, false },
    { "udmabuf/sealing", udmabuf_sealing, false },
    { "dma-buf/ioctl-errors", dmabuf_ioctl_errors, false },
    { "vgem/gem-close-pending-fence", vgem_gem_close_pending_fence, false },
    { "vgem/drm-close-signals", vgem_drm_close_signals, false },
    { "threads/fence-vs-cpu-access", threads_fence_vs_cpu_access, false },
    { "threads/drm-close-releases-waiter", threads_drm_close_releases_waiter, false },
    { "vgem/fence-timeout", vgem_fence_timeout, true },
};
#define N_SCENARIOS (sizeof scenarios / sizeof scenarios[0])

int main(int argc, char **argv) {
    const char *trace = NULL;
    const struct scenario *run[N_SCENARIOS];
    size_t n = 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--list")) {
            for (size_t j = 0; j < N_SCENARIOS; j++)
                printf("%s%s\n", scenarios[j].name, scenarios[j].slow ? "\tslow" : "");
            return 0;
        } else if (!strcmp(argv[i], "--trace") && i + 1 < argc) {
            trace = argv[++i];
        } else {
            size_t j;
            for (j = 0; j < N_SCENARIOS && strcmp(scenarios[j].name, argv[i]); j++) {}
            if (j == N_SCENARIOS) { fprintf(stderr, "dmabuf-native: unknown scenario %s (see --list)\n", argv[i]); return 2; }
            run[n++] = &scenarios[j];
        }
    }
    if (!trace) { fprintf(stderr, "usage: dmabuf-native [--list] --trace FILE [SCENARIO...]\n"); return 2; }
    if (n == 0) for (size_t j = 0; j < N_SCENARIOS; j++) run[n++] = &scenarios[j];
    int r = trace_open(trace);
    if (r) { fprintf(stderr, "dmabuf-native: cannot open %s: %s\n", trace, strerror(-r)); return 2; }

    printf("TAP version 13\n1..%zu\n", n);
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        verdict = PASS;
        skip_reason[0] = 0;
        trace_begin(run[i]->name);
        run[i]->fn();
        trace_end(verdict == FAIL ? 1 : 0);
        if (verdict == FAIL) failed++;
        if (verdict == SKIP) printf("ok %zu %s # SKIP %s\n", i + 1, run[i]->name, skip_reason);
        else printf("%sok %zu %s\n", verdict == FAIL ? "not " : "", i + 1, run[i]->name);
    }
    printf("# Totals: pass:%zu fail:%d\n", n - (size_t)failed, failed);
    return failed ? 1 : 0;
}
