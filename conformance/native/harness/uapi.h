/* uAPI definitions the harness needs that Debian bookworm's linux-libc-dev lacks (it
 * ships no drm/ headers). Layouts and numbers copied from the kernel's uapi headers
 * (include/uapi/drm/drm.h, include/uapi/drm/vgem_drm.h), the numbers computed with gcc
 * on x86-64; the static asserts pin them. */
#ifndef DMABUF_NATIVE_UAPI_H
#define DMABUF_NATIVE_UAPI_H

#include <linux/types.h>
#include <linux/ioctl.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/udmabuf.h>
#include <linux/sync_file.h>
#include <stddef.h>

/* include/uapi/drm/drm.h */
struct drm_version {
    int version_major, version_minor, version_patchlevel;
    size_t name_len;
    char *name;
    size_t date_len;
    char *date;
    size_t desc_len;
    char *desc;
};
struct drm_gem_close { __u32 handle; __u32 pad; };
struct drm_prime_handle { __u32 handle; __u32 flags; __s32 fd; };
#define DRM_IOCTL_BASE 'd'
#define DRM_COMMAND_BASE 0x40
#define DRM_IOCTL_VERSION _IOWR(DRM_IOCTL_BASE, 0x00, struct drm_version)
#define DRM_IOCTL_GEM_CLOSE _IOW(DRM_IOCTL_BASE, 0x09, struct drm_gem_close)
#define DRM_IOCTL_PRIME_FD_TO_HANDLE _IOWR(DRM_IOCTL_BASE, 0x2e, struct drm_prime_handle)

/* include/uapi/drm/vgem_drm.h */
struct drm_vgem_fence_attach { __u32 handle; __u32 flags; __u32 out_fence; __u32 pad; };
struct drm_vgem_fence_signal { __u32 fence; __u32 flags; };
#define VGEM_FENCE_WRITE 0x1
#define DRM_IOCTL_VGEM_FENCE_ATTACH _IOWR(DRM_IOCTL_BASE, DRM_COMMAND_BASE + 0x1, struct drm_vgem_fence_attach)
#define DRM_IOCTL_VGEM_FENCE_SIGNAL _IOW(DRM_IOCTL_BASE, DRM_COMMAND_BASE + 0x2, struct drm_vgem_fence_signal)

_Static_assert(DRM_IOCTL_PRIME_FD_TO_HANDLE == 0xC00C642E, "PRIME_FD_TO_HANDLE number");
_Static_assert(DRM_IOCTL_GEM_CLOSE == 0x40086409, "GEM_CLOSE number");
_Static_assert(DRM_IOCTL_VGEM_FENCE_ATTACH == 0xC0106441, "VGEM_FENCE_ATTACH number");
_Static_assert(DRM_IOCTL_VGEM_FENCE_SIGNAL == 0x40086442, "VGEM_FENCE_SIGNAL number");
_Static_assert(DMA_HEAP_IOCTL_ALLOC == 0xC0184800, "DMA_HEAP_IOCTL_ALLOC number");
_Static_assert(DMA_BUF_IOCTL_SYNC == 0x40086200, "DMA_BUF_IOCTL_SYNC number");
_Static_assert(DMA_BUF_IOCTL_EXPORT_SYNC_FILE == 0xC0086202, "EXPORT_SYNC_FILE number");
_Static_assert(DMA_BUF_IOCTL_IMPORT_SYNC_FILE == 0x40086203, "IMPORT_SYNC_FILE number");
_Static_assert(UDMABUF_CREATE == 0x40187542, "UDMABUF_CREATE number");

#endif
