/*
 * mapfile.c - the map-file parser: lines -> raw_region[] -> own_normalise.
 *
 * Everything that can be said about one line is said at that line (bad
 * number, missing or extra field, unknown flag, a region past 2^32, a second
 * `ram` line, an empty main RAM); what can only be said at the end (no
 * regions, no `ram` line) is said at the last line.
 */
#include "mapfile.h"

#include <stdlib.h>
#include <string.h>

#define U32_SPAN (1ull << 32)

int mapfile_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= OWN_NAME_MAX)
        return 0;
    for (; *s != '\0'; s++)
        if ((unsigned char)*s <= 0x20u || (unsigned char)*s >= 0x7fu || *s == '#')
            return 0;
    return 1;
}

static int number(const char *tok, const char *what, unsigned long line, uint64_t *v,
                  tool_error *e)
{
    char q[48];
    switch (num_parse(tok, UINT64_MAX, v)) {
    case NUM_OK: return 0;
    case NUM_RANGE:
        tool_fail(e, line, "%s '%s' does not fit in 64 bits", what, tool_quote(tok, q, sizeof q));
        return -1;
    case NUM_BAD: break;
    }
    tool_fail(e, line, "malformed number '%s' for %s (decimal or 0x hex)", tool_quote(tok, q, sizeof q),
              what);
    return -1;
}

int mapfile_read(line_reader *r, loaded_map *out, tool_error *e)
{
    lr_status st;
    int ram_line_seen = 0;
    char q[48];
    out->n = 0;
    out->last_line = 0;
    while ((st = lr_next(r)) == LR_LINE) {
        char *tok[5];
        unsigned long ln = r->lineno;
        int n = tok_split(r->buf, ln, tok, 4, e);
        if (n < 0)
            return -1;
        if (n == 0)
            continue;
        if (n < 3) {
            tool_fail(e, ln, "missing field: expected 'NAME BASE SIZE [ram]'");
            return -1;
        }
        if (n > 4) {
            tool_fail(e, ln, "extra field '%s': expected 'NAME BASE SIZE [ram]'",
                      tool_quote(tok[4], q, sizeof q));
            return -1;
        }
        if (!mapfile_name_ok(tok[0])) {
            if (strlen(tok[0]) >= OWN_NAME_MAX)
                tool_fail(e, ln, "region name longer than %u characters", OWN_NAME_MAX - 1u);
            else
                tool_fail(e, ln, "region name '%s' has a character outside printable ASCII",
                          tool_quote(tok[0], q, sizeof q));
            return -1;
        }
        uint64_t base, size;
        if (number(tok[1], "BASE", ln, &base, e) || number(tok[2], "SIZE", ln, &size, e))
            return -1;
        int ram = 0;
        if (n == 4) {
            if (strcmp(tok[3], "ram") != 0) {
                tool_fail(e, ln, "unknown flag '%s' (the only one is 'ram')",
                          tool_quote(tok[3], q, sizeof q));
                return -1;
            }
            ram = 1;
        }
        if (base >= U32_SPAN || size > U32_SPAN - base) {
            tool_fail(e, ln, "region %s runs past 2^32 (base 0x%llx, size 0x%llx)", tok[0],
                      (unsigned long long)base, (unsigned long long)size);
            return -1;
        }
        if (ram && ram_line_seen) {
            tool_fail(e, ln, "a second 'ram' region (exactly one line must be marked ram)");
            return -1;
        }
        if (ram && size == 0) {
            tool_fail(e, ln, "main RAM region %s has size 0", tok[0]);
            return -1;
        }
        if (out->n == OWN_MAX_REGIONS) {
            tool_fail(e, ln, "too many regions (at most %u)", OWN_MAX_REGIONS);
            return -1;
        }
        raw_region *g = &out->raw[out->n];
        memset(g->name, 0, sizeof g->name);
        memcpy(g->name, tok[0], strlen(tok[0]));
        g->base = base;
        g->size = size;
        g->ram = ram;
        ram_line_seen |= ram;
        out->line[out->n++] = ln;
    }
    if (st != LR_EOF)
        return lr_fail(r, st, e);
    out->last_line = r->lineno;
    if (r->bytes == 0) {
        tool_fail(e, 1, "empty file");
        return -1;
    }
    return loaded_map_normalise(out, e);
}

int loaded_map_normalise(loaded_map *out, tool_error *e)
{
    unsigned long at_end = out->last_line ? out->last_line : 1u;
    if (out->n == 0) {
        tool_fail(e, at_end, "no regions");
        return -1;
    }
    norm_err ne = own_normalise(out->raw, out->n, &out->norm);
    switch (ne) {
    case NORM_OK:
        return 0;
    case NORM_NO_RAM: {
        for (uint32_t i = 0; i < out->n; i++)
            if (out->raw[i].ram) {
                tool_fail(e, out->line[i], "main RAM region %s has size 0", out->raw[i].name);
                return -1;
            }
        tool_fail(e, at_end, "no region is marked ram (exactly one must be)");
        return -1;
    }
    case NORM_TWO_RAM: {
        uint32_t seen = 0;
        for (uint32_t i = 0; i < out->n; i++)
            if (out->raw[i].ram && seen++) {
                tool_fail(e, out->line[i], "a second main RAM region");
                return -1;
            }
        break;
    }
    case NORM_PAST_4GIB:
        if (out->norm.bad < out->n) {
            tool_fail(e, out->line[out->norm.bad], "region %s runs past 2^32",
                      out->raw[out->norm.bad].name);
            return -1;
        }
        break;
    default:
        break;
    }
    tool_fail(e, at_end, "%s", own_norm_err_text(ne));
    return -1;
}

/* The file whole, then the reader over memory: the same line rules. */
int mapfile_read_path(const char *path, loaded_map *out, tool_error *e)
{
    char *text;
    size_t len;
    if (tool_read_file(path, MAPFILE_MAX_BYTES, &text, &len, e) != TOOL_READ_OK)
        return -1;
    line_reader *r = malloc(sizeof *r);
    int rc = -1;
    if (r == NULL) {
        tool_fail(e, 0, "out of memory");
    } else {
        lr_init_mem(r, text, len);
        rc = mapfile_read(r, out, e);
    }
    free(r);
    free(text);
    return rc;
}
