/* Trace writer (conformance/format/TRACE-FORMAT.md, version 1) and traced uAPI calls.
 * Every traced call records one event: thread, CPU, CLOCK_MONOTONIC start/end, op,
 * ioctl, object ids, args, result (0 or errno name), optional ret and observed state. */
#ifndef DMABUF_NATIVE_TRACE_H
#define DMABUF_NATIVE_TRACE_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdarg.h>

/* ---- JSON builder ---- */
struct jb { char *s; size_t len, cap; };
void jb_init(struct jb *b);
void jb_free(struct jb *b);
void jb_raw(struct jb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void jb_str(struct jb *b, const char *s);            /* a JSON string literal, escaped */
void jb_kv_str(struct jb *b, const char *k, const char *v); /* ,"k":"v" */
void jb_kv_int(struct jb *b, const char *k, long long v);   /* ,"k":v */

/* ---- trace stream ---- */
int trace_open(const char *path);
void trace_begin(const char *scenario);   /* header record */
void trace_end(int exit_status);          /* end record */
extern __thread const char *thread_name;
extern bool snapshots;                    /* bufinfo snapshot after each buffer event */
int64_t now_ns(void);
const char *errno_name(int e);
int64_t event_seq_last(void);

/* An event under construction: ids and args are ",\"k\":v" fragments. */
struct ev {
    int64_t start;
    int cpu;
    const char *op, *ioctl;
    struct jb ids, args;
    char ret[128];
    char buf[32];       /* buffer id whose bufinfo block goes into state, "" if none */
    unsigned long ino;  /* its inode for the bufinfo lookup */
};
void ev_start(struct ev *e, const char *op, const char *ioctl);
int64_t ev_finish(struct ev *e, int result_errno); /* writes the event, returns its seq */

/* ---- ids ---- */
const char *buf_id(int fd, char out[32], unsigned long *ino);
void new_id(char out[16], const char *prefix);   /* "a1", "f3", "s2" ... never reused */

/* ---- traced calls: each returns 0 or -errno and records one event ---- */
int t_heap_alloc(int heap_fd, const char *heap, uint64_t len, uint32_t fd_flags,
                 uint64_t heap_flags, unsigned long cmd, size_t struct_size, int *out_fd);
int t_sync(int fd, uint64_t flags);
int t_set_name(int fd, const char *name);
int t_mmap(int fd, size_t len, void **out);
int t_munmap(int fd, void *addr, size_t len);
int t_close_buf(int fd);
int t_export_sync_file(int fd, uint32_t flags, int *sf_fd);
int t_import_sync_file(int fd, uint32_t flags, int sf_fd);
/* poll with timeout 0 on a dma-buf; returns the ready mask or -errno */
int t_poll_buf(int fd, short events);
int t_poll_sync_file(int sf_fd);
int t_udmabuf_create(int dev_fd, int memfd, uint64_t offset, uint64_t size, int *out_fd);

/* DRM (vgem) */
struct drm_file_t { int fd; char name[16]; };
int drm_open_vgem(struct drm_file_t *d);  /* untraced: open + check the driver is vgem */
int t_prime_fd_to_handle(struct drm_file_t *d, int buf_fd, uint32_t *handle);
int t_gem_close(struct drm_file_t *d, uint32_t handle);
int t_vgem_fence_attach(struct drm_file_t *d, uint32_t handle, uint32_t flags, uint32_t pad, uint32_t *out_fence);
int t_vgem_fence_signal(struct drm_file_t *d, uint32_t fence, uint32_t flags);
int t_drm_close(struct drm_file_t *d);

/* sync_file ids are known by fd until closed (untraced) */
void sync_file_close(int sf_fd);

#endif
