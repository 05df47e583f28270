// SPDX-License-Identifier: GPL-2.0
/*
 * dmabuf_conformance: drives the real dma-buf core from inside the kernel and traces every
 * core call and every exporter/importer callback in the dmabuf-spec trace format (v1), so the
 * project's trace checker can judge the kernel's behaviour against the specs.
 *
 * Userspace only reaches static exporters and vgem's static import; dynamic exporters and
 * importers, pin/unpin, move_notify and the cached-mapping rules are in-kernel API.
 *
 * Each scenario runs in its own kthread (so a buffer's last fput is deferred to a kworker we
 * can wait for, instead of to a task_work that would run only at return to userspace).
 * Results: KTAP in /sys/kernel/debug/dmabuf_conformance/ktap, one trace per scenario
 * (header, events, end) in .../trace. Events are buffered per scenario and numbered by start
 * time when the scenario finishes: a caller precedes the callbacks it makes, and each
 * thread's start stamps are non-decreasing (what the native structural checks demand).
 *
 * resv_held: for core calls made by this module, our own owner tracking (we record the task
 * after each successful dma_resv_lock and clear it before dma_resv_unlock), i.e. "did the
 * calling thread hold it"; for callbacks (which the core invokes after taking the lock
 * itself), dma_resv_is_locked(), i.e. "was it locked when the callback ran".
 *
 * Module parameters: scenarios= (comma-separated names, empty = every legal one),
 * misuse=1 (also run the misuse scenarios, which break rules the kernel does not check),
 * testgen=1 (run no scenario: execute the model-based tests written to debugfs, see below).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/dma-fence.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/platform_device.h>
#include <linux/debugfs.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/workqueue.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/utsname.h>
#include <linux/version.h>
#include <linux/ww_mutex.h>
#include <linux/mman.h>
#include <linux/sched/mm.h>
#include <linux/uaccess.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("dmabuf-spec conformance: drives and traces the dma-buf core");
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)
MODULE_IMPORT_NS(DMA_BUF);
#else
MODULE_IMPORT_NS("DMA_BUF");
#endif

static char *scenarios = "";
module_param(scenarios, charp, 0444);
MODULE_PARM_DESC(scenarios, "comma-separated scenario names (empty: all legal scenarios)");
static bool misuse;
module_param(misuse, bool, 0444);
MODULE_PARM_DESC(misuse, "also run the misuse scenarios (rule violations the kernel does not detect)");

#define NPAGES 2
#define MAX_EVENTS 1000
#define BODY 384
#define OUT_SIZE_SCENARIOS (4 << 20)
#define OUT_SIZE_TESTGEN (96 << 20)
#define KTAP_SIZE_SCENARIOS (64 << 10)
#define KTAP_SIZE_TESTGEN (2 << 20)

/* ------------------------------------------------------------------ trace recording */

struct tev {
	u64 start, end;
	int caller;		/* slot of the calling event, -1 none */
	int order;		/* end order, -1 while running */
	char op[40];
	char thread[24];
	char body[BODY];	/* ,"field":... after op (ids, args, result, resv_held ...) */
};

struct tthread {
	struct task_struct *task;
	char name[24];
	int stack[8];
	int depth;
};

static DEFINE_SPINLOCK(tlock);
static struct tev *evs;
static int nev, nend;
static struct tthread threads[32];
static int nthreads;
static bool overflow;

static char *out;
static size_t outlen, out_size = OUT_SIZE_SCENARIOS;
static char *ktap;
static size_t ktaplen, ktap_size = KTAP_SIZE_SCENARIOS;

static void outf(const char *fmt, ...) __printf(1, 2);
static void outf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out + outlen, out_size - outlen, fmt, ap);
	va_end(ap);
	if (n >= out_size - outlen)
		overflow = true;
	else
		outlen += n;
}

static void ktapf(const char *fmt, ...) __printf(1, 2);
static void ktapf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(ktap + ktaplen, ktap_size - ktaplen, fmt, ap);
	va_end(ap);
	if (n < ktap_size - ktaplen)
		ktaplen += n;
}

/* The logical thread of the calling task (caller holds tlock). */
static struct tthread *thr_locked(void)
{
	int i;

	for (i = 0; i < nthreads; i++)
		if (threads[i].task == current)
			return &threads[i];
	if (nthreads == ARRAY_SIZE(threads))
		return NULL;
	threads[nthreads].task = current;
	/* kworkers: one logical thread per task, so two workers never look like one */
	if ((current->flags & PF_KTHREAD) && strncmp(current->comm, "kworker", 7) == 0)
		snprintf(threads[nthreads].name, sizeof(threads[nthreads].name), "kworker/%d", task_pid_nr(current));
	else
		snprintf(threads[nthreads].name, sizeof(threads[nthreads].name), "%s", current->comm);
	threads[nthreads].depth = 0;
	return &threads[nthreads++];
}

static void name_thread(const char *name)
{
	unsigned long fl;
	struct tthread *t;

	spin_lock_irqsave(&tlock, fl);
	t = thr_locked();
	if (t)
		strscpy(t->name, name, sizeof(t->name));
	spin_unlock_irqrestore(&tlock, fl);
}

/* Starts an event; its caller is the innermost running event of this thread, or @caller. */
static int ev_begin_caller(const char *op, int caller)
{
	unsigned long fl;
	struct tthread *t;
	int s;

	spin_lock_irqsave(&tlock, fl);
	t = thr_locked();
	if (nev == MAX_EVENTS || !t) {
		overflow = true;
		spin_unlock_irqrestore(&tlock, fl);
		return -1;
	}
	s = nev++;
	evs[s].start = ktime_get_ns();
	evs[s].order = -1;
	evs[s].caller = caller >= 0 ? caller : (t->depth ? t->stack[t->depth - 1] : -1);
	strscpy(evs[s].op, op, sizeof(evs[s].op));
	strscpy(evs[s].thread, t->name, sizeof(evs[s].thread));
	evs[s].body[0] = 0;
	if (t->depth < ARRAY_SIZE(t->stack))
		t->stack[t->depth++] = s;
	spin_unlock_irqrestore(&tlock, fl);
	return s;
}

static int ev_begin(const char *op)
{
	return ev_begin_caller(op, -1);
}

static void ev_finish(int s)
{
	unsigned long fl;
	struct tthread *t;

	spin_lock_irqsave(&tlock, fl);
	t = thr_locked();
	if (t && t->depth && t->stack[t->depth - 1] == s)
		t->depth--;
	evs[s].end = ktime_get_ns();
	evs[s].order = nend++;
	spin_unlock_irqrestore(&tlock, fl);
}

static void ev_end(int s, const char *fmt, ...) __printf(2, 3);
static void ev_end(int s, const char *fmt, ...)
{
	va_list ap;

	if (s < 0)
		return;
	va_start(ap, fmt);
	if (vsnprintf(evs[s].body, BODY, fmt, ap) >= BODY)
		overflow = true;
	va_end(ap);
	ev_finish(s);
}

/* A core call on a buffer: also the observed pin count after the call (a dynamic exporter's own
 * accounting of pin/unpin callbacks; @pins -1: none), which the checker compares with the spec's. */
static void ev_end_b(int s, int pins, const char *fmt, ...) __printf(3, 4);
static void ev_end_b(int s, int pins, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (s < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(evs[s].body, BODY, fmt, ap);
	va_end(ap);
	if (n >= BODY || (pins >= 0 && snprintf(evs[s].body + n, BODY - n, ",\"state\":{\"pin_count\":%d}", pins) >= BODY - n))
		overflow = true;
	ev_finish(s);
}

static const char *errname(int err)
{
	static char other[16];

	switch (err) {
	case 0: return "0";
	case -EBUSY: return "\"EBUSY\"";
	case -EINVAL: return "\"EINVAL\"";
	case -EDEADLK: return "\"EDEADLK\"";
	case -EALREADY: return "\"EALREADY\"";
	case -ENOENT: return "\"ENOENT\"";
	case -ENOMEM: return "\"ENOMEM\"";
	case -EINTR: return "\"EINTR\"";
	case -ETIME: return "\"ETIME\"";
	case -ETIMEDOUT: return "\"ETIMEDOUT\"";
	case -EPERM: return "\"EPERM\"";
	case -EIO: return "\"EIO\"";
	case -ECANCELED: return "\"ECANCELED\"";
	case -EAGAIN: return "\"EAGAIN\"";
	case -EFAULT: return "\"EFAULT\"";
	case -ENODEV: return "\"ENODEV\"";
	case -ENOSPC: return "\"ENOSPC\"";
	}
	snprintf(other, sizeof(other), "\"EERRNO%d\"", -err);
	return other;
}

static const char *dirname(enum dma_data_direction d)
{
	switch (d) {
	case DMA_TO_DEVICE: return "TO_DEVICE";
	case DMA_FROM_DEVICE: return "FROM_DEVICE";
	default: return "BIDIRECTIONAL";
	}
}

static const char *usagename(enum dma_resv_usage u)
{
	switch (u) {
	case DMA_RESV_USAGE_KERNEL: return "KERNEL";
	case DMA_RESV_USAGE_WRITE: return "WRITE";
	case DMA_RESV_USAGE_READ: return "READ";
	default: return "BOOKKEEP";
	}
}

static const char *behaviour(void)
{
	if (LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0))
		return "6.1";
	if (LINUX_VERSION_CODE < KERNEL_VERSION(6, 15, 0))
		return "6.2";
	if (LINUX_VERSION_CODE < KERNEL_VERSION(7, 1, 0))
		return "6.15";
	return "7.1";
}

/* Writes header, events (numbered by start: slots are taken in start order under tlock)
 * and end record of the finished scenario. */
static void flush_trace(const char *scenario, const char *inject, bool complete, const char *reason)
{
	int *idx, *seq, i, n = 0;

	idx = kcalloc(MAX_EVENTS, sizeof(int), GFP_KERNEL);
	seq = kcalloc(MAX_EVENTS, sizeof(int), GFP_KERNEL);
	if (!idx || !seq) {
		kfree(idx);
		kfree(seq);
		overflow = true;
		return;
	}
	outf("{\"type\":\"header\",\"format\":\"dmabuf-trace\",\"version\":1,"
	     "\"implementation\":{\"name\":\"native-kmod\",\"version\":\"0.1.0\"},"
	     "\"kernel\":{\"behaviour\":\"%s\",\"move_notify\":%s,\"release\":\"%s\","
	     "\"dmabuf_debug\":%s,\"lockdep\":%s},\"clock\":\"monotonic_ns\",\"scenario\":\"%s\"",
	     behaviour(), IS_ENABLED(CONFIG_DMABUF_MOVE_NOTIFY) ? "true" : "false",
	     init_utsname()->release, IS_ENABLED(CONFIG_DMABUF_DEBUG) ? "true" : "false",
	     IS_ENABLED(CONFIG_LOCKDEP) ? "true" : "false", scenario);
	if (inject)
		outf(",\"inject\":\"%s\"", inject);
	outf("}\n");
	for (i = 0; i < nev; i++)
		if (evs[i].order >= 0)
			idx[n++] = i;
	for (i = 0; i < MAX_EVENTS; i++)
		seq[i] = 0;
	for (i = 0; i < n; i++)
		seq[idx[i]] = i + 1;
	for (i = 0; i < n; i++) {
		struct tev *e = &evs[idx[i]];

		outf("{\"type\":\"event\",\"seq\":%d,\"thread\":\"%s\",\"start\":%llu,\"end\":%llu,\"op\":\"%s\"",
		     i + 1, e->thread, e->start, e->end, e->op);
		if (e->caller >= 0 && seq[e->caller])
			outf(",\"caller\":%d", seq[e->caller]);
		outf("%s}\n", e->body);
	}
	if (complete)
		outf("{\"type\":\"end\",\"events\":%d,\"status\":\"complete\"}\n", n);
	else
		outf("{\"type\":\"end\",\"events\":%d,\"status\":\"aborted\",\"reason\":\"%s\"}\n", n, reason);
	kfree(idx);
	kfree(seq);
}

/* ------------------------------------------------------------------ ids */

/* Per-scenario ids: buffers b<N>, attachments a<N>, sg_tables s<N>, fences f<N>, ctx c<N>. */
static int next_buf, next_attach, next_sgt, next_fence, next_ctx, next_cb;

struct sgt_id {
	struct sg_table *sgt;
	int id;
};
static struct sgt_id sgt_ids[32];
static int nsgt_ids;

/* A fresh id when the exporter hands out a table, the same id when the core returns it again. */
static int sgt_new(struct sg_table *sgt)
{
	unsigned long fl;
	int id;

	spin_lock_irqsave(&tlock, fl);
	id = ++next_sgt;
	if (nsgt_ids < ARRAY_SIZE(sgt_ids)) {
		sgt_ids[nsgt_ids].sgt = sgt;
		sgt_ids[nsgt_ids++].id = id;
	}
	spin_unlock_irqrestore(&tlock, fl);
	return id;
}

static int sgt_of(struct sg_table *sgt)
{
	int i;

	for (i = nsgt_ids - 1; i >= 0; i--)
		if (sgt_ids[i].sgt == sgt)
			return sgt_ids[i].id;
	return 0;
}

/* ------------------------------------------------------------------ the exporters */

enum exp_kind { EXP_DYNAMIC, EXP_STATIC, EXP_STATIC_CACHED };

/* The two importing devices (importer0, importer1): platform devices with a 64-bit DMA mask. */
static struct platform_device *pdevs[2];

struct cbuf {
	struct dma_buf *dmabuf;
	enum exp_kind kind;
	int id;
	struct page *pages[NPAGES];
	struct page *old_pages[NPAGES];	/* kept after a move until the move fence signalled */
	const char *placement, *old_placement;
	int maps, pins;			/* the exporter's own accounting */
	int dev_leaked[2];		/* tables still mapped for importer device N after its detach */
	struct sg_table *live[8];
	struct task_struct *holder;	/* owner tracking of the reservation lock */
	struct completion released;
	int put_slot;
	/* CPU mappings (R20-R22): only buffers of the dynamic exporter with vmap and mmap */
	bool cpu;
	void *vaddr;			/* the exporter's vmap of pages[], while vmapped */
	int vma_id;			/* the userspace mapping of the fd (vma<N>), 0 none */
	bool fault_skips_fence;		/* misuse R22: the fault handler maps without waiting for the move */
};

struct cattach {		/* exporter-side per-attachment state */
	int id;
	int maps;		/* tables handed out to this attachment and not yet unmapped */
};

static bool held(struct cbuf *b)
{
	return READ_ONCE(b->holder) == current;
}

/* The pin count a core call's event reports: the exporter's own, which only a dynamic exporter
 * has (-1: none, as the reference implementation logs it only for dynamic exporters). */
static int pins_of(struct cbuf *b)
{
	return b->kind == EXP_DYNAMIC ? b->pins : -1;
}

static const char *tf(bool v)
{
	return v ? "true" : "false";
}

static struct cbuf *cbuf_of(struct dma_buf_attachment *at)
{
	return at->dmabuf->priv;
}

static int attach_id(struct dma_buf_attachment *at)
{
	return at->priv ? ((struct cattach *)at->priv)->id : 0;
}

static int exp_attach(struct dma_buf *dmabuf, struct dma_buf_attachment *at)
{
	struct cbuf *b = dmabuf->priv;
	struct cattach *ca;
	int s = ev_begin("exporter.attach");

	ca = kzalloc(sizeof(*ca), GFP_KERNEL);
	if (ca) {
		ca->id = ++next_attach;
		at->priv = ca;
	}
	ev_end(s, ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"result\":%s,\"resv_held\":%s",
	       b->id, ca ? ca->id : 0, errname(ca ? 0 : -ENOMEM), tf(dma_resv_is_locked(dmabuf->resv)));
	return ca ? 0 : -ENOMEM;
}

static void exp_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *at)
{
	struct cbuf *b = dmabuf->priv;
	int s = ev_begin("exporter.detach");

	ev_end(s, ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"result\":0,\"resv_held\":%s",
	       b->id, attach_id(at), tf(dma_resv_is_locked(dmabuf->resv)));
	/* an importer that detaches with a live mapping leaves it with us (R12) */
	if (at->priv && ((struct cattach *)at->priv)->maps > 0)
		b->dev_leaked[at->dev == &pdevs[1]->dev] += ((struct cattach *)at->priv)->maps;
	kfree(at->priv);
	at->priv = NULL;
}

static int exp_pin(struct dma_buf_attachment *at)
{
	struct cbuf *b = cbuf_of(at);
	int s = ev_begin("exporter.pin");

	b->pins++;
	ev_end(s, ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"result\":0,\"resv_held\":%s",
	       b->id, attach_id(at), tf(dma_resv_is_locked(at->dmabuf->resv)));
	return 0;
}

static void exp_unpin(struct dma_buf_attachment *at)
{
	struct cbuf *b = cbuf_of(at);
	int s = ev_begin("exporter.unpin");

	b->pins--;
	ev_end(s, ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"result\":0,\"resv_held\":%s",
	       b->id, attach_id(at), tf(dma_resv_is_locked(at->dmabuf->resv)));
}

/* A new table over the buffer's current pages, mapped for the importing device. */
static struct sg_table *exp_map(struct dma_buf_attachment *at, enum dma_data_direction dir)
{
	struct cbuf *b = cbuf_of(at);
	struct sg_table *sgt;
	int s = ev_begin("exporter.map_dma_buf");
	int err, i, id = 0;

	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	err = sgt ? sg_alloc_table_from_pages(sgt, b->pages, NPAGES, 0, NPAGES * PAGE_SIZE, GFP_KERNEL) : -ENOMEM;
	if (!err) {
		err = dma_map_sgtable(at->dev, sgt, dir, 0);
		if (err)
			sg_free_table(sgt);
	}
	if (err) {
		kfree(sgt);
		sgt = ERR_PTR(err);
	} else {
		b->maps++;
		if (at->priv)
			((struct cattach *)at->priv)->maps++;
		for (i = 0; i < ARRAY_SIZE(b->live); i++)
			if (!b->live[i]) {
				b->live[i] = sgt;
				break;
			}
		id = sgt_new(sgt);
	}
	if (err)
		ev_end(s, ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"args\":{\"dir\":\"%s\"},\"result\":%s,\"resv_held\":%s",
		       b->id, attach_id(at), dirname(dir), errname(err), tf(dma_resv_is_locked(at->dmabuf->resv)));
	else
		ev_end(s, ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"sgt\":\"s%d\",\"args\":{\"dir\":\"%s\"},\"result\":0,\"resv_held\":%s",
		       b->id, attach_id(at), id, dirname(dir), tf(dma_resv_is_locked(at->dmabuf->resv)));
	return sgt;
}

static void free_sgt(struct device *dev, struct sg_table *sgt, enum dma_data_direction dir)
{
	dma_unmap_sgtable(dev, sgt, dir, 0);
	sg_free_table(sgt);
	kfree(sgt);
}

static void exp_unmap(struct dma_buf_attachment *at, struct sg_table *sgt, enum dma_data_direction dir)
{
	struct cbuf *b = cbuf_of(at);
	int s = ev_begin("exporter.unmap_dma_buf");
	int i;

	b->maps--;
	if (at->priv)
		((struct cattach *)at->priv)->maps--;
	for (i = 0; i < ARRAY_SIZE(b->live); i++)
		if (b->live[i] == sgt)
			b->live[i] = NULL;
	ev_end(s, ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"sgt\":\"s%d\",\"args\":{\"dir\":\"%s\"},\"result\":0,\"resv_held\":%s",
	       b->id, attach_id(at), sgt_of(sgt), dirname(dir), tf(dma_resv_is_locked(at->dmabuf->resv)));
	free_sgt(at->dev, sgt, dir);
}

/* Reports what the importers leaked (the core does not), then frees the pages. */
static void exp_release(struct dma_buf *dmabuf)
{
	struct cbuf *b = dmabuf->priv;
	int s, i;

	s = ev_begin_caller("exporter.release", b->put_slot);
	ev_end(s, ",\"buf\":\"b%d\",\"args\":{\"leaked_mappings\":%d,\"leaked_pins\":%d},\"result\":0",
	       b->id, b->maps, b->pins);
	/* leaked tables were mapped for a device we still own: nothing safe to unmap them with
	 * except the table itself, so free only the memory (the pages stay allocated). */
	for (i = 0; i < ARRAY_SIZE(b->live); i++)
		if (b->live[i]) {
			sg_free_table(b->live[i]);
			kfree(b->live[i]);
		}
	if (!b->maps)
		for (i = 0; i < NPAGES; i++) {
			if (b->pages[i])
				__free_page(b->pages[i]);
			if (b->old_pages[i])
				__free_page(b->old_pages[i]);
		}
	complete(&b->released);
}

static const struct dma_buf_ops dynamic_ops = {
	.attach = exp_attach, .detach = exp_detach, .pin = exp_pin, .unpin = exp_unpin,
	.map_dma_buf = exp_map, .unmap_dma_buf = exp_unmap, .release = exp_release,
};

static const struct dma_buf_ops static_ops = {
	.attach = exp_attach, .detach = exp_detach,
	.map_dma_buf = exp_map, .unmap_dma_buf = exp_unmap, .release = exp_release,
};

static const struct dma_buf_ops static_cached_ops = {
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 15, 0)
	.cache_sgt_mapping = true,
#endif
	.attach = exp_attach, .detach = exp_detach,
	.map_dma_buf = exp_map, .unmap_dma_buf = exp_unmap, .release = exp_release,
};

static const char * const kind_names[] = { "conformance-dynamic", "conformance-static", "conformance-static-cached" };

/* The freed cbuf lives until the scenario ends (the release runs in a kworker).
 * @placement: a dynamic exporter's first placement (VRAM unless given). */
static const struct dma_buf_ops dynamic_cpu_ops;

