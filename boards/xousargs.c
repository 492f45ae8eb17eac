/*
 * xousargs.c - the Xous argument block parser (format and citations in
 * xousargs.h).
 *
 * One pass over the tags checks everything a later accessor relies on, so
 * the accessors decode without checking again: a successful xa_parse() means
 * every offset kept in xous_args points at whole words inside the declared
 * block.  The pass is bounded by the block (each tag moves at least 8 bytes
 * on), and nothing is written but *out and *err, so the kernel glue can run
 * it on the block the boot loader handed over, in place.
 *
 * The order of the checks is chosen so that the first message names the
 * real damage: a tag's extent first (does it fit?), then its CRC (are these
 * the bytes that were written?), and only then its contents, because a
 * version or a length read from corrupted data would mislead.
 */
#include "xousargs.h"
#include "sentence.h"

static void fail(xa_error *err, xa_err code, uint32_t offset, uint32_t tag, uint32_t found,
                 uint32_t expected)
{
    err->code = code;
    err->offset = offset;
    err->tag = tag;
    err->found = found;
    err->expected = expected;
}

/* Bit by bit rather than through a 512-byte table: the blocks are a few
 * hundred bytes, and the kernel image is better off without the table.
 * Same result as the crc crate's update() that Xous calls (crc 1.8.1
 * src/crc16.rs: value inverted before and after, reflected 0x1021). */
uint16_t xa_crc16(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint32_t crc = 0xffffu;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (unsigned b = 0; b < 8u; b++)
            crc = (crc & 1u) ? (crc >> 1) ^ 0x8408u : crc >> 1;
    }
    return (uint16_t)(crc ^ 0xffffu);
}

/* Walks one PNam's records; 0 if they fill it exactly, else the offset (from
 * the data's start) of the record that runs past.  pnam.rs:44-57 pads each
 * name to a word, so a well-formed tag ends exactly on a record. */
static uint32_t pnam_bad_record(const uint8_t *d, uint32_t bytes, uint32_t *bad)
{
    uint32_t off = 0;
    while (off < bytes) { /* each record moves >= 8 bytes */
        if (bytes - off < 8u) {
            *bad = off;
            return 1;
        }
        uint32_t len = xa_le32(d + off + 4u);
        uint32_t padded = (len + 3u) & ~3u;
        if (len > bytes - off - 8u || padded > bytes - off - 8u) {
            *bad = off;
            return 1;
        }
        off += 8u + padded;
    }
    return 0;
}

static int region_wraps(uint32_t start, uint32_t length)
{
    return (uint64_t)start + length > (1ull << 32);
}

