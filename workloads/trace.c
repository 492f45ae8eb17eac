/*
 * trace.c - the trace line parser and the executor (see trace.h).
 *
 * The slot annotation is read here, once, for every reader, but judged only
 * by the replays that honour it (trace_slot_check): to the contract a
 * comment is a comment, so `ownlab replay` must never stop on one.
 */
#include "trace.h"

#include <string.h>

static const struct {
    const char *name;
    unsigned args;
    const char *usage;
} ops[TOP_NUM] = {
    [TOP_OWNER] = {"owner", 1, "owner ADDR"},
    [TOP_CLAIM] = {"claim", 2, "claim ADDR PID"},
    [TOP_RELEASE] = {"release", 2, "release ADDR PID"},
    [TOP_MOVE] = {"move", 3, "move ADDR FROM TO"},
    [TOP_CLAIM_RANGE] = {"claim_range", 3, "claim_range ADDR N PID"},
    [TOP_RELEASE_ALL] = {"release_all", 1, "release_all PID"},
    [TOP_COUNT] = {"count", 1, "count PID"},
    [TOP_ALLOC] = {"alloc", 1, "alloc PID"},
};

const char *trace_op_name(trace_op op) { return op < TOP_NUM ? ops[op].name : "?"; }
unsigned trace_op_args(trace_op op) { return op < TOP_NUM ? ops[op].args : 0u; }

/* A comment's slot annotation (see trace.h): blanks, '@', decimal digits,
 * then the comment's end or a blank.  Digits stop counting past the bound,
 * so no number of them can overflow. */
static int32_t slot_of(const char *c)
{
    while (*c == ' ' || *c == '\t')
        c++;
    if (*c != '@')
        return TRACE_SLOT_NONE;
    c++;
    uint32_t k = 0, digits = 0;
    for (; *c >= '0' && *c <= '9'; c++, digits++)
        if (k < TRACE_SLOTS)
            k = k * 10u + (uint32_t)(*c - '0');
    if (digits == 0 || k >= TRACE_SLOTS || (*c != '\0' && *c != ' ' && *c != '\t' && *c != '\r'))
        return TRACE_SLOT_BAD;
    return (int32_t)k;
}

int trace_parse(char *line, unsigned long lineno, trace_cmd *cmd, tool_error *e)
{
    char *tok[5];
    char q[48];
    /* found before splitting: the splitter may overwrite the '#' itself */
    const char *comment = strchr(line, '#');
    int n = tok_split(line, lineno, tok, 4, e);
    if (n < 0)
        return -1;
    if (n == 0)
        return 0;
    unsigned op = 0;
    while (op < TOP_NUM && strcmp(tok[0], ops[op].name) != 0)
        op++;
    if (op == TOP_NUM) {
        tool_fail(e, lineno, "unknown operation '%s'", tool_quote(tok[0], q, sizeof q));
        return -1;
    }
    unsigned want = ops[op].args;
    if ((unsigned)n - 1u < want) {
        tool_fail(e, lineno, "missing field: expected '%s'", ops[op].usage);
        return -1;
    }
    if ((unsigned)n - 1u > want) {
        tool_fail(e, lineno, "extra field '%s': expected '%s'", tool_quote(tok[want + 1u], q, sizeof q),
                  ops[op].usage);
        return -1;
    }
    cmd->op = (trace_op)op;
    cmd->arg[0] = cmd->arg[1] = cmd->arg[2] = 0;
    cmd->slot_def = cmd->slot_use = TRACE_SLOT_NONE;
    if (comment != NULL) {
        int32_t k = slot_of(comment + 1);
        if (op == TOP_ALLOC)
            cmd->slot_def = k;
        else if (op != TOP_RELEASE_ALL && op != TOP_COUNT)
            cmd->slot_use = k;
        else if (k != TRACE_SLOT_NONE)
            cmd->slot_use = TRACE_SLOT_MISPLACED;
    }
    for (unsigned i = 0; i < want; i++) {
        uint64_t v;
        switch (num_parse(tok[i + 1u], UINT32_MAX, &v)) {
        case NUM_OK:
            cmd->arg[i] = (uint32_t)v;
            break;
        case NUM_RANGE:
            tool_fail(e, lineno, "number '%s' does not fit in 32 bits",
                      tool_quote(tok[i + 1u], q, sizeof q));
            return -1;
        case NUM_BAD:
            tool_fail(e, lineno, "malformed number '%s' (decimal or 0x hex)",
                      tool_quote(tok[i + 1u], q, sizeof q));
            return -1;
        }
    }
    return 1;
}

