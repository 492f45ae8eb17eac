/*
 * sentence.h - building a reason as text without stdio: strings, decimal
 * and hex numbers appended to a caller's buffer, cut (never overrun) at its
 * size.
 *
 * Why: the kernel-grade parsers (xousargs.c, bootdesc.c) and the kernel
 * glue explain their refusals in sentences, but must not pull printf into
 * an RV32 kernel; each had grown its own appenders.  This is the one set.
 */
#ifndef OWNLAB_SENTENCE_H
#define OWNLAB_SENTENCE_H
#include <stddef.h>
#include <stdint.h>

typedef struct sentence {
    char *buf;
    size_t cap; /* bytes of buf, NUL included */
    size_t len; /* characters appended so far (some may not have fitted) */
} sentence;

/* An empty sentence in buf[cap] (NUL-terminated at once when cap > 0). */
sentence sn_start(char *buf, size_t cap);
void sn_put(sentence *s, const char *str);
void sn_dec(sentence *s, uint32_t v);
/* "0x" and the value's hex digits, lower case, at least `digits` of them. */
void sn_hex(sentence *s, uint32_t v, unsigned digits);
/* NUL-terminates and returns the length that fitted. */
size_t sn_end(sentence *s);
#endif