xa_err xa_parse(const void *buf, size_t len, xous_args *out, xa_error *err)
{
    const uint8_t *b = buf;
    /* Nothing past 4 GiB can matter: XArg's length word caps the block. */
    uint64_t have = len;

    fail(err, XA_OK, 0, 0, 0, 0);
    out->block = b;
    out->bytes = 0;
    out->tags = 0;
    out->mrex_at = out->mrex_count = 0;
    out->has_kernel = out->has_bflg = 0;
    out->bflg = 0;
    out->pnam_at = out->pnam_bytes = 0;
    out->init_count = 0;

    if (len == 0) {
        fail(err, XA_EMPTY, 0, 0, 0, 0);
        return err->code;
    }
    if (have < XA_HEADER_BYTES) {
        fail(err, XA_SHORT_HEADER, 0, 0, (uint32_t)have, XA_HEADER_BYTES);
        return err->code;
    }
    uint32_t name = xa_le32(b);
    if (name != XA_TAG_XARG) {
        fail(err, XA_NO_XARG, 0, name, 0, 0);
        return err->code;
    }
    uint32_t words = xa_le16(b + 6);
    if (words != XA_XARG_WORDS) {
        fail(err, XA_XARG_SIZE, 6, name, words, XA_XARG_WORDS);
        return err->code;
    }
    if (have < XA_HEADER_BYTES + 4u * XA_XARG_WORDS) {
        fail(err, XA_PAST_END, 6, name, words, (uint32_t)have);
        return err->code;
    }
    uint32_t crc = xa_crc16(b + 8, 4u * XA_XARG_WORDS);
    if (crc != xa_le16(b + 4)) {
        fail(err, XA_BAD_CRC, 4, name, xa_le16(b + 4), crc);
        return err->code;
    }
    if (xa_le32(b + 12) != XA_VERSION) {
        fail(err, XA_BAD_VERSION, 12, name, xa_le32(b + 12), XA_VERSION);
        return err->code;
    }
    uint64_t block = 4ull * xa_le32(b + 8);
    if (block < XA_HEADER_BYTES + 4u * XA_XARG_WORDS || block > have) {
        fail(err, XA_BAD_LENGTH, 8, name, xa_le32(b + 8), have > 0xffffffffu ? 0xffffffffu : (uint32_t)have);
        return err->code;
    }
    out->bytes = (uint32_t)block;
    out->ram.start = xa_le32(b + 16);
    out->ram.length = xa_le32(b + 20);
    out->ram.name = xa_le32(b + 24);
    if (out->ram.length == 0) {
        fail(err, XA_RAM_EMPTY, 20, name, 0, 0);
        return err->code;
    }
    if (region_wraps(out->ram.start, out->ram.length)) {
        fail(err, XA_PAST_4GIB, 16, name, out->ram.start, out->ram.length);
        return err->code;
    }
    out->tags = 1;

    uint32_t at = XA_HEADER_BYTES + 4u * XA_XARG_WORDS;
    const uint32_t end = out->bytes;
    while (at < end) { /* each tag moves at least 8 bytes on */
        if (end - at < XA_HEADER_BYTES) {
            fail(err, XA_SHORT_HEADER, at, 0, end - at, XA_HEADER_BYTES);
            return err->code;
        }
        name = xa_le32(b + at);
        words = xa_le16(b + at + 6u);
        uint32_t bytes = 4u * words;
        uint32_t data = at + XA_HEADER_BYTES;
        if (bytes > end - data) {
            fail(err, XA_PAST_END, at + 6u, name, words, end);
            return err->code;
        }
        crc = xa_crc16(b + data, bytes);
        if (crc != xa_le16(b + at + 4u)) {
            fail(err, XA_BAD_CRC, at + 4u, name, xa_le16(b + at + 4u), crc);
            return err->code;
        }
        if (name == XA_TAG_XARG) {
            fail(err, XA_DUPLICATE, at, name, 0, 0);
            return err->code;
        } else if (name == XA_TAG_MREX) {
            if (out->mrex_at != 0) {
                fail(err, XA_DUPLICATE, at, name, 0, 0);
                return err->code;
            }
            if (words % XA_MREX_WORDS != 0) {
                fail(err, XA_MREX_RAGGED, at + 6u, name, words, XA_MREX_WORDS);
                return err->code;
            }
            for (uint32_t r = data; r < data + bytes; r += 4u * XA_MREX_WORDS)
                if (region_wraps(xa_le32(b + r), xa_le32(b + r + 4u))) {
                    fail(err, XA_PAST_4GIB, r, name, xa_le32(b + r), xa_le32(b + r + 4u));
                    return err->code;
                }
            out->mrex_at = data;
            out->mrex_count = words / XA_MREX_WORDS;
        } else if (name == XA_TAG_XKRN) {
            if (out->has_kernel) {
                fail(err, XA_DUPLICATE, at, name, 0, 0);
                return err->code;
            }
            if (words != XA_XKRN_WORDS) {
                fail(err, XA_XKRN_SIZE, at + 6u, name, words, XA_XKRN_WORDS);
                return err->code;
            }
            const uint8_t *k = b + data;
            out->kernel.load_offset = xa_le32(k);
            out->kernel.text_vaddr = xa_le32(k + 4);
            out->kernel.text_size = xa_le32(k + 8);
            out->kernel.data_vaddr = xa_le32(k + 12);
            out->kernel.data_size = xa_le32(k + 16);
            out->kernel.bss_size = xa_le32(k + 20);
            out->kernel.entrypoint = xa_le32(k + 24);
            out->has_kernel = 1;
        } else if (name == XA_TAG_INIE || name == XA_TAG_INIF) {
            if (words < XA_INIT_WORDS || (words - XA_INIT_WORDS) % XA_SECTION_WORDS != 0) {
                fail(err, XA_INIT_SHAPE, at + 6u, name, words, 0);
                return err->code;
            }
            if (out->init_count == XA_MAX_INITS) {
                fail(err, XA_TOO_MANY_INITS, at, name, XA_MAX_INITS + 1u, XA_MAX_INITS);
                return err->code;
            }
            out->init_at[out->init_count++] = at;
        } else if (name == XA_TAG_PNAM) {
            uint32_t bad;
            if (pnam_bad_record(b + data, bytes, &bad)) {
                fail(err, XA_PNAM_RAGGED, data + bad, name, 0, 0);
                return err->code;
            }
            /* The kernel reads the first PNam that names a PID
             * (kernel/src/services.rs:2411-2440); keeping the first does the same. */
            if (out->pnam_at == 0) {
                out->pnam_at = data;
                out->pnam_bytes = bytes;
            }
        } else if (name == XA_TAG_BFLG && words >= 1u) {
            out->has_bflg = 1;
            out->bflg = xa_le32(b + data);
        }
        out->tags++;
        at = data + bytes;
    }
    return XA_OK;
}