static struct cbuf *t_export_ops(enum exp_kind kind, const char *placement, bool cpu)
{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct cbuf *b;
	int s, i, err = 0;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return NULL;
	init_completion(&b->released);
	b->kind = kind;
	b->put_slot = -1;
	b->placement = kind != EXP_DYNAMIC ? "SYSTEM" : placement ? placement : "VRAM";
	for (i = 0; i < NPAGES; i++) {
		b->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!b->pages[i])
			err = -ENOMEM;
	}
	b->cpu = cpu;
	info.ops = cpu ? &dynamic_cpu_ops : kind == EXP_DYNAMIC ? &dynamic_ops : kind == EXP_STATIC ? &static_ops : &static_cached_ops;
	info.size = NPAGES * PAGE_SIZE;
	info.flags = O_RDWR;
	info.priv = b;
	info.exp_name = cpu ? "conformance-dynamic-cpu" : kind_names[kind];
	s = ev_begin("dma_buf_export");
	if (!err) {
		b->dmabuf = dma_buf_export(&info);
		if (IS_ERR(b->dmabuf))
			err = PTR_ERR(b->dmabuf);
	}
	if (!err)
		b->id = ++next_buf;
	ev_end(s, ",\"buf\":\"b%d\",\"args\":{\"exporter\":\"%s\",\"dynamic\":%s,\"cache_sgt_mapping\":%s,\"size\":%lu%s%s%s%s},\"result\":%s",
	       b->id, info.exp_name, tf(kind == EXP_DYNAMIC), tf(kind == EXP_STATIC_CACHED), NPAGES * PAGE_SIZE,
	       kind == EXP_DYNAMIC ? ",\"placement\":\"" : "", kind == EXP_DYNAMIC ? b->placement : "",
	       kind == EXP_DYNAMIC ? "\"" : "", cpu ? ",\"vmap\":true" : "", errname(err));
	if (err) {
		for (i = 0; i < NPAGES; i++)
			if (b->pages[i])
				__free_page(b->pages[i]);
		kfree(b);
		return NULL;
	}
	return b;
}

static struct cbuf *t_export_at(enum exp_kind kind, const char *placement)
{
	return t_export_ops(kind, placement, false);
}

static struct cbuf *t_export(enum exp_kind kind)
{
	return t_export_at(kind, NULL);
}

/* ------------------------------------------------------------------ traced core calls */

static int t_lock(struct cbuf *b, struct ww_acquire_ctx *ctx, int ctxid, bool slow)
{
	int s = ev_begin(slow ? "dma_resv_lock_slow" : "dma_resv_lock");
	bool was = held(b);
	int err = 0;

	if (slow)
		dma_resv_lock_slow(b->dmabuf->resv, ctx);
	else
		err = dma_resv_lock(b->dmabuf->resv, ctx);
	if (!err)
		WRITE_ONCE(b->holder, current);
	if (ctx)
		ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"ctx\":\"c%d\",\"result\":%s,\"resv_held\":%s", b->id, ctxid, errname(err), tf(was));
	else
		ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"result\":%s,\"resv_held\":%s", b->id, errname(err), tf(was));
	return err;
}

static void t_unlock(struct cbuf *b)
{
	int s = ev_begin("dma_resv_unlock");
	bool was = held(b);
	int pins = pins_of(b);	/* read under the lock: another thread may pin right after */

	WRITE_ONCE(b->holder, NULL);
	dma_resv_unlock(b->dmabuf->resv);
	ev_end_b(s, pins, ",\"buf\":\"b%d\",\"result\":0,\"resv_held\":%s", b->id, tf(was));
}

struct imp;
static const struct dma_buf_attach_ops importer_ops;

/* An importing device: its own platform device with a DMA mask. */
struct imp {
	struct device *dev;
	const char *name;
	struct cbuf *b;
	struct dma_buf_attachment *at;
	struct sg_table *sgt;
	enum dma_data_direction dir;
	bool dynamic;
	bool remap;		/* move_notify tore the mapping down: map again before use */
	int notified;
	bool unmap_in_notify;
};


static int t_attach_ops(struct imp *im, struct cbuf *b, bool dynamic, const struct dma_buf_attach_ops *ops)
{
	int s = ev_begin(dynamic ? "dma_buf_dynamic_attach" : "dma_buf_attach");
	bool was = held(b);
	int err = 0;

	im->b = b;
	im->dynamic = dynamic;
	im->at = dynamic ? dma_buf_dynamic_attach(b->dmabuf, im->dev, ops, im)
			 : dma_buf_attach(b->dmabuf, im->dev);
	if (IS_ERR(im->at)) {
		err = PTR_ERR(im->at);
		im->at = NULL;
	}
	if (dynamic)
		ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"dev\":\"%s\",\"args\":{\"allow_peer2peer\":false,\"move_notify\":true},\"result\":%s,\"resv_held\":%s",
		       b->id, im->at ? attach_id(im->at) : 0, im->name, errname(err), tf(was));
	else
		ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"dev\":\"%s\",\"result\":%s,\"resv_held\":%s",
		       b->id, im->at ? attach_id(im->at) : 0, im->name, errname(err), tf(was));
	return err;
}

static int t_attach(struct imp *im, struct cbuf *b, bool dynamic)
{
	return t_attach_ops(im, b, dynamic, &importer_ops);
}

static void t_detach(struct imp *im)
{
	int id = attach_id(im->at);
	int s = ev_begin("dma_buf_detach");
	bool was = held(im->b);

	dma_buf_detach(im->b->dmabuf, im->at);
	ev_end_b(s, pins_of(im->b), ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"result\":0,\"resv_held\":%s", im->b->id, id, tf(was));
	im->at = NULL;
}

static int t_pin(struct imp *im, bool pin)
{
	int s = ev_begin(pin ? "dma_buf_pin" : "dma_buf_unpin");
	bool was = held(im->b);
	int err = 0;

	if (pin)
		err = dma_buf_pin(im->at);
	else
		dma_buf_unpin(im->at);
	ev_end_b(s, pins_of(im->b), ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"result\":%s,\"resv_held\":%s",
	       im->b->id, attach_id(im->at), errname(err), tf(was));
	return err;
}

/* Returns the table (or an ERR_PTR); the importer keeps it in im->sgt on success. */
static struct sg_table *t_map(struct imp *im, enum dma_data_direction dir, bool unlocked)
{
	int s = ev_begin(unlocked ? "dma_buf_map_attachment_unlocked" : "dma_buf_map_attachment");
	bool was = held(im->b);
	struct sg_table *sgt;

	sgt = unlocked ? dma_buf_map_attachment_unlocked(im->at, dir) : dma_buf_map_attachment(im->at, dir);
	if (IS_ERR(sgt))
		ev_end_b(s, pins_of(im->b), ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"args\":{\"dir\":\"%s\"},\"result\":%s,\"resv_held\":%s",
		       im->b->id, attach_id(im->at), dirname(dir), errname(PTR_ERR(sgt)), tf(was));
	else
		ev_end_b(s, pins_of(im->b), ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"sgt\":\"s%d\",\"args\":{\"dir\":\"%s\"},\"result\":0,\"resv_held\":%s",
		       im->b->id, attach_id(im->at), sgt_of(sgt), dirname(dir), tf(was));
	return sgt;
}

static void t_unmap(struct imp *im, struct sg_table *sgt, enum dma_data_direction dir, bool unlocked)
{
	int id = sgt_of(sgt);
	int s = ev_begin(unlocked ? "dma_buf_unmap_attachment_unlocked" : "dma_buf_unmap_attachment");
	bool was = held(im->b);

	if (unlocked)
		dma_buf_unmap_attachment_unlocked(im->at, sgt, dir);
	else
		dma_buf_unmap_attachment(im->at, sgt, dir);
	ev_end_b(s, pins_of(im->b), ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"sgt\":\"s%d\",\"args\":{\"dir\":\"%s\"},\"result\":0,\"resv_held\":%s",
	       im->b->id, attach_id(im->at), id, dirname(dir), tf(was));
}

static void t_move_notify(struct cbuf *b)
{
	int s = ev_begin("dma_buf_move_notify");
	bool was = held(b);

	dma_buf_move_notify(b->dmabuf);
	ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"result\":0,\"resv_held\":%s", b->id, tf(was));
}

/* Drops our (only) reference; the release runs in a kworker: wait for it. */
static bool t_put(struct cbuf *b)
{
	int s = ev_begin("dma_buf_put");
	bool last = file_count(b->dmabuf->file) == 1;
	bool was = held(b);

	b->put_slot = s;
	dma_buf_put(b->dmabuf);
	ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"args\":{\"last\":%s},\"result\":0,\"resv_held\":%s", b->id, tf(last), tf(was));
	return !last || wait_for_completion_timeout(&b->released, 5 * HZ);
}

/* The importer's device reads through its mapping (here: the CPU reads the page it maps). */
static u8 t_device_access(struct imp *im, struct sg_table *sgt)
{
	int s = ev_begin("importer.device_access");
	u8 v = 0;
	void *p;

	p = kmap_local_page(sg_page(sgt->sgl));
	v = *(u8 *)p;
	kunmap_local(p);
	ev_end(s, ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"sgt\":\"s%d\",\"args\":{\"access\":\"READ\"},\"result\":0",
	       im->b->id, attach_id(im->at), sgt_of(sgt));
	return v;
}

/*
 * The dynamic importer's move_notify (dma-buf.h: "the importer should ... unmap and remap
 * later, waiting for the fences"): tear the mapping down now, under the lock the core
 * holds; the next use maps again and waits for the KERNEL fences (the move).
 */
static void imp_move_notify(struct dma_buf_attachment *at)
{
	struct imp *im = at->importer_priv;
	int s = ev_begin("importer.move_notify");

	im->notified++;
	if (im->sgt && im->unmap_in_notify) {
		t_unmap(im, im->sgt, im->dir, false);
		im->sgt = NULL;
		im->remap = true;
	}
	ev_end(s, ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"result\":0,\"resv_held\":%s",
	       im->b->id, attach_id(at), tf(dma_resv_is_locked(at->dmabuf->resv)));
}

static const struct dma_buf_attach_ops importer_ops = {
	.allow_peer2peer = false,
	.move_notify = imp_move_notify,
};

/* ------------------------------------------------------------------ fences */

static DEFINE_SPINLOCK(fence_lock);

struct cfence {
	struct dma_fence base;
	int id;
	struct delayed_work signal_work;
};

static const char *cf_driver(struct dma_fence *f) { return "dmabuf_conformance"; }
static const char *cf_timeline(struct dma_fence *f) { return "scenario"; }
static const struct dma_fence_ops cf_ops = { .get_driver_name = cf_driver, .get_timeline_name = cf_timeline };

static int t_fence_signal(struct cfence *f)
{
	int s = ev_begin("dma_fence_signal");
	int err = dma_fence_signal(&f->base);

	ev_end(s, ",\"fence\":\"f%d\",\"result\":%s", f->id, errname(err));
	return err;
}

static void cf_signal_work(struct work_struct *w)
{
	struct cfence *f = container_of(to_delayed_work(w), struct cfence, signal_work);

	t_fence_signal(f);
}

static struct cfence *t_fence_init(void)
{
	struct cfence *f = kzalloc(sizeof(*f), GFP_KERNEL);
	u64 ctx;
	int s;

	if (!f)
		return NULL;
	ctx = dma_fence_context_alloc(1);
	s = ev_begin("dma_fence_init");
	dma_fence_init(&f->base, &cf_ops, &fence_lock, ctx, 1);
	f->id = ++next_fence;
	INIT_DELAYED_WORK(&f->signal_work, cf_signal_work);
	ev_end(s, ",\"fence\":\"f%d\",\"args\":{\"context\":%llu,\"seqno\":1},\"result\":0", f->id, ctx);
	return f;
}

static void t_fence_put(struct cfence *f)
{
	int s;

	cancel_delayed_work_sync(&f->signal_work);
	s = ev_begin("dma_fence_put");
	ev_end(s, ",\"fence\":\"f%d\",\"args\":{\"last\":%s},\"result\":0", f->id, tf(kref_read(&f->base.refcount) == 1));
	dma_fence_put(&f->base);
}

static long t_fence_wait(struct cfence *f, int ms)
{
	int s = ev_begin("dma_fence_wait_timeout");
	long r = dma_fence_wait_timeout(&f->base, false, msecs_to_jiffies(ms));

	ev_end(s, ",\"fence\":\"f%d\",\"args\":{\"timeout\":%llu,\"intr\":false},\"ret\":%llu,\"result\":%s",
	       f->id, (u64)ms * NSEC_PER_MSEC, r > 0 ? (u64)jiffies_to_nsecs(r) : 0ULL, errname(r < 0 ? (int)r : 0));
	return r;
}

static int t_reserve(struct cbuf *b, int num)
{
	int s = ev_begin("dma_resv_reserve_fences");
	bool was = held(b);
	int err = dma_resv_reserve_fences(b->dmabuf->resv, num);

	ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"args\":{\"num\":%d},\"result\":%s,\"resv_held\":%s", b->id, num, errname(err), tf(was));
	return err;
}

static void t_add_fence(struct cbuf *b, struct cfence *f, enum dma_resv_usage u)
{
	int s = ev_begin("dma_resv_add_fence");
	bool was = held(b);

	dma_resv_add_fence(b->dmabuf->resv, &f->base, u);
	ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"fence\":\"f%d\",\"args\":{\"usage\":\"%s\"},\"result\":0,\"resv_held\":%s",
	       b->id, f->id, usagename(u), tf(was));
}

/* Locks, reserves a slot and adds the fence; signalled by a worker after @ms (0: never by itself). */
static int add_pending_fence(struct cbuf *b, struct cfence *f, enum dma_resv_usage u, int ms)
{
	int err = t_lock(b, NULL, 0, false);

	if (err)
		return err;
	err = t_reserve(b, 1);
	if (!err)
		t_add_fence(b, f, u);
	t_unlock(b);
	if (!err && ms)
		schedule_delayed_work(&f->signal_work, msecs_to_jiffies(ms));
	return err;
}

static bool t_test_signaled(struct cbuf *b, enum dma_resv_usage u)
{
	int s = ev_begin("dma_resv_test_signaled");
	bool was = held(b);
	bool r = dma_resv_test_signaled(b->dmabuf->resv, u);

	ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"args\":{\"usage\":\"%s\"},\"ret\":%s,\"result\":0,\"resv_held\":%s",
	       b->id, usagename(u), tf(r), tf(was));
	return r;
}

static long t_wait(struct cbuf *b, enum dma_resv_usage u, int ms)
{
	int s = ev_begin("dma_resv_wait_timeout");
	bool was = held(b);
	long r = dma_resv_wait_timeout(b->dmabuf->resv, u, false, msecs_to_jiffies(ms));

	ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"args\":{\"usage\":\"%s\",\"timeout\":%llu,\"intr\":false},\"ret\":%llu,\"result\":%s,\"resv_held\":%s",
	       b->id, usagename(u), (u64)ms * NSEC_PER_MSEC, r > 0 ? (u64)jiffies_to_nsecs(r) : 0ULL,
	       errname(r < 0 ? (int)r : 0), tf(was));
	return r;
}

struct tcb {
	struct dma_fence_cb cb;
	int id, fence;
	atomic_t ran;
};

static void tcb_func(struct dma_fence *f, struct dma_fence_cb *cb)
{
	struct tcb *t = container_of(cb, struct tcb, cb);
	int s = ev_begin("dma_fence_callback");

	atomic_inc(&t->ran);
	ev_end(s, ",\"fence\":\"f%d\",\"cb\":\"cb%d\",\"result\":0", t->fence, t->id);
}

static int t_add_callback(struct cfence *f, struct tcb *t)
{
	int s = ev_begin("dma_fence_add_callback");
	int err;

	if (!t->id)
		t->id = ++next_cb;
	t->fence = f->id;
	err = dma_fence_add_callback(&f->base, &t->cb, tcb_func);
	ev_end(s, ",\"fence\":\"f%d\",\"cb\":\"cb%d\",\"result\":%s", f->id, t->id, errname(err));
	return err;
}

/* ------------------------------------------------------------------ CPU mappings (R20-R22) */

/*
 * The dynamic exporter with CPU access, as a TTM driver has it: vmap pins the buffer where it is
 * (amdgpu_dma_buf_vmap pins; R20: a vmap address keeps mapping the pages it was made of, which no
 * zap reaches), and mmap installs a fault handler that maps the current storage's pages under the
 * reservation lock once the KERNEL fences (a move's copy) signalled (ttm_bo_vm_fault, R22); an
 * eviction zaps every CPU PTE of the fd first (ttm_bo_unmap_virtual, R21).
 */
static int exp_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct cbuf *b = dmabuf->priv;
	int s = ev_begin("exporter.vmap");
	void *va = vmap(b->pages, NPAGES, VM_MAP, PAGE_KERNEL);

	if (va) {
		b->pins++;
		b->vaddr = va;
		iosys_map_set_vaddr(map, va);
		ev_end(s, ",\"buf\":\"b%d\",\"ret\":\"%p\",\"result\":0,\"resv_held\":%s",
		       b->id, va, tf(dma_resv_is_locked(dmabuf->resv)));
		return 0;
	}
	ev_end(s, ",\"buf\":\"b%d\",\"result\":%s,\"resv_held\":%s", b->id, errname(-ENOMEM), tf(dma_resv_is_locked(dmabuf->resv)));
	return -ENOMEM;
}

static void exp_vunmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct cbuf *b = dmabuf->priv;
	int s = ev_begin("exporter.vunmap");

	ev_end(s, ",\"buf\":\"b%d\",\"args\":{\"addr\":\"%p\"},\"result\":0,\"resv_held\":%s",
	       b->id, map->vaddr, tf(dma_resv_is_locked(dmabuf->resv)));
	vunmap(map->vaddr);
	b->vaddr = NULL;
	b->pins--;
}

/* The fault handler (ttm_bo_vm_fault): the reservation lock, the KERNEL fences signalled (else
 * unlock, wait without the lock, retry), then the current storage's pfn. */
static vm_fault_t exp_vm_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct cbuf *b = vma->vm_private_data;
	pgoff_t pg = vmf->pgoff;	/* the page of the buffer (file offset) */
	vm_fault_t ret;
	int s, tries;

	if (pg >= NPAGES)
		return VM_FAULT_SIGBUS;
	for (tries = 0; ; tries++) {
		if (t_lock(b, NULL, 0, false))
			return VM_FAULT_SIGBUS;
		if (b->fault_skips_fence || t_test_signaled(b, DMA_RESV_USAGE_KERNEL))
			break;
		t_unlock(b);
		if (tries == 3 || t_wait(b, DMA_RESV_USAGE_KERNEL, 2000) <= 0)
			return VM_FAULT_SIGBUS;
	}
	s = ev_begin("exporter.vm_fault");
	ret = vmf_insert_pfn(vma, vmf->address, page_to_pfn(b->pages[pg]));
	ev_end(s, ",\"buf\":\"b%d\",\"args\":{\"vma\":\"vma%d\",\"placement\":\"%s\",\"access\":\"%s\"},\"result\":%s,\"resv_held\":%s",
	       b->id, b->vma_id, b->placement, vmf->flags & FAULT_FLAG_WRITE ? "WRITE" : "READ",
	       errname(ret == VM_FAULT_NOPAGE ? 0 : -EFAULT), tf(held(b)));
	t_unlock(b);
	return ret;
}

static const struct vm_operations_struct exp_vm_ops = {
	.fault = exp_vm_fault,
};

/* dma_buf_mmap_internal calls this for an mmap of the fd: PFN mappings faulted in one page at a time. */
static int exp_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_PFNMAP | VM_IO | VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_ops = &exp_vm_ops;
	vma->vm_private_data = dmabuf->priv;
	return 0;
}

static const struct dma_buf_ops dynamic_cpu_ops = {
	.attach = exp_attach, .detach = exp_detach, .pin = exp_pin, .unpin = exp_unpin,
	.map_dma_buf = exp_map, .unmap_dma_buf = exp_unmap, .release = exp_release,
	.vmap = exp_vmap, .vunmap = exp_vunmap, .mmap = exp_mmap,
};

/* dma_buf_vmap under the lock the caller holds (6.2+: dma_resv_assert_held). */
static int t_vmap(struct cbuf *b, struct iosys_map *map)
{
	int s = ev_begin("dma_buf_vmap");
	bool was = held(b);
	int err = dma_buf_vmap(b->dmabuf, map);

	if (err)
		ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"result\":%s,\"resv_held\":%s", b->id, errname(err), tf(was));
	else
		ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"ret\":\"%p\",\"result\":0,\"resv_held\":%s", b->id, map->vaddr, tf(was));
	return err;
}

static void t_vunmap(struct cbuf *b, struct iosys_map *map)
{
	int s = ev_begin("dma_buf_vunmap");
	bool was = held(b);
	void *va = map->vaddr;

	dma_buf_vunmap(b->dmabuf, map);
	ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"args\":{\"addr\":\"%p\"},\"result\":0,\"resv_held\":%s", b->id, va, tf(was));
}

/* A CPU load or store through the vmap. */
static u8 t_cpu_vmap(struct cbuf *b, struct iosys_map *map, bool write, u8 v)
{
	int s = ev_begin("cpu.access");

	if (write)
		WRITE_ONCE(*(u8 *)map->vaddr, v);
	else
		v = READ_ONCE(*(u8 *)map->vaddr);
	ev_end(s, ",\"buf\":\"b%d\",\"args\":{\"via\":\"vmap\",\"addr\":\"%p\",\"access\":\"%s\",\"placement\":\"%s\"},\"result\":0",
	       b->id, map->vaddr, write ? "WRITE" : "READ", b->placement);
	return v;
}

/* The storage a page of the buffer is now in, read by the exporter (not through any CPU mapping). */
static u8 storage_byte(struct page *pg)
{
	void *p = kmap_local_page(pg);
	u8 v = READ_ONCE(*(u8 *)p);

	kunmap_local(p);
	return v;
}

