/*
 * fuzz_xousargs.c - the Xous argument block parser, and the writer behind
 * it: any bytes are either refused with an offset inside the input and a
 * message, or parsed into views that stay inside the block; a parsed
 * whitelist normalises into a map that keeps the normalisation rules, and
 * written back as a block (regions, and the kernel and inits when there
 * are) reads back the same.
 */
#include "fuzz_common.h"
#include "xousargs.h"
#include "xousblock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static loaded_map m, back;
static xb_boot boot;
static uint8_t block[XB_MAX_BYTES];

static int inside(const xous_args *a, const void *p, size_t n)
{
    const uint8_t *q = p;
    return q >= a->block && q + n <= a->block + a->bytes;
}

/* Every view the parser promised is inside the block; returns the number
 * of inits whose sizes a boot description can state (all of them, or 0). */
static uint32_t check_views(const xous_args *a, size_t size)
{
    FUZZ_CHECK(a->bytes <= size && a->bytes % 4u == 0 && a->bytes >= 28u);
    FUZZ_CHECK(a->tags >= 1u && a->ram.length > 0);
    FUZZ_CHECK((uint64_t)a->ram.start + a->ram.length <= (1ull << 32));
    for (uint32_t i = 0; i < a->mrex_count; i++) {
        xa_region g = xa_region_get(a, i);
        FUZZ_CHECK((uint64_t)g.start + g.length <= (1ull << 32));
    }
    FUZZ_CHECK(a->mrex_at == 0 || inside(a, a->block + a->mrex_at, 16u * a->mrex_count));
    uint32_t stateable = a->has_kernel ? a->init_count : 0u;
    for (uint32_t i = 0; i < a->init_count; i++) {
        xa_init p = xa_init_get(a, i);
        FUZZ_CHECK(p.tag == XA_TAG_INIE || p.tag == XA_TAG_INIF);
        FUZZ_CHECK(p.pid == XA_FIRST_PID + i);
        FUZZ_CHECK(inside(a, a->block + p.at, 8u * p.sections));
        FUZZ_CHECK(p.name == NULL || inside(a, p.name, p.name_len));
        xa_sizes z = xa_init_sizes(a, &p);
        FUZZ_CHECK(z.ram >= (uint64_t)z.data + z.bss + z.stack);
        if (z.text > XA_SECTION_SIZE_MASK || z.data > XA_SECTION_SIZE_MASK ||
            z.bss > XA_SECTION_SIZE_MASK || z.stack > XA_SECTION_SIZE_MASK)
            stateable = 0;
    }
    return stateable;
}

static void check_same_map(const norm_map *x, const norm_map *y)
{
    FUZZ_CHECK(x->count == y->count && x->ram == y->ram);
    for (uint32_t i = 0; i < x->count; i++)
        FUZZ_CHECK(x->regions[i].base == y->regions[i].base && x->regions[i].pages == y->regions[i].pages);
}

/* The kernel and the inits, as a boot description, written and read back. */
static void check_boot_round_trip(const xous_args *a)
{
    boot.n = 1u + a->init_count;
    memset(&boot.img[0], 0, sizeof boot.img[0]);
    memcpy(boot.img[0].name, "kernel", 6);
    boot.img[0].kind = XOUS_KERNEL;
    boot.img[0].text = a->kernel.text_size;
    boot.img[0].data = a->kernel.data_size;
    boot.img[0].bss = a->kernel.bss_size;
    for (uint32_t i = 0; i < a->init_count; i++) {
        xa_init p = xa_init_get(a, i);
        xa_sizes z = xa_init_sizes(a, &p);
        xous_image *im = &boot.img[i + 1u];
        memset(im, 0, sizeof *im);
        snprintf(im->name, sizeof im->name, "p%u", (unsigned)p.pid);
        im->kind = p.tag == XA_TAG_INIE ? XOUS_INIE : XOUS_INIF;
        im->text = z.text;
        im->data = z.data;
        im->bss = z.bss;
        im->stack = z.stack;
    }
    size_t len;
    tool_error e;
    if (xb_write(back.raw, back.n, &boot, block, sizeof block, &len, &e) != 0) {
        /* only a kernel too large for its addresses, or offsets past 4 GiB */
        FUZZ_CHECK(strstr(e.msg, "kernel") != NULL || strstr(e.msg, "load offset") != NULL);
        return;
    }
    static xous_args b;
    xa_error xe;
    FUZZ_CHECK(xa_parse(block, len, &b, &xe) == XA_OK);
    FUZZ_CHECK(b.has_kernel && b.init_count == a->init_count);
    FUZZ_CHECK(b.kernel.text_size == a->kernel.text_size && b.kernel.bss_size == a->kernel.bss_size);
    for (uint32_t i = 0; i < a->init_count; i++) {
        xa_init p = xa_init_get(&b, i);
        xa_sizes z = xa_init_sizes(&b, &p);
        const xous_image *im = &boot.img[i + 1u];
        FUZZ_CHECK(p.tag == (im->kind == XOUS_INIE ? XA_TAG_INIE : XA_TAG_INIF) && p.name != NULL &&
                   p.name_len == strlen(im->name));
        FUZZ_CHECK(z.text == im->text && z.data == im->data && z.bss == im->bss);
        FUZZ_CHECK(z.stack == XA_DEFAULT_STACK_BYTES); /* the writer leaves stacks to the loader */
        FUZZ_CHECK(p.load_offset % 4096u == 0 && p.load_offset >= b.bytes);
    }
}