xa_region xa_region_get(const xous_args *a, uint32_t i)
{
    const uint8_t *r = a->block + a->mrex_at + 16u * i;
    xa_region g = {xa_le32(r), xa_le32(r + 4), xa_le32(r + 8)};
    return g;
}

int xa_process_name(const xous_args *a, uint32_t pid, const char **name, uint32_t *len)
{
    if (a->pnam_at == 0)
        return 0;
    const uint8_t *d = a->block + a->pnam_at;
    uint32_t off = 0;
    while (off < a->pnam_bytes) { /* records were checked to fill the tag */
        uint32_t n = xa_le32(d + off + 4u);
        if (xa_le32(d + off) == pid) {
            *name = (const char *)(d + off + 8u);
            *len = n;
            return 1;
        }
        off += 8u + ((n + 3u) & ~3u);
    }
    return 0;
}

xa_init xa_init_get(const xous_args *a, uint32_t i)
{
    const uint8_t *t = a->block + a->init_at[i];
    xa_init p;
    p.tag = xa_le32(t);
    p.pid = XA_FIRST_PID + i;
    p.load_offset = xa_le32(t + 8);
    p.entrypoint = xa_le32(t + 12);
    p.sections = (xa_le16(t + 6) - XA_INIT_WORDS) / XA_SECTION_WORDS;
    p.at = a->init_at[i] + XA_HEADER_BYTES + 4u * XA_INIT_WORDS;
    p.name = NULL;
    p.name_len = 0;
    if (!xa_process_name(a, p.pid, &p.name, &p.name_len)) {
        p.name = NULL;
        p.name_len = 0;
    }
    return p;
}

xa_section xa_section_get(const xous_args *a, const xa_init *p, uint32_t j)
{
    const uint8_t *s = a->block + p->at + 8u * j;
    uint32_t w = xa_le32(s + 4);
    xa_section sec = {xa_le32(s), w & XA_SECTION_SIZE_MASK, w >> 24};
    return sec;
}

xa_sizes xa_init_sizes(const xous_args *a, const xa_init *p)
{
    /* No section is the stack: the loader makes its own (xousargs.h). */
    xa_sizes z = {0, 0, 0, XA_DEFAULT_STACK_BYTES, 0};
    for (uint32_t j = 0; j < p->sections; j++) { /* at most 32767 */
        xa_section s = xa_section_get(a, p, j);
        if (!(s.flags & XA_FLG_W))
            z.text += s.size;
        else if (!(s.flags & XA_FLG_NOCOPY))
            z.data += s.size;
        else
            z.bss += s.size;
    }
    z.ram = (uint64_t)z.data + z.bss + z.stack;
    if (p->tag == XA_TAG_INIE) /* loaded whole (loader/src/phase1.rs:534) */
        z.ram += z.text;
    return z;
}

static const char hexdig[] = "0123456789abcdef";

void xa_fourcc_text(uint32_t fourcc, char buf[XA_NAME_MAX])
{
    unsigned n = 4;
    while (n > 0) { /* make_name pads with spaces (memory.rs:71) */
        uint32_t c = fourcc >> (8u * (n - 1u)) & 0xffu;
        if (c != ' ' && c != 0)
            break;
        n--;
    }
    int ok = n > 0;
    for (unsigned i = 0; i < n && ok; i++) {
        uint32_t c = fourcc >> (8u * i) & 0xffu;
        ok = c > 0x20u && c < 0x7fu && c != '#';
    }
    if (ok) {
        for (unsigned i = 0; i < n; i++)
            buf[i] = (char)(fourcc >> (8u * i) & 0xffu);
        buf[n] = '\0';
        return;
    }
    buf[0] = '0';
    buf[1] = 'x';
    for (unsigned i = 0; i < 8u; i++)
        buf[2u + i] = hexdig[fourcc >> (28u - 4u * i) & 0xfu];
    buf[10] = '\0';
}

static void raw_from(raw_region *r, const xa_region *g, int ram)
{
    char name[XA_NAME_MAX];
    xa_fourcc_text(g->name, name);
    unsigned i = 0;
    for (; name[i] != '\0'; i++)
        r->name[i] = name[i];
    for (; i < OWN_NAME_MAX; i++)
        r->name[i] = '\0';
    r->base = g->start;
    r->size = g->length;
    r->ram = ram;
}