/* ------------------------------------------------------------------ scenario plumbing */

struct scen;
typedef int (*scen_fn)(struct scen *sc);

struct scen {
	const char *name;
	scen_fn fn;
	const char *inject;	/* misuse scenarios: the rule they break */
	char why[160];		/* the first failed expectation */
	struct cbuf *bufs[4];
	int nbufs;
	struct completion done;
	int rc;
};

#define EXPECT(sc, cond, ...) do { \
	if (!(cond)) { \
		if (!(sc)->why[0]) \
			snprintf((sc)->why, sizeof((sc)->why), __VA_ARGS__); \
		return -1; \
	} } while (0)

static struct cbuf *scen_export(struct scen *sc, enum exp_kind kind)
{
	struct cbuf *b = t_export(kind);

	if (b && sc->nbufs < ARRAY_SIZE(sc->bufs))
		sc->bufs[sc->nbufs++] = b;
	return b;
}

static struct imp imps[2];

static void imp_reset(void)
{
	int i;

	for (i = 0; i < 2; i++) {
		memset(&imps[i], 0, sizeof(imps[i]));
		imps[i].dev = &pdevs[i]->dev;
		imps[i].name = i ? "importer1" : "importer0";
	}
}

static int count_ops(const char *op, int from)
{
	int i, n = 0;

	for (i = from; i < nev; i++)
		if (!strcmp(evs[i].op, op))
			n++;
	return n;
}

/* Callbacks the core made, by op, since event slot @from (for the KTAP expectations). */
#define CALLS(op, from) count_ops(op, from)

/* ------------------------------------------------------------------ set-up blocks the scenarios share */

/*
 * A buffer of @kind with importers 0..@n-1 attached, static or dynamic (a dynamic one tears its
 * mapping down inside move_notify and remaps on next use). NULL, with the reason in sc->why,
 * when the export or an attach failed.
 */
static struct cbuf *setup_buf(struct scen *sc, enum exp_kind kind, int n, bool dynamic)
{
	struct cbuf *b = scen_export(sc, kind);
	int i;

	if (!b) {
		if (!sc->why[0])
			snprintf(sc->why, sizeof(sc->why), "dma_buf_export failed");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		imps[i].unmap_in_notify = dynamic;
		if (t_attach(&imps[i], b, dynamic)) {
			if (!sc->why[0])
				snprintf(sc->why, sizeof(sc->why), "%s of importer%d failed",
					 dynamic ? "dma_buf_dynamic_attach" : "dma_buf_attach", i);
			return NULL;
		}
	}
	return b;
}

#define SETUP(sc, b, kind, n, dynamic) do { \
	(b) = setup_buf(sc, kind, n, dynamic); \
	if (!(b)) \
		return -1; \
	} while (0)

/* A fence of the scenario's own (signalled by the scenario or its delayed work). */
#define FENCE(sc, f) do { \
	(f) = t_fence_init(); \
	EXPECT(sc, f, "no memory for a fence"); \
	} while (0)

/* The importer maps BIDIRECTIONAL under the lock its caller holds, keeps the table, and its
 * device reads through it. */
static int map_use_locked(struct scen *sc, struct imp *im)
{
	struct sg_table *sgt = t_map(im, DMA_BIDIRECTIONAL, false);

	EXPECT(sc, !IS_ERR(sgt), "map of %s failed: %ld", im->name, PTR_ERR(sgt));
	im->sgt = sgt;
	im->dir = DMA_BIDIRECTIONAL;
	t_device_access(im, sgt);
	return 0;
}

/* After a move: importers 0..@n-1 remap under the lock, wait for the move's KERNEL fence, and
 * their devices read the new pages before they unmap. */
static int remap_wait_use(struct scen *sc, struct cbuf *b, int n)
{
	struct sg_table *sgt;
	int i;

	t_lock(b, NULL, 0, false);
	for (i = 0; i < n; i++) {
		EXPECT(sc, imps[i].remap, "importer%d was not told to remap", i);
		sgt = t_map(&imps[i], DMA_BIDIRECTIONAL, false);
		EXPECT(sc, !IS_ERR(sgt), "remap of importer%d failed", i);
		imps[i].sgt = sgt;
		imps[i].remap = false;
	}
	EXPECT(sc, t_wait(b, DMA_RESV_USAGE_KERNEL, 2000) > 0, "the move fence did not signal in 2 s");
	for (i = 0; i < n; i++) {
		t_device_access(&imps[i], imps[i].sgt);
		t_unmap(&imps[i], imps[i].sgt, DMA_BIDIRECTIONAL, false);
		imps[i].sgt = NULL;
	}
	t_unlock(b);
	return 0;
}

/* ------------------------------------------------------------------ legal scenarios */

/* R9/R11 (6.2-6.14): a static importer of a dynamic exporter is pinned and mapped
 * BIDIRECTIONAL inside dma_buf_attach; later maps return the cached table; unmap is a no-op;
 * detach unmaps and unpins under the lock. */
static int sc_static_importer_dynamic_exporter(struct scen *sc)
{
	struct imp *im = &imps[0];
	struct sg_table *s1, *s2;
	struct cbuf *b;
	int m;

	SETUP(sc, b, EXP_DYNAMIC, 1, false);
	EXPECT(sc, CALLS("exporter.pin", 0) == 1 && CALLS("exporter.map_dma_buf", 0) == 1,
	       "attach of a static importer did not pin and map (pin %d map %d)",
	       CALLS("exporter.pin", 0), CALLS("exporter.map_dma_buf", 0));
	m = nev;
	s1 = t_map(im, DMA_TO_DEVICE, true);
	EXPECT(sc, !IS_ERR(s1), "map TO_DEVICE failed: %ld", PTR_ERR(s1));
	s2 = t_map(im, DMA_FROM_DEVICE, true);
	EXPECT(sc, !IS_ERR(s2) && s1 == s2, "second map did not return the cached table");
	EXPECT(sc, CALLS("exporter.map_dma_buf", m) == 0, "cached maps called the exporter");
	t_device_access(im, s1);
	t_unmap(im, s1, DMA_TO_DEVICE, true);
	t_unmap(im, s2, DMA_FROM_DEVICE, true);
	EXPECT(sc, CALLS("exporter.unmap_dma_buf", m) == 0, "unmap of the cached table called the exporter");
	m = nev;
	t_detach(im);
	EXPECT(sc, CALLS("exporter.unmap_dma_buf", m) == 1 && CALLS("exporter.unpin", m) == 1,
	       "detach did not unmap and unpin the cached table");
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	EXPECT(sc, b->maps == 0 && b->pins == 0, "release saw %d mappings %d pins", b->maps, b->pins);
	return 0;
}

/* R8/R9 with CONFIG_DMABUF_MOVE_NOTIFY=n: a dynamic importer's map pins and its unmap
 * unpins; explicit dma_buf_pin/unpin under the lock reach the exporter. */
static int sc_dynamic_importer_dynamic_exporter(struct scen *sc)
{
	struct imp *im = &imps[0];
	struct sg_table *sgt;
	struct cbuf *b;
	int m;

	SETUP(sc, b, EXP_DYNAMIC, 1, true);
	EXPECT(sc, CALLS("exporter.map_dma_buf", 0) == 0 && CALLS("exporter.pin", 0) == 0,
	       "dynamic attach mapped or pinned");
	t_lock(b, NULL, 0, false);
	m = nev;
	sgt = t_map(im, DMA_BIDIRECTIONAL, false);
	EXPECT(sc, !IS_ERR(sgt), "map failed");
	EXPECT(sc, CALLS("exporter.pin", m) == (IS_ENABLED(CONFIG_DMABUF_MOVE_NOTIFY) ? 0 : 1),
	       "pin-on-map does not follow CONFIG_DMABUF_MOVE_NOTIFY");
	t_device_access(im, sgt);
	t_unmap(im, sgt, DMA_BIDIRECTIONAL, false);
	EXPECT(sc, b->maps == 0, "unmap did not reach the exporter");
	EXPECT(sc, !t_pin(im, true), "dma_buf_pin failed");
	sgt = t_map(im, DMA_TO_DEVICE, false);
	EXPECT(sc, !IS_ERR(sgt), "map after pin failed");
	t_unmap(im, sgt, DMA_TO_DEVICE, false);
	t_pin(im, false);
	t_unlock(b);
	EXPECT(sc, b->pins == 0, "pins left: %d", b->pins);
	t_detach(im);
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	return 0;
}

/* 6.2 locking convention: a static importer of a static exporter maps through the
 * _unlocked variants, which take the lock; every map and unmap reaches the exporter. */
static int sc_static_importer_static_exporter(struct scen *sc)
{
	struct imp *im = &imps[0];
	struct sg_table *s1, *s2;
	struct cbuf *b;

	SETUP(sc, b, EXP_STATIC, 1, false);
	EXPECT(sc, CALLS("exporter.map_dma_buf", 0) == 0, "attach mapped without a static/dynamic mismatch");
	s1 = t_map(im, DMA_TO_DEVICE, true);
	EXPECT(sc, !IS_ERR(s1), "map failed");
	s2 = t_map(im, DMA_FROM_DEVICE, true);
	EXPECT(sc, !IS_ERR(s2) && s2 != s1, "second map did not give a second table");
	t_device_access(im, s2);
	t_unmap(im, s2, DMA_FROM_DEVICE, true);
	t_unmap(im, s1, DMA_TO_DEVICE, true);
	EXPECT(sc, CALLS("exporter.map_dma_buf", 0) == 2 && CALLS("exporter.unmap_dma_buf", 0) == 2,
	       "maps and unmaps did not all reach the exporter");
	t_detach(im);
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	return 0;
}

/* R11: a dynamic importer of a static exporter gets a BIDIRECTIONAL table cached at attach
 * (no pin: the exporter cannot pin); maps under the lock return it; detach unmaps it. */
static int sc_dynamic_importer_static_exporter(struct scen *sc)
{
	struct imp *im = &imps[0];
	struct sg_table *sgt;
	struct cbuf *b;
	int m;

	SETUP(sc, b, EXP_STATIC, 1, true);
	EXPECT(sc, CALLS("exporter.map_dma_buf", 0) == 1, "attach did not map the mismatched attachment");
	t_lock(b, NULL, 0, false);
	m = nev;
	sgt = t_map(im, DMA_TO_DEVICE, false);
	EXPECT(sc, !IS_ERR(sgt), "map failed");
	EXPECT(sc, CALLS("exporter.map_dma_buf", m) == 0, "cached map called the exporter");
	t_device_access(im, sgt);
	t_unmap(im, sgt, DMA_TO_DEVICE, false);
	/* move_notify also reaches a static exporter's dynamic attachments */
	t_move_notify(b);
	EXPECT(sc, im->notified == 1, "move_notify reached the importer %d times", im->notified);
	t_unlock(b);
	m = nev;
	t_detach(im);
	EXPECT(sc, CALLS("exporter.unmap_dma_buf", m) == 1, "detach did not unmap the cached table");
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	return 0;
}

/* R11: with cache_sgt_mapping the first map's direction is cached; another direction
 * fails with -EBUSY without calling the exporter. */
static int sc_cache_sgt_mapping_ebusy(struct scen *sc)
{
	struct imp *im = &imps[0];
	struct sg_table *s1, *s2, *s3;
	struct cbuf *b;
	int m;

	SETUP(sc, b, EXP_STATIC_CACHED, 1, false);
	s1 = t_map(im, DMA_TO_DEVICE, true);
	EXPECT(sc, !IS_ERR(s1), "map failed");
	m = nev;
	s2 = t_map(im, DMA_FROM_DEVICE, true);
	EXPECT(sc, PTR_ERR(s2) == -EBUSY, "map in another direction returned %ld, not -EBUSY", PTR_ERR(s2));
	s3 = t_map(im, DMA_TO_DEVICE, true);
	EXPECT(sc, s3 == s1, "same-direction map did not return the cached table");
	EXPECT(sc, CALLS("exporter.map_dma_buf", m) == 0, "the core called the exporter for a cached attachment");
	t_device_access(im, s3);
	t_unmap(im, s3, DMA_TO_DEVICE, true);
	t_unmap(im, s1, DMA_TO_DEVICE, true);
	EXPECT(sc, CALLS("exporter.unmap_dma_buf", 0) == 0, "unmap of the cached table reached the exporter");
	m = nev;
	t_detach(im);
	EXPECT(sc, CALLS("exporter.unmap_dma_buf", m) == 1, "detach did not unmap the cached table");
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	return 0;
}

/* The exporter moves the buffer: new pages, a copy, and a KERNEL fence for the copy. */
static int exp_move(struct cbuf *b, struct cfence *move_fence, const char *to)
{
	int s = ev_begin("exporter.move");
	int i, err = 0;

	for (i = 0; i < NPAGES && !err; i++) {
		b->old_pages[i] = b->pages[i];
		b->pages[i] = alloc_page(GFP_KERNEL);
		if (!b->pages[i]) {
			b->pages[i] = b->old_pages[i];
			b->old_pages[i] = NULL;
			err = -ENOMEM;
		} else {
			copy_highpage(b->pages[i], b->old_pages[i]);
		}
	}
	b->old_placement = b->placement;
	b->placement = to;
	ev_end(s, ",\"buf\":\"b%d\",\"fence\":\"f%d\",\"args\":{\"from\":\"%s\",\"to\":\"%s\"},\"result\":%s,\"resv_held\":%s",
	       b->id, move_fence->id, b->old_placement, to, errname(err), tf(dma_resv_is_locked(b->dmabuf->resv)));
	return err;
}

static void exp_reuse_storage(struct cbuf *b)
{
	int s = ev_begin("exporter.reuse_storage");
	int i;

	for (i = 0; i < NPAGES; i++)
		if (b->old_pages[i]) {
			__free_page(b->old_pages[i]);
			b->old_pages[i] = NULL;
		}
	ev_end(s, ",\"buf\":\"b%d\",\"args\":{\"placement\":\"%s\"},\"result\":0", b->id, b->old_placement);
}

/* unmap_mapping_range over the fd's address space (ttm_bo_unmap_virtual): every CPU PTE of the
 * buffer is gone, so the next access faults and maps the storage of that time (R21). */
static void t_zap(struct cbuf *b)
{
	int s = ev_begin("unmap_mapping_range");

	unmap_mapping_range(b->dmabuf->file->f_mapping, 0, NPAGES * PAGE_SIZE, 1);
	ev_end(s, ",\"buf\":\"b%d\",\"result\":0,\"resv_held\":%s", b->id, tf(held(b)));
}

/*
 * An eviction (DmaBufEvict; TTM's order): lock; the CPU PTEs zapped if @zap; dma_buf_move_notify
 * (the dynamic importers unmap inside, which on MOVE_NOTIFY=n kernels drops the pins their
 * mappings took); -EBUSY without a move if still pinned (a vmap's pin too, R20) unless
 * @ignore_pins (misuse); the move to @to with @f as its KERNEL fence; unlock.
 */
static int t_evict(struct cbuf *b, struct cfence *f, const char *to, bool zap, bool ignore_pins)
{
	int err = t_lock(b, NULL, 0, false);

	if (err)
		return err;
	if (zap)
		t_zap(b);
	t_move_notify(b);
	if (b->pins && !ignore_pins) {
		t_unlock(b);
		return -EBUSY;
	}
	err = exp_move(b, f, to);
	if (!err)
		err = t_reserve(b, 1);
	if (!err)
		t_add_fence(b, f, DMA_RESV_USAGE_KERNEL);
	t_unlock(b);
	return err;
}

/* The seed threads' protocol: eviction = lock, dma_buf_move_notify (the importer tears its
 * mapping down inside the callback), move with a KERNEL fence, unlock; the importer remaps
 * later and waits for the KERNEL fence before its device touches the new pages; the
 * exporter reuses the old pages only after the fence signalled. */
static int sc_move_notify_remap(struct scen *sc)
{
	struct imp *im = &imps[0];
	struct cfence *f;
	struct cbuf *b;
	int m, err;

	SETUP(sc, b, EXP_DYNAMIC, 1, true);
	t_lock(b, NULL, 0, false);
	if (map_use_locked(sc, im))
		return -1;
	t_unlock(b);

	FENCE(sc, f);
	/* exporter side: evict (the importer unmaps inside move_notify, so nothing pins the buffer) */
	m = nev;
	err = t_evict(b, f, "GTT", false, false);
	EXPECT(sc, im->notified == 1 && !im->sgt, "move_notify did not reach the importer or it kept its mapping");
	EXPECT(sc, CALLS("exporter.unmap_dma_buf", m) == 1, "the importer's unmap inside move_notify did not reach the exporter");
	EXPECT(sc, !err, "the eviction failed: %d (pins %d)", err, b->pins);
	schedule_delayed_work(&f->signal_work, msecs_to_jiffies(50));

	/* importer side: remap, wait for the move, use */
	if (remap_wait_use(sc, b, 1))
		return -1;
	/* exporter side: the copy is done, the old pages may go */
	exp_reuse_storage(b);
	t_detach(im);
	t_fence_put(f);
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	EXPECT(sc, b->maps == 0 && b->pins == 0, "leaked %d mappings %d pins", b->maps, b->pins);
	return 0;
}

/* The seed threads' race for real: an importer thread maps, waits and uses the buffer under
 * the lock, for as long as an exporter thread evicts it four times (move_notify, move, KERNEL fence)
 * and reuses the old pages once each move fence signalled. */
struct race {
	struct cbuf *b;
	struct imp *im;
	struct completion done;
	int err, remaps, moves;
	bool evicted;		/* the exporter is done: the importer may stop */
};

static int race_importer(void *p)
{
	struct race *r = p;
	struct cbuf *b = r->b;
	struct imp *im = r->im;
	struct sg_table *sgt;
	int i;

	name_thread("importer");
	/* runs as long as the exporter evicts (bounded: the event buffer is finite) */
	for (i = 0; i < 150 && !r->err && !READ_ONCE(r->evicted); i++) {
		t_lock(b, NULL, 0, false);
		if (!im->sgt) {
			sgt = t_map(im, DMA_BIDIRECTIONAL, false);
			if (IS_ERR(sgt)) {
				r->err = PTR_ERR(sgt);
			} else {
				im->sgt = sgt;
				im->dir = DMA_BIDIRECTIONAL;
				r->remaps++;
				/* the new pages are usable once the move's KERNEL fence signalled */
				if (t_wait(b, DMA_RESV_USAGE_KERNEL, 2000) <= 0)
					r->err = -ETIMEDOUT;
			}
		}
		if (!r->err)
			t_device_access(im, im->sgt);
		t_unlock(b);
		usleep_range(1000, 2000);
	}
	t_lock(b, NULL, 0, false);
	if (im->sgt)
		t_unmap(im, im->sgt, im->dir, false);
	im->sgt = NULL;
	t_unlock(b);
	complete(&r->done);
	return 0;
}

static int sc_move_notify_race(struct scen *sc)
{
	struct imp *im = &imps[0];
	struct race *r;
	struct task_struct *t;
	struct cbuf *b;
	int i;

	SETUP(sc, b, EXP_DYNAMIC, 1, true);
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	EXPECT(sc, r, "no memory");
	r->b = b;
	r->im = im;
	init_completion(&r->done);
	t = kthread_run(race_importer, r, "race-importer");
	EXPECT(sc, !IS_ERR(t), "cannot start the importer thread");
	for (i = 0; i < 4; i++) {
		struct cfence *f;

		usleep_range(3000, 6000);
		f = t_fence_init();
		if (!f)
			break;
		if (t_evict(b, f, i % 2 ? "VRAM" : "GTT", false, false)) {
			t_fence_put(f);
			break;
		}
		r->moves++;
		schedule_delayed_work(&f->signal_work, msecs_to_jiffies(5));
		if (t_fence_wait(f, 2000) > 0)
			exp_reuse_storage(b);
		t_fence_put(f);
	}
	WRITE_ONCE(r->evicted, true);
	wait_for_completion(&r->done);
	EXPECT(sc, r->moves == 4, "only %d of 4 evictions happened (pins %d)", r->moves, b->pins);
	EXPECT(sc, !r->err, "importer failed: %d", r->err);
	EXPECT(sc, im->notified == 4, "move_notify reached the importer %d times", im->notified);
	EXPECT(sc, r->remaps >= 2, "the importer remapped only %d times", r->remaps);
	t_detach(im);
	kfree(r);
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	EXPECT(sc, b->maps == 0 && b->pins == 0, "leaked %d mappings %d pins", b->maps, b->pins);
	return 0;
}

/* R6: a pending KERNEL fence blocks a static importer's attach (the core waits inside its
 * attach-time map, lock held) but not a dynamic importer's map (waiting is its job).
 * Then R2: with both attached, dma_buf_move_notify calls only the dynamic importer. */
