/*
 * numbers.c - the number syntax shared by every text format (numbers.h).
 * No I/O and no library calls, so the kernel-side parsers can link it.
 */
#include "numbers.h"

static int digit(char c, unsigned base)
{
    unsigned v;
    if (c >= '0' && c <= '9')
        v = (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
        v = (unsigned)(c - 'a') + 10u;
    else if (c >= 'A' && c <= 'F')
        v = (unsigned)(c - 'A') + 10u;
    else
        return -1;
    return v < base ? (int)v : -1;
}

num_status num_parse_n(const char *s, size_t len, uint64_t max, uint64_t *out)
{
    const char *end = s + len;
    unsigned base = 10;
    if (len >= 2u && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (s == end)
        return NUM_BAD;
    uint64_t v = 0;
    int over = 0;
    for (; s < end; s++) {
        int d = digit(*s, base);
        if (d < 0)
            return NUM_BAD;
        if (v > (UINT64_MAX - (uint64_t)d) / base)
            over = 1; /* keep going: a bad digit later still makes it malformed */
        else
            v = v * base + (uint64_t)d;
    }
    if (over || v > max)
        return NUM_RANGE;
    *out = v;
    return NUM_OK;
}

num_status num_parse(const char *s, uint64_t max, uint64_t *out)
{
    size_t len = 0;
    while (s[len] != '\0')
        len++;
    return num_parse_n(s, len, max, out);
}
