/*
 * xousblock.h - writing a Xous argument block: a board's whitelist, and
 * optionally its boot images, in the bytes xous-create-image would write.
 *
 * Why: the kernel glue boots from a block, and the tool reads blocks
 * (`ownlab map --xous`); both need blocks for the project's own boards, made
 * from the same map files every other test runs on, so that a block and its
 * map can be checked against each other.  xousargs.h describes the format
 * and cites xous-core; this writer follows xous-create-image
 * (tools/src/bin/xous-create-image.rs) as closely as a map file allows:
 *
 *  - Tags in the tool's order: XArg, MREx (left out when there are no other
 *    regions, as with its --ram form, :393-417), IniE..., IniF..., XKrn, PNam
 *    (:428-505).  CRC and length as xous_arguments.rs:99-160 writes them;
 *    XArg word 0 counts every tag (xous_arguments.rs:212-218).
 *  - Names: the region's name lower-cased, through Xous's make_name
 *    (tools/src/tags/memory.rs:59-76: "sram_ext" -> "SrEx", "rom" -> "Boot",
 *    ..., else the first four characters padded with spaces).
 *  - Main RAM is the region marked ram; MREx holds the others, empty ones
 *    dropped, sorted by start, overlapping or touching ones merged under the
 *    first one's name (csr_to_config, xous-create-image.rs:36-86).
 *  - Two deliberate differences: each region is widened to whole pages at
 *    both ends (Xous rounds only the length up, round_mem at :41), so that
 *    reading the block back gives exactly the pages the map file gives; for
 *    page-aligned bases, every board's, the two agree.  And a region inside
 *    the one before it does not shrink it (Xous's merge sets the length from
 *    the later region's end, :83, which can cut a region short).
 *
 * Boot description: workloads/boot/<board>.boot, format and parser in
 * bootdesc.h (one parser for the writer, the trace generator and the glue).
 *
 * The tags' numbers are synthesised, as no ELF files are at hand; the block
 * holds the tags only, not the program bytes they point at.  For each image:
 *  - sections (zero-sized ones left out): text, flags X, at XB_USER_TEXT
 *    (0x00010000, where a linker places an RV32 executable by default);
 *    data, flags W, on the page after the text at the same page offset as
 *    the image's bytes (the loader's IniF rule, minielf.rs:98-104, and what
 *    ELF linkers do); bss, W|NOCOPY, right after data.  At most 3 sections.
 *    No stack section: Xous's loader maps its own first stack page below
 *    USER_STACK_TOP (minielf.rs:172-201), and a section there too would be
 *    a second mapping of one page, which BootConfig::map_page refuses
 *    (bootconfig.rs:343-350); the description's STACK stays the boot
 *    model's (bootdesc.h).
 *  - load offsets as XousArguments::finalize() assigns them
 *    (xous_arguments.rs:81-90): from the block's length rounded up to a page,
 *    each image's bytes (text + data, padded to a word, inie.rs:45-51, then
 *    to a page, inie.rs:59-65) one after the other in tag order.
 *  - the kernel: text at 0xffd00000, data at 0xffd80000 (xous-core
 *    kernel/link.x:3-4; later if the text is longer), entry point at the
 *    text; PNam names PID 1 "kernel" (xous-create-image.rs:429).
 */
#ifndef OWNLAB_XOUSBLOCK_H
#define OWNLAB_XOUSBLOCK_H
#include <stddef.h>
#include <stdint.h>

#include "bootdesc.h"
#include "lines.h"
#include "normalise.h"
#include "xousargs.h"

#define XB_MAX_IMAGES XOUS_BOOT_MAX_IMAGES /* the kernel and the inits */
#define XB_MAX_SECTIONS 3u                  /* text, data, bss */
#define XB_USER_TEXT 0x00010000u
#define XB_KERNEL_TEXT 0xffd00000u
#define XB_KERNEL_DATA 0xffd80000u
#define XB_BOOT_MAX_BYTES (1u << 20) /* a longer boot description is refused */

/* The largest block xb_write() can produce: XArg, a full MREx, every init
 * with all its sections, XKrn, PNam with every name. */
#define XB_MAX_BYTES                                                                 \
    (8u + 20u + 8u + 16u * OWN_MAX_REGIONS + XA_MAX_INITS * (8u + 8u + 8u * XB_MAX_SECTIONS) + 8u + \
     28u + 8u + XB_MAX_IMAGES * (8u + XOUS_NAME_MAX))

/* A boot description: img[0] the kernel, img[1..n-1] the inits in PID order. */
typedef struct xb_boot {
    uint32_t n;
    xous_image img[XB_MAX_IMAGES];
} xb_boot;

/* Reads the boot description at path (bootdesc.c's parser): 0, or -1 with
 * *e naming the line. */
int xb_boot_read_path(const char *path, xb_boot *out, tool_error *e);

/* Xous's make_name for a region name (lower-cased first). */
uint32_t xb_region_name(const char *name);

/* Writes the block for n raw regions (exactly one marked ram) and, if boot
 * is not NULL, its images, into out (cap bytes; XB_MAX_BYTES always do).
 * 0 and *len set, or -1 with *e (line 0) saying why: no or two main RAMs, a
 * region of 4 GiB, a section of 16 MiB or more, too little room. */
int xb_write(const raw_region *raw, uint32_t n, const xb_boot *boot, uint8_t *out, size_t cap,
             size_t *len, tool_error *e);
#endif