static int sc_kernel_fence_static_attach(struct scen *sc)
{
	struct cbuf *b = scen_export(sc, EXP_DYNAMIC);
	struct imp *st = &imps[0], *dy = &imps[1];
	struct cfence *f1, *f2;
	struct sg_table *sgt;
	u64 t0, blocked;

	EXPECT(sc, b, "dma_buf_export failed");
	FENCE(sc, f1);
	EXPECT(sc, !add_pending_fence(b, f1, DMA_RESV_USAGE_KERNEL, 200), "adding the KERNEL fence failed");
	t0 = ktime_get_ns();
	EXPECT(sc, !t_attach(st, b, false), "static attach failed");
	blocked = ktime_get_ns() - t0;
	EXPECT(sc, dma_fence_is_signaled(&f1->base), "static attach returned before the KERNEL fence signalled");
	EXPECT(sc, blocked > 100 * NSEC_PER_MSEC, "static attach blocked only %llu ms", blocked / NSEC_PER_MSEC);

	EXPECT(sc, !t_attach(dy, b, true), "dynamic attach failed");
	FENCE(sc, f2);
	EXPECT(sc, !add_pending_fence(b, f2, DMA_RESV_USAGE_KERNEL, 200), "adding the KERNEL fence failed");
	t_lock(b, NULL, 0, false);
	sgt = t_map(dy, DMA_BIDIRECTIONAL, false);
	EXPECT(sc, !IS_ERR(sgt), "dynamic map failed");
	EXPECT(sc, !dma_fence_is_signaled(&f2->base), "the dynamic importer's map waited for the KERNEL fence");
	EXPECT(sc, t_wait(dy->b, DMA_RESV_USAGE_KERNEL, 2000) > 0, "KERNEL fence did not signal");
	t_device_access(dy, sgt);
	t_unmap(dy, sgt, DMA_BIDIRECTIONAL, false);
	/* R2: move_notify reaches the dynamic attachment only, never the static one */
	t_move_notify(b);
	EXPECT(sc, dy->notified == 1, "move_notify reached the dynamic importer %d times", dy->notified);
	t_unlock(b);
	t_detach(dy);
	t_detach(st);
	t_fence_put(f1);
	t_fence_put(f2);
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	return 0;
}

/* Fences per usage: a WRITE fence is seen at READ and WRITE, not at KERNEL; waits time out
 * while it is pending; callbacks run inside dma_fence_signal; a second signal is -EINVAL. */
static int sc_fence_usage(struct scen *sc)
{
	struct cbuf *b = scen_export(sc, EXP_STATIC);
	struct cfence *f;
	struct tcb cb1 = {};

	EXPECT(sc, b, "dma_buf_export failed");
	FENCE(sc, f);
	EXPECT(sc, !add_pending_fence(b, f, DMA_RESV_USAGE_WRITE, 0), "adding the WRITE fence failed");
	EXPECT(sc, !t_test_signaled(b, DMA_RESV_USAGE_READ), "READ sees no pending fence");
	EXPECT(sc, !t_test_signaled(b, DMA_RESV_USAGE_WRITE), "WRITE sees no pending fence");
	EXPECT(sc, t_test_signaled(b, DMA_RESV_USAGE_KERNEL), "KERNEL sees the WRITE fence");
	EXPECT(sc, t_wait(b, DMA_RESV_USAGE_READ, 20) == 0, "wait at READ did not time out");
	EXPECT(sc, t_wait(b, DMA_RESV_USAGE_KERNEL, 20) > 0, "wait at KERNEL did not return at once");
	EXPECT(sc, !t_add_callback(f, &cb1), "add_callback on a pending fence failed");
	EXPECT(sc, !t_fence_signal(f), "first signal failed");
	EXPECT(sc, atomic_read(&cb1.ran) == 1, "callback did not run inside dma_fence_signal");
	EXPECT(sc, t_fence_signal(f) == -EINVAL, "second signal did not return -EINVAL");
	/* cb1 ran and is off the list, so it may be added again: -ENOENT on a signalled fence */
	EXPECT(sc, t_add_callback(f, &cb1) == -ENOENT, "add_callback on a signalled fence did not return -ENOENT");
	EXPECT(sc, t_test_signaled(b, DMA_RESV_USAGE_READ), "READ still sees a pending fence");
	EXPECT(sc, t_wait(b, DMA_RESV_USAGE_READ, 20) > 0, "wait at READ timed out after the signal");
	t_fence_put(f);
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	return 0;
}

/* F18: two threads lock two buffers in opposite orders with acquire contexts; the younger
 * gets -EDEADLK, drops its lock, takes the contended one with dma_resv_lock_slow. */
struct ww_side {
	struct scen *sc;
	struct cbuf *first, *second;
	struct completion locked_first, go, finished;
	struct completion *other_locked;
	const char *name;
	int ctxid;
	int edeadlk;
	int err;
};

static int ww_thread(void *p)
{
	struct ww_side *w = p;
	struct ww_acquire_ctx ctx;
	int s;

	name_thread(w->name);
	s = ev_begin("ww_acquire_init");
	ww_acquire_init(&ctx, &reservation_ww_class);
	ev_end(s, ",\"ctx\":\"c%d\",\"args\":{\"stamp\":%lu},\"result\":0", w->ctxid, ctx.stamp);
	complete(&w->locked_first);	/* A's init precedes B's: A is older */
	wait_for_completion(&w->go);
	w->err = t_lock(w->first, &ctx, w->ctxid, false);
	complete(w->other_locked);
	wait_for_completion(&w->finished);	/* both hold their first lock */
	if (!w->err) {
		int err = t_lock(w->second, &ctx, w->ctxid, false);

		if (err == -EDEADLK) {
			w->edeadlk++;
			t_unlock(w->first);
			t_lock(w->second, &ctx, w->ctxid, true);
			err = t_lock(w->first, &ctx, w->ctxid, false);
		}
		w->err = err;
		if (!err) {
			s = ev_begin("ww_acquire_done");
			ww_acquire_done(&ctx);
			ev_end(s, ",\"ctx\":\"c%d\",\"result\":0", w->ctxid);
			msleep(20);
			t_unlock(w->second);
			t_unlock(w->first);
		}
	}
	s = ev_begin("ww_acquire_fini");
	ww_acquire_fini(&ctx);
	ev_end(s, ",\"ctx\":\"c%d\",\"result\":0", w->ctxid);
	return 0;
}

static int sc_ww_backoff(struct scen *sc)
{
	struct cbuf *b1 = scen_export(sc, EXP_STATIC), *b2 = scen_export(sc, EXP_STATIC);
	struct ww_side *a, *bb;
	struct completion a_locked, b_locked, both;
	struct task_struct *ta, *tb;
	int err = 0;

	EXPECT(sc, b1 && b2, "dma_buf_export failed");
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	bb = kzalloc(sizeof(*bb), GFP_KERNEL);
	EXPECT(sc, a && bb, "no memory");
	init_completion(&a_locked);
	init_completion(&b_locked);
	init_completion(&both);
	*a = (struct ww_side){ .sc = sc, .first = b1, .second = b2, .name = "ww-A", .ctxid = ++next_ctx };
	*bb = (struct ww_side){ .sc = sc, .first = b2, .second = b1, .name = "ww-B", .ctxid = ++next_ctx };
	init_completion(&a->locked_first);
	init_completion(&a->go);
	init_completion(&a->finished);
	init_completion(&bb->locked_first);
	init_completion(&bb->go);
	init_completion(&bb->finished);
	a->other_locked = &a_locked;
	bb->other_locked = &b_locked;
	get_task_struct(ta = kthread_run(ww_thread, a, "ww-A"));
	wait_for_completion(&a->locked_first);
	get_task_struct(tb = kthread_run(ww_thread, bb, "ww-B"));
	wait_for_completion(&bb->locked_first);
	complete(&a->go);
	wait_for_completion(&a_locked);
	complete(&bb->go);
	wait_for_completion(&b_locked);
	complete(&a->finished);
	msleep(20);		/* let A block on b2 first: the older waits */
	complete(&bb->finished);
	kthread_stop(ta);
	kthread_stop(tb);
	put_task_struct(ta);
	put_task_struct(tb);
	if (a->err || bb->err)
		err = -1;
	if (!sc->why[0] && err)
		snprintf(sc->why, sizeof(sc->why), "lock errors A %d B %d", a->err, bb->err);
	if (!sc->why[0] && !(bb->edeadlk == 1 && a->edeadlk == 0)) {
		snprintf(sc->why, sizeof(sc->why), "wait-die: expected only the younger (B) to back off, A %d B %d",
			 a->edeadlk, bb->edeadlk);
		err = -1;
	}
	kfree(a);
	kfree(bb);
	if (err)
		return err;
	EXPECT(sc, t_put(b1) && t_put(b2), "the exporter's release did not run");
	return 0;
}

/* ------------------------------------------------------------------ Specs v2: more importers, tickets, jobs */

/* The importer's device reads a page it was given through table @sgt_id, which may be unmapped by
 * now (a device goes on with the addresses it has); @fence_id: the fence covering it, 0 none. */
static void t_device_access_page(struct imp *im, struct page *pg, int sgt_id, int fence_id)
{
	int s = ev_begin("importer.device_access");
	void *p = kmap_local_page(pg);
	char fence[24] = "";

	(void)READ_ONCE(*(u8 *)p);
	kunmap_local(p);
	if (fence_id)
		snprintf(fence, sizeof(fence), ",\"fence\":\"f%d\"", fence_id);
	ev_end(s, ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"sgt\":\"s%d\"%s,\"args\":{\"access\":\"READ\"},\"result\":0",
	       im->b->id, attach_id(im->at), sgt_id, fence);
}

/*
 * Two dynamic importers on one buffer (R2, R4, R6): dma_buf_move_notify walks both attachments
 * under the lock the exporter holds and each importer tears its mapping down inside its
 * callback; both remap after the move and wait for the move fence before their devices read.
 * @stale (misuse, ISOLATION): importer1's move_notify unmaps (on MOVE_NOTIFY=n its mapping pins
 * the buffer, which could not move otherwise) but its device goes on reading the pages of the
 * pre-move table with no fence in the reservation; the exporter, which waits for the fences it
 * knows of, reuses the old pages, and importer1's device reads storage the buffer gave up.
 */
static int two_importers(struct scen *sc, bool stale)
{
	struct imp *i0 = &imps[0], *i1 = &imps[1];
	struct page *held_pages[NPAGES] = {}, *stale_page = NULL;
	struct cfence *f;
	struct cbuf *b;
	int m, i, err, stale_sgt = 0;

	SETUP(sc, b, EXP_DYNAMIC, 2, true);
	t_lock(b, NULL, 0, false);
	for (i = 0; i < 2; i++)
		if (map_use_locked(sc, &imps[i]))
			return -1;
	/* the misbehaving device keeps what it was given, whatever happens to the table */
	stale_page = sg_page(i1->sgt->sgl);
	stale_sgt = sgt_of(i1->sgt);
	t_unlock(b);

	FENCE(sc, f);
	/* exporter side: evict; the core walks both dynamic attachments */
	m = nev;
	err = t_evict(b, f, "GTT", false, false);
	EXPECT(sc, i0->notified == 1 && i1->notified == 1 && CALLS("importer.move_notify", m) == 2,
	       "move_notify reached importer0 %d and importer1 %d times", i0->notified, i1->notified);
	EXPECT(sc, !i0->sgt && !i1->sgt, "an importer kept its mapping");
	EXPECT(sc, CALLS("exporter.unmap_dma_buf", m) == 2, "the importers' unmaps inside move_notify did not reach the exporter");
	EXPECT(sc, !err, "the eviction failed: %d (pins %d)", err, b->pins);
	schedule_delayed_work(&f->signal_work, msecs_to_jiffies(20));

	/* importer side: both remap (in the misuse importer1 does not), wait for the move, read */
	if (remap_wait_use(sc, b, stale ? 1 : 2))
		return -1;
	/* exporter side: the copy is done and no other fence is in the reservation: the old pages go */
	EXPECT(sc, t_fence_wait(f, 2000) > 0, "the move fence did not signal in 2 s");
	if (stale)
		/* a page reference of the test's own keeps the stale read below off freed memory;
		 * the exporter gives the pages up all the same */
		for (i = 0; i < NPAGES; i++) {
			held_pages[i] = b->old_pages[i];
			if (held_pages[i])
				get_page(held_pages[i]);
		}
	exp_reuse_storage(b);
	if (stale) {
		/* importer1's device goes on reading through the pre-move table */
		t_device_access_page(i1, stale_page, stale_sgt, 0);
		for (i = 0; i < NPAGES; i++)
			if (held_pages[i])
				put_page(held_pages[i]);
	}
	t_detach(i0);
	t_detach(i1);
	t_fence_put(f);
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	EXPECT(sc, b->maps == 0 && b->pins == 0, "leaked %d mappings %d pins", b->maps, b->pins);
	return 0;
}

static int sc_two_dynamic_importers(struct scen *sc)
{
	return two_importers(sc, false);
}

/*
 * Eviction under a ticket (F18, R2, R4): the evicting thread's acquire context holds buffer A
 * and locks the victim B with the same ticket. An older context of another thread holds B, so
 * wait-die gives the evictor -EDEADLK: it drops A, takes B with dma_resv_lock_slow, relocks A,
 * and only then evicts B (move_notify to B's dynamic importer, move with a KERNEL fence) and
 * uses A. @ignore (misuse, R2): the evictor ignores the -EDEADLK and moves B, whose lock the
 * older context still holds (B's importer unmapped before, so nothing else breaks a rule).
 */
struct ticket_holder {
	struct cbuf *b;
	int ctxid;
	struct completion holding, evictor_done, finished;
	int err;
};

static int ticket_holder_thread(void *p)
{
	struct ticket_holder *h = p;
	struct ww_acquire_ctx ctx;
	int s;

	name_thread("ww-holder");
	s = ev_begin("ww_acquire_init");
	ww_acquire_init(&ctx, &reservation_ww_class);
	ev_end(s, ",\"ctx\":\"c%d\",\"args\":{\"stamp\":%lu},\"result\":0", h->ctxid, ctx.stamp);
	h->err = t_lock(h->b, &ctx, h->ctxid, false);
	complete(&h->holding);
	/* hold B until the evictor got its -EDEADLK (or gave up waiting for B) */
	wait_for_completion_timeout(&h->evictor_done, 5 * HZ);
	msleep(10);
	if (!h->err)
		t_unlock(h->b);
	s = ev_begin("ww_acquire_fini");
	ww_acquire_fini(&ctx);
	ev_end(s, ",\"ctx\":\"c%d\",\"result\":0", h->ctxid);
	complete(&h->finished);
	return 0;
}

static int ticket_eviction(struct scen *sc, bool ignore)
{
	struct cbuf *a = scen_export(sc, EXP_DYNAMIC), *b = scen_export(sc, EXP_DYNAMIC);
	struct imp *ia = &imps[0], *ib = &imps[1];
	struct ticket_holder *h;
	struct ww_acquire_ctx ctx;
	struct task_struct *t;
	struct cfence *f;
	struct sg_table *sgt;
	int s, err, ctxid, edeadlk = 0, m;

	EXPECT(sc, a && b, "dma_buf_export failed");
	/* B's importer maps B (it will be evicted); A's importer is the one that needs room */
	ib->unmap_in_notify = true;
	EXPECT(sc, !t_attach(ia, a, true), "dma_buf_dynamic_attach of A failed");
	EXPECT(sc, !t_attach(ib, b, true), "dma_buf_dynamic_attach of B failed");
	t_lock(b, NULL, 0, false);
	if (map_use_locked(sc, ib))
		return -1;
	if (ignore) {
		/* the misuse breaks one rule only: no mapping for move_notify to tear down unlocked */
		t_unmap(ib, ib->sgt, DMA_BIDIRECTIONAL, false);
		ib->sgt = NULL;
	}
	t_unlock(b);

	h = kzalloc(sizeof(*h), GFP_KERNEL);
	EXPECT(sc, h, "no memory");
	h->b = b;
	h->ctxid = ++next_ctx;
	init_completion(&h->holding);
	init_completion(&h->evictor_done);
	init_completion(&h->finished);
	t = kthread_run(ticket_holder_thread, h, "ww-holder");
	EXPECT(sc, !IS_ERR(t), "cannot start the holder thread");
	wait_for_completion(&h->holding);	/* its context is older than ours */

	f = t_fence_init();
	ctxid = ++next_ctx;
	s = ev_begin("ww_acquire_init");
	ww_acquire_init(&ctx, &reservation_ww_class);
	ev_end(s, ",\"ctx\":\"c%d\",\"args\":{\"stamp\":%lu},\"result\":0", ctxid, ctx.stamp);
	err = t_lock(a, &ctx, ctxid, false);
	if (!err) {
		err = t_lock(b, &ctx, ctxid, false);
		if (err == -EDEADLK)
			edeadlk++;
		if (err == -EDEADLK && !ignore) {
			/* back off: drop everything, sleep on the contended lock, take the rest again */
			t_unlock(a);
			complete(&h->evictor_done);
			t_lock(b, &ctx, ctxid, true);
			err = t_lock(a, &ctx, ctxid, false);
		}
	}
	if (!err || ignore) {
		if (!ignore) {
			s = ev_begin("ww_acquire_done");
			ww_acquire_done(&ctx);
			ev_end(s, ",\"ctx\":\"c%d\",\"result\":0", ctxid);
		}
		/* evict B under the ticket (the misuse: without B's lock, which the holder has) */
		m = nev;
		t_move_notify(b);
		if (f && !exp_move(b, f, "GTT") && !ignore && !t_reserve(b, 1))
			t_add_fence(b, f, DMA_RESV_USAGE_KERNEL);
		if (held(b))
			t_unlock(b);
		/* A's importer uses A, under the ticket's lock of A */
		sgt = t_map(ia, DMA_BIDIRECTIONAL, false);
		if (!IS_ERR(sgt)) {
			t_device_access(ia, sgt);
			t_unmap(ia, sgt, DMA_BIDIRECTIONAL, false);
		}
		t_unlock(a);
		EXPECT(sc, ib->notified == 1 && CALLS("importer.move_notify", m) == 1,
		       "move_notify reached B's importer %d times", ib->notified);
		EXPECT(sc, !IS_ERR(sgt), "map of A under the ticket failed");
	}
	complete(&h->evictor_done);
	s = ev_begin("ww_acquire_fini");
	ww_acquire_fini(&ctx);
	ev_end(s, ",\"ctx\":\"c%d\",\"result\":0", ctxid);
	wait_for_completion(&h->finished);
	EXPECT(sc, !err || ignore, "ticket locks failed: %d", err);
	EXPECT(sc, edeadlk == 1, "wait-die gave the younger evictor %d -EDEADLK (expected 1)", edeadlk);
	EXPECT(sc, !h->err, "the holder could not lock B: %d", h->err);
	EXPECT(sc, f, "no memory for a fence");
	/* the move's copy is done: the old pages of B may go */
	t_fence_signal(f);
	exp_reuse_storage(b);
	EXPECT(sc, ib->remap == !ignore, "B's importer was (not) told to remap");
	t_detach(ia);
	t_detach(ib);
	t_fence_put(f);
	kfree(h);
	EXPECT(sc, t_put(a) && t_put(b), "the exporter's release did not run");
	EXPECT(sc, a->maps == 0 && b->maps == 0 && a->pins == 0 && b->pins == 0, "leaked mappings or pins");
	return 0;
}

static int sc_ticket_eviction(struct scen *sc)
{
	return ticket_eviction(sc, false);
}

/*
 * A job fence outliving an unmap (R5, F15): importer0 submits a job against its mapping and
 * adds the job's fence to the reservation as BOOKKEEP (as amdgpu does), then unmaps while the
 * job still runs; the device keeps reading the pages the job was given. The exporter then
 * evicts and waits for every fence of the reservation (BOOKKEEP: the job's and its own move
 * fence) before it reuses the old pages. @early (misuse, R5): the exporter waits only for its
 * move fence and reuses the old pages while the job fence is still unsignalled.
 */
struct job {
	struct imp *im;
	struct cfence *fence;
	struct page *page;	/* what the job was given: a page of the mapping, not the table */
	int sgt_id;
	bool early;
	struct completion started, moved, accessed, reused, finished;
};

static int job_thread(void *p)
{
	struct job *j = p;

	name_thread("importer0-job");
	t_device_access_page(j->im, j->page, j->sgt_id, j->fence->id);
	complete(&j->started);
	wait_for_completion(&j->moved);	/* the importer unmapped and the exporter moved meanwhile */
	t_device_access_page(j->im, j->page, j->sgt_id, j->fence->id);
	complete(&j->accessed);
	if (j->early)
		wait_for_completion_timeout(&j->reused, 5 * HZ);
	t_fence_signal(j->fence);
	complete(&j->finished);
	return 0;
}

static int job_outlives_unmap(struct scen *sc, bool early)
{
	struct imp *im = &imps[0];
	struct cfence *mf;
	struct sg_table *sgt;
	struct task_struct *t;
	struct cbuf *b;
	struct job *j;
	bool job_pending;

	SETUP(sc, b, EXP_DYNAMIC, 1, true);
	j = kzalloc(sizeof(*j), GFP_KERNEL);
	EXPECT(sc, j, "no memory");
	init_completion(&j->started);
	init_completion(&j->moved);
	init_completion(&j->accessed);
	init_completion(&j->reused);
	init_completion(&j->finished);
	j->im = im;
	j->early = early;
	j->fence = t_fence_init();
	EXPECT(sc, j->fence, "no memory for a fence");
	/* submit: map, reserve a slot, publish the job's fence, hand the job its pages */
	t_lock(b, NULL, 0, false);
	sgt = t_map(im, DMA_BIDIRECTIONAL, false);
	EXPECT(sc, !IS_ERR(sgt), "map failed");
	EXPECT(sc, !t_reserve(b, 1), "reserve failed");
	t_add_fence(b, j->fence, DMA_RESV_USAGE_BOOKKEEP);
	j->page = sg_page(sgt->sgl);
	j->sgt_id = sgt_of(sgt);
	t_unlock(b);
	t = kthread_run(job_thread, j, "importer0-job");
	EXPECT(sc, !IS_ERR(t), "cannot start the job thread");
	wait_for_completion(&j->started);
	/* the importer is done with the mapping; the job is not */
	t_lock(b, NULL, 0, false);
	t_unmap(im, sgt, DMA_BIDIRECTIONAL, false);
	t_unlock(b);
	EXPECT(sc, !dma_fence_is_signaled(&j->fence->base), "the job finished before the unmap");

	FENCE(sc, mf);
	/* exporter side: evict while the job still reads the old pages */
	EXPECT(sc, !t_evict(b, mf, "GTT", false, false), "the eviction failed");
	complete(&j->moved);
	schedule_delayed_work(&mf->signal_work, msecs_to_jiffies(5));
	if (!early) {
		/* every fence of the reservation: the job's (BOOKKEEP) and the move's */
		EXPECT(sc, t_wait(b, DMA_RESV_USAGE_BOOKKEEP, 2000) > 0, "the job and move fences did not signal in 2 s");
		job_pending = !dma_fence_is_signaled(&j->fence->base);
		exp_reuse_storage(b);
	} else {
		EXPECT(sc, t_fence_wait(mf, 2000) > 0, "the move fence did not signal in 2 s");
		wait_for_completion(&j->accessed);
		job_pending = !dma_fence_is_signaled(&j->fence->base);
		exp_reuse_storage(b);
		complete(&j->reused);
	}
	wait_for_completion(&j->finished);
	EXPECT(sc, job_pending == early, early ? "the job had finished before the early reuse"
	       : "the old pages were reused before the job fence signalled");
	t_detach(im);
	t_fence_put(mf);
	t_fence_put(j->fence);
	kfree(j);
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	EXPECT(sc, b->maps == 0 && b->pins == 0, "leaked %d mappings %d pins", b->maps, b->pins);
	return 0;
}

