/* Trace writer and traced uAPI calls; see trace.h. */
#define _GNU_SOURCE
#include "trace.h"
#include "uapi.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* ---------------- JSON builder ---------------- */

void jb_init(struct jb *b) { b->cap = 256; b->len = 0; b->s = malloc(b->cap); b->s[0] = 0; }
void jb_free(struct jb *b) { free(b->s); b->s = NULL; }

static void jb_grow(struct jb *b, size_t need) {
    if (b->len + need + 1 <= b->cap) return;
    while (b->len + need + 1 > b->cap) b->cap *= 2;
    b->s = realloc(b->s, b->cap);
    if (!b->s) { perror("realloc"); exit(3); }
}

void jb_raw(struct jb *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    jb_grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void jb_str(struct jb *b, const char *s) {
    jb_raw(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': jb_raw(b, "\\\""); break;
        case '\\': jb_raw(b, "\\\\"); break;
        case '\n': jb_raw(b, "\\n"); break;
        case '\t': jb_raw(b, "\\t"); break;
        case '\r': jb_raw(b, "\\r"); break;
        default:
            if (*p < 0x20) jb_raw(b, "\\u%04x", *p);
            else jb_raw(b, "%c", *p);
        }
    }
    jb_raw(b, "\"");
}

void jb_kv_str(struct jb *b, const char *k, const char *v) { jb_raw(b, ",\"%s\":", k); jb_str(b, v); }
void jb_kv_int(struct jb *b, const char *k, long long v) { jb_raw(b, ",\"%s\":%lld", k, v); }

/* ---------------- trace stream ---------------- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *out;
static int64_t seq;
static int id_counter;
__thread const char *thread_name = "main";
bool snapshots = true;

int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int64_t event_seq_last(void) { return seq; }

int trace_open(const char *path) {
    out = fopen(path, "w");
    return out ? 0 : -errno;
}

/* "6.12.107+deb13-amd64" -> "6.2" (6.2-6.14) per TRACE-FORMAT.md's behaviour table. */
static const char *behaviour_of(const char *release) {
    int maj = 0, min = 0;
    sscanf(release, "%d.%d", &maj, &min);
    int v = maj * 1000 + min;
    if (v <= 6001) return "6.1";
    if (v <= 6014) return "6.2";
    if (v <= 7000) return "6.15";
    return "7.1";
}

/* Reads CONFIG_<name> from /proc/config.gz's plain twin or /boot/config-<release>:
 * 1 = y, 0 = not set, -1 = no config found. */
static int kconfig(const char *release, const char *name) {
    char path[256], line[512], want[128];
    snprintf(path, sizeof path, "/boot/config-%s", release);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    snprintf(want, sizeof want, "CONFIG_%s=y", name);
    int r = 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, want, strlen(want)) == 0 && (line[strlen(want)] == '\n' || !line[strlen(want)])) r = 1;
    fclose(f);
    return r;
}

static char release_buf[128];
static int cfg_move_notify, cfg_debug, cfg_lockdep;

const char *kernel_release(void) {
    if (!release_buf[0]) {
        struct utsname u;
        uname(&u);
        snprintf(release_buf, sizeof release_buf, "%s", u.release);
        cfg_move_notify = kconfig(release_buf, "DMABUF_MOVE_NOTIFY");
        cfg_debug = kconfig(release_buf, "DMABUF_DEBUG");
        cfg_lockdep = kconfig(release_buf, "PROVE_LOCKING");
        if (cfg_move_notify < 0)
            printf("# no /boot/config-%s: move_notify, dmabuf_debug and lockdep recorded as false\n", release_buf);
    }
    return release_buf;
}

