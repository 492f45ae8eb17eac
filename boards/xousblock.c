/*
 * xousblock.c - the Xous argument block writer, and the boot description
 * read from a file (format, layout and citations in xousblock.h; the
 * description's parser is bootdesc.c).
 *
 * The writer plans the whole block before it writes a byte: the regions
 * merged, every image's sections, the tags' total length (XArg's word 0,
 * which every load offset depends on), then the load offsets, and only then
 * the bytes, each tag's CRC computed over the data just written.  So a
 * refusal leaves nothing half-written behind, and the tags' lengths are
 * stated once, in tag_words(), for both the plan and the writing.
 */
#include "xousblock.h"

#include <stdlib.h>
#include <string.h>

#define PAGE 4096u
#define SPAN (1ull << 32)

static uint64_t page_up(uint64_t v) { return (v + PAGE - 1u) & ~(uint64_t)(PAGE - 1u); }

/* xous-core tools/src/tags/mod.rs:16-26: the next offset at or after
 * `offset` whose offset within its page is `within`. */
static uint64_t align_size_up(uint64_t offset, uint32_t within)
{
    if (offset % PAGE == within)
        return offset;
    if (offset % PAGE < within)
        return offset + (within - offset % PAGE);
    return (offset & ~(uint64_t)(PAGE - 1u)) + PAGE + within;
}

uint32_t xb_region_name(const char *name)
{
    static const struct {
        const char *litex, *tag;
    } fixed[] = {/* memory.rs:60-68 */
                 {"sram_ext", "SrEx"}, {"sram", "SrIn"},  {"memlcd", "Disp"},
                 {"vexriscv_debug", "VexD"}, {"csr", "CSRs"}, {"audio", "Audi"},
                 {"rom", "Boot"},      {"spiflash", "SpFl"}};
    char low[OWN_NAME_MAX];
    size_t n = 0;
    for (; name[n] != '\0' && n + 1u < sizeof low; n++) {
        char c = name[n];
        low[n] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    low[n] = '\0';
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcmp(low, fixed[i].litex) == 0)
            return xa_le32((const uint8_t *)fixed[i].tag);
    uint8_t four[4] = {' ', ' ', ' ', ' '}; /* push_str("    "); truncate(4) */
    for (size_t i = 0; i < 4u && i < n; i++)
        four[i] = (uint8_t)low[i];
    return xa_le32(four);
}

/* ---------------------------------------------------------------- plan */

typedef struct span {
    uint64_t first, end; /* pages */
    const char *name;
    uint32_t input; /* ties keep the map's order, as Rust's stable sort_by does */
} span;

typedef struct img_plan {
    uint32_t sections;
    xa_section sec[XB_MAX_SECTIONS];
    uint32_t load_offset;
    uint32_t entry;
    uint32_t data_vaddr; /* the kernel's */
} img_plan;

typedef struct plan {
    span ram;
    span other[OWN_MAX_REGIONS];
    uint32_t others;
    img_plan img[XB_MAX_IMAGES];
    uint32_t words; /* XArg word 0 */
} plan;

static int by_first(const void *a, const void *b)
{
    const span *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->input < y->input ? -1 : x->input > y->input;
}

static int region_spans(const raw_region *raw, uint32_t n, plan *p, tool_error *e)
{
    uint32_t rams = 0;
    p->others = 0;
    for (uint32_t i = 0; i < n; i++) {
        const raw_region *g = &raw[i];
        if (g->base >= SPAN || g->size > SPAN - g->base) {
            tool_fail(e, 0, "region %s runs past 2^32", g->name);
            return -1;
        }
        span s = {g->base / PAGE, page_up(g->base + g->size) / PAGE, g->name, i};
        if (g->ram) {
            if (rams++ != 0) {
                tool_fail(e, 0, "a second main RAM region (%s)", g->name);
                return -1;
            }
            if (g->size == 0) {
                tool_fail(e, 0, "main RAM region %s has size 0", g->name);
                return -1;
            }
            p->ram = s;
        } else if (g->size != 0) {
            if (p->others == OWN_MAX_REGIONS) {
                tool_fail(e, 0, "too many regions (at most %u)", OWN_MAX_REGIONS);
                return -1;
            }
            p->other[p->others++] = s;
        }
    }
    if (rams == 0) {
        tool_fail(e, 0, "no main RAM region");
        return -1;
    }
    qsort(p->other, p->others, sizeof p->other[0], by_first);
    uint32_t k = 0;
    for (uint32_t i = 0; i < p->others; i++) {
        if (k > 0 && p->other[i].first <= p->other[k - 1u].end) {
            if (p->other[i].end > p->other[k - 1u].end)
                p->other[k - 1u].end = p->other[i].end;
        } else {
            p->other[k++] = p->other[i];
        }
    }
    p->others = k;
    if ((p->ram.end - p->ram.first) * PAGE > 0xffffffffu) {
        tool_fail(e, 0, "main RAM %s spans 4 GiB: a Xous block cannot say so", p->ram.name);
        return -1;
    }
    for (uint32_t i = 0; i < p->others; i++)
        if ((p->other[i].end - p->other[i].first) * PAGE > 0xffffffffu) {
            tool_fail(e, 0, "region %s spans 4 GiB: a Xous block cannot say so", p->other[i].name);
            return -1;
        }
    return 0;
}

