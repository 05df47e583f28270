// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/dma-buf.h>
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DMA_BUF);
static int __init t_init(void) { return 0; }
module_init(t_init);
