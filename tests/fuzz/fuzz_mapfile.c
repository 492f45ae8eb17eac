/*
 * fuzz_mapfile.c - the map-file parser and the normaliser behind it: any
 * bytes either load into a map that keeps the normalisation rules, or are
 * refused with a message on a line of the input.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static loaded_map m;
    static line_reader r;
    tool_error e;
    lr_init_mem(&r, data, size);
    if (mapfile_read(&r, &m, &e) != 0) {
        fuzz_check_error(&e, data, size);
        return 0;
    }
    fuzz_check_map(&m);
    return 0;
}