static int size_ok(const xous_image *im, const char *what, uint32_t v, tool_error *e)
{
    if (v > XA_SECTION_SIZE_MASK) {
        tool_fail(e, 0, "%s of %s is %u bytes: a section holds at most %u", what, im->name, (unsigned)v,
                  (unsigned)XA_SECTION_SIZE_MASK);
        return -1;
    }
    return 0;
}

/* The sections of an init, laid out as xousblock.h says. */
static int init_sections(const xous_image *im, img_plan *ip, tool_error *e)
{
    if (size_ok(im, "TEXT", im->text, e) || size_ok(im, "DATA", im->data, e) ||
        size_ok(im, "BSS", im->bss, e))
        return -1;
    uint32_t data_at = (uint32_t)page_up(XB_USER_TEXT + im->text) + (im->text & (PAGE - 1u));
    ip->sections = 0;
    if (im->text != 0)
        ip->sec[ip->sections++] = (xa_section){XB_USER_TEXT, im->text, XA_FLG_X};
    if (im->data != 0)
        ip->sec[ip->sections++] = (xa_section){data_at, im->data, XA_FLG_W};
    if (im->bss != 0)
        ip->sec[ip->sections++] = (xa_section){data_at + im->data, im->bss, XA_FLG_W | XA_FLG_NOCOPY};
    ip->entry = XB_USER_TEXT;
    return 0;
}

static uint32_t name_len(const char *s) { return (uint32_t)strlen(s); }

/* Data words of each tag: the one statement of the layout. */
static uint32_t pnam_words(const xb_boot *boot)
{
    uint32_t w = 0;
    for (uint32_t i = 0; i < boot->n; i++)
        w += 2u + (name_len(boot->img[i].name) + 3u) / 4u;
    return w;
}

static int make_plan(const raw_region *raw, uint32_t n, const xb_boot *boot, plan *p, tool_error *e)
{
    if (region_spans(raw, n, p, e) != 0)
        return -1;
    uint64_t bytes = XA_HEADER_BYTES + 4u * XA_XARG_WORDS;
    if (p->others > 0)
        bytes += XA_HEADER_BYTES + 16u * p->others;
    if (boot != NULL) {
        if (boot->n == 0 || boot->img[0].kind != XOUS_KERNEL || boot->n > XB_MAX_IMAGES) {
            tool_fail(e, 0, "a boot description is the kernel then up to %u inits", XA_MAX_INITS);
            return -1;
        }
        const xous_image *k = &boot->img[0];
        uint64_t data_at = page_up((uint64_t)XB_KERNEL_TEXT + k->text);
        if (data_at < XB_KERNEL_DATA)
            data_at = XB_KERNEL_DATA;
        if (data_at + k->data + k->bss > SPAN) {
            tool_fail(e, 0, "the kernel's %u + %u + %u bytes do not fit above 0x%08x", (unsigned)k->text,
                      (unsigned)k->data, (unsigned)k->bss, XB_KERNEL_TEXT);
            return -1;
        }
        p->img[0].sections = 0;
        p->img[0].entry = XB_KERNEL_TEXT;
        p->img[0].data_vaddr = (uint32_t)data_at;
        for (uint32_t i = 1; i < boot->n; i++) {
            if (boot->img[i].kind != XOUS_INIE && boot->img[i].kind != XOUS_INIF) {
                tool_fail(e, 0, "image %u (%s) is not an init", (unsigned)i, boot->img[i].name);
                return -1;
            }
            if (init_sections(&boot->img[i], &p->img[i], e) != 0)
                return -1;
            bytes += XA_HEADER_BYTES + 4u * (XA_INIT_WORDS + XA_SECTION_WORDS * p->img[i].sections);
        }
        bytes += XA_HEADER_BYTES + 4u * XA_XKRN_WORDS;
        bytes += XA_HEADER_BYTES + 4u * (uint64_t)pnam_words(boot);
    }
    p->words = (uint32_t)(bytes / 4u);
    if (boot == NULL)
        return 0;

    /* XousArguments::finalize (xous_arguments.rs:81-90): args in tag order
     * after XArg (MREx and PNam carry no bytes), each aligned to its
     * alignment offset (IniF: its first section's page offset, inif.rs:78,
     * elf.rs:410-412), then its bytes padded to a word and a page. */
    uint64_t running = align_size_up(bytes, 0);
    for (uint32_t i = 1; i <= boot->n; i++) {
        uint32_t k = i < boot->n ? i : 0u; /* the inits, then XKrn */
        const xous_image *im = &boot->img[k];
        uint32_t within = 0;
        if (im->kind == XOUS_INIF && p->img[k].sections > 0)
            within = p->img[k].sec[0].vaddr & (PAGE - 1u);
        running = align_size_up(running, within);
        if (running > 0xffffffffu) {
            tool_fail(e, 0, "the images run past a 32-bit load offset at %s", im->name);
            return -1;
        }
        p->img[k].load_offset = (uint32_t)running;
        running += page_up(((uint64_t)im->text + im->data + 3u) & ~(uint64_t)3u);
    }
    return 0;
}