static int sc_job_outlives_unmap(struct scen *sc)
{
	return job_outlives_unmap(sc, false);
}

/* ------------------------------------------------------------------ CPU mappings: vmap and mmap (R20-R22) */

/* A buffer of the dynamic exporter with vmap and mmap (VRAM at first). */
static struct cbuf *scen_export_cpu(struct scen *sc)
{
	struct cbuf *b = t_export_ops(EXP_DYNAMIC, NULL, true);

	if (b && sc->nbufs < ARRAY_SIZE(sc->bufs))
		sc->bufs[sc->nbufs++] = b;
	return b;
}

static int t_vmap_locked(struct cbuf *b, struct iosys_map *map)
{
	int err = t_lock(b, NULL, 0, false);

	if (!err) {
		err = t_vmap(b, map);
		t_unlock(b);
	}
	return err;
}

static void t_vunmap_locked(struct cbuf *b, struct iosys_map *map)
{
	if (!t_lock(b, NULL, 0, false)) {
		t_vunmap(b, map);
		t_unlock(b);
	}
}

/*
 * R20: the exporter's vmap pins the buffer (amdgpu_dma_buf_vmap), so an eviction finds it pinned
 * and does not move it; after the vunmap it moves, and a new vmap maps the new storage, with the
 * data the copy carried. @move_anyway (misuse, R20): the exporter moves the vmapped buffer; the
 * vmap address goes on mapping the old pages, and a store through it misses the buffer.
 */
static int vmap_pins(struct scen *sc, bool move_anyway)
{
	struct cbuf *b = scen_export_cpu(sc);
	struct iosys_map map = {};
	struct cfence *f;
	int err;

	EXPECT(sc, b, "dma_buf_export failed");
	err = t_vmap_locked(b, &map);
	EXPECT(sc, !err, "dma_buf_vmap failed: %d", err);
	EXPECT(sc, b->pins == 1, "the exporter's vmap did not pin (pins %d)", b->pins);
	t_cpu_vmap(b, &map, true, 0x5a);
	FENCE(sc, f);
	if (!move_anyway) {
		err = t_evict(b, f, "GTT", false, false);
		EXPECT(sc, err == -EBUSY, "the eviction of a vmapped buffer returned %d, not -EBUSY", err);
		EXPECT(sc, !strcmp(b->placement, "VRAM"), "the vmapped buffer moved");
		t_vunmap_locked(b, &map);
		EXPECT(sc, b->pins == 0 && !b->vaddr, "the last vunmap did not unpin (pins %d)", b->pins);
		err = t_evict(b, f, "GTT", false, false);
		EXPECT(sc, !err, "the eviction after the vunmap failed: %d", err);
		schedule_delayed_work(&f->signal_work, msecs_to_jiffies(20));
		EXPECT(sc, t_fence_wait(f, 2000) > 0, "the move fence did not signal in 2 s");
		exp_reuse_storage(b);
		/* a new vmap maps the new storage, which the copy filled */
		err = t_vmap_locked(b, &map);
		EXPECT(sc, !err, "the second dma_buf_vmap failed: %d", err);
		EXPECT(sc, t_cpu_vmap(b, &map, false, 0) == 0x5a, "the new storage lacks what was stored before the move");
		t_vunmap_locked(b, &map);
	} else {
		err = t_evict(b, f, "GTT", false, true);
		EXPECT(sc, !err, "the move of the vmapped buffer failed: %d", err);
		/* the vmap still maps the old pages: the store lands there, not in the buffer */
		t_cpu_vmap(b, &map, true, 0xa5);
		EXPECT(sc, storage_byte(b->pages[0]) == 0x5a && storage_byte(b->old_pages[0]) == 0xa5,
		       "the store through the stale vmap did not land in the old storage");
		t_fence_signal(f);
		t_vunmap_locked(b, &map);
		exp_reuse_storage(b);
	}
	t_fence_put(f);
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	EXPECT(sc, b->maps == 0 && b->pins == 0, "leaked %d mappings %d pins", b->maps, b->pins);
	return 0;
}

static int sc_vmap_pins(struct scen *sc)
{
	return vmap_pins(sc, false);
}

static int sc_misuse_move_while_vmapped(struct scen *sc)
{
	return vmap_pins(sc, true);
}

/* The process whose mm the mmap scenarios map into: the insmod that runs module init. */
static struct mm_struct *user_mm;
static int next_vma;

static unsigned long t_mmap(struct cbuf *b)
{
	int s = ev_begin("mmap");
	unsigned long addr = vm_mmap(b->dmabuf->file, 0, NPAGES * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	int err = IS_ERR_VALUE(addr) ? (int)addr : 0;

	if (!err)
		b->vma_id = ++next_vma;
	ev_end(s, ",\"buf\":\"b%d\",\"result\":%s", b->id, errname(err));
	return addr;
}

static void t_munmap(struct cbuf *b, unsigned long addr)
{
	int s = ev_begin("munmap");
	int err = vm_munmap(addr, NPAGES * PAGE_SIZE);

	ev_end(s, ",\"buf\":\"b%d\",\"result\":%s", b->id, errname(err));
}

/* A CPU load or store through the mapping: get_user/put_user, which fault through exp_vm_fault
 * when no PTE is present (the fault's events are nested in the access). */
static int t_cpu_mmap(struct cbuf *b, unsigned long addr, bool write, u8 *v)
{
	int s = ev_begin("cpu.access");
	int err = write ? put_user(*v, (u8 __user *)addr) : get_user(*v, (u8 __user *)addr);

	ev_end(s, ",\"buf\":\"b%d\",\"args\":{\"via\":\"mmap\",\"vma\":\"vma%d\",\"access\":\"%s\"},\"result\":%s",
	       b->id, b->vma_id, write ? "WRITE" : "READ", errname(err));
	return err;
}

enum cpu_misuse { CPU_LEGAL, CPU_NO_ZAP, CPU_NO_ZAP_NO_ACCESS, CPU_FAULT_SKIPS_FENCE };

/*
 * R21, R22: the buffer's fd mapped into the insmod process (vm_mmap); a store faults and maps the
 * VRAM pages, a load hits the PTEs. The eviction zaps them (unmap_mapping_range) before the move,
 * so the next load faults again: the handler takes the lock, finds the move's KERNEL fence
 * pending, unlocks, waits, retries and maps the GTT pages, where the copy put the stored byte.
 * CPU_NO_ZAP (misuse, R21): the move leaves the PTEs; a store through them lands in the old pages.
 * CPU_NO_ZAP_NO_ACCESS (misuse, R21): the same move, and the mapping goes away untouched: the
 * PTEs mapped storage the move replaced all the same (a store could have landed there).
 * CPU_FAULT_SKIPS_FENCE (misuse, R22): the handler maps the new pages while the copy is pending.
 */
static int cpu_mmap_in_mm(struct scen *sc, struct cbuf *b, enum cpu_misuse how)
{
	unsigned long addr;
	struct cfence *f;
	u8 v = 0x5a;
	int m, err;

	addr = t_mmap(b);
	EXPECT(sc, !IS_ERR_VALUE(addr), "vm_mmap of the dma-buf failed: %ld", (long)addr);
	m = nev;
	err = t_cpu_mmap(b, addr, true, &v);
	EXPECT(sc, !err, "the store through the mapping failed: %d", err);
	EXPECT(sc, CALLS("exporter.vm_fault", m) == 1, "the first store did not fault");
	EXPECT(sc, storage_byte(b->pages[0]) == 0x5a, "the store did not reach the buffer's storage");
	m = nev;
	v = 0;
	err = t_cpu_mmap(b, addr, false, &v);
	EXPECT(sc, !err && v == 0x5a, "the load through the mapping gave %d, %#x", err, v);
	EXPECT(sc, CALLS("exporter.vm_fault", m) == 0, "a load through present PTEs faulted");
	FENCE(sc, f);
	err = t_evict(b, f, "GTT", how != CPU_NO_ZAP && how != CPU_NO_ZAP_NO_ACCESS, false);
	EXPECT(sc, !err, "the eviction failed: %d", err);
	m = nev;
	if (how == CPU_NO_ZAP_NO_ACCESS) {
		t_fence_signal(f);
		t_munmap(b, addr);
		EXPECT(sc, CALLS("exporter.vm_fault", m) == 0, "the munmap faulted");
		exp_reuse_storage(b);
	} else if (how == CPU_NO_ZAP) {
		v = 0xa5;
		err = t_cpu_mmap(b, addr, true, &v);
		EXPECT(sc, !err && CALLS("exporter.vm_fault", m) == 0, "the store through the stale PTEs faulted (%d)", err);
		EXPECT(sc, storage_byte(b->pages[0]) == 0x5a && storage_byte(b->old_pages[0]) == 0xa5,
		       "the store through the stale PTEs did not land in the old storage");
		t_fence_signal(f);
		t_munmap(b, addr);	/* no PTE reaches the old pages after this */
		exp_reuse_storage(b);
	} else {
		if (how == CPU_LEGAL)
			schedule_delayed_work(&f->signal_work, msecs_to_jiffies(30));
		else
			b->fault_skips_fence = true;
		v = 0;
		err = t_cpu_mmap(b, addr, false, &v);
		EXPECT(sc, !err && v == 0x5a, "the load after the move gave %d, %#x", err, v);
		EXPECT(sc, CALLS("exporter.vm_fault", m) == 1, "the load after the zap did not fault");
		if (how == CPU_FAULT_SKIPS_FENCE) {
			EXPECT(sc, !dma_fence_is_signaled(&f->base), "the move fence signalled before the fault");
			t_fence_signal(f);
		}
		EXPECT(sc, t_fence_wait(f, 2000) > 0, "the move fence did not signal in 2 s");
		exp_reuse_storage(b);
		t_munmap(b, addr);
	}
	t_fence_put(f);
	return 0;
}

static int cpu_mmap(struct scen *sc, enum cpu_misuse how)
{
	struct cbuf *b = scen_export_cpu(sc);
	int err;

	EXPECT(sc, b, "dma_buf_export failed");
	EXPECT(sc, user_mm, "module init ran in no process with an mm");
	/* the scenario's kthread works in insmod's address space: vm_mmap, get_user and put_user
	 * there fault through the exporter's handler like a process's loads and stores */
	kthread_use_mm(user_mm);
	err = cpu_mmap_in_mm(sc, b, how);
	kthread_unuse_mm(user_mm);
	if (err)
		return err;
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	EXPECT(sc, b->maps == 0 && b->pins == 0, "leaked %d mappings %d pins", b->maps, b->pins);
	return 0;
}

/*
 * R22 with a real race: an exporter thread evicts the mapped buffer (lock, zap, then, while it
 * still holds the lock, move_notify, the move and its KERNEL fence) while the scenario's thread
 * loads through the zapped mapping. The load faults; the handler's dma_resv_lock waits for the
 * evictor's unlock, finds the copy pending, unlocks, waits for it, relocks and maps the GTT page.
 */
struct cpu_evictor {
	struct cbuf *b;
	struct cfence *f;
	struct completion zapped, done;
	int err;
};

static int cpu_evictor_thread(void *p)
{
	struct cpu_evictor *ev = p;
	struct cbuf *b = ev->b;

	name_thread("exporter");
	ev->err = t_lock(b, NULL, 0, false);
	if (!ev->err) {
		t_zap(b);
		complete(&ev->zapped);
		msleep(20);	/* makes the overlap with the load likely; the outcome does not depend on it */
		t_move_notify(b);
		ev->err = exp_move(b, ev->f, "GTT");
		if (!ev->err)
			ev->err = t_reserve(b, 1);
		if (!ev->err)
			t_add_fence(b, ev->f, DMA_RESV_USAGE_KERNEL);
		t_unlock(b);
		if (!ev->err)
			schedule_delayed_work(&ev->f->signal_work, msecs_to_jiffies(30));
	} else {
		complete(&ev->zapped);
	}
	complete(&ev->done);
	return 0;
}

static int cpu_fault_races_eviction_in_mm(struct scen *sc, struct cbuf *b)
{
	struct cpu_evictor *ev;
	struct task_struct *t;
	unsigned long addr;
	u8 v = 0x5a;
	int m, err;

	addr = t_mmap(b);
	EXPECT(sc, !IS_ERR_VALUE(addr), "vm_mmap of the dma-buf failed: %ld", (long)addr);
	err = t_cpu_mmap(b, addr, true, &v);
	EXPECT(sc, !err, "the store through the mapping failed: %d", err);
	ev = kzalloc(sizeof(*ev), GFP_KERNEL);
	EXPECT(sc, ev, "no memory");
	ev->b = b;
	init_completion(&ev->zapped);
	init_completion(&ev->done);
	FENCE(sc, ev->f);
	t = kthread_run(cpu_evictor_thread, ev, "exporter");
	EXPECT(sc, !IS_ERR(t), "cannot start the exporter thread");
	wait_for_completion(&ev->zapped);
	m = nev;
	v = 0;
	err = t_cpu_mmap(b, addr, false, &v);
	wait_for_completion(&ev->done);
	EXPECT(sc, !ev->err, "the eviction failed: %d", ev->err);
	EXPECT(sc, !err && v == 0x5a, "the load racing the eviction gave %d, %#x", err, v);
	EXPECT(sc, CALLS("exporter.vm_fault", m) == 1, "the load through the zapped mapping faulted %d times", CALLS("exporter.vm_fault", m));
	EXPECT(sc, t_fence_wait(ev->f, 2000) > 0, "the move fence did not signal in 2 s");
	exp_reuse_storage(b);
	t_munmap(b, addr);
	t_fence_put(ev->f);
	kfree(ev);
	return 0;
}

static int sc_cpu_fault_races_eviction(struct scen *sc)
{
	struct cbuf *b = scen_export_cpu(sc);
	int err;

	EXPECT(sc, b, "dma_buf_export failed");
	EXPECT(sc, user_mm, "module init ran in no process with an mm");
	kthread_use_mm(user_mm);
	err = cpu_fault_races_eviction_in_mm(sc, b);
	kthread_unuse_mm(user_mm);
	if (err)
		return err;
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	EXPECT(sc, b->maps == 0 && b->pins == 0, "leaked %d mappings %d pins", b->maps, b->pins);
	return 0;
}

static int sc_cpu_mmap(struct scen *sc)
{
	return cpu_mmap(sc, CPU_LEGAL);
}

static int sc_misuse_move_without_zap(struct scen *sc)
{
	return cpu_mmap(sc, CPU_NO_ZAP);
}

static int sc_misuse_move_without_zap_no_access(struct scen *sc)
{
	return cpu_mmap(sc, CPU_NO_ZAP_NO_ACCESS);
}

static int sc_misuse_fault_skips_move_fence(struct scen *sc)
{
	return cpu_mmap(sc, CPU_FAULT_SKIPS_FENCE);
}

/* ------------------------------------------------------------------ misuse (on request) */

/* R3: a dynamic importer maps without the reservation lock (dma_resv_assert_held is
 * lockdep-only: silent on this kernel). */
static int sc_misuse_map_without_lock(struct scen *sc)
{
	struct imp *im = &imps[0];
	struct cbuf *b;
	struct sg_table *sgt;

	SETUP(sc, b, EXP_DYNAMIC, 1, true);
	sgt = t_map(im, DMA_BIDIRECTIONAL, false);
	EXPECT(sc, !IS_ERR(sgt), "map failed");
	t_unmap(im, sgt, DMA_BIDIRECTIONAL, false);
	t_detach(im);
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	return 0;
}

/* R2: dma_buf_move_notify without the reservation lock. */
static int sc_misuse_move_notify_without_lock(struct scen *sc)
{
	struct imp *im = &imps[0];
	struct cbuf *b;

	SETUP(sc, b, EXP_DYNAMIC, 1, true);
	t_move_notify(b);
	EXPECT(sc, im->notified == 1, "move_notify did not reach the importer");
	t_detach(im);
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	return 0;
}

/* R8: dma_buf_pin on a static attachment (the kernel WARNs and still calls the exporter). */
static int sc_misuse_pin_static(struct scen *sc)
{
	struct imp *im = &imps[0];
	struct cbuf *b;

	SETUP(sc, b, EXP_DYNAMIC, 1, false);
	t_lock(b, NULL, 0, false);
	if (!t_pin(im, true))
		t_pin(im, false);
	t_unlock(b);
	t_detach(im);
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	return 0;
}

/* R12: detach with a live dynamic mapping; only the exporter's release notices. */
static int sc_misuse_detach_live_mapping(struct scen *sc)
{
	struct imp *im = &imps[0];
	struct cbuf *b;
	struct sg_table *sgt;

	SETUP(sc, b, EXP_DYNAMIC, 1, true);
	t_lock(b, NULL, 0, false);
	sgt = t_map(im, DMA_BIDIRECTIONAL, false);
	EXPECT(sc, !IS_ERR(sgt), "map failed");
	t_unlock(b);
	t_detach(im);
	EXPECT(sc, t_put(b), "the exporter's release did not run");
	EXPECT(sc, b->maps == 1, "the exporter's release did not see the leaked mapping");
	return 0;
}

/* ISOLATION: importer1's device keeps reading its pre-move pages after move_notify, with no
 * fence covering it; the exporter reuses them first. */
static int sc_misuse_stale_mapping(struct scen *sc)
{
	return two_importers(sc, true);
}

/* R2: the evictor ignores -EDEADLK and moves B while another context holds B's lock. */
static int sc_misuse_evict_ignoring_edeadlk(struct scen *sc)
{
	return ticket_eviction(sc, true);
}

/* R5: the exporter reuses the old pages once its move fence signalled, the job's still pending. */
static int sc_misuse_reuse_before_job_fence(struct scen *sc)
{
	return job_outlives_unmap(sc, true);
}

static struct scen all_scen[] = {
	{ "kmod/R9-static-importer-dynamic-exporter", sc_static_importer_dynamic_exporter },
	{ "kmod/R8-dynamic-importer-dynamic-exporter", sc_dynamic_importer_dynamic_exporter },
	{ "kmod/R3-static-importer-static-exporter", sc_static_importer_static_exporter },
	{ "kmod/R11-dynamic-importer-static-exporter", sc_dynamic_importer_static_exporter },
	{ "kmod/R11-cache-sgt-mapping-ebusy", sc_cache_sgt_mapping_ebusy },
	{ "kmod/R4-move-notify-remap", sc_move_notify_remap },
	{ "kmod/R4-move-notify-race", sc_move_notify_race },
	{ "kmod/R6-kernel-fence-static-attach", sc_kernel_fence_static_attach },
	{ "kmod/F15-fence-usage", sc_fence_usage },
	{ "kmod/F18-ww-backoff", sc_ww_backoff },
	{ "kmod/R4-two-dynamic-importers", sc_two_dynamic_importers },
	{ "kmod/F18-eviction-under-ticket", sc_ticket_eviction },
	{ "kmod/R5-job-fence-outlives-unmap", sc_job_outlives_unmap },
	{ "kmod/R20-vmap-pins-against-move", sc_vmap_pins },
	{ "kmod/R21-R22-mmap-fault-zap-move", sc_cpu_mmap },
	{ "kmod/R22-fault-races-eviction", sc_cpu_fault_races_eviction },
	{ "kmod/misuse/R3-map-without-lock", sc_misuse_map_without_lock, "R3" },
	{ "kmod/misuse/R2-move-notify-without-lock", sc_misuse_move_notify_without_lock, "R2" },
	{ "kmod/misuse/R8-pin-static-attachment", sc_misuse_pin_static, "R8" },
	{ "kmod/misuse/R12-detach-live-mapping", sc_misuse_detach_live_mapping, "R12" },
	{ "kmod/misuse/ISOLATION-stale-mapping-after-move-notify", sc_misuse_stale_mapping, "ISOLATION" },
	{ "kmod/misuse/R2-evict-ignoring-edeadlk", sc_misuse_evict_ignoring_edeadlk, "R2" },
	{ "kmod/misuse/R5-reuse-before-job-fence", sc_misuse_reuse_before_job_fence, "R5" },
	{ "kmod/misuse/R20-move-while-vmapped", sc_misuse_move_while_vmapped, "R20" },
	{ "kmod/misuse/R21-move-without-zap", sc_misuse_move_without_zap, "R21" },
	{ "kmod/misuse/R21-move-without-zap-no-access", sc_misuse_move_without_zap_no_access, "R21" },
	{ "kmod/misuse/R22-fault-without-move-fence", sc_misuse_fault_skips_move_fence, "R22" },
};

static int scen_thread(void *p)
{
	struct scen *sc = p;

	name_thread("scenario");
	sc->rc = sc->fn(sc);
	complete(&sc->done);
	return 0;
}

#define SCENARIO_TIMEOUT_S 30
static bool hung;

static void run_one(struct scen *sc, int n)
{
	struct task_struct *t;
	int i;

	nev = nend = nthreads = 0;
	next_buf = next_attach = next_sgt = next_fence = next_ctx = next_cb = next_vma = 0;
	nsgt_ids = 0;
	sc->nbufs = 0;
	sc->why[0] = 0;
	imp_reset();
	init_completion(&sc->done);
	t = kthread_run(scen_thread, sc, "dmabuf-scenario");
	if (IS_ERR(t)) {
		ktapf("not ok %d %s # cannot start a kthread\n", n, sc->name);
		return;
	}
	if (!wait_for_completion_timeout(&sc->done, SCENARIO_TIMEOUT_S * HZ)) {
		/* the kthread still owns the shared recording state: stop here */
		hung = true;
		flush_trace(sc->name, sc->inject, false, "the scenario did not finish in time");
		ktapf("not ok %d %s # did not finish within %d s\n", n, sc->name, SCENARIO_TIMEOUT_S);
		return;
	}
	flush_trace(sc->name, sc->inject, true, NULL);
	if (sc->rc || overflow)
		ktapf("not ok %d %s # %s\n", n, sc->name, overflow ? "trace buffer overflow" : sc->why);
	else
		ktapf("ok %d %s\n", n, sc->name);
	for (i = 0; i < sc->nbufs; i++)
		/* a released buffer's cbuf is ours to free; an unreleased one stays (leak over crash) */
		if (completion_done(&sc->bufs[i]->released))
			kfree(sc->bufs[i]);
}

static bool selected(const char *name, bool is_misuse)
{
	const char *p = scenarios;
	size_t len = strlen(name);

	if (!*p)
		return !is_misuse || misuse;
	while (*p) {
		if (!strncmp(p, name, len) && (p[len] == ',' || p[len] == 0))
			return true;
		p = strchr(p, ',');
		if (!p)
			break;
		p++;
	}
	return false;
}

/* ------------------------------------------------------------------ testgen: the step interpreter */

/*
 * With testgen=1 the module runs no scenario. /init writes a program of generated tests
 * (dmabuf testgen's kernel executor) to debugfs "program", then anything to "run"; each test
 * runs on fresh objects in the testgen kthread, with its own trace (header, events, end) in
 * "trace", and one line per step in "results". Program lines, tokens separated by one space:
 *
 *   test N NAME                       begin test N (NAME becomes the trace's scenario)
 *   init FENCE CONTEXT SEQNO          dma_fence_init; fences of one CONTEXT name share a context
 *   buf RESV                          a buffer of the static exporter, whose dma_resv is RESV
 *   step K OP|- ARG=V... !EXPECT @KEY=V...
 *                                     step K: the call (- for none) with its arguments, the
 *                                     result the model expects, the observable state after it
 *   end                               release the test's objects (the fences untraced; a held
 *                                     lock's unlock and the buffers' last put traced)
 *
 * Results: "R N K RESULT e=SEQ KEY=V..." per step (SEQ: the last trace event of the step, KEY
 * the observed value of each expected key), "X N K" where the test stopped because the result
 * or the state differed (a later call could sleep forever on a fence the model has signalled),
 * "E N EVENTS ok|overflow" per test. The Java side compares and reports; the stop is only a
 * guard. A wait with timeout MAX on an unsignalled fence is not made: its result is "sleeps".
 */
static bool testgen;
module_param(testgen, bool, 0444);
MODULE_PARM_DESC(testgen, "run no scenario: execute the generated tests written to debugfs program when run is written");

#define PROG_SIZE (32 << 20)
#define RES_SIZE (32 << 20)
#define TG_MAX 48
#define TG_NAME 24
#define TG_RAN 160
#define TG_TOKENS 64

static char *prog;
static size_t proglen;
static bool prog_overflow;
static char *res;
static size_t reslen;
static DEFINE_MUTEX(tg_mutex);

static void resf(const char *fmt, ...) __printf(1, 2);
static void resf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(res + reslen, RES_SIZE - reslen, fmt, ap);
	va_end(ap);
	if (n < RES_SIZE - reslen)
		reslen += n;
}

