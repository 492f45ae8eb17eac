/*
 * svd.c - SVD import with libxml2 (see svd.h for the rules and where they
 * come from).
 */
#include "svd.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#define TEXT_MAX 128u

static unsigned long line_of(const xmlNode *n)
{
    long l = xmlGetLineNo(n);
    return l > 0 ? (unsigned long)l : 1u;
}

static int named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The text of a leaf element, white space trimmed; only text and CDATA
 * children are allowed (no elements, no entity references). */
static int leaf_text(const xmlNode *el, char *out, size_t cap, tool_error *e)
{
    size_t n = 0;
    for (const xmlNode *c = el->children; c != NULL; c = c->next) {
        if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE)
            continue;
        if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) {
            tool_fail(e, line_of(c), "unexpected content inside <%s>", (const char *)el->name);
            return -1;
        }
        const char *s = (const char *)c->content;
        size_t k = s ? strlen(s) : 0;
        if (k >= cap - n) {
            tool_fail(e, line_of(el), "<%s> is longer than %zu characters", (const char *)el->name,
                      cap - 1u);
            return -1;
        }
        memcpy(out + n, s, k);
        n += k;
    }
    out[n] = '\0';
    size_t a = 0;
    while (out[a] == ' ' || out[a] == '\t' || out[a] == '\n' || out[a] == '\r')
        a++;
    while (n > a && (out[n - 1] == ' ' || out[n - 1] == '\t' || out[n - 1] == '\n' || out[n - 1] == '\r'))
        n--;
    memmove(out, out + a, n - a);
    out[n - a] = '\0';
    return 0;
}

/* svd2utra's get_base() + from_str_radix, without a sign. */
static int svd_number(const char *s, uint64_t *v)
{
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    } else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
        base = 2;
        s += 2;
    } else if (s[0] == '0' && s[1] != '\0') {
        base = 8;
        s += 1;
    }
    if (*s == '\0')
        return -1;
    uint64_t x = 0;
    for (; *s != '\0'; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (*s >= 'a' && *s <= 'f')
            d = (unsigned)(*s - 'a') + 10u;
        else if (*s >= 'A' && *s <= 'F')
            d = (unsigned)(*s - 'A') + 10u;
        else
            return -1;
        if (d >= base)
            return -1;
        if (x > (UINT64_MAX - d) / base)
            return -2;
        x = x * base + d;
    }
    *v = x;
    return 0;
}

static int name_taken(const loaded_map *m, const char *name)
{
    for (uint32_t i = 0; i < m->n; i++)
        if (strcmp(m->raw[i].name, name) == 0)
            return 1;
    return 0;
}

static int one_region(const xmlNode *el, loaded_map *m, tool_error *e)
{
    const xmlNode *f[3] = {NULL, NULL, NULL};
    static const char *const want[3] = {"name", "baseAddress", "size"};
    unsigned long ln = line_of(el);
    for (const xmlNode *c = el->children; c != NULL; c = c->next)
        for (int k = 0; k < 3; k++)
            if (named(c, want[k])) {
                if (f[k] != NULL) {
                    tool_fail(e, line_of(c), "memoryRegion with two <%s>", want[k]);
                    return -1;
                }
                f[k] = c;
            }
    for (int k = 0; k < 3; k++)
        if (f[k] == NULL) {
            tool_fail(e, ln, "memoryRegion without <%s>", want[k]);
            return -1;
        }
    char name[TEXT_MAX], num[TEXT_MAX];
    uint64_t v[2];
    if (leaf_text(f[0], name, sizeof name, e))
        return -1;
    if (name[0] == '\0') {
        tool_fail(e, line_of(f[0]), "memoryRegion with an empty <name>");
        return -1;
    }
    for (int k = 1; k < 3; k++) {
        if (leaf_text(f[k], num, sizeof num, e))
            return -1;
        int rc = svd_number(num, &v[k - 1]);
        if (rc == -2) {
            tool_fail(e, line_of(f[k]), "<%s> '%s' does not fit in 64 bits", want[k], num);
            return -1;
        }
        if (rc != 0) {
            char q[48];
            tool_fail(e, line_of(f[k]), "malformed number '%s' in <%s>", tool_quote(num, q, sizeof q),
                      want[k]);
            return -1;
        }
    }
    /* svd2utra: keep adding "_X" until the name is unique */
    size_t len = strlen(name);
    while (name_taken(m, name)) {
        if (len + 2u >= sizeof name)
            break;
        memcpy(name + len, "_X", 3);
        len += 2u;
    }
    if (!mapfile_name_ok(name)) {
        char q[48];
        if (strlen(name) >= OWN_NAME_MAX)
            tool_fail(e, line_of(f[0]), "region name '%s' longer than %u characters",
                      tool_quote(name, q, sizeof q), OWN_NAME_MAX - 1u);
        else
            tool_fail(e, line_of(f[0]), "region name '%s' has a space or a character outside printable ASCII",
                      tool_quote(name, q, sizeof q));
        return -1;
    }
    if (v[0] >= (1ull << 32) || v[1] > (1ull << 32) - v[0]) {
        tool_fail(e, ln, "region %s runs past 2^32 (base 0x%llx, size 0x%llx)", name,
                  (unsigned long long)v[0], (unsigned long long)v[1]);
        return -1;
    }
    if (m->n == OWN_MAX_REGIONS) {
        tool_fail(e, ln, "too many regions (at most %u)", OWN_MAX_REGIONS);
        return -1;
    }
    raw_region *g = &m->raw[m->n];
    memset(g, 0, sizeof *g);
    memcpy(g->name, name, strlen(name));
    g->base = v[0];
    g->size = v[1];
    m->line[m->n++] = ln;
    return 0;
}

