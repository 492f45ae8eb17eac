/*
 * fuzz_trace.c - the trace parser and executor.  Line by line, as a replay
 * reads them: a parsed operation, written back out and parsed again, is the
 * same operation; it runs on the flat design over a fixed map and its answer
 * has the contract's shape.  The stream replay (trace_replay) then reads the
 * same bytes and must stop at the same line with the same message.
 */
#include "trace.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const raw_region board[] = {
    {"ROM", 0x80000000u, 0x10000u, 0},     {"SRAM_EXT", 0x40000000u, 0x40000u, 1},
    {"MEMLCD", 0xB0000000u, 0x5C20u, 0},   {"AUDIO", 0xE0000000u, 4u, 0},
    {"ENGINE", 0xE0020000u, 0x20000u, 0},  {"USBDEV", 0xE0040000u, 0x10000u, 0},
    {"TOP", 0xFFFFE000u, 0x2000u, 0},
};

static norm_map nm;
static void *storage;
static size_t bytes;
static own_map map;
static FILE *devnull;

static own_table *fresh(void)
{
    own_table *t;
    FUZZ_CHECK(own_strategy_flat.init(&t, storage, bytes, &map) == OWN_OK);
    return t;
}

static void answer_shape(const trace_cmd *c, own_err err, const char *a)
{
    if (err != OWN_OK) {
        FUZZ_CHECK(strncmp(a, "err ", 4) == 0);
        FUZZ_CHECK(err >= OWN_BAD_PID && err <= OWN_OUT_OF_MEMORY);
    } else if (c->op == TOP_ALLOC) {
        FUZZ_CHECK(strlen(a) == 13 && strncmp(a, "ok 0x", 5) == 0);
    } else if (c->op == TOP_OWNER || c->op == TOP_COUNT || c->op == TOP_RELEASE_ALL) {
        FUZZ_CHECK(strncmp(a, "ok ", 3) == 0 && a[3] >= '0' && a[3] <= '9');
    } else {
        FUZZ_CHECK(strcmp(a, "ok") == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static line_reader r, r2;
    if (storage == NULL) {
        FUZZ_CHECK(own_normalise(board, sizeof board / sizeof board[0], &nm) == NORM_OK);
        map = own_norm_as_map(&nm);
        bytes = own_strategy_flat.reserve(&map);
        storage = aligned_alloc(8, (bytes + 7u) & ~(size_t)7u);
        devnull = fopen("/dev/null", "w");
        FUZZ_CHECK(storage != NULL && devnull != NULL);
    }
    own_table *t = fresh();
    tool_error e = {0, ""}, e2 = {0, ""};
    int failed = 0;
    lr_init_mem(&r, data, size);
    lr_status st;
    while ((st = lr_next(&r)) == LR_LINE) {
        trace_cmd c, c2;
        int k = trace_parse(r.buf, r.lineno, &c, &e);
        if (k < 0) {
            failed = 1;
            break;
        }
        if (k == 0)
            continue;
        FUZZ_CHECK(c.op < TOP_NUM);
        char line[TOOL_LINE_MAX + 1], ans[64];
        int len = trace_format_cmd(&c, line, sizeof line);
        FUZZ_CHECK(len > 0 && (size_t)len < sizeof line);
        FUZZ_CHECK(trace_parse(line, 1, &c2, &e2) == 1);
        FUZZ_CHECK(c2.op == c.op);
        for (unsigned i = 0; i < trace_op_args(c.op); i++)
            FUZZ_CHECK(c2.arg[i] == c.arg[i]);
        uint32_t v;
        own_err err = trace_exec(&own_strategy_flat, t, &c, &v);
        len = trace_format_answer(&c, err, v, ans, sizeof ans);
        FUZZ_CHECK(len > 0 && (size_t)len < sizeof ans);
        answer_shape(&c, err, ans);
    }
    if (!failed && st != LR_EOF) {
        lr_fail(&r, st, &e);
        failed = 1;
    }
    if (!failed && size == 0) {
        failed = 1;
        tool_fail(&e, 1, "empty file");
    }
    if (failed)
        fuzz_check_error(&e, data, size);
    /* the streaming replay agrees on where (and why) it stops */
    t = fresh();
    lr_init_mem(&r2, data, size);
    int rc = trace_replay(&r2, &own_strategy_flat, t, devnull, &e2);
    FUZZ_CHECK(rc == (failed ? -1 : 0));
    if (failed)
        FUZZ_CHECK(e2.line == e.line && strcmp(e2.msg, e.msg) == 0);
    return 0;
}