int trace_slot_check(const trace_cmd *c, unsigned long lineno, tool_error *e)
{
    int32_t k = c->slot_def != TRACE_SLOT_NONE ? c->slot_def : c->slot_use;
    if (k == TRACE_SLOT_BAD) {
        tool_fail(e, lineno, "malformed slot annotation: expected '# @K', K below %u",
                  (unsigned)TRACE_SLOTS);
        return -1;
    }
    if (k == TRACE_SLOT_MISPLACED) {
        tool_fail(e, lineno, "slot annotation on '%s', which takes no address",
                  ops[c->op].name);
        return -1;
    }
    return 0;
}

own_err trace_exec_slots(const own_strategy *s, own_table *t, const trace_cmd *c, uint32_t *slots,
                         uint32_t *value)
{
    trace_cmd at;
    if (c->slot_use >= 0 && (uint32_t)c->slot_use < TRACE_SLOTS) {
        at = *c;
        at.arg[0] = slots[c->slot_use];
        c = &at;
    }
    own_err err = trace_exec(s, t, c, value);
    if (c->slot_def >= 0 && (uint32_t)c->slot_def < TRACE_SLOTS)
        slots[c->slot_def] = err == OWN_OK ? *value : 0u;
    return err;
}

int trace_format_cmd(const trace_cmd *c, char *out, size_t n)
{
    switch (c->op) {
    case TOP_OWNER:
        return snprintf(out, n, "owner 0x%08x", (unsigned)c->arg[0]);
    case TOP_CLAIM:
    case TOP_RELEASE:
        return snprintf(out, n, "%s 0x%08x %u", ops[c->op].name, (unsigned)c->arg[0],
                        (unsigned)c->arg[1]);
    case TOP_MOVE:
    case TOP_CLAIM_RANGE:
        return snprintf(out, n, "%s 0x%08x %u %u", ops[c->op].name, (unsigned)c->arg[0],
                        (unsigned)c->arg[1], (unsigned)c->arg[2]);
    case TOP_RELEASE_ALL:
    case TOP_COUNT:
    case TOP_ALLOC:
        return snprintf(out, n, "%s %u", ops[c->op].name, (unsigned)c->arg[0]);
    case TOP_NUM:
        break;
    }
    return snprintf(out, n, "?");
}

own_err trace_exec(const own_strategy *s, own_table *t, const trace_cmd *c, uint32_t *value)
{
    *value = 0;
    switch (c->op) {
    case TOP_OWNER: return s->owner(t, c->arg[0], value);
    case TOP_CLAIM: return s->claim(t, c->arg[0], c->arg[1]);
    case TOP_RELEASE: return s->release(t, c->arg[0], c->arg[1]);
    case TOP_MOVE: return s->move(t, c->arg[0], c->arg[1], c->arg[2]);
    case TOP_CLAIM_RANGE: return s->claim_range(t, c->arg[0], c->arg[1], c->arg[2]);
    case TOP_RELEASE_ALL: return s->release_all(t, c->arg[0], value);
    case TOP_COUNT: return s->count(t, c->arg[0], value);
    case TOP_ALLOC: return s->alloc(t, c->arg[0], value);
    case TOP_NUM: break;
    }
    return OWN_ERR_COUNT;
}

int trace_format_answer(const trace_cmd *c, own_err err, uint32_t value, char *out, size_t n)
{
    if (err != OWN_OK)
        return snprintf(out, n, "err %s", own_err_name(err));
    switch (c->op) {
    case TOP_OWNER:
    case TOP_RELEASE_ALL:
    case TOP_COUNT:
        return snprintf(out, n, "ok %u", (unsigned)value);
    case TOP_ALLOC:
        return snprintf(out, n, "ok 0x%08x", (unsigned)value);
    default:
        return snprintf(out, n, "ok");
    }
}

int trace_replay(line_reader *r, const own_strategy *s, own_table *t, FILE *out, tool_error *e)
{
    lr_status st;
    char ans[64];
    while ((st = lr_next(r)) == LR_LINE) {
        trace_cmd c;
        int k = trace_parse(r->buf, r->lineno, &c, e);
        if (k < 0)
            return -1;
        if (k == 0)
            continue;
        uint32_t v;
        own_err err = trace_exec(s, t, &c, &v);
        int len = trace_format_answer(&c, err, v, ans, sizeof ans - 1u);
        ans[len] = '\n';
        if (fwrite(ans, 1, (size_t)len + 1u, out) != (size_t)len + 1u)
            return -2;
    }
    if (st != LR_EOF)
        return lr_fail(r, st, e);
    if (r->bytes == 0) {
        tool_fail(e, 1, "empty file");
        return -1;
    }
    return 0;
}
