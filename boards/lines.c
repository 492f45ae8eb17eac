/*
 * lines.c - the line reader, tokenizer and number parser the tool's map and
 * trace readers share (see lines.h for the input rules), and the one way
 * the readers get a named file's bytes.
 */
#include "lines.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void tool_fail(tool_error *e, unsigned long line, const char *fmt, ...)
{
    va_list ap;
    e->line = line;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
}

void lr_init_fd(line_reader *r, int fd, FILE *flush)
{
    memset(r, 0, offsetof(line_reader, buf));
    r->fd = fd;
    r->flush = flush;
    r->mem = r->chunk;
    r->buf[0] = '\0';
}

void lr_init_mem(line_reader *r, const void *data, size_t len)
{
    memset(r, 0, offsetof(line_reader, buf));
    r->fd = -1;
    r->mem = data;
    r->mem_len = len;
    r->buf[0] = '\0';
}

#define LR_READ_ERROR (-2)

static int next_byte(line_reader *r)
{
    if (r->mem_pos < r->mem_len)
        return r->mem[r->mem_pos++];
    if (r->fd < 0)
        return EOF;
    if (r->flush != NULL)
        fflush(r->flush);
    ssize_t k;
    do
        k = read(r->fd, r->chunk, sizeof r->chunk);
    while (k < 0 && errno == EINTR);
    if (k < 0)
        return LR_READ_ERROR;
    if (k == 0) {
        r->fd = -1; /* stays at EOF */
        return EOF;
    }
    r->mem_len = (size_t)k;
    r->mem_pos = 1;
    return r->chunk[0];
}

lr_status lr_next(line_reader *r)
{
    int c;
    r->len = 0;
    r->buf[0] = '\0';
    r->lineno++;
    while ((c = next_byte(r)) >= 0) {
        r->bytes++;
        if (c == '\n') {
            r->buf[r->len] = '\0';
            return LR_LINE;
        }
        if (c == '\0')
            return LR_NUL;
        if (r->len == TOOL_LINE_MAX)
            return LR_TOO_LONG;
        r->buf[r->len++] = (char)c;
    }
    if (c == LR_READ_ERROR)
        return LR_IO;
    if (r->len == 0) {
        r->lineno--; /* no line there */
        return LR_EOF;
    }
    r->buf[r->len] = '\0'; /* a last line without its newline */
    return LR_LINE;
}

int lr_fail(const line_reader *r, lr_status st, tool_error *e)
{
    switch (st) {
    case LR_TOO_LONG:
        tool_fail(e, r->lineno, "line longer than %u characters", TOOL_LINE_MAX);
        break;
    case LR_NUL:
        tool_fail(e, r->lineno, "binary file (NUL byte)");
        break;
    case LR_IO:
        tool_fail(e, r->lineno ? r->lineno : 1u, "read error");
        break;
    default:
        tool_fail(e, r->lineno, "internal error: no failure");
        break;
    }
    return -1;
}

int tok_split(char *line, unsigned long lineno, char **tok, int max, tool_error *e)
{
    int n = 0;
    char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        if (*p == '\0' || *p == '#')
            return n;
        char *start = p;
        while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '#') {
            unsigned char c = (unsigned char)*p;
            if (c < 0x20u || c == 0x7fu) {
                tool_fail(e, lineno, "control character 0x%02x", (unsigned)c);
                return -1;
            }
            p++;
        }
        char end = *p;
        *p = '\0';
        if (n <= max)
            tok[n++] = start;
        if (n > max)
            return n; /* extra fields: no need to look further */
        if (end == '\0' || end == '#')
            return n;
        p++;
    }
}

const char *tool_quote(const char *s, char *buf, size_t n)
{
    size_t len = strlen(s);
    if (len + 1u <= n && len <= 40u)
        return s;
    size_t keep = n > 4u ? n - 4u : 0u;
    if (keep > 40u)
        keep = 40u;
    memcpy(buf, s, keep);
    memcpy(buf + keep, "...", 4);
    return buf;
}

tool_read_status tool_read_file(const char *path, size_t max, char **data, size_t *len, tool_error *e)
{
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        tool_fail(e, 0, "cannot open: %s", strerror(errno));
        return TOOL_READ_FAILED;
    }
    tool_read_status st = TOOL_READ_OK;
    size_t cap = 0;
    for (;;) {
        if (*len + 1u >= cap) { /* doubles, up to one byte past the limit, and the NUL */
            size_t want = cap == 0 ? 65536u : cap * 2u;
            if (want > max + 2u)
                want = max + 2u;
            char *more = realloc(*data, want);
            if (more == NULL) {
                tool_fail(e, 0, "out of memory");
                st = TOOL_READ_NO_MEMORY;
                break;
            }
            *data = more;
            cap = want;
        }
        ssize_t k = read(fd, *data + *len, cap - 1u - *len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            tool_fail(e, 0, "read error: %s", strerror(errno));
            st = TOOL_READ_FAILED;
            break;
        }
        if (k == 0)
            break;
        *len += (size_t)k;
        if (*len > max) {
            tool_fail(e, 1, "file larger than %zu bytes", max);
            st = TOOL_READ_TOO_LARGE;
            break;
        }
    }
    close(fd);
    if (st != TOOL_READ_OK) {
        free(*data);
        *data = NULL;
        *len = 0;
        return st;
    }
    (*data)[*len] = '\0';
    return st;
}