static void check_one(const uint8_t *data, size_t size)
{
    static xous_args a;
    xa_error xe;
    char msg[256];
    if (xa_parse(data, size, &a, &xe) != XA_OK) {
        FUZZ_CHECK(xe.code != XA_OK && xe.code < XA_ERR_COUNT);
        FUZZ_CHECK(xe.offset < size || (size == 0 && xe.offset == 0));
        size_t n = xa_error_text(&xe, msg, sizeof msg);
        FUZZ_CHECK(n > 0 && n < sizeof msg && msg[n] == '\0' && strcmp(msg, "unknown error") != 0);
        return;
    }
    uint32_t stateable = check_views(&a, size);

    uint32_t n = xa_to_raw(&a, m.raw, OWN_MAX_REGIONS);
    FUZZ_CHECK(n == 1u + a.mrex_count);
    if (n > OWN_MAX_REGIONS)
        return;
    m.n = n;
    for (uint32_t i = 0; i < n; i++)
        FUZZ_CHECK(mapfile_name_ok(m.raw[i].name));
    /* the parser refuses everything the normaliser would */
    FUZZ_CHECK(own_normalise(m.raw, m.n, &m.norm) == NORM_OK);
    fuzz_check_map(&m);

    size_t len;
    tool_error e;
    if (xb_write(m.raw, m.n, NULL, block, sizeof block, &len, &e) != 0) {
        FUZZ_CHECK(strstr(e.msg, "4 GiB") != NULL);
        return;
    }
    static xous_args b;
    FUZZ_CHECK(xa_parse(block, len, &b, &xe) == XA_OK);
    back.n = xa_to_raw(&b, back.raw, OWN_MAX_REGIONS);
    FUZZ_CHECK(back.n <= n);
    FUZZ_CHECK(own_normalise(back.raw, back.n, &back.norm) == NORM_OK);
    check_same_map(&m.norm, &back.norm);
    if (a.has_kernel && stateable == a.init_count)
        check_boot_round_trip(&a);
}

/* Mutations almost never keep a CRC right, so each input is also tried with
 * every whole tag's CRC recomputed: the checks past the CRC get explored. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t fixed[1u << 16];
    check_one(data, size);
    if (size > sizeof fixed)
        return 0;
    memcpy(fixed, data, size);
    size_t at = 0;
    while (size - at >= XA_HEADER_BYTES) {
        size_t bytes = 4u * xa_le16(fixed + at + 6u);
        if (bytes > size - at - XA_HEADER_BYTES)
            break;
        uint16_t crc = xa_crc16(fixed + at + XA_HEADER_BYTES, bytes);
        fixed[at + 4u] = (uint8_t)crc;
        fixed[at + 5u] = (uint8_t)(crc >> 8);
        at += XA_HEADER_BYTES + bytes;
    }
    if (memcmp(fixed, data, size) != 0)
        check_one(fixed, size);
    return 0;
}