uint32_t xa_to_raw(const xous_args *a, raw_region *out, uint32_t max)
{
    if (max > 0)
        raw_from(&out[0], &a->ram, 1);
    for (uint32_t i = 0; i < a->mrex_count && i + 1u < max; i++) {
        xa_region g = xa_region_get(a, i);
        raw_from(&out[i + 1u], &g, 0);
    }
    return 1u + a->mrex_count;
}

/* ---- messages, without stdio ---- */

static void put_words(sentence *t, uint32_t n)
{
    sn_dec(t, n);
    sn_put(t, n == 1u ? " word" : " words");
}

static void put_tag(sentence *t, uint32_t tag)
{
    char name[XA_NAME_MAX];
    xa_fourcc_text(tag, name);
    sn_put(t, "'");
    sn_put(t, name);
    sn_put(t, "'");
}

size_t xa_error_text(const xa_error *e, char *buf, size_t n)
{
    sentence t = sn_start(buf, n);
    switch (e->code) {
    case XA_OK:
        sn_put(&t, "no error");
        break;
    case XA_EMPTY:
        sn_put(&t, "empty file");
        break;
    case XA_SHORT_HEADER:
        sn_put(&t, "truncated tag header (");
        sn_dec(&t, e->found);
        sn_put(&t, " bytes left, a header is 8)");
        break;
    case XA_NO_XARG:
        sn_put(&t, "no leading XArg tag (found ");
        put_tag(&t, e->tag);
        sn_put(&t, ")");
        break;
    case XA_XARG_SIZE:
        sn_put(&t, "XArg is ");
        put_words(&t, e->found);
        sn_put(&t, " long, not 5");
        break;
    case XA_PAST_END:
        sn_put(&t, "tag ");
        put_tag(&t, e->tag);
        sn_put(&t, " of ");
        put_words(&t, e->found);
        sn_put(&t, e->tag == XA_TAG_XARG && e->offset == 6u ? " runs past the end of the file ("
                                                          : " runs past the end of the block (");
        sn_hex(&t, e->expected, 2);
        sn_put(&t, " bytes)");
        break;
    case XA_BAD_CRC:
        sn_put(&t, "bad CRC ");
        sn_hex(&t, e->found, 4);
        sn_put(&t, " for tag ");
        put_tag(&t, e->tag);
        sn_put(&t, " (its data gives ");
        sn_hex(&t, e->expected, 4);
        sn_put(&t, ")");
        break;
    case XA_BAD_VERSION:
        sn_put(&t, "XArg version ");
        sn_dec(&t, e->found);
        sn_put(&t, ", not 1");
        break;
    case XA_BAD_LENGTH:
        sn_put(&t, "XArg declares a block of ");
        put_words(&t, e->found);
        sn_put(&t, ", but ");
        if (4ull * e->found < XA_HEADER_BYTES + 4u * XA_XARG_WORDS)
            sn_put(&t, "XArg alone is 7");
        else {
            sn_put(&t, "the file has ");
            sn_hex(&t, e->expected, 2);
            sn_put(&t, " bytes");
        }
        break;
    case XA_DUPLICATE:
        sn_put(&t, "a second ");
        put_tag(&t, e->tag);
        sn_put(&t, " tag");
        break;
    case XA_MREX_RAGGED:
        sn_put(&t, "MREx is ");
        put_words(&t, e->found);
        sn_put(&t, " long, not a multiple of 4");
        break;
    case XA_RAM_EMPTY:
        sn_put(&t, "main RAM has length 0");
        break;
    case XA_PAST_4GIB:
        sn_put(&t, "region at ");
        sn_hex(&t, e->found, 8);
        sn_put(&t, " of ");
        sn_hex(&t, e->expected, 2);
        sn_put(&t, " bytes runs past 2^32");
        break;
    case XA_XKRN_SIZE:
        sn_put(&t, "XKrn is ");
        put_words(&t, e->found);
        sn_put(&t, " long, not 7");
        break;
    case XA_INIT_SHAPE:
        sn_put(&t, "tag ");
        put_tag(&t, e->tag);
        sn_put(&t, " is ");
        put_words(&t, e->found);
        sn_put(&t, " long: 2, then 2 per section");
        break;
    case XA_TOO_MANY_INITS:
        sn_put(&t, "more than 254 IniE/IniF tags (PIDs end at 255)");
        break;
    case XA_PNAM_RAGGED:
        sn_put(&t, "PNam record runs past its tag");
        break;
    case XA_ERR_COUNT:
    default:
        sn_put(&t, "unknown error");
        break;
    }
    return sn_end(&t);
}