void trace_begin(const char *scenario) {
    const char *rel = kernel_release();
    struct jb b;
    jb_init(&b);
    jb_raw(&b, "{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,"
               "\"implementation\":{\"name\":\"native-uapi\",\"version\":\"0.1.0\"},"
               "\"kernel\":{\"behaviour\":\"%s\",\"move_notify\":%s,\"release\":",
           behaviour_of(rel), cfg_move_notify > 0 ? "true" : "false");
    jb_str(&b, rel);
    jb_raw(&b, ",\"dmabuf_debug\":%s,\"lockdep\":%s},\"clock\":\"monotonic_ns\",\"scenario\":",
           cfg_debug > 0 ? "true" : "false", cfg_lockdep > 0 ? "true" : "false");
    jb_str(&b, scenario);
    jb_raw(&b, "}\n");
    pthread_mutex_lock(&lock);
    seq = 0;
    fputs(b.s, out);
    fflush(out);
    pthread_mutex_unlock(&lock);
    jb_free(&b);
}

void trace_end(int exit_status) {
    pthread_mutex_lock(&lock);
    fprintf(out, "{\"type\":\"end\",\"events\":%lld,\"status\":\"complete\",\"exit\":%d}\n",
            (long long)seq, exit_status);
    fflush(out);
    tcdrain(fileno(out));
    pthread_mutex_unlock(&lock);
}

const char *errno_name(int e) {
    switch (e) {
    case EPERM: return "EPERM"; case ENOENT: return "ENOENT"; case EINTR: return "EINTR";
    case EIO: return "EIO"; case ENXIO: return "ENXIO"; case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN"; case ENOMEM: return "ENOMEM"; case EACCES: return "EACCES";
    case EFAULT: return "EFAULT"; case EBUSY: return "EBUSY"; case EEXIST: return "EEXIST";
    case ENODEV: return "ENODEV"; case EINVAL: return "EINVAL"; case ENOTTY: return "ENOTTY";
    case ENOSPC: return "ENOSPC"; case ERANGE: return "ERANGE"; case EDEADLK: return "EDEADLK";
    case ENOSYS: return "ENOSYS"; case ETIME: return "ETIME"; case ETIMEDOUT: return "ETIMEDOUT";
    case EBADFD: return "EBADFD"; case EOPNOTSUPP: return "EOPNOTSUPP"; case EALREADY: return "EALREADY";
    case ENOTDIR: return "ENOTDIR"; case EISDIR: return "EISDIR";
    default: {
        static __thread char buf[32];
        snprintf(buf, sizeof buf, "ERRNO_%d", e);
        return buf;
    }
    }
}

void new_id(char out_id[16], const char *prefix) {
    pthread_mutex_lock(&lock);
    snprintf(out_id, 16, "%s%d", prefix, ++id_counter);
    pthread_mutex_unlock(&lock);
}

const char *buf_id(int fd, char out_id[32], unsigned long *ino) {
    struct stat st;
    if (fstat(fd, &st) != 0) { out_id[0] = 0; if (ino) *ino = 0; return out_id; }
    snprintf(out_id, 32, "ino:%lu", (unsigned long)st.st_ino);
    if (ino) *ino = (unsigned long)st.st_ino;
    return out_id;
}

