/*
 * fuzz_svd.c - the SVD importer: any bytes either load into a map that keeps
 * the normalisation rules and the main-RAM rule, or are refused with a
 * message on a line of the input.
 */
#include <libxml/parser.h>

#include "svd.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int candidate(const char *name)
{
    char low[OWN_NAME_MAX];
    size_t i = 0;
    for (; name[i] != '\0' && i + 1u < sizeof low; i++)
        low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
    low[i] = '\0';
    return strstr(low, "sram") != NULL || strstr(low, "ddr_ram") != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static loaded_map m;
    tool_error e;
    if (svd_read_memory(data, size, &m, &e) != 0) {
        fuzz_check_error(&e, data, size);
        return 0;
    }
    fuzz_check_map(&m);
    uint32_t ram = m.n;
    for (uint32_t i = 0; i < m.n; i++)
        if (m.raw[i].ram)
            ram = i;
    FUZZ_CHECK(ram < m.n && candidate(m.raw[ram].name));
    for (uint32_t i = 0; i < m.n; i++) {
        FUZZ_CHECK(!(candidate(m.raw[i].name) && m.raw[i].size > m.raw[ram].size));
        for (uint32_t j = i + 1u; j < m.n; j++)
            FUZZ_CHECK(strcmp(m.raw[i].name, m.raw[j].name) != 0); /* names made unique */
    }
    return 0;
}
