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
 *
 * Alloc slots, an extension that lives in comments.  The contract lets each
 * design pick the page `alloc` returns, so a trace cannot name that page on a
 * later line, and a trace of buffers allocated then lent, sent and freed
 * could only be written with `claim` at a guessed page, losing the cost of
 * the allocator's search.  So a comment may carry a slot annotation:
 *     alloc PID # @K          remember the page this alloc returned as slot K
 *     owner ADDR # @K         (likewise claim, release, move, claim_range):
 *                             use slot K's page instead of ADDR
 * K is decimal, below TRACE_SLOTS; the rest of the comment is free text.
 * The literal ADDR on such a line is the page today's Xous would have used
 * (its first-fit allocator), so a plain replay, which ignores comments as
 * the contract says (`ownlab replay`), stays a valid trace and is exact for
 * the `xous` design.  A replay that honours slots (bench/host_replay.c,
 * bench/rv32_replay.c, kernel_glue/ktrace.c) makes every design's states
 * agree, so all answers but alloc's page must agree too.  A failed alloc
 * empties its slot (address 0, the same on every design).  A malformed
 * annotation is an error only for a replay that honours slots
 * (trace_slot_check); for everyone else it is just a comment.
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

/* 4096 slots: a generator reuses a slot once its buffer is freed, so the
 * count bounds the buffers alive at once, not the trace's length; 16 KiB of
 * addresses is still small enough for a kernel image's static table. */
#define TRACE_SLOTS 4096u
#define TRACE_SLOT_NONE (-1)      /* no annotation (or a comment that is not one) */
#define TRACE_SLOT_BAD (-2)       /* `# @` not followed by a slot number below TRACE_SLOTS */
#define TRACE_SLOT_MISPLACED (-3) /* an annotation on release_all or count */

typedef struct trace_cmd {
    trace_op op;
    uint32_t arg[3]; /* in the order written */
    int32_t slot_def; /* alloc: the slot its page goes to, or TRACE_SLOT_* */
    int32_t slot_use; /* an address operation: the slot replacing arg[0], or TRACE_SLOT_* */
} trace_cmd;

const char *trace_op_name(trace_op op);
unsigned trace_op_args(trace_op op);

/* 1: *cmd holds an operation; 0: nothing on the line (blank or comment);
 * -1: a malformed line, *e says why.  The line is split in place. */
int trace_parse(char *line, unsigned long lineno, trace_cmd *cmd, tool_error *e);

/* For a replay that honours slots: 0 when the line's annotation (if any) is
 * well formed; -1 with *e saying why it is not. */
int trace_slot_check(const trace_cmd *cmd, unsigned long lineno, tool_error *e);

/* trace_exec with slots honoured: a slot use replaces arg[0] with slots[K],
 * an alloc's slot gets its page (0 when it fails).  `slots` has TRACE_SLOTS
 * entries; the annotation must have passed trace_slot_check. */
own_err trace_exec_slots(const own_strategy *s, own_table *t, const trace_cmd *cmd,
                         uint32_t *slots, uint32_t *value);

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
