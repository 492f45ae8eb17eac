/*
 * sentence.c - appenders for messages without stdio (sentence.h).
 */
#include "sentence.h"

sentence sn_start(char *buf, size_t cap)
{
    sentence s = {buf, cap, 0};
    if (cap > 0)
        buf[0] = '\0';
    return s;
}

void sn_put(sentence *s, const char *str)
{
    for (; *str != '\0'; str++) {
        if (s->len + 1u < s->cap)
            s->buf[s->len] = *str;
        s->len++;
    }
}

void sn_dec(sentence *s, uint32_t v)
{
    char d[11];
    unsigned k = 10;
    d[k] = '\0';
    do {
        d[--k] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    sn_put(s, &d[k]);
}

void sn_hex(sentence *s, uint32_t v, unsigned digits)
{
    static const char hexdig[] = "0123456789abcdef";
    char d[11];
    unsigned k = 0, n = 8;
    d[k++] = '0';
    d[k++] = 'x';
    while (n > digits && n > 1u && (v >> (4u * (n - 1u))) == 0)
        n--;
    for (unsigned i = n; i > 0; i--)
        d[k++] = hexdig[v >> (4u * (i - 1u)) & 0xfu];
    d[k] = '\0';
    sn_put(s, d);
}

size_t sn_end(sentence *s)
{
    if (s->cap == 0)
        return 0;
    size_t at = s->len < s->cap ? s->len : s->cap - 1u;
    s->buf[at] = '\0';
    return at;
}
