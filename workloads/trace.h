/*
 * trace.h - trace files: one operation a line, parsed into a struct, applied
 * to a design, answered in the contract's words.
 *
 * Operation lines (numbers decimal or 0x hex, each must fit in 32 bits):
 *     owner ADDR | claim ADDR PID | release ADDR PID | move ADDR FROM TO
 *     claim_range ADDR N PID | release_all PID | count PID | alloc PID
 * A PID that fits in 32 bits but is not a valid PID (0, 256, ...) is not a
 * syntax error: the operation runs and answers `err BadPid`.  A number that
 * does not fit in 32 bits is a malformed line.
 * Answers: `ok` (claim, release, move, claim_range), `ok N` in decimal
 * (owner, release_all, count), `ok 0xXXXXXXXX` (alloc), `err NAME`.
 */
#ifndef OWNLAB_TRACE_H
#define OWNLAB_TRACE_H
#include <stdio.h>
#include "ownership.h"
#include "lines.h"

typedef enum trace_op {
    TOP_OWNER,
    TOP_CLAIM,
    TOP_RELEASE,
    TOP_MOVE,
    TOP_CLAIM_RANGE,
    TOP_RELEASE_ALL,
    TOP_COUNT,
    TOP_ALLOC,
    TOP_NUM
} trace_op;

typedef struct trace_cmd {
    trace_op op;
    uint32_t arg[3]; /* in the order written */
} trace_cmd;

const char *trace_op_name(trace_op op);
unsigned trace_op_args(trace_op op);

/* 1: *cmd holds an operation; 0: nothing on the line (blank or comment);
 * -1: a malformed line, *e says why.  The line is split in place. */
int trace_parse(char *line, unsigned long lineno, trace_cmd *cmd, tool_error *e);

/* Writes the operation as a trace line (no newline); returns its length. */
int trace_format_cmd(const trace_cmd *cmd, char *out, size_t n);

/* Applies the operation; *value gets the result (owner, pages, address). */
own_err trace_exec(const own_strategy *s, own_table *t, const trace_cmd *cmd, uint32_t *value);

/* The answer line (no newline); returns its length. */
int trace_format_answer(const trace_cmd *cmd, own_err err, uint32_t value, char *out, size_t n);

/* Streams a trace: reads a line, parses it, runs it, writes the answer line,
 * and so on.  Stops at the first bad line (before running it): -1 with *e;
 * 0 at the end; -2 when writing to `out` failed.  Memory: the reader's fixed
 * buffer, whatever the trace's length. */
int trace_replay(line_reader *r, const own_strategy *s, own_table *t, FILE *out, tool_error *e);
#endif