struct tg_fence {
	struct dma_fence base;	/* first: dma_fence_free() frees the whole struct */
	spinlock_t lock;
	char name[TG_NAME];
	bool released;
	atomic_t gone;		/* 1 released, 2 the test ended first: whoever comes second frees */
	char ran[TG_RAN];
};

struct tg_buf {
	char name[TG_NAME];
	struct cbuf *b;
};

struct tg_cb {
	struct dma_fence_cb cb;
	struct tg_fence *f;
	char name[TG_NAME];
};

struct tg_waiter {
	char name[TG_NAME];
	char result[24];
};

static struct tg_test {
	struct tg_fence *fences[TG_MAX];
	int nfences;
	struct tg_cb cbs[TG_MAX];
	int ncbs;
	struct tg_waiter waiters[TG_MAX];
	int nwaiters;
	struct tg_buf bufs[4];
	int nbufs;
	char ctxnames[TG_MAX][TG_NAME];
	u64 contexts[TG_MAX];
	int nctx;
	bool quiet;		/* the untraced cleanup */
	bool stopped;
	int number;
} tg;

static const char *tg_driver(struct dma_fence *f) { return "dmabuf_conformance"; }
static const char *tg_timeline(struct dma_fence *f) { return "testgen"; }

/* The memory stays until the test ends, so the state after the last put can be observed. */
static void tg_release(struct dma_fence *f)
{
	struct tg_fence *t = container_of(f, struct tg_fence, base);

	t->released = true;
	/* a reservation may drop the last reference after the test ended (the buffer's release) */
	if (atomic_xchg(&t->gone, 1) == 2)
		dma_fence_free(f);
}

static const struct dma_fence_ops tg_ops = {
	.get_driver_name = tg_driver, .get_timeline_name = tg_timeline, .release = tg_release,
};

static struct tg_fence *tg_fence_of(const char *name)
{
	int i;

	for (i = 0; i < tg.nfences; i++)
		if (!strcmp(tg.fences[i]->name, name))
			return tg.fences[i];
	return NULL;
}

static struct tg_waiter *tg_waiter_of(const char *name, bool create)
{
	int i;

	for (i = 0; i < tg.nwaiters; i++)
		if (!strcmp(tg.waiters[i].name, name))
			return &tg.waiters[i];
	if (!create || tg.nwaiters == TG_MAX)
		return NULL;
	strscpy(tg.waiters[tg.nwaiters].name, name, TG_NAME);
	strscpy(tg.waiters[tg.nwaiters].result, "none", 24);
	return &tg.waiters[tg.nwaiters++];
}

static void tg_cb_func(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	struct tg_cb *c = container_of(cb, struct tg_cb, cb);
	struct tg_fence *f = c->f;
	int s = tg.quiet ? -1 : ev_begin("dma_fence_callback");
	size_t n = strlen(f->ran);

	snprintf(f->ran + n, TG_RAN - n, "%s%s", n ? "," : "", c->name);
	ev_end(s, ",\"fence\":\"%s\",\"cb\":\"%s\",\"result\":0", f->name, c->name);
}

/* A callback of this test by name, made on first use (its node initialised, so a remove of a
 * callback that was never added is the kernel's "not on the list", not a NULL dereference). */
static struct tg_cb *tg_cb_of(const char *name, struct tg_fence *f)
{
	int i;

	for (i = 0; i < tg.ncbs; i++)
		if (!strcmp(tg.cbs[i].name, name))
			return &tg.cbs[i];
	if (tg.ncbs == TG_MAX)
		return NULL;
	strscpy(tg.cbs[tg.ncbs].name, name, TG_NAME);
	tg.cbs[tg.ncbs].f = f;
	INIT_LIST_HEAD(&tg.cbs[tg.ncbs].cb.node);
	return &tg.cbs[tg.ncbs++];
}

static const struct { const char *name; int value; } tg_errnos[] = {
	{ "EIO", EIO }, { "EDEADLK", EDEADLK }, { "ETIMEDOUT", ETIMEDOUT }, { "ETIME", ETIME },
	{ "EINVAL", EINVAL }, { "ENOMEM", ENOMEM }, { "ECANCELED", ECANCELED }, { "EBUSY", EBUSY },
	{ "ENOENT", ENOENT }, { "EPERM", EPERM }, { "EINTR", EINTR }, { "EAGAIN", EAGAIN },
	{ "EFAULT", EFAULT }, { "ENODEV", ENODEV }, { "EALREADY", EALREADY }, { "ENOSPC", ENOSPC },
};

/* An errno name (EIO) or a number (-5) as a negative errno; 0 if unknown. */
static int tg_errno(const char *s)
{
	int i, v;

	for (i = 0; i < ARRAY_SIZE(tg_errnos); i++)
		if (!strcmp(s, tg_errnos[i].name))
			return -tg_errnos[i].value;
	if (!kstrtoint(s, 10, &v))
		return v;
	return 0;
}

/* An errno as the Java side names it: EIO, or the number. */
static const char *tg_errname(int err, char *buf, size_t n)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(tg_errnos); i++)
		if (-tg_errnos[i].value == err)
			return tg_errnos[i].name;
	snprintf(buf, n, "%d", err);
	return buf;
}

static const char *tg_arg(char **tok, int ntok, const char *key)
{
	size_t len = strlen(key);
	int i;

	for (i = 0; i < ntok; i++)
		if (!strncmp(tok[i], key, len) && tok[i][len] == '=')
			return tok[i] + len + 1;
	return NULL;
}

static bool tg_signaled(struct tg_fence *f)
{
	return test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &f->base.flags);
}

static void tg_init(const char *name, const char *ctxname, const char *seqno)
{
	struct tg_fence *f;
	u64 ctx = 0, sn = 0;
	int i, s;

	if (tg.nfences == TG_MAX || kstrtoull(seqno, 10, &sn))
		return;
	for (i = 0; i < tg.nctx; i++)
		if (!strcmp(tg.ctxnames[i], ctxname))
			ctx = tg.contexts[i];
	if (i == tg.nctx && !ctx) {
		if (tg.nctx == TG_MAX)
			return;
		ctx = dma_fence_context_alloc(1);
		strscpy(tg.ctxnames[tg.nctx], ctxname, TG_NAME);
		tg.contexts[tg.nctx++] = ctx;
	}
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return;
	spin_lock_init(&f->lock);
	strscpy(f->name, name, TG_NAME);
	s = ev_begin("dma_fence_init");
	dma_fence_init(&f->base, &tg_ops, &f->lock, ctx, sn);
	ev_end(s, ",\"fence\":\"%s\",\"args\":{\"context\":%llu,\"seqno\":%llu},\"result\":0", name, ctx, sn);
	tg.fences[tg.nfences++] = f;
}

/* A reservation object of the test: the resv of a buffer of the module's static exporter. */
static void tg_buf_init(const char *name)
{
	struct cbuf *b;

	if (tg.nbufs == ARRAY_SIZE(tg.bufs))
		return;
	b = t_export(EXP_STATIC);
	if (!b)
		return;
	strscpy(tg.bufs[tg.nbufs].name, name, TG_NAME);
	tg.bufs[tg.nbufs++].b = b;
}

static struct cbuf *tg_buf_of(const char *name)
{
	int i;

	for (i = 0; name && i < tg.nbufs; i++)
		if (!strcmp(tg.bufs[i].name, name))
			return tg.bufs[i].b;
	return NULL;
}

static int tg_usage(const char *u)
{
	if (!u)
		return -1;
	if (!strcmp(u, "KERNEL"))
		return DMA_RESV_USAGE_KERNEL;
	if (!strcmp(u, "WRITE"))
		return DMA_RESV_USAGE_WRITE;
	if (!strcmp(u, "READ"))
		return DMA_RESV_USAGE_READ;
	if (!strcmp(u, "BOOKKEEP"))
		return DMA_RESV_USAGE_BOOKKEEP;
	return -1;
}

/* The dma_resv calls; false if @op is not one. */
static bool tg_resv_call(const char *op, char **tok, int ntok, char *r, size_t rn)
{
	struct cbuf *b;
	int s, err, u;

	if (strncmp(op, "dma_resv_", 9))
		return false;
	b = tg_buf_of(tg_arg(tok, ntok, "resv"));
	if (!b) {
		snprintf(r, rn, "no-resv");
		return true;
	}
	if (!strcmp(op, "dma_resv_lock")) {
		err = t_lock(b, NULL, 0, false);
		snprintf(r, rn, "%s", err ? "error" : "0");
	} else if (!strcmp(op, "dma_resv_unlock")) {
		t_unlock(b);
		snprintf(r, rn, "0");
	} else if (!strcmp(op, "dma_resv_reserve_fences")) {
		const char *n = tg_arg(tok, ntok, "num");
		int num;

		if (!n || kstrtoint(n, 10, &num)) {
			snprintf(r, rn, "bad-num");
			return true;
		}
		err = t_reserve(b, num);
		snprintf(r, rn, "%s", err ? "error" : "0");
	} else if (!strcmp(op, "dma_resv_add_fence")) {
		const char *fname = tg_arg(tok, ntok, "fence");
		struct tg_fence *f = fname ? tg_fence_of(fname) : NULL;

		u = tg_usage(tg_arg(tok, ntok, "usage"));
		if (!f || u < 0) {
			snprintf(r, rn, "bad-args");
			return true;
		}
		s = ev_begin("dma_resv_add_fence");
		err = held(b);
		dma_resv_add_fence(b->dmabuf->resv, &f->base, u);
		ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"fence\":\"%s\",\"args\":{\"usage\":\"%s\"},\"result\":0,\"resv_held\":%s",
			 b->id, f->name, usagename(u), tf(err));
		snprintf(r, rn, "0");
	} else if (!strcmp(op, "dma_resv_test_signaled")) {
		u = tg_usage(tg_arg(tok, ntok, "usage"));
		if (u < 0) {
			snprintf(r, rn, "bad-usage");
			return true;
		}
		snprintf(r, rn, "%s", tf(t_test_signaled(b, u)));
	} else if (!strcmp(op, "dma_resv_wait_timeout")) {
		const char *t = tg_arg(tok, ntok, "timeout");
		long ret;
		bool was;

		u = tg_usage(tg_arg(tok, ntok, "usage"));
		if (u < 0 || !t || strcmp(t, "MAX")) {
			snprintf(r, rn, "bad-args");
			return true;
		}
		/* untraced probe: nothing would wake a wait on a pending fence the test never signals */
		if (!dma_resv_test_signaled(b->dmabuf->resv, u)) {
			snprintf(r, rn, "sleeps");
			return true;
		}
		s = ev_begin("dma_resv_wait_timeout");
		was = held(b);
		ret = dma_resv_wait_timeout(b->dmabuf->resv, u, false, MAX_SCHEDULE_TIMEOUT);
		ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"args\":{\"usage\":\"%s\",\"timeout\":\"MAX\",\"intr\":false},\"ret\":%lld,\"result\":%s,\"resv_held\":%s",
			 b->id, usagename(u), ret > 0 ? (long long)S64_MAX : 0LL, errname(ret < 0 ? (int)ret : 0), tf(was));
		snprintf(r, rn, "%s", ret > 0 ? ">0" : ret == 0 ? "0" : "error");
	} else {
		snprintf(r, rn, "no-op:%s", op);
	}
	return true;
}

/* ------------------------------------------------------------------ testgen: dma_buf_attach */

/*
 * The dma_buf_attach vocabulary (dmabuf testgen's AttachPlanner): one buffer of the module's
 * dynamic ("vram": pin/unpin, evictions that move it between two placements), static or
 * cache_sgt_mapping ("udmabuf") exporter, one importer per model importer on its own platform
 * device, and one kthread per model thread (each importer, the exporter): a reservation lock an
 * importer takes is held by its thread until it unlocks, and an eviction runs on the exporter's
 * thread, stopping inside the dynamic importer's move_notify (the lock held) until the step
 * that says how the importer reacts, then before the move until the move step. Setup lines:
 *
 *   kernel BEHAVIOUR MOVE_NOTIFY      the behaviour the test is for (the Java side sends only
 *                                     tests of the running kernel's; a mismatch fails every step;
 *                                     MOVE_NOTIFY counts only for a dynamic exporter)
 *   export BUF vram|udmabuf|system INIT OTHER   the buffer and its two placements' model names
 *   importer PROC BUF true|false USAGE          a (dynamic) importer and its job fences' usage
 *   exporter PROC                               the exporter's thread
 *
 * Observed: PROC.attached (on the buffer's list), PROC.mappings (tables the exporter handed the
 * attachment and that are not unmapped: a cached one counts), PROC.job (its last job fence is
 * unsignalled), PROC.valid (mapped and no move_notify since), BUF.pins (the exporter's pin
 * count), BUF.placement, BUF.moving (a move whose old storage is not yet reused), BUF.locked.
 */
#define TG_RETURN_S 30

struct tg_worker {
	char name[TG_NAME];
	wait_queue_head_t wq;
	bool pending, stop, started;
	void (*fn)(struct tg_worker *w);
	const char *op;
	char **tok;
	int ntok;
	char result[48];
	struct completion done, exited;
};

struct tg_imp {
	struct imp im;		/* first: importer_priv is &im */
	struct tg_worker w;
	char name[TG_NAME];
	int usage;
	bool valid;		/* mapped, and no move_notify since */
	int pins;		/* the importer's own dma_buf_pin calls */
	struct tg_fence *job;
	int jobs;
	struct completion react_go, reacted;
	bool react_fence;
};

static struct tg_attach {
	bool active;
	char behaviour[8];
	bool move_notify;
	bool wrong_kernel;
	struct tg_imp imps[2];
	int nimps;
	struct tg_worker exporter;
	char buf[TG_NAME], init_region[TG_NAME], other_region[TG_NAME];
	struct cbuf *b;
	bool at_init;		/* the buffer is in its first placement */
	bool scripted, evicting, evict_returned, evict_collected, moving;
	struct completion stopped, move_go;
	struct tg_fence *move_fence;
	struct tg_fence *predating[TG_MAX];
	int npredating, moves;
	bool hung;
} ta;

static int tg_worker_fn(void *p)
{
	struct tg_worker *w = p;

	name_thread(w->name);
	for (;;) {
		wait_event(w->wq, READ_ONCE(w->pending) || READ_ONCE(w->stop));
		if (!READ_ONCE(w->pending))
			break;
		w->fn(w);
		WRITE_ONCE(w->pending, false);
		complete(&w->done);
	}
	complete(&w->exited);
	return 0;
}

static void tg_worker_start(struct tg_worker *w, const char *name)
{
	struct task_struct *t;

	strscpy(w->name, name, TG_NAME);
	init_waitqueue_head(&w->wq);
	init_completion(&w->done);
	init_completion(&w->exited);
	w->pending = w->stop = false;
	t = kthread_run(tg_worker_fn, w, "dmabuf-tg-%s", name);
	w->started = !IS_ERR(t);
}

static void tg_post(struct tg_worker *w, void (*fn)(struct tg_worker *), const char *op, char **tok, int ntok)
{
	w->fn = fn;
	w->op = op;
	w->tok = tok;
	w->ntok = ntok;
	strscpy(w->result, "no-result", sizeof(w->result));
	reinit_completion(&w->done);
	WRITE_ONCE(w->pending, true);
	wake_up(&w->wq);
}

/* Waits for the posted call; false (and the run marked hung) if it did not return. */
static bool tg_wait(struct tg_worker *w)
{
	if (wait_for_completion_timeout(&w->done, TG_RETURN_S * HZ))
		return true;
	ta.hung = true;
	return false;
}

/* Runs one call on @w's thread: its result, or why there is none. */
static void tg_run_on(struct tg_worker *w, void (*fn)(struct tg_worker *), const char *op, char **tok, int ntok,
		      char *r, size_t rn)
{
	if (!w->started) {
		snprintf(r, rn, "no-thread");
		return;
	}
	tg_post(w, fn, op, tok, ntok);
	if (tg_wait(w))
		snprintf(r, rn, "%s", w->result);
	else
		snprintf(r, rn, "did-not-return");
}

static void tg_worker_stop(struct tg_worker *w)
{
	if (!w->started)
		return;
	WRITE_ONCE(w->stop, true);
	wake_up(&w->wq);
	wait_for_completion(&w->exited);
	w->started = false;
}

static struct tg_imp *tg_imp_of(const char *name)
{
	int i;

	for (i = 0; name && i < ta.nimps; i++)
		if (!strcmp(ta.imps[i].name, name))
			return &ta.imps[i];
	return NULL;
}

static struct tg_imp *tg_imp_of_worker(struct tg_worker *w)
{
	return container_of(w, struct tg_imp, w);
}

/* A placement as the trace names it: the model's regions sorted are VRAM, GTT. */
static const char *tg_placement(const char *region)
{
	const char *other = !strcmp(region, ta.init_region) ? ta.other_region : ta.init_region;

	return strcmp(region, other) <= 0 ? "VRAM" : "GTT";
}

/* The dynamic importer's move_notify: on the exporter's thread, the lock held. During a
 * scripted eviction it stops until the step says how the importer reacts. */