static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay != '\0'; hay++) {
        size_t k = 0;
        while (k < n && hay[k] != '\0') {
            char c = hay[k];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c != needle[k])
                break;
            k++;
        }
        if (k == n)
            return 1;
    }
    return 0;
}

static int cmp_ci(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
        if (x != y || x == '\0')
            return (int)x - (int)y;
    }
}

/* create-image.rs: the largest "sram" / "ddr_ram" region is main RAM. */
static int pick_ram(loaded_map *m)
{
    int best = -1;
    for (uint32_t i = 0; i < m->n; i++) {
        const raw_region *g = &m->raw[i];
        if (!contains_ci(g->name, "sram") && !contains_ci(g->name, "ddr_ram"))
            continue;
        if (g->size == 0)
            continue;
        if (best < 0 || g->size > m->raw[best].size ||
            (g->size == m->raw[best].size && cmp_ci(g->name, m->raw[best].name) < 0))
            best = (int)i;
    }
    if (best >= 0)
        m->raw[best].ram = 1;
    return best;
}

static int walk(const xmlDoc *doc, loaded_map *m, tool_error *e)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (root == NULL) {
        tool_fail(e, 1, "not an SVD file: no root element");
        return -1;
    }
    if (!named(root, "device")) {
        tool_fail(e, line_of(root), "not an SVD file: the root element is <%s>, not <device>",
                  (const char *)root->name);
        return -1;
    }
    unsigned long where = line_of(root);
    int lists = 0;
    for (const xmlNode *v = root->children; v != NULL; v = v->next) {
        if (!named(v, "vendorExtensions"))
            continue;
        for (const xmlNode *l = v->children; l != NULL; l = l->next) {
            if (!named(l, "memoryRegions"))
                continue;
            lists++;
            where = line_of(l);
            for (const xmlNode *r = l->children; r != NULL; r = r->next) {
                if (r->type != XML_ELEMENT_NODE)
                    continue;
                if (!named(r, "memoryRegion")) {
                    tool_fail(e, line_of(r), "unexpected <%s> in <memoryRegions>",
                              (const char *)r->name);
                    return -1;
                }
                if (one_region(r, m, e))
                    return -1;
            }
        }
    }
    if (m->n == 0) {
        tool_fail(e, where, lists ? "no memoryRegion in <memoryRegions>"
                                  : "no <memoryRegions> in <vendorExtensions>: no regions");
        return -1;
    }
    if (pick_ram(m) < 0) {
        tool_fail(e, where, "no main RAM: no memoryRegion named *sram* or *ddr_ram* with a size");
        return -1;
    }
    return 0;
}

int svd_read_memory(const void *data, size_t len, loaded_map *out, tool_error *e)
{
    out->n = 0;
    out->last_line = 1;
    if (len == 0) {
        tool_fail(e, 1, "empty file");
        return -1;
    }
    const char *nul = memchr(data, '\0', len);
    if (nul != NULL) {
        unsigned long ln = 1;
        for (const char *p = data; p < nul; p++)
            ln += *p == '\n';
        tool_fail(e, ln, "binary file (NUL byte)");
        return -1;
    }
    if (len > SVD_MAX_BYTES || len > (size_t)INT32_MAX) {
        tool_fail(e, 1, "file larger than %u bytes", SVD_MAX_BYTES);
        return -1;
    }
    xmlParserCtxtPtr ctx = xmlNewParserCtxt();
    if (ctx == NULL) {
        tool_fail(e, 1, "out of memory");
        return -1;
    }
    xmlDocPtr doc = xmlCtxtReadMemory(ctx, data, (int)len, NULL, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                          XML_PARSE_BIG_LINES);
    int rc = -1;
    if (doc == NULL || !ctx->wellFormed) {
        const xmlError *x = &ctx->lastError;
        char msg[160];
        snprintf(msg, sizeof msg, "%s", x->message ? x->message : "parse error");
        size_t k = strlen(msg);
        while (k > 0 && (msg[k - 1] == '\n' || msg[k - 1] == ' '))
            msg[--k] = '\0';
        tool_fail(e, x->line > 0 ? (unsigned long)x->line : 1u, "not well-formed XML: %s", msg);
    } else {
        rc = walk(doc, out, e);
    }
    if (doc != NULL)
        xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctx);
    if (rc == 0) {
        const char *p = data, *end = p + len;
        unsigned long lines = 0;
        for (; p < end; p++)
            lines += *p == '\n';
        out->last_line = lines + (((const char *)data)[len - 1] != '\n');
        rc = loaded_map_normalise(out, e);
    }
    return rc;
}

int svd_read_path(const char *path, loaded_map *out, tool_error *e)
{
    char *text;
    size_t len;
    if (tool_read_file(path, SVD_MAX_BYTES, &text, &len, e) != TOOL_READ_OK)
        return -1;
    int rc = svd_read_memory(text, len, out, e);
    free(text);
    return rc;
}