/* The bufinfo block of one buffer: its row (6th column = inode) up to "Total N devices". */
static char *bufinfo_block(unsigned long ino) {
    int fd = open("/sys/kernel/debug/dma_buf/bufinfo", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    size_t cap = 65536, len = 0;
    char *all = malloc(cap);
    ssize_t n;
    while ((n = read(fd, all + len, cap - len - 1)) > 0) {
        len += (size_t)n;
        if (cap - len < 4096) { cap *= 2; all = realloc(all, cap); }
    }
    close(fd);
    all[len] = 0;
    char *res = NULL;
    for (char *line = all; line && *line; ) {
        char *nl = strchr(line, '\n');
        if (line[0] != '\t') {
            /* size flags mode count exp_name ino name */
            char *p = line; int col = 0;
            while (col < 5 && (p = strchr(p, '\t')) && (!nl || p < nl)) { p++; col++; }
            if (p && col == 5 && (!nl || p < nl) && strtoul(p, NULL, 10) == ino) {
                char *end = strstr(line, "devices attached\n");
                if (end) {
                    end += strlen("devices attached\n");
                    res = strndup(line, (size_t)(end - line));
                }
                break;
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    free(all);
    return res;
}

void ev_start(struct ev *e, const char *op, const char *ioctl_name) {
    memset(e, 0, sizeof *e);
    e->op = op;
    e->ioctl = ioctl_name;
    jb_init(&e->ids);
    jb_init(&e->args);
    e->cpu = sched_getcpu();
    e->start = now_ns();
}

int64_t ev_finish(struct ev *e, int err) {
    int64_t end = now_ns();
    char *block = (snapshots && e->buf[0] && err == 0) ? bufinfo_block(e->ino) : NULL;
    struct jb b;
    jb_init(&b);
    pthread_mutex_lock(&lock);
    int64_t my = ++seq;
    jb_raw(&b, "{\"type\":\"event\",\"seq\":%lld,\"thread\":", (long long)my);
    jb_str(&b, thread_name);
    if (e->cpu >= 0) jb_raw(&b, ",\"cpu\":%d", e->cpu);
    jb_raw(&b, ",\"start\":%lld,\"end\":%lld,\"op\":\"%s\"", (long long)e->start, (long long)end, e->op);
    if (e->ioctl) jb_raw(&b, ",\"ioctl\":\"%s\"", e->ioctl);
    jb_raw(&b, "%s", e->ids.s);
    if (e->args.len) jb_raw(&b, ",\"args\":{%s}", e->args.s + 1);
    if (err) jb_raw(&b, ",\"result\":\"%s\"", errno_name(err));
    else jb_raw(&b, ",\"result\":0");
    if (e->ret[0]) jb_raw(&b, ",\"ret\":%s", e->ret);
    if (block) { jb_raw(&b, ",\"state\":{\"bufinfo\":"); jb_str(&b, block); jb_raw(&b, "}"); }
    jb_raw(&b, "}\n");
    fputs(b.s, out);
    fflush(out);
    pthread_mutex_unlock(&lock);
    jb_free(&b);
    jb_free(&e->ids);
    jb_free(&e->args);
    free(block);
    return my;
}

/* Records the buffer behind fd as the event's `buf`, for ids and the state snapshot. */
static void ev_buf(struct ev *e, int fd) {
    buf_id(fd, e->buf, &e->ino);
    if (e->buf[0]) jb_kv_str(&e->ids, "buf", e->buf);
}

static const char *sync_flags(uint64_t f, char out_s[48]) {
    if (f & ~(uint64_t)DMA_BUF_SYNC_VALID_FLAGS_MASK) { snprintf(out_s, 48, "0x%llx", (unsigned long long)f); return out_s; }
    const char *rw = (f & DMA_BUF_SYNC_RW) == DMA_BUF_SYNC_RW ? "RW" : (f & DMA_BUF_SYNC_READ) ? "READ"
                   : (f & DMA_BUF_SYNC_WRITE) ? "WRITE" : "";
    snprintf(out_s, 48, "%s%s%s", (f & DMA_BUF_SYNC_END) ? "END" : "START", *rw ? "|" : "", rw);
    return out_s;
}

static const char *rw_flags(uint32_t f, char out_s[24]) {
    if (f == DMA_BUF_SYNC_RW) return "RW";
    if (f == DMA_BUF_SYNC_READ) return "READ";
    if (f == DMA_BUF_SYNC_WRITE) return "WRITE";
    snprintf(out_s, 24, "0x%x", f);
    return out_s;
}

static const char *poll_mask(int m, char out_s[32]) {
    snprintf(out_s, 32, "%s%s%s", (m & POLLIN) ? "POLLIN" : "", (m & POLLIN) && (m & POLLOUT) ? "|" : "",
             (m & POLLOUT) ? "POLLOUT" : "");
    return out_s;
}

/* ---------------- traced calls ---------------- */

int t_heap_alloc(int heap_fd, const char *heap, uint64_t len, uint32_t fd_flags,
                 uint64_t heap_flags, unsigned long cmd, size_t struct_size, int *out_fd) {
    /* Room for the kselftest "newer" struct with trailing garbage. */
    struct { struct dma_heap_allocation_data d; uint64_t extra[3]; } arg;
    memset(&arg, 0, sizeof arg);
    arg.d.len = len;
    arg.d.fd_flags = fd_flags;
    arg.d.heap_flags = heap_flags;
    if (struct_size > sizeof arg.d) arg.extra[0] = arg.extra[1] = arg.extra[2] = 0xffffffff;
    struct ev e;
    ev_start(&e, "DMA_HEAP_IOCTL_ALLOC", "DMA_HEAP_IOCTL_ALLOC");
    int r = ioctl(heap_fd, cmd, &arg);
    int err = r < 0 ? errno : 0;
    if (!err) { *out_fd = (int)arg.d.fd; ev_buf(&e, *out_fd); }
    jb_kv_str(&e.args, "heap", heap);
    jb_kv_int(&e.args, "len", (long long)len);
    jb_kv_int(&e.args, "fd_flags", fd_flags);
    jb_kv_int(&e.args, "heap_flags", (long long)heap_flags);
    if (struct_size != sizeof arg.d) jb_kv_int(&e.args, "struct_size", (long long)struct_size);
    ev_finish(&e, err);
    return -err;
}

int t_sync(int fd, uint64_t flags) {
    struct dma_buf_sync s = { .flags = flags };
    char f[48];
    struct ev e;
    ev_start(&e, "DMA_BUF_IOCTL_SYNC", "DMA_BUF_IOCTL_SYNC");
    int r;
    do r = ioctl(fd, DMA_BUF_IOCTL_SYNC, &s); while (r < 0 && (errno == EINTR || errno == EAGAIN));
    int err = r < 0 ? errno : 0;
    ev_buf(&e, fd);
    jb_kv_str(&e.args, "flags", sync_flags(flags, f));
    ev_finish(&e, err);
    return -err;
}

int t_set_name(int fd, const char *name) {
    struct ev e;
    ev_start(&e, "DMA_BUF_SET_NAME", "DMA_BUF_SET_NAME_B");
    int r = ioctl(fd, DMA_BUF_SET_NAME_B, name);
    int err = r < 0 ? errno : 0;
    ev_buf(&e, fd);
    jb_kv_str(&e.args, "name", name);
    ev_finish(&e, err);
    return -err;
}

int t_mmap(int fd, size_t len, void **addr) {
    struct ev e;
    ev_start(&e, "mmap", NULL);
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    int err = p == MAP_FAILED ? errno : 0;
    *addr = p == MAP_FAILED ? NULL : p;
    ev_buf(&e, fd);
    ev_finish(&e, err);
    return -err;
}

int t_munmap(int fd, void *addr, size_t len) {
    struct ev e;
    ev_start(&e, "munmap", NULL);
    int err = munmap(addr, len) < 0 ? errno : 0;
    ev_buf(&e, fd);
    ev_finish(&e, err);
    return -err;
}

int t_close_buf(int fd) {
    struct ev e;
    ev_start(&e, "close", NULL);
    char id[32];
    buf_id(fd, id, NULL);
    if (id[0]) jb_kv_str(&e.ids, "buf", id);
    int err = close(fd) < 0 ? errno : 0;
    ev_finish(&e, err);
    return -err;
}

/* sync_file fd -> id, for the life of the fd */
static struct { int fd; char id[16]; } sync_files[256];
static int n_sync_files;

static const char *sync_file_id(int fd) {
    for (int i = n_sync_files - 1; i >= 0; i--)
        if (sync_files[i].fd == fd) return sync_files[i].id;
    return NULL;
}

void sync_file_close(int fd) {
    for (int i = 0; i < n_sync_files; i++)
        if (sync_files[i].fd == fd) sync_files[i].fd = -1;
    close(fd);
}

int t_export_sync_file(int fd, uint32_t flags, int *sf_fd) {
    struct dma_buf_export_sync_file arg = { .flags = flags, .fd = -1 };
    char f[24];
    struct ev e;
    ev_start(&e, "DMA_BUF_IOCTL_EXPORT_SYNC_FILE", "DMA_BUF_IOCTL_EXPORT_SYNC_FILE");
    int r = ioctl(fd, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &arg);
    int err = r < 0 ? errno : 0;
    ev_buf(&e, fd);
    if (!err) {
        *sf_fd = arg.fd;
        pthread_mutex_lock(&lock);
        int i = n_sync_files++ % 256;
        sync_files[i].fd = arg.fd;
        snprintf(sync_files[i].id, 16, "s%d", ++id_counter);
        jb_kv_str(&e.ids, "sync_file", sync_files[i].id);
        pthread_mutex_unlock(&lock);
    }
    jb_kv_str(&e.args, "flags", rw_flags(flags, f));
    ev_finish(&e, err);
    return -err;
}

int t_import_sync_file(int fd, uint32_t flags, int sf_fd) {
    struct dma_buf_import_sync_file arg = { .flags = flags, .fd = sf_fd };
    char f[24];
    struct ev e;
    ev_start(&e, "DMA_BUF_IOCTL_IMPORT_SYNC_FILE", "DMA_BUF_IOCTL_IMPORT_SYNC_FILE");
    int r = ioctl(fd, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &arg);
    int err = r < 0 ? errno : 0;
    ev_buf(&e, fd);
    const char *sid = sync_file_id(sf_fd);
    if (sid) jb_kv_str(&e.ids, "sync_file", sid);
    jb_kv_str(&e.args, "flags", rw_flags(flags, f));
    ev_finish(&e, err);
    return -err;
}

int t_poll_buf(int fd, short events) {
    struct pollfd p = { .fd = fd, .events = events };
    char m[32];
    struct ev e;
    ev_start(&e, "poll", NULL);
    int r = poll(&p, 1, 0);
    int err = r < 0 ? errno : 0;
    ev_buf(&e, fd);
    jb_kv_str(&e.args, "events", poll_mask(events, m));
    if (!err) snprintf(e.ret, sizeof e.ret, "\"%s\"", poll_mask(p.revents, m));
    ev_finish(&e, err);
    return err ? -err : p.revents;
}

int t_poll_sync_file(int sf_fd) {
    struct pollfd p = { .fd = sf_fd, .events = POLLIN };
    char m[32];
    struct ev e;
    ev_start(&e, "poll", NULL);
    int r = poll(&p, 1, 0);
    int err = r < 0 ? errno : 0;
    const char *sid = sync_file_id(sf_fd);
    if (sid) jb_kv_str(&e.ids, "sync_file", sid);
    jb_kv_str(&e.args, "events", "POLLIN");
    if (!err) snprintf(e.ret, sizeof e.ret, "\"%s\"", poll_mask(p.revents, m));
    ev_finish(&e, err);
    return err ? -err : p.revents;
}

int t_udmabuf_create(int dev_fd, int memfd, uint64_t offset, uint64_t size, int *out_fd) {
    struct udmabuf_create c = { .memfd = (uint32_t)memfd, .flags = UDMABUF_FLAGS_CLOEXEC, .offset = offset, .size = size };
    struct ev e;
    ev_start(&e, "UDMABUF_CREATE", "UDMABUF_CREATE");
    int seals = fcntl(memfd, F_GET_SEALS);
    int r = ioctl(dev_fd, UDMABUF_CREATE, &c);
    int err = r < 0 ? errno : 0;
    if (!err) { *out_fd = r; ev_buf(&e, r); }
    jb_kv_int(&e.args, "size", (long long)size);
    if (offset) jb_kv_int(&e.args, "offset", (long long)offset);
    jb_raw(&e.args, ",\"seals\":[");
    const char *names[] = { "SEAL", "SHRINK", "GROW", "WRITE", "FUTURE_WRITE" };
    bool first = true;
    for (int i = 0; i < 5 && seals > 0; i++)
        if (seals & (1 << i)) { jb_raw(&e.args, "%s\"%s\"", first ? "" : ",", names[i]); first = false; }
    jb_raw(&e.args, "]");
    ev_finish(&e, err);
    return -err;
}

/* ---------------- DRM / vgem ---------------- */

/* GEM handles (per DRM file) -> the buffer and attachment an import created. */
static struct handle_entry { char file[16]; uint32_t handle; char buf[32]; unsigned long ino; char attach[16]; bool live; } handles[256];
static int n_handles;
/* vgem fence ids (per DRM file) -> trace fence ids. */
static struct { char file[16]; uint32_t id; char fence[16]; } fences[512];
static int n_fences;

static struct handle_entry *handle_find(const char *file, uint32_t h) {
    for (int i = n_handles - 1; i >= 0; i--)
        if (handles[i].live && handles[i].handle == h && !strcmp(handles[i].file, file)) return &handles[i];
    return NULL;
}

static const char *fence_find(const char *file, uint32_t id) {
    for (int i = n_fences - 1; i >= 0; i--)
        if (fences[i].id == id && !strcmp(fences[i].file, file)) return fences[i].fence;
    return NULL;
}

int drm_open_vgem(struct drm_file_t *d) {
    d->fd = -1;
    char path[32], name[32] = {0};
    for (int i = 0; i < 16; i++) {
        snprintf(path, sizeof path, "/dev/dri/card%d", i);
        int fd = open(path, O_RDWR | O_CLOEXEC);
        if (fd < 0) continue;
        struct drm_version v = { .name_len = sizeof name - 1, .name = name };
        if (ioctl(fd, DRM_IOCTL_VERSION, &v) == 0 && !strcmp(name, "vgem")) {
            d->fd = fd;
            new_id(d->name, "drm");
            return 0;
        }
        close(fd);
    }
    return -ENODEV;
}

int t_prime_fd_to_handle(struct drm_file_t *d, int buf_fd, uint32_t *handle) {
    struct drm_prime_handle a = { .fd = buf_fd };
    struct ev e;
    ev_start(&e, "DRM_IOCTL_PRIME_FD_TO_HANDLE", "DRM_IOCTL_PRIME_FD_TO_HANDLE");
    int r = ioctl(d->fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &a);
    int err = r < 0 ? errno : 0;
    ev_buf(&e, buf_fd);
    if (!err) {
        *handle = a.handle;
        pthread_mutex_lock(&lock);
        /* A second import into the same file hits drm_prime's cache: same handle, same attachment. */
        struct handle_entry *h = NULL;
        for (int i = n_handles - 1; i >= 0 && !h; i--)
            if (handles[i].live && handles[i].handle == a.handle && !strcmp(handles[i].file, d->name)) h = &handles[i];
        if (!h) {
            h = &handles[n_handles++ % 256];
            snprintf(h->file, 16, "%s", d->name);
            h->handle = a.handle;
            snprintf(h->buf, 32, "%s", e.buf);
            h->ino = e.ino;
            snprintf(h->attach, 16, "a%d", ++id_counter);
            h->live = true;
        }
        jb_kv_str(&e.ids, "attach", h->attach);
        pthread_mutex_unlock(&lock);
        jb_kv_str(&e.ids, "dev", "vgem");
        jb_kv_int(&e.args, "handle", a.handle);
    }
    jb_kv_str(&e.args, "file", d->name);
    ev_finish(&e, err);
    return -err;
}

int t_gem_close(struct drm_file_t *d, uint32_t handle) {
    struct drm_gem_close a = { .handle = handle };
    struct ev e;
    ev_start(&e, "DRM_IOCTL_GEM_CLOSE", "DRM_IOCTL_GEM_CLOSE");
    int r = ioctl(d->fd, DRM_IOCTL_GEM_CLOSE, &a);
    int err = r < 0 ? errno : 0;
    pthread_mutex_lock(&lock);
    struct handle_entry *h = handle_find(d->name, handle);
    if (h) {
        jb_kv_str(&e.ids, "buf", h->buf);
        jb_kv_str(&e.ids, "attach", h->attach);
        jb_kv_str(&e.ids, "dev", "vgem");
        snprintf(e.buf, 32, "%s", h->buf);
        e.ino = h->ino;
        if (!err) h->live = false;
    }
    pthread_mutex_unlock(&lock);
    jb_kv_int(&e.args, "handle", handle);
    jb_kv_str(&e.args, "file", d->name);
    ev_finish(&e, err);
    return -err;
}

int t_vgem_fence_attach(struct drm_file_t *d, uint32_t handle, uint32_t flags, uint32_t pad, uint32_t *out_fence) {
    struct drm_vgem_fence_attach a = { .handle = handle, .flags = flags, .pad = pad };
    struct ev e;
    ev_start(&e, "DRM_IOCTL_VGEM_FENCE_ATTACH", "DRM_IOCTL_VGEM_FENCE_ATTACH");
    int r = ioctl(d->fd, DRM_IOCTL_VGEM_FENCE_ATTACH, &a);
    int err = r < 0 ? errno : 0;
    pthread_mutex_lock(&lock);
    struct handle_entry *h = handle_find(d->name, handle);
    if (h) {
        jb_kv_str(&e.ids, "buf", h->buf);
        snprintf(e.buf, 32, "%s", h->buf);
        e.ino = h->ino;
    }
    if (!err) {
        *out_fence = a.out_fence;
        int i = n_fences++ % 512;
        snprintf(fences[i].file, 16, "%s", d->name);
        fences[i].id = a.out_fence;
        snprintf(fences[i].fence, 16, "f%d", ++id_counter);
        jb_kv_str(&e.ids, "fence", fences[i].fence);
    }
    pthread_mutex_unlock(&lock);
    char f[16];
    if (flags == VGEM_FENCE_WRITE) jb_kv_str(&e.args, "flags", "WRITE");
    else if (flags == 0) jb_kv_str(&e.args, "flags", "");
    else { snprintf(f, sizeof f, "0x%x", flags); jb_kv_str(&e.args, "flags", f); }
    jb_kv_int(&e.args, "pad", pad);
    jb_kv_int(&e.args, "handle", handle);
    if (!err) jb_kv_int(&e.args, "out_fence", a.out_fence); /* the id, so a checker can follow it per file */
    jb_kv_str(&e.args, "file", d->name);
    ev_finish(&e, err);
    return -err;
}

int t_vgem_fence_signal(struct drm_file_t *d, uint32_t fence, uint32_t flags) {
    struct drm_vgem_fence_signal a = { .fence = fence, .flags = flags };
    struct ev e;
    ev_start(&e, "DRM_IOCTL_VGEM_FENCE_SIGNAL", "DRM_IOCTL_VGEM_FENCE_SIGNAL");
    int r = ioctl(d->fd, DRM_IOCTL_VGEM_FENCE_SIGNAL, &a);
    int err = r < 0 ? errno : 0;
    pthread_mutex_lock(&lock);
    const char *fid = fence_find(d->name, fence);
    if (fid) jb_kv_str(&e.ids, "fence", fid);
    pthread_mutex_unlock(&lock);
    char f[16];
    if (flags) { snprintf(f, sizeof f, "0x%x", flags); jb_kv_str(&e.args, "flags", f); }
    else jb_kv_str(&e.args, "flags", "");
    jb_kv_int(&e.args, "out_fence", fence);
    jb_kv_str(&e.args, "file", d->name);
    ev_finish(&e, err);
    return -err;
}

int t_drm_close(struct drm_file_t *d) {
    struct ev e;
    ev_start(&e, "drm_close", NULL);
    int err = close(d->fd) < 0 ? errno : 0;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < n_handles; i++)
        if (!strcmp(handles[i].file, d->name)) handles[i].live = false;
    pthread_mutex_unlock(&lock);
    jb_kv_str(&e.ids, "dev", "vgem");
    jb_kv_str(&e.args, "file", d->name);
    ev_finish(&e, err);
    d->fd = -1;
    return -err;
}