static void tg_imp_move_notify(struct dma_buf_attachment *at)
{
	struct tg_imp *ti = container_of((struct imp *)at->importer_priv, struct tg_imp, im);
	int s = ev_begin("importer.move_notify");
	bool fence = false;

	ti->valid = false;
	if (READ_ONCE(ta.scripted)) {
		complete(&ta.stopped);
		if (!wait_for_completion_timeout(&ti->react_go, TG_RETURN_S * HZ))
			ta.hung = true;
		fence = ti->react_fence;
	}
	if (fence) {
		/* access it cannot stop at once is fenced (R5): a job fence, under the exporter's lock */
		char name[TG_NAME], ctx[TG_NAME], sn[12];

		snprintf(name, sizeof(name), "%s_job%d", ti->name, ++ti->jobs);
		snprintf(ctx, sizeof(ctx), "%s_jobs", ti->name);
		snprintf(sn, sizeof(sn), "%d", ti->jobs);
		tg_init(name, ctx, sn);
		ti->job = tg_fence_of(name);
		if (ti->job && !t_reserve(ti->im.b, 1)) {
			int s2 = ev_begin("dma_resv_add_fence");

			dma_resv_add_fence(ti->im.b->dmabuf->resv, &ti->job->base, ti->usage);
			ev_end_b(s2, pins_of(ti->im.b), ",\"buf\":\"b%d\",\"fence\":\"%s\",\"args\":{\"usage\":\"%s\"},\"result\":0,\"resv_held\":%s",
				 ti->im.b->id, ti->job->name, usagename(ti->usage), tf(held(ti->im.b)));
		}
	}
	ev_end(s, ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"result\":0,\"resv_held\":%s",
	       ti->im.b->id, attach_id(at), tf(dma_resv_is_locked(at->dmabuf->resv)));
	if (READ_ONCE(ta.scripted))
		complete(&ti->reacted);
}

static const struct dma_buf_attach_ops tg_importer_ops = {
	.allow_peer2peer = false,
	.move_notify = tg_imp_move_notify,
};

static enum dma_data_direction tg_dir(const char *d)
{
	if (d && !strcmp(d, "TO_DEVICE"))
		return DMA_TO_DEVICE;
	if (d && !strcmp(d, "FROM_DEVICE"))
		return DMA_FROM_DEVICE;
	return DMA_BIDIRECTIONAL;
}

/* The table the attachment keeps cached (6.2-6.14: mismatched pair, cache_sgt_mapping), if any. */
static struct sg_table *tg_cached(struct dma_buf_attachment *at)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 15, 0)
	return at ? at->sgt : NULL;
#else
	return NULL;
#endif
}

static void tg_res(struct tg_worker *w, int err)
{
	char eb[16];

	snprintf(w->result, sizeof(w->result), "%s", err ? tg_errname(err, eb, sizeof(eb)) : "0");
}

/* A new job fence of the importer, with its usage, in the buffer's reservation (lock held). */
static int tg_add_job(struct tg_imp *ti)
{
	char name[TG_NAME], ctx[TG_NAME], sn[12];
	int err, s;

	snprintf(name, sizeof(name), "%s_job%d", ti->name, ++ti->jobs);
	snprintf(ctx, sizeof(ctx), "%s_jobs", ti->name);
	snprintf(sn, sizeof(sn), "%d", ti->jobs);
	tg_init(name, ctx, sn);
	ti->job = tg_fence_of(name);
	if (!ti->job)
		return -ENOMEM;
	err = t_reserve(ti->im.b, 1);
	if (err)
		return err;
	s = ev_begin("dma_resv_add_fence");
	dma_resv_add_fence(ti->im.b->dmabuf->resv, &ti->job->base, ti->usage);
	ev_end_b(s, pins_of(ti->im.b), ",\"buf\":\"b%d\",\"fence\":\"%s\",\"args\":{\"usage\":\"%s\"},\"result\":0,\"resv_held\":%s",
		 ti->im.b->id, ti->job->name, usagename(ti->usage), tf(held(ti->im.b)));
	return 0;
}

/* An importer's call, on its thread. */
static void tg_imp_call(struct tg_worker *w)
{
	struct tg_imp *ti = tg_imp_of_worker(w);
	struct imp *im = &ti->im;
	const char *op = w->op;
	struct cbuf *b = ta.b;
	int err = 0;

	if (!strcmp(op, "dma_buf_attach") || !strcmp(op, "dma_buf_dynamic_attach")) {
		err = t_attach_ops(im, b, im->dynamic, &tg_importer_ops);
		im->sgt = tg_cached(im->at);
		im->dir = DMA_BIDIRECTIONAL;
		tg_res(w, err);
	} else if (!im->at && strcmp(op, "dma_resv_lock") && strcmp(op, "dma_resv_unlock")
		   && strcmp(op, "dma_resv_wait_timeout") && strcmp(op, "dma_resv_add_fence")
		   && strcmp(op, "dma_fence_signal")) {
		snprintf(w->result, sizeof(w->result), "not-attached");
	} else if (!strcmp(op, "dma_buf_detach")) {
		t_detach(im);
		im->sgt = NULL;	/* a table still mapped is the exporter's now (BUF's dev_leaked) */
		tg_res(w, 0);
	} else if (!strcmp(op, "dma_resv_lock")) {
		tg_res(w, t_lock(b, NULL, 0, false));
	} else if (!strcmp(op, "dma_resv_unlock")) {
		t_unlock(b);
		tg_res(w, 0);
	} else if (!strcmp(op, "dma_buf_map_attachment") || !strcmp(op, "dma_buf_map_attachment_unlocked")) {
		enum dma_data_direction dir = tg_dir(tg_arg(w->tok, w->ntok, "dir"));
		struct sg_table *sgt = t_map(im, dir, op[22] == '_');

		if (IS_ERR(sgt)) {
			tg_res(w, PTR_ERR(sgt));
		} else {
			im->sgt = sgt;
			im->dir = dir;
			ti->valid = true;
			tg_res(w, 0);
		}
	} else if (!strcmp(op, "dma_buf_unmap_attachment") || !strcmp(op, "dma_buf_unmap_attachment_unlocked")) {
		if (!im->sgt) {
			snprintf(w->result, sizeof(w->result), "no-table");
			return;
		}
		t_unmap(im, im->sgt, im->dir, op[24] == '_');
		im->sgt = tg_cached(im->at);
		ti->valid = false;
		tg_res(w, 0);
	} else if (!strcmp(op, "dma_buf_pin")) {
		err = t_pin(im, true);
		if (!err)
			ti->pins++;
		tg_res(w, err);
	} else if (!strcmp(op, "dma_buf_unpin")) {
		t_pin(im, false);
		ti->pins--;
		tg_res(w, 0);
	} else if (!strcmp(op, "dma_resv_wait_timeout")) {
		/* timeout 0: is every WRITE fence signalled */
		long r = t_wait(b, DMA_RESV_USAGE_WRITE, 0);

		snprintf(w->result, sizeof(w->result), "%s", r > 0 ? ">0" : r == 0 ? "0" : "error");
	} else if (!strcmp(op, "dma_resv_add_fence")) {
		const char *l = tg_arg(w->tok, w->ntok, "locked");
		bool locked = l && !strcmp(l, "true");

		if (!locked) {
			err = t_lock(b, NULL, 0, false);
			if (err) {
				tg_res(w, err);
				return;
			}
		}
		err = tg_add_job(ti);
		if (!locked)
			t_unlock(b);
		tg_res(w, err);
	} else if (!strcmp(op, "dma_fence_signal")) {
		int s;

		if (!ti->job) {
			snprintf(w->result, sizeof(w->result), "no-job");
			return;
		}
		s = ev_begin("dma_fence_signal");
		err = dma_fence_signal(&ti->job->base);
		ev_end(s, ",\"fence\":\"%s\",\"result\":%s", ti->job->name, errname(err));
		tg_res(w, err);
	} else if (!strcmp(op, "importer.device_access")) {
		const char *a = tg_arg(w->tok, w->ntok, "access");
		struct page *pg;
		int s;

		if (!im->sgt) {
			snprintf(w->result, sizeof(w->result), "no-table");
			return;
		}
		pg = sg_page(im->sgt->sgl);
		if (pg == b->pages[0] && ta.moving && b->old_pages[0]) {
			snprintf(w->result, sizeof(w->result), "storage-not-yet-filled");
			return;
		}
		if (pg != b->pages[0] && pg != b->old_pages[0]) {
			snprintf(w->result, sizeof(w->result), "reused-storage");
			return;
		}
		/* the storage is the buffer's and filled: the device (here the CPU) touches it */
		s = ev_begin("importer.device_access");
		{
			u8 *p = kmap_local_page(pg);

			if (a && !strcmp(a, "WRITE"))
				WRITE_ONCE(p[0], READ_ONCE(p[0]));
			else
				(void)READ_ONCE(p[0]);
			kunmap_local(p);
		}
		ev_end(s, ",\"buf\":\"b%d\",\"attach\":\"a%d\",\"sgt\":\"s%d\",\"args\":{\"access\":\"%s\"},\"result\":0",
		       b->id, attach_id(im->at), sgt_of(im->sgt), a && !strcmp(a, "WRITE") ? "WRITE" : "READ");
		snprintf(w->result, sizeof(w->result), "isolated");
	} else {
		snprintf(w->result, sizeof(w->result), "no-op:%s", op);
	}
}

/* The eviction, on the exporter's thread: lock; -EBUSY if pinned or still moving; move_notify
 * (a scripted walk stops in each dynamic importer's callback); wait for the move step if
 * scripted; move to the other placement with a KERNEL fence; unlock. */
static void tg_evict(struct tg_worker *w)
{
	struct cbuf *b = ta.b;
	char name[TG_NAME], sn[12];
	struct tg_fence *mf;
	int err, i;

	snprintf(name, sizeof(name), "%s_move%d", ta.buf, ta.moves + 1);
	snprintf(sn, sizeof(sn), "%d", ta.moves + 1);
	err = t_lock(b, NULL, 0, false);
	if (err)
		goto out;
	if (b->pins || ta.moving) {
		t_unlock(b);
		err = -EBUSY;
		goto out;
	}
	t_move_notify(b);
	if (READ_ONCE(ta.scripted) && !wait_for_completion_timeout(&ta.move_go, TG_RETURN_S * HZ))
		ta.hung = true;
	/* the fences the copy must wait for: every unsignalled one before the move */
	ta.npredating = 0;
	for (i = 0; i < ta.nimps; i++)
		if (ta.imps[i].job && !tg_signaled(ta.imps[i].job))
			ta.predating[ta.npredating++] = ta.imps[i].job;
	tg_init(name, "moves", sn);
	mf = tg_fence_of(name);
	if (!mf) {
		t_unlock(b);
		err = -ENOMEM;
		goto out;
	}
	ta.moves++;
	{
		int s = ev_begin("exporter.move");
		const char *to = ta.at_init ? ta.other_region : ta.init_region;

		for (i = 0; i < NPAGES && !err; i++) {
			b->old_pages[i] = b->pages[i];
			b->pages[i] = alloc_page(GFP_KERNEL);
			if (!b->pages[i]) {
				b->pages[i] = b->old_pages[i];
				b->old_pages[i] = NULL;
				err = -ENOMEM;
			} else {
				copy_highpage(b->pages[i], b->old_pages[i]);
			}
		}
		b->old_placement = b->placement;
		b->placement = tg_placement(to);
		ev_end(s, ",\"buf\":\"b%d\",\"fence\":\"%s\",\"args\":{\"from\":\"%s\",\"to\":\"%s\"},\"result\":%s,\"resv_held\":%s",
		       b->id, mf->name, b->old_placement, b->placement, errname(err), tf(dma_resv_is_locked(b->dmabuf->resv)));
	}
	if (!err) {
		ta.at_init = !ta.at_init;
		ta.moving = true;
		ta.move_fence = mf;
		err = t_reserve(b, 1);
		if (!err) {
			int s = ev_begin("dma_resv_add_fence");

			dma_resv_add_fence(b->dmabuf->resv, &mf->base, DMA_RESV_USAGE_KERNEL);
			ev_end_b(s, pins_of(b), ",\"buf\":\"b%d\",\"fence\":\"%s\",\"args\":{\"usage\":\"KERNEL\"},\"result\":0,\"resv_held\":%s",
				 b->id, mf->name, tf(held(b)));
		}
	}
	t_unlock(b);
out:
	tg_res(w, err);
	WRITE_ONCE(ta.evict_returned, true);
	complete(&ta.stopped);
}

/* The copy is done: the move fence signals and the old storage goes back (6.x), on the exporter's thread. */
static void tg_complete_move(struct tg_worker *w)
{
	struct cbuf *b = ta.b;
	int i, s;

	if (!ta.moving || !ta.move_fence) {
		snprintf(w->result, sizeof(w->result), "no-move-in-flight");
		return;
	}
	for (i = 0; i < ta.npredating; i++)
		if (!tg_signaled(ta.predating[i])) {
			snprintf(w->result, sizeof(w->result), "would-wait-for-%s", ta.predating[i]->name);
			return;
		}
	s = ev_begin("dma_fence_signal");
	i = dma_fence_signal(&ta.move_fence->base);
	ev_end(s, ",\"fence\":\"%s\",\"result\":%s", ta.move_fence->name, errname(i));
	exp_reuse_storage(b);
	ta.moving = false;
	ta.npredating = 0;
	tg_res(w, 0);
}

/* Waits until an importer's move_notify is entered (true) or the eviction returned (false). */
static bool tg_wait_arrival(void)
{
	if (!wait_for_completion_timeout(&ta.stopped, TG_RETURN_S * HZ)) {
		ta.hung = true;
		return false;
	}
	return !READ_ONCE(ta.evict_returned);
}

/* The attach vocabulary's calls; false if this test has none. */
static bool tg_attach_call(const char *op, char **tok, int ntok, char *r, size_t rn)
{
	const char *proc = tg_arg(tok, ntok, "proc");
	struct tg_imp *ti;

	if (!ta.active || !proc)
		return false;
	if (ta.wrong_kernel) {
		snprintf(r, rn, "kernel-is-%s", behaviour());
		return true;
	}
	if (!ta.b) {
		snprintf(r, rn, "no-buffer");
		return true;
	}
	if (!strcmp(op, "evict")) {
		const char *n = tg_arg(tok, ntok, "notify");
		bool notify = n && !strcmp(n, "true");

		if (ta.b->kind != EXP_DYNAMIC) {
			snprintf(r, rn, "not-a-dynamic-exporter");
			return true;
		}
		WRITE_ONCE(ta.scripted, notify);
		WRITE_ONCE(ta.evict_returned, false);
		reinit_completion(&ta.stopped);
		reinit_completion(&ta.move_go);
		ta.evicting = true;
		ta.evict_collected = false;
		tg_post(&ta.exporter, tg_evict, op, tok, ntok);
		if (notify) {
			if (tg_wait_arrival())
				snprintf(r, rn, "called");
			else if ((ta.evict_collected = tg_wait(&ta.exporter)))
				snprintf(r, rn, "%s-before-any-move_notify", ta.exporter.result);
			else
				snprintf(r, rn, "did-not-return");
		} else if ((ta.evict_collected = tg_wait(&ta.exporter))) {
			snprintf(r, rn, "%s", strcmp(ta.exporter.result, "0") ? ta.exporter.result : "called");
		} else {
			snprintf(r, rn, "did-not-return");
		}
		return true;
	}
	if (!strcmp(op, "move_notify")) {
		const char *f = tg_arg(tok, ntok, "fence");
		const char *l = tg_arg(tok, ntok, "last");

		ti = tg_imp_of(tg_arg(tok, ntok, "importer"));
		if (!ta.evicting || !ti) {
			snprintf(r, rn, "no-eviction-in-progress");
			return true;
		}
		ti->react_fence = f && !strcmp(f, "true");
		complete(&ti->react_go);
		if (!wait_for_completion_timeout(&ti->reacted, TG_RETURN_S * HZ)) {
			ta.hung = true;
			snprintf(r, rn, "move_notify-never-called");
			return true;
		}
		if (!(l && !strcmp(l, "true")) && !tg_wait_arrival()) {
			snprintf(r, rn, "the-walk-ended-early");
			return true;
		}
		snprintf(r, rn, "0");
		return true;
	}
	if (!strcmp(op, "move")) {
		if (!ta.evicting) {
			snprintf(r, rn, "no-eviction-in-progress");
			return true;
		}
		complete(&ta.move_go);
		if (ta.evict_collected || tg_wait(&ta.exporter))
			snprintf(r, rn, "%s", ta.exporter.result);
		else
			snprintf(r, rn, "did-not-return");
		ta.evicting = false;
		return true;
	}
	if (!strcmp(op, "complete_move")) {
		tg_run_on(&ta.exporter, tg_complete_move, op, tok, ntok, r, rn);
		return true;
	}
	ti = tg_imp_of(proc);
	if (!ti) {
		snprintf(r, rn, "no-importer:%s", proc);
		return true;
	}
	tg_run_on(&ti->w, tg_imp_call, op, tok, ntok, r, rn);
	return true;
}

static bool tg_attach_observe(const char *obj, const char *what, char *v, size_t vn)
{
	struct tg_imp *ti = ta.active ? tg_imp_of(obj) : NULL;
	struct cbuf *b = ta.b;

	if (ti) {
		struct dma_buf_attachment *a;
		bool on = false;

		if (!strcmp(what, "attached")) {
			if (ti->im.at)
				list_for_each_entry(a, &b->dmabuf->attachments, node)
					on |= a == ti->im.at;
			snprintf(v, vn, "%s", tf(on));
		} else if (!strcmp(what, "mappings")) {
			snprintf(v, vn, "%d", (ti->im.at && ti->im.at->priv ? ((struct cattach *)ti->im.at->priv)->maps : 0)
				 + b->dev_leaked[ti->im.dev == &pdevs[1]->dev]);
		} else if (!strcmp(what, "job")) {
			snprintf(v, vn, "%s", tf(ti->job && !tg_signaled(ti->job)));
		} else if (!strcmp(what, "valid")) {
			snprintf(v, vn, "%s", tf(ti->valid));
		} else {
			snprintf(v, vn, "?");
		}
		return true;
	}
	if (!ta.active || !b || strcmp(obj, ta.buf))
		return false;
	if (!strcmp(what, "pins"))
		snprintf(v, vn, "%d", b->pins);
	else if (!strcmp(what, "placement"))
		snprintf(v, vn, "%s", ta.at_init ? ta.init_region : ta.other_region);
	else if (!strcmp(what, "moving"))
		snprintf(v, vn, "%s", tf(ta.moving));
	else if (!strcmp(what, "locked"))
		snprintf(v, vn, "%s", tf(dma_resv_is_locked(b->dmabuf->resv)));
	else
		snprintf(v, vn, "?");
	return true;
}

/* Setup lines of an attach test; false if @tok is none. */
static bool tg_attach_setup(char **tok, int ntok)
{
	if (!strcmp(tok[0], "kernel") && ntok == 3) {
		ta.active = true;
		strscpy(ta.behaviour, tok[1], sizeof(ta.behaviour));
		ta.move_notify = !strcmp(tok[2], "true");
		ta.wrong_kernel = strcmp(tok[1], behaviour());
		init_completion(&ta.stopped);
		init_completion(&ta.move_go);
		return true;
	}
	if (!strcmp(tok[0], "export") && ntok == 5) {
		enum exp_kind k = !strcmp(tok[2], "vram") ? EXP_DYNAMIC : !strcmp(tok[2], "udmabuf") ? EXP_STATIC_CACHED : EXP_STATIC;

		if (ta.b)
			return true;
		/* CONFIG_DMABUF_MOVE_NOTIFY changes only what a dynamic exporter's core does */
		if (k == EXP_DYNAMIC && ta.move_notify != IS_ENABLED(CONFIG_DMABUF_MOVE_NOTIFY))
			ta.wrong_kernel = true;
		strscpy(ta.buf, tok[1], TG_NAME);
		strscpy(ta.init_region, tok[3], TG_NAME);
		strscpy(ta.other_region, tok[4], TG_NAME);
		ta.at_init = true;
		ta.b = t_export_at(k, tg_placement(tok[3]));
		if (ta.b && tg.nbufs < ARRAY_SIZE(tg.bufs)) {
			strscpy(tg.bufs[tg.nbufs].name, tok[1], TG_NAME);
			tg.bufs[tg.nbufs++].b = ta.b;	/* the common end puts it (traced) */
		}
		return true;
	}
	if (!strcmp(tok[0], "importer") && ntok == 5) {
		struct tg_imp *ti;

		if (ta.nimps == ARRAY_SIZE(ta.imps))
			return true;
		ti = &ta.imps[ta.nimps];
		memset(ti, 0, sizeof(*ti));
		strscpy(ti->name, tok[1], TG_NAME);
		ti->im.dev = &pdevs[ta.nimps]->dev;
		ti->im.name = ti->name;
		ti->im.dynamic = !strcmp(tok[3], "true");
		ti->usage = !strcmp(tok[4], "write") ? DMA_RESV_USAGE_WRITE : !strcmp(tok[4], "read") ? DMA_RESV_USAGE_READ
			: DMA_RESV_USAGE_BOOKKEEP;
		init_completion(&ti->react_go);
		init_completion(&ti->reacted);
		tg_worker_start(&ti->w, ti->name);
		ta.nimps++;
		return true;
	}
	if (!strcmp(tok[0], "exporter") && ntok == 2) {
		tg_worker_start(&ta.exporter, tok[1]);
		return true;
	}
	return false;
}

/* Lets an eviction stopped in a move_notify finish (its importer reacts by invalidating only). */
static void tg_finish_eviction(void)
{
	int i;

	if (!ta.evicting)
		return;
	WRITE_ONCE(ta.scripted, false);
	for (i = 0; i < ta.nimps; i++)
		complete_all(&ta.imps[i].react_go);
	complete_all(&ta.move_go);
	if (!ta.evict_collected)
		tg_wait(&ta.exporter);
	ta.evicting = false;
}

