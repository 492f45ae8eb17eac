/*
 * lines.h - what the tool's text readers share: a line reader with a fixed
 * buffer (bounded memory however long the input), a tokenizer, the number
 * syntax of map and trace files, and the `FILE:LINE: reason` error record.
 *
 * Input rules common to map and trace files:
 *  - a line is at most TOOL_LINE_MAX bytes, not counting its newline;
 *  - a NUL byte anywhere means a binary file: refused;
 *  - '#' starts a comment that runs to the end of the line;
 *  - fields are separated by spaces or tabs; a '\r' before the newline is
 *    taken as a separator too (files written on Windows);
 *  - outside comments, other control characters are refused;
 *  - a number is decimal digits, or 0x / 0X and hex digits; no sign, no
 *    spaces, no suffix (numbers.c, which the boot description parser
 *    shares).
 */
#ifndef OWNLAB_LINES_H
#define OWNLAB_LINES_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "numbers.h"

#define TOOL_LINE_MAX 1024u
#define TOOL_MSG_MAX 256u

#if defined(__GNUC__) || defined(__clang__)
#define TOOL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TOOL_PRINTF(f, a)
#endif

/* Why an input was refused, and on which line (1-based). */
typedef struct tool_error {
    unsigned long line;
    char msg[TOOL_MSG_MAX];
} tool_error;

void tool_fail(tool_error *e, unsigned long line, const char *fmt, ...) TOOL_PRINTF(3, 4);

#define TOOL_READ_CHUNK 65536u

/* Reads from a file descriptor through a fixed buffer, or from a memory
 * buffer (the fuzz targets).  Before it blocks in read(2) it flushes
 * `flush` if set, so a replay answers every line it has been given before
 * waiting for more: it streams through a pipe both ways. */
typedef struct line_reader {
    int fd;                 /* -1: read from mem */
    FILE *flush;
    const unsigned char *mem;
    size_t mem_len, mem_pos;
    unsigned long lineno;   /* number of the line in buf (0 before the first) */
    unsigned long long bytes; /* bytes consumed so far */
    size_t len;             /* bytes in buf, NUL-terminated */
    char buf[TOOL_LINE_MAX + 1u];
    unsigned char chunk[TOOL_READ_CHUNK];
} line_reader;

typedef enum lr_status {
    LR_LINE,    /* buf holds line `lineno` */
    LR_EOF,     /* no more lines */
    LR_TOO_LONG,/* line `lineno` is longer than TOOL_LINE_MAX */
    LR_NUL,     /* line `lineno` holds a NUL byte */
    LR_IO,      /* read error */
} lr_status;

void lr_init_fd(line_reader *r, int fd, FILE *flush);
void lr_init_mem(line_reader *r, const void *data, size_t len);
lr_status lr_next(line_reader *r);
/* Fills *e for a status other than LR_LINE / LR_EOF; returns -1. */
int lr_fail(const line_reader *r, lr_status st, tool_error *e);

/*
 * Splits a line in place into fields (comment stripped).  Stores at most
 * max + 1 fields in tok (so tok must have max + 1 slots) and returns how many
 * it found, capped at max + 1: a return of max + 1 means "extra fields".
 * Returns -1 (and fills *e) on a control character outside a comment.
 */
int tok_split(char *line, unsigned long lineno, char **tok, int max, tool_error *e);

/* Numbers: num_parse() (numbers.h). */

/* Every reader of a named file goes through this: it reads the whole file
 * into a buffer from malloc (*data, which the caller frees; a NUL follows
 * the *len bytes, so text parsers may stop at it), refusing a file of more
 * than max bytes.  The parsers then work on memory only, which is what the
 * fuzz targets feed them too.  On failure *e says why: "cannot open: ...",
 * "read error: ...", "out of memory" (line 0), "file larger than N bytes"
 * (line 1). */
typedef enum tool_read_status {
    TOOL_READ_OK,
    TOOL_READ_FAILED,    /* cannot open or read */
    TOOL_READ_TOO_LARGE, /* more than max bytes */
    TOOL_READ_NO_MEMORY
} tool_read_status;
tool_read_status tool_read_file(const char *path, size_t max, char **data, size_t *len, tool_error *e);

/* A field quoted for a message: at most 40 characters, then "...". */
const char *tool_quote(const char *s, char *buf, size_t n);
#endif