/* ---------------------------------------------------------------- bytes */

typedef struct out {
    uint8_t *p;
    size_t at;
} out;

static void put32(out *o, uint32_t v)
{
    o->p[o->at++] = (uint8_t)v;
    o->p[o->at++] = (uint8_t)(v >> 8);
    o->p[o->at++] = (uint8_t)(v >> 16);
    o->p[o->at++] = (uint8_t)(v >> 24);
}

/* Writes a tag's header with room for its CRC; seal() fills the CRC in. */
static size_t open_tag(out *o, uint32_t name, uint32_t words)
{
    size_t at = o->at;
    put32(o, name);
    put32(o, words << 16);
    return at;
}

static void seal(out *o, size_t at)
{
    uint32_t words = xa_le16(o->p + at + 6u);
    uint16_t crc = xa_crc16(o->p + at + XA_HEADER_BYTES, 4u * words);
    o->p[at + 4u] = (uint8_t)crc;
    o->p[at + 5u] = (uint8_t)(crc >> 8);
}

int xb_write(const raw_region *raw, uint32_t n, const xb_boot *boot, uint8_t *dst, size_t cap,
             size_t *len, tool_error *e)
{
    static plan p;
    if (make_plan(raw, n, boot, &p, e) != 0)
        return -1;
    if (4u * (size_t)p.words > cap) {
        tool_fail(e, 0, "the block needs %u bytes, more than the %zu given", 4u * p.words, cap);
        return -1;
    }
    out o = {dst, 0};
    size_t t = open_tag(&o, XA_TAG_XARG, XA_XARG_WORDS);
    put32(&o, p.words);
    put32(&o, XA_VERSION);
    put32(&o, (uint32_t)(p.ram.first * PAGE));
    put32(&o, (uint32_t)((p.ram.end - p.ram.first) * PAGE));
    put32(&o, xb_region_name(p.ram.name));
    seal(&o, t);
    if (p.others > 0) {
        t = open_tag(&o, XA_TAG_MREX, XA_MREX_WORDS * p.others);
        for (uint32_t i = 0; i < p.others; i++) {
            put32(&o, (uint32_t)(p.other[i].first * PAGE));
            put32(&o, (uint32_t)((p.other[i].end - p.other[i].first) * PAGE));
            put32(&o, xb_region_name(p.other[i].name));
            put32(&o, 0);
        }
        seal(&o, t);
    }
    if (boot != NULL) {
        for (uint32_t i = 1; i < boot->n; i++) {
            const img_plan *ip = &p.img[i];
            t = open_tag(&o, boot->img[i].kind == XOUS_INIE ? XA_TAG_INIE : XA_TAG_INIF, XA_INIT_WORDS + XA_SECTION_WORDS * ip->sections);
            put32(&o, ip->load_offset);
            put32(&o, ip->entry);
            for (uint32_t s = 0; s < ip->sections; s++) {
                put32(&o, ip->sec[s].vaddr);
                put32(&o, ip->sec[s].size | ip->sec[s].flags << 24); /* inie.rs:75-77 */
            }
            seal(&o, t);
        }
        const xous_image *k = &boot->img[0];
        t = open_tag(&o, XA_TAG_XKRN, XA_XKRN_WORDS);
        put32(&o, p.img[0].load_offset);
        put32(&o, XB_KERNEL_TEXT);
        put32(&o, k->text);
        put32(&o, p.img[0].data_vaddr);
        put32(&o, k->data);
        put32(&o, k->bss);
        put32(&o, p.img[0].entry);
        seal(&o, t);
        t = open_tag(&o, XA_TAG_PNAM, pnam_words(boot));
        for (uint32_t i = 0; i < boot->n; i++) { /* pnam.rs:44-57, PIDs ascending */
            uint32_t l = name_len(boot->img[i].name);
            put32(&o, i + 1u);
            put32(&o, l);
            memcpy(o.p + o.at, boot->img[i].name, l);
            o.at += l;
            while (o.at % 4u != 0)
                o.p[o.at++] = 0;
        }
        seal(&o, t);
    }
    *len = o.at;
    return 0;
}

/* ---------------------------------------------------------------- boot files */

int xb_boot_read_path(const char *path, xb_boot *out, tool_error *e)
{
    char *text;
    size_t len;
    if (tool_read_file(path, XB_BOOT_MAX_BYTES, &text, &len, e) != TOOL_READ_OK)
        return -1;
    xous_boot_error be;
    int n = xous_boot_read(text, len, out->img, XB_MAX_IMAGES, &be);
    free(text);
    if (n < 0) {
        e->line = be.line;
        xous_boot_error_text(&be, e->msg, sizeof e->msg);
        return -1;
    }
    out->n = (uint32_t)n;
    return 0;
}