/* An importer gives everything back, on its thread (traced: these are legal calls). */
static void tg_imp_release(struct tg_worker *w)
{
	struct tg_imp *ti = tg_imp_of_worker(w);
	struct imp *im = &ti->im;
	struct cbuf *b = ta.b;
	bool locked = held(b);

	if (im->at && ((im->sgt && im->sgt != tg_cached(im->at)) || ti->pins > 0)) {
		if (!locked && !t_lock(b, NULL, 0, false))
			locked = true;
		if (im->sgt && im->sgt != tg_cached(im->at))
			t_unmap(im, im->sgt, im->dir, false);
		im->sgt = NULL;
		for (; ti->pins > 0; ti->pins--)
			t_pin(im, false);
	}
	if (locked)
		t_unlock(b);
	/* every job of this importer completes (a move in flight may wait for them) */
	{
		char prefix[TG_NAME];
		size_t n = snprintf(prefix, sizeof(prefix), "%s_job", ti->name);
		int i;

		for (i = 0; i < tg.nfences; i++) {
			struct tg_fence *f = tg.fences[i];

			if (!strncmp(f->name, prefix, n) && !tg_signaled(f)) {
				int s = ev_begin("dma_fence_signal");
				int err = dma_fence_signal(&f->base);

				ev_end(s, ",\"fence\":\"%s\",\"result\":%s", f->name, errname(err));
			}
		}
	}
	if (im->at) {
		t_detach(im);
		im->sgt = NULL;
	}
	tg_res(w, 0);
}

/* The end of an attach test, before the common cleanup puts the buffer. */
static void tg_attach_cleanup(void)
{
	char r[48];
	int i;

	if (!ta.active)
		return;
	if (!ta.hung) {
		tg_finish_eviction();
		for (i = 0; i < ta.nimps && !ta.hung; i++)
			tg_run_on(&ta.imps[i].w, tg_imp_release, "release", NULL, 0, r, sizeof(r));
		/* every job fence signalled above: a move in flight completes */
		if (ta.moving && !ta.hung)
			tg_run_on(&ta.exporter, tg_complete_move, "complete_move", NULL, 0, r, sizeof(r));
	}
	if (ta.hung)
		return;	/* a thread still owns objects: leave them (leak over crash) */
	for (i = 0; i < ta.nimps; i++)
		tg_worker_stop(&ta.imps[i].w);
	tg_worker_stop(&ta.exporter);
}

/* Makes one call; writes its result (as KernelCall.expect names results) to @r. */
static void tg_call(const char *op, char **tok, int ntok, char *r, size_t rn)
{
	const char *fname = tg_arg(tok, ntok, "fence");
	struct tg_fence *f = fname ? tg_fence_of(fname) : NULL;
	char eb[16];
	int s, err;

	if (tg_attach_call(op, tok, ntok, r, rn) || tg_resv_call(op, tok, ntok, r, rn))
		return;
	if (!f) {
		snprintf(r, rn, "no-fence:%s", fname ? fname : "-");
		return;
	}
	if (!strcmp(op, "dma_fence_signal")) {
		s = ev_begin("dma_fence_signal");
		err = dma_fence_signal(&f->base);
		ev_end(s, ",\"fence\":\"%s\",\"result\":%s", f->name, errname(err));
		snprintf(r, rn, "%s", err ? tg_errname(err, eb, sizeof(eb)) : "0");
	} else if (!strcmp(op, "dma_fence_enable_sw_signaling")) {
		s = ev_begin("dma_fence_enable_sw_signaling");
		dma_fence_enable_sw_signaling(&f->base);
		ev_end(s, ",\"fence\":\"%s\",\"result\":0", f->name);
		snprintf(r, rn, "0");
	} else if (!strcmp(op, "dma_fence_set_error")) {
		const char *e = tg_arg(tok, ntok, "error");
		int v = e ? tg_errno(e) : 0;

		if (!v) {
			snprintf(r, rn, "bad-error:%s", e ? e : "-");
			return;
		}
		s = ev_begin("dma_fence_set_error");
		dma_fence_set_error(&f->base, v);
		ev_end(s, ",\"fence\":\"%s\",\"args\":{\"error\":%s},\"result\":0", f->name, errname(v));
		snprintf(r, rn, "0");
	} else if (!strcmp(op, "dma_fence_add_callback") || !strcmp(op, "dma_fence_remove_callback")) {
		const char *cname = tg_arg(tok, ntok, "cb");
		struct tg_cb *c = cname ? tg_cb_of(cname, f) : NULL;

		if (!c) {
			snprintf(r, rn, "no-cb:%s", cname ? cname : "-");
			return;
		}
		if (op[10] == 'a') {
			s = ev_begin("dma_fence_add_callback");
			err = dma_fence_add_callback(&f->base, &c->cb, tg_cb_func);
			ev_end(s, ",\"fence\":\"%s\",\"cb\":\"%s\",\"result\":%s", f->name, c->name, errname(err));
			snprintf(r, rn, "%s", err ? tg_errname(err, eb, sizeof(eb)) : "0");
		} else {
			bool removed;

			s = ev_begin("dma_fence_remove_callback");
			removed = dma_fence_remove_callback(&f->base, &c->cb);
			ev_end(s, ",\"fence\":\"%s\",\"cb\":\"%s\",\"ret\":%s,\"result\":0", f->name, c->name, tf(removed));
			snprintf(r, rn, "%s", tf(removed));
		}
	} else if (!strcmp(op, "dma_fence_put")) {
		unsigned long fl;
		bool force, last;
		int s2 = -1;

		/* the release of an unsignalled fence with callbacks force-signals it (-EDEADLK):
		 * logged as the signal inside the put, as the reference implementation logs it */
		spin_lock_irqsave(&f->lock, fl);
		force = !tg_signaled(f) && !list_empty(&f->base.cb_list);
		spin_unlock_irqrestore(&f->lock, fl);
		last = kref_read(&f->base.refcount) == 1;
		s = ev_begin("dma_fence_put");
		if (force && last)
			s2 = ev_begin("dma_fence_signal");
		dma_fence_put(&f->base);
		if (s2 >= 0)
			ev_end(s2, ",\"fence\":\"%s\",\"result\":0", f->name);
		ev_end(s, ",\"fence\":\"%s\",\"args\":{\"last\":%s},\"result\":0", f->name, tf(last));
		snprintf(r, rn, "%s", last ? "last" : "not-last");
	} else if (!strcmp(op, "dma_fence_wait_timeout")) {
		const char *t = tg_arg(tok, ntok, "timeout");
		const char *w = tg_arg(tok, ntok, "waiter");
		struct tg_waiter *wt = w ? tg_waiter_of(w, true) : NULL;
		bool max = t && !strcmp(t, "MAX");
		u64 ns = 0;
		long j, ret;

		if (!t || (!max && kstrtoull(t, 10, &ns))) {
			snprintf(r, rn, "bad-timeout:%s", t ? t : "-");
			return;
		}
		if (max && !tg_signaled(f)) {
			/* nothing would wake it: the model expected a signalled fence */
			snprintf(r, rn, "sleeps");
		} else {
			j = max ? MAX_SCHEDULE_TIMEOUT : (ns ? max_t(long, 1, usecs_to_jiffies(div_u64(ns, 1000))) : 0);
			s = ev_begin("dma_fence_wait_timeout");
			ret = dma_fence_wait_timeout(&f->base, false, j);
			if (max)
				ev_end(s, ",\"fence\":\"%s\",\"args\":{\"timeout\":\"MAX\",\"intr\":false},\"ret\":%lld,\"result\":%s",
				       f->name, ret > 0 ? (long long)S64_MAX : 0LL, errname(ret < 0 ? (int)ret : 0));
			else
				ev_end(s, ",\"fence\":\"%s\",\"args\":{\"timeout\":%llu,\"intr\":false},\"ret\":%llu,\"result\":%s",
				       f->name, ns, ret > 0 ? (u64)max_t(u64, 1, min_t(u64, ns, jiffies_to_nsecs(ret))) : 0ULL,
				       errname(ret < 0 ? (int)ret : 0));
			snprintf(r, rn, "%s", ret > 0 ? ">0" : ret == 0 ? "0" : tg_errname((int)ret, eb, sizeof(eb)));
		}
		if (wt)
			strscpy(wt->result, r, sizeof(wt->result));
	} else {
		snprintf(r, rn, "no-op:%s", op);
	}
}

/* The observed value of KEY (fence.signaled, fence.status, fence.ran, waiter.result). */
static void tg_observe(const char *key, char *v, size_t vn)
{
	char obj[TG_NAME];
	const char *dot = strchr(key, '.');
	struct tg_fence *f;
	struct tg_waiter *w;
	struct cbuf *b;
	char eb[16];
	int st;

	if (!dot || dot - key >= TG_NAME) {
		snprintf(v, vn, "?");
		return;
	}
	memcpy(obj, key, dot - key);
	obj[dot - key] = 0;
	if (tg_attach_observe(obj, dot + 1, v, vn))
		return;
	f = tg_fence_of(obj);
	b = tg_buf_of(obj);
	if (b && !strcmp(dot + 1, "locked")) {
		snprintf(v, vn, "%s", tf(dma_resv_is_locked(b->dmabuf->resv)));
	} else if (b && !strncmp(dot + 1, "poll.", 5)) {
		struct dma_buf *d = b->dmabuf;
		__poll_t active;

		spin_lock_irq(&d->poll.lock);
		active = !strcmp(dot + 6, "in") ? d->cb_in.active : d->cb_out.active;
		spin_unlock_irq(&d->poll.lock);
		snprintf(v, vn, "%s", tf(active));
	} else if (b && !strcmp(dot + 1, "fences")) {
		/* each pending fence once, with the strongest usage it is recorded with, by name */
		int best[TG_MAX], i;
		struct dma_resv_iter cursor;
		struct dma_fence *fence;
		size_t n = 0;

		for (i = 0; i < TG_MAX; i++)
			best[i] = -1;
		dma_resv_iter_begin(&cursor, b->dmabuf->resv, DMA_RESV_USAGE_BOOKKEEP);
		dma_resv_for_each_fence_unlocked(&cursor, fence) {
			if (dma_resv_iter_is_restarted(&cursor))
				for (i = 0; i < TG_MAX; i++)
					best[i] = -1;
			for (i = 0; i < tg.nfences; i++)
				if (&tg.fences[i]->base == fence && !tg_signaled(tg.fences[i])
				    && (best[i] < 0 || dma_resv_iter_usage(&cursor) < best[i]))
					best[i] = dma_resv_iter_usage(&cursor);
		}
		dma_resv_iter_end(&cursor);
		v[0] = 0;
		/* model names sort as the Java side's TreeMap does: the test's fences are set up in name order */
		for (i = 0; i < tg.nfences; i++)
			if (best[i] >= 0 && n < vn)
				n += snprintf(v + n, vn - n, "%s%s:%s", n ? "," : "", tg.fences[i]->name, usagename(best[i]));
	} else if (f && !strcmp(dot + 1, "signaled")) {
		snprintf(v, vn, "%s", tf(tg_signaled(f)));
	} else if (f && !strcmp(dot + 1, "status")) {
		/* dma_fence_get_status without ops->signaled: the flag and the error, no side effect */
		st = dma_fence_get_status(&f->base);
		snprintf(v, vn, "%s", st < 0 ? tg_errname(st, eb, sizeof(eb)) : st ? "1" : "0");
	} else if (f && !strcmp(dot + 1, "ran")) {
		snprintf(v, vn, "%s", f->ran);
	} else if (!strcmp(dot + 1, "result")) {
		w = tg_waiter_of(obj, false);
		snprintf(v, vn, "%s", w ? w->result : "none");
	} else {
		snprintf(v, vn, "?");
	}
}

static void tg_step(char **tok, int ntok)
{
	char r[48], v[TG_RAN + 8];
	bool differs = false;
	const char *expect = NULL;
	int i, k;

	if (ntok < 3 || kstrtoint(tok[1], 10, &k) || tg.stopped)
		return;
	for (i = 3; i < ntok; i++)
		if (tok[i][0] == '!')
			expect = tok[i] + 1;
	if (strcmp(tok[2], "-")) {
		tg_call(tok[2], tok + 3, ntok - 3, r, sizeof(r));
		differs = !expect || strcmp(r, expect);
	} else {
		snprintf(r, sizeof(r), "-");
	}
	resf("R %d %d %s e=%d", tg.number, k, r, nev);
	for (i = 3; i < ntok; i++) {
		char *eq;

		if (tok[i][0] != '@' || !(eq = strchr(tok[i], '=')))
			continue;
		*eq = 0;
		tg_observe(tok[i] + 1, v, sizeof(v));
		resf(" %s=%s", tok[i] + 1, v);
		differs |= strcmp(v, eq + 1) != 0;
		*eq = '=';
	}
	resf("\n");
	if (differs) {
		tg.stopped = true;
		resf("X %d %d\n", tg.number, k);
	}
}

/* Untraced: signal what is unsignalled (its callbacks are ours), drop our references. */
static void tg_cleanup(void)
{
	int i;

	tg_attach_cleanup();
	if (ta.hung)
		return;	/* a worker still holds the test's objects: leave them (leak over crash) */
	/* traced: a buffer put while its lock is held would be a misuse in the trace (R3) */
	for (i = 0; i < tg.nbufs; i++)
		if (held(tg.bufs[i].b))
			t_unlock(tg.bufs[i].b);
	tg.quiet = true;
	for (i = 0; i < tg.nfences; i++) {
		struct tg_fence *f = tg.fences[i];

		if (!f->released) {
			dma_fence_signal(&f->base);
			dma_fence_put(&f->base);
		}
	}
	/* traced: the buffer's last put and the exporter's release end the test's trace */
	tg.quiet = false;
	for (i = 0; i < tg.nbufs; i++) {
		t_put(tg.bufs[i].b);
		/* a released buffer's cbuf is ours to free; an unreleased one stays (leak over crash) */
		if (completion_done(&tg.bufs[i].b->released))
			kfree(tg.bufs[i].b);
	}
	for (i = 0; i < tg.nfences; i++)
		if (atomic_xchg(&tg.fences[i]->gone, 2) == 1)
			dma_fence_free(&tg.fences[i]->base);
}

struct tg_run {
	struct completion done;
	int tests, failed;
};

static int tg_thread(void *p)
{
	struct tg_run *run = p;
	char *line, *next = prog, *tok[TG_TOKENS], *name = NULL;
	int ntok;

	name_thread("main");
	while (next && *next) {
		line = strsep(&next, "\n");
		ntok = 0;
		while (line && ntok < TG_TOKENS) {
			char *t = strsep(&line, " ");

			if (*t)
				tok[ntok++] = t;
		}
		if (!ntok)
			continue;
		if (!strcmp(tok[0], "test") && ntok == 3) {
			if (ta.hung)
				break;	/* a thread of an earlier test still owns the recording state */
			memset(&tg, 0, sizeof(tg));
			memset(&ta, 0, sizeof(ta));
			if (kstrtoint(tok[1], 10, &tg.number))
				tg.number = 0;
			name = tok[2];
			nev = nend = nthreads = 0;
			next_buf = next_attach = next_sgt = next_fence = next_ctx = next_cb = 0;
			nsgt_ids = 0;
			overflow = false;
			name_thread("main");
		} else if (!strcmp(tok[0], "init") && ntok == 4) {
			tg_init(tok[1], tok[2], tok[3]);
		} else if (!strcmp(tok[0], "buf") && ntok == 2) {
			tg_buf_init(tok[1]);
		} else if (tg_attach_setup(tok, ntok)) {
			/* an attach test's buffer, importers and threads */
		} else if (!strcmp(tok[0], "step")) {
			tg_step(tok, ntok);
		} else if (!strcmp(tok[0], "end") && name) {
			int events;

			tg_cleanup();
			flush_trace(name, NULL, true, NULL);
			events = nend;
			resf("E %d %d %s\n", tg.number, events, overflow ? "overflow" : "ok");
			run->tests++;
			if (tg.stopped || overflow)
				run->failed++;
			ktapf("%s %d %s%s\n", tg.stopped || overflow ? "not ok" : "ok", run->tests, name,
			      overflow ? " # trace buffer overflow" : tg.stopped ? " # a step differs from the model" : "");
			name = NULL;
		}
	}
	complete(&run->done);
	return 0;
}

static ssize_t prog_write(struct file *file, const char __user *u, size_t n, loff_t *pos)
{
	ssize_t ret = n;

	mutex_lock(&tg_mutex);
	if (proglen + n >= PROG_SIZE) {
		prog_overflow = true;
		ret = -ENOSPC;
	} else if (copy_from_user(prog + proglen, u, n)) {
		ret = -EFAULT;
	} else {
		proglen += n;
		prog[proglen] = 0;
	}
	mutex_unlock(&tg_mutex);
	return ret;
}

static ssize_t run_write(struct file *file, const char __user *u, size_t n, loff_t *pos)
{
	struct tg_run run = {};
	struct task_struct *t;
	const char *p;
	int tests = 0;

	mutex_lock(&tg_mutex);
	for (p = prog; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, "test ", 5))
			tests++;
	ktapf("KTAP version 1\n1..%d\n", tests);
	ktapf("# dmabuf_conformance testgen on %s: behaviour %s, %d tests, %zu bytes of program\n",
	      init_utsname()->release, behaviour(), tests, proglen);
	init_completion(&run.done);
	t = kthread_run(tg_thread, &run, "dmabuf-testgen");
	if (IS_ERR(t)) {
		ktapf("# cannot start the testgen kthread\n");
		mutex_unlock(&tg_mutex);
		return PTR_ERR(t);
	}
	wait_for_completion(&run.done);
	ktapf("# testgen: %d tests, %d stopped at a difference\n", run.tests, run.failed);
	mutex_unlock(&tg_mutex);
	return n;
}

static const struct file_operations prog_fops = {
	.owner = THIS_MODULE, .open = simple_open, .write = prog_write,
};

static const struct file_operations run_fops = {
	.owner = THIS_MODULE, .open = simple_open, .write = run_write,
};

static ssize_t res_read(struct file *f, char __user *u, size_t n, loff_t *pos)
{
	return simple_read_from_buffer(u, n, pos, res, reslen);
}

static const struct file_operations res_fops = {
	.owner = THIS_MODULE, .open = simple_open, .read = res_read, .llseek = default_llseek,
};

static ssize_t file_read(struct file *f, char __user *u, size_t n, loff_t *pos)
{
	bool is_ktap = f->f_inode->i_private == ktap;

	return simple_read_from_buffer(u, n, pos, is_ktap ? ktap : out, is_ktap ? ktaplen : outlen);
}

static const struct file_operations trace_fops = {
	.owner = THIS_MODULE, .open = simple_open, .read = file_read, .llseek = default_llseek,
};

static struct dentry *dir;

static int __init dmabuf_conformance_init(void)
{
	int i, n = 0, k = 0;

	if (testgen) {
		out_size = OUT_SIZE_TESTGEN;
		ktap_size = KTAP_SIZE_TESTGEN;
	}
	evs = vzalloc(sizeof(*evs) * MAX_EVENTS);
	out = vzalloc(out_size);
	ktap = vzalloc(ktap_size);
	if (!evs || !out || !ktap)
		goto nomem;
	if (testgen) {
		prog = vzalloc(PROG_SIZE);
		res = vzalloc(RES_SIZE);
		if (!prog || !res)
			goto nomem;
	}
	for (i = 0; i < 2; i++) {
		pdevs[i] = platform_device_register_simple("dmabuf_conformance_importer", i, NULL, 0);
		if (IS_ERR(pdevs[i])) {
			int err = PTR_ERR(pdevs[i]);

			while (--i >= 0)
				platform_device_unregister(pdevs[i]);
			vfree(evs);
			vfree(out);
			vfree(ktap);
			vfree(prog);
			vfree(res);
			return err;
		}
		dma_coerce_mask_and_coherent(&pdevs[i]->dev, DMA_BIT_MASK(64));
	}
	if (testgen) {
		dir = debugfs_create_dir("dmabuf_conformance", NULL);
		debugfs_create_file("trace", 0444, dir, out, &trace_fops);
		debugfs_create_file("ktap", 0444, dir, ktap, &trace_fops);
		debugfs_create_file("program", 0200, dir, NULL, &prog_fops);
		debugfs_create_file("run", 0200, dir, NULL, &run_fops);
		debugfs_create_file("results", 0444, dir, NULL, &res_fops);
		return 0;
	}
	user_mm = get_task_mm(current);	/* insmod's: the mmap scenarios map into it */
	for (i = 0; i < ARRAY_SIZE(all_scen); i++)
		if (selected(all_scen[i].name, all_scen[i].inject))
			n++;
	ktapf("KTAP version 1\n1..%d\n", n);
	ktapf("# dmabuf_conformance on %s: behaviour %s, MOVE_NOTIFY=%d DMABUF_DEBUG=%d LOCKDEP=%d\n",
	      init_utsname()->release, behaviour(), IS_ENABLED(CONFIG_DMABUF_MOVE_NOTIFY),
	      IS_ENABLED(CONFIG_DMABUF_DEBUG), IS_ENABLED(CONFIG_LOCKDEP));
	for (i = 0; i < ARRAY_SIZE(all_scen); i++)
		if (selected(all_scen[i].name, all_scen[i].inject)) {
			if (hung)
				ktapf("not ok %d %s # not run: an earlier scenario hung\n", ++k, all_scen[i].name);
			else
				run_one(&all_scen[i], ++k);
		}
	if (user_mm && !hung)	/* a hung scenario may still work in it */
		mmput(user_mm);
	dir = debugfs_create_dir("dmabuf_conformance", NULL);
	debugfs_create_file("trace", 0444, dir, out, &trace_fops);
	debugfs_create_file("ktap", 0444, dir, ktap, &trace_fops);
	return 0;
nomem:
	vfree(evs);
	vfree(out);
	vfree(ktap);
	vfree(prog);
	vfree(res);
	return -ENOMEM;
}

static void __exit dmabuf_conformance_exit(void)
{
	int i;

	debugfs_remove_recursive(dir);
	for (i = 0; i < 2; i++)
		platform_device_unregister(pdevs[i]);
	vfree(evs);
	vfree(out);
	vfree(ktap);
	vfree(prog);
	vfree(res);
}

module_init(dmabuf_conformance_init);
module_exit(dmabuf_conformance_exit);
