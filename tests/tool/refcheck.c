/*
 * refcheck.c - checks a design's answers to a trace against the reference
 * model (tests/refmodel.c).
 *
 *     refcheck MAPFILE TRACE ANSWERS
 *
 * Every answer must be the model's, except that an alloc may return any free
 * main-RAM page: the model checks the page is one (ref_is_free_ram) and then
 * claims it for the same PID, so the two stay in step.  An alloc that fails
 * must fail as the model's would.  Exit 0 if all answers agree, 1 if not.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "mapfile.h"
#include "trace.h"
#include "refmodel.h"

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: refcheck MAPFILE TRACE ANSWERS\n");
        return 2;
    }
    static loaded_map m;
    tool_error e;
    if (mapfile_read_path(argv[1], &m, &e) != 0) {
        fprintf(stderr, "%s:%lu: %s\n", argv[1], e.line, e.msg);
        return 2;
    }
    own_map map = own_norm_as_map(&m.norm);
    size_t bytes = own_reference.reserve(&map);
    void *mem = aligned_alloc(8, (bytes + 7u) & ~(size_t)7u);
    own_table *ref = NULL;
    if (mem == NULL || own_reference.init(&ref, mem, bytes, &map) != OWN_OK) {
        fprintf(stderr, "refcheck: reference model refused the map\n");
        return 2;
    }
    int tf = open(argv[2], O_RDONLY), af = open(argv[3], O_RDONLY);
    if (tf < 0 || af < 0) {
        perror("refcheck");
        return 2;
    }
    static line_reader tr, ar;
    lr_init_fd(&tr, tf, NULL);
    lr_init_fd(&ar, af, NULL);
    unsigned long ops = 0, allocs = 0, bad = 0;
    lr_status st;
    while ((st = lr_next(&tr)) == LR_LINE) {
        trace_cmd c;
        int k = trace_parse(tr.buf, tr.lineno, &c, &e);
        if (k < 0) {
            fprintf(stderr, "%s:%lu: %s\n", argv[2], e.line, e.msg);
            return 2;
        }
        if (k == 0)
            continue;
        ops++;
        if (lr_next(&ar) != LR_LINE) {
            fprintf(stderr, "refcheck: %s ends before the answer to %s:%lu\n", argv[3], argv[2],
                    tr.lineno);
            return 1;
        }
        char want[64];
        const char *got = ar.buf;
        if (c.op == TOP_ALLOC) {
            unsigned long addr;
            char tail;
            if (sscanf(got, "ok 0x%8lx%c", &addr, &tail) == 1 && strlen(got) == 13u) {
                allocs++;
                if (!ref_is_free_ram(ref, (uint32_t)addr)) {
                    if (bad++ < 10)
                        fprintf(stderr, "%s:%lu: alloc %u answered %s: not a free main-RAM page\n",
                                argv[2], tr.lineno, (unsigned)c.arg[0], got);
                    continue;
                }
                own_err ce = own_reference.claim(ref, (uint32_t)addr, c.arg[0]);
                if (ce != OWN_OK && bad++ < 10)
                    fprintf(stderr, "%s:%lu: model could not claim 0x%08lx: %s\n", argv[2],
                            tr.lineno, addr, own_err_name(ce));
                continue;
            }
            /* a failure: the model's alloc must fail the same way (it changes
             * nothing when it fails) */
        }
        uint32_t v;
        own_err err = trace_exec(&own_reference, ref, &c, &v);
        if (c.op == TOP_ALLOC && err == OWN_OK) {
            snprintf(want, sizeof want, "ok (some free main-RAM page)");
        } else {
            trace_format_answer(&c, err, v, want, sizeof want);
        }
        if (strcmp(want, got) != 0 && bad++ < 10)
            fprintf(stderr, "%s:%lu: answered '%s', the model '%s'\n", argv[2], tr.lineno, got, want);
    }
    if (st != LR_EOF) {
        fprintf(stderr, "refcheck: cannot read %s\n", argv[2]);
        return 2;
    }
    if (lr_next(&ar) == LR_LINE) {
        fprintf(stderr, "refcheck: %s has more answers than %s has operations\n", argv[3], argv[2]);
        bad++;
    }
    close(tf);
    close(af);
    free(mem);
    printf("refcheck: %lu operations, %lu allocs, %lu disagreements\n", ops, allocs, bad);
    return bad != 0;
}
