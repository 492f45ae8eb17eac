/*
 * bootdesc.c - the boot description parser (format and rules in
 * bootdesc.h).
 *
 * It walks the buffer once, a line at a time, with the limits of the tool's
 * line reader (lines.c) applied in the same order, so a file refused by
 * `ownlab xous-block` is refused at the same line with the same reason by
 * every other user.  Tokens are (pointer, length) views into the caller's
 * text: nothing is copied until a line is known good, and the text is never
 * written, so a caller may hand it a file's bytes or a constant string.
 */
#include "bootdesc.h"
#include "numbers.h"
#include "sentence.h"

#define MAX_FIELDS 6 /* inie NAME TEXT DATA BSS STACK */
#define QUOTE_KEEP 40u

typedef struct tok {
    const char *s;
    uint32_t len;
} tok;

static int is_sep(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static int tok_is(const tok *t, const char *word)
{
    uint32_t i = 0;
    for (; i < t->len; i++)
        if (word[i] != t->s[i])
            return 0;
    return word[i] == '\0';
}

static void quote(xous_boot_error *e, const char *s, uint32_t len)
{
    uint32_t keep = len <= QUOTE_KEEP ? len : QUOTE_KEEP, i = 0;
    for (; i < keep; i++)
        e->quote[i] = s[i];
    if (keep < len)
        for (const char *dots = "..."; *dots != '\0'; dots++)
            e->quote[i++] = *dots;
    e->quote[i] = '\0';
}

static int fail(xous_boot_error *e, uint32_t line, xous_boot_why why)
{
    e->line = line;
    e->why = (uint32_t)why;
    return -1;
}

/* Splits one line (comment stripped) into at most MAX_FIELDS + 1 fields, as
 * lines.c's tok_split: -1 for a control character inside a field. */
static int split(const char *p, const char *end, tok *t, xous_boot_error *e)
{
    int n = 0;
    while (p < end && n <= MAX_FIELDS) {
        while (p < end && is_sep(*p))
            p++;
        if (p == end || *p == '#')
            break;
        const char *start = p;
        for (; p < end && !is_sep(*p) && *p != '#'; p++) {
            unsigned char c = (unsigned char)*p;
            if (c < 0x20u || c == 0x7fu) {
                e->value = c;
                return -1;
            }
        }
        t[n].s = start;
        t[n].len = (uint32_t)(p - start);
        n++;
        if (p < end && *p == '#')
            break;
    }
    return n;
}

/* A whole field as a 32-bit number (numbers.h): 0, or the refusal. */
static int number(const tok *t, uint32_t *out, xous_boot_why *why)
{
    uint64_t v;
    switch (num_parse_n(t->s, t->len, 0xffffffffu, &v)) {
    case NUM_OK:
        *out = (uint32_t)v;
        return 0;
    case NUM_RANGE:
        *why = XB_WHY_NUMBER_RANGE;
        return -1;
    case NUM_BAD:
        break;
    }
    *why = XB_WHY_NUMBER;
    return -1;
}

/* One image line of nt fields; imgs[0..*n) hold the lines before it. */
static int image_line(const tok *t, int nt, uint32_t ln, xous_image *imgs, uint32_t *n, uint32_t cap,
                      xous_boot_error *e)
{
    static const char *const what[] = {"TEXT", "DATA", "BSS", "STACK"};
    int kernel = tok_is(&t[0], "kernel"), inie = tok_is(&t[0], "inie"), inif = tok_is(&t[0], "inif");
    if (!kernel && !inie && !inif) {
        quote(e, t[0].s, t[0].len);
        return fail(e, ln, XB_WHY_KIND);
    }
    e->kind = kernel ? XOUS_KERNEL : inie ? XOUS_INIE : XOUS_INIF;
    int want = kernel ? 4 : 6;
    if (nt < want)
        return fail(e, ln, XB_WHY_MISSING);
    if (nt > want) {
        quote(e, t[want].s, t[want].len);
        return fail(e, ln, XB_WHY_EXTRA);
    }
    if (kernel && *n > 0)
        return fail(e, ln, XB_WHY_KERNEL_TWICE);
    if (!kernel && *n == 0)
        return fail(e, ln, XB_WHY_KERNEL_LATE);
    if (inie && imgs[*n - 1u].kind == XOUS_INIF)
        return fail(e, ln, XB_WHY_INIE_AFTER_INIF);
    if (*n == cap) {
        e->value = cap > 0 ? cap - 1u : 0u;
        return fail(e, ln, XB_WHY_TOO_MANY);
    }
    tok name = kernel ? (tok){"kernel", 6u} : t[1];
    if (name.len >= XOUS_NAME_MAX)
        return fail(e, ln, XB_WHY_NAME_LONG);
    for (uint32_t i = 0; i < name.len; i++)
        if ((unsigned char)name.s[i] <= 0x20u || (unsigned char)name.s[i] >= 0x7fu) {
            quote(e, name.s, name.len);
            return fail(e, ln, XB_WHY_NAME_CHAR);
        }
    xous_image im = {{0}, e->kind, 0, 0, 0, 0, 0};
    uint32_t *field[4] = {&im.text, &im.data, &im.bss, &im.stack};
    int first = kernel ? 1 : 2, count = kernel ? 3 : 4;
    for (int i = 0; i < count; i++) {
        xous_boot_why why;
        e->field = what[i];
        if (number(&t[first + i], field[i], &why) != 0) {
            quote(e, t[first + i].s, t[first + i].len);
            return fail(e, ln, why);
        }
        if (!kernel && *field[i] > 0x00ffffffu) {
            e->value = *field[i];
            return fail(e, ln, XB_WHY_SECTION_SIZE);
        }
    }
    for (uint32_t i = 0; i < name.len; i++)
        im.name[i] = name.s[i];
    imgs[(*n)++] = im;
    return 0;
}

int xous_boot_read(const char *text, size_t len, xous_image *imgs, uint32_t max,
                   xous_boot_error *e)
{
    uint32_t cap = max < XOUS_BOOT_MAX_IMAGES ? max : XOUS_BOOT_MAX_IMAGES;
    uint32_t n = 0, ln = 0;
    e->kind = XOUS_KERNEL;
    e->value = 0;
    e->field = "";
    e->quote[0] = '\0';
    if (len == 0)
        return fail(e, 1, XB_WHY_EMPTY);
    for (size_t at = 0; at < len;) {
        const char *line = text + at;
        size_t k = 0;
        ln++;
        for (; at + k < len && line[k] != '\n'; k++) {
            if (line[k] == '\0')
                return fail(e, ln, XB_WHY_NUL);
            if (k == XOUS_BOOT_LINE_MAX)
                return fail(e, ln, XB_WHY_TOO_LONG);
        }
        at += k + (at + k < len); /* past the newline, if there is one */
        tok t[MAX_FIELDS + 1];
        int nt = split(line, line + k, t, e);
        if (nt < 0)
            return fail(e, ln, XB_WHY_CONTROL);
        if (nt > 0 && image_line(t, nt, ln, imgs, &n, cap, e) != 0)
            return -1;
    }
    if (n == 0)
        return fail(e, ln, XB_WHY_NO_KERNEL);
    return (int)n;
}

/* ---- the reason as a sentence ---- */

static void put_quoted(sentence *s, const char *q)
{
    sn_put(s, "'");
    sn_put(s, q);
    sn_put(s, "'");
}

size_t xous_boot_error_text(const xous_boot_error *e, char *buf, size_t n)
{
    static const char *const form[] = {"'kernel TEXT DATA BSS'", "'inie NAME TEXT DATA BSS STACK'",
                                       "'inif NAME TEXT DATA BSS STACK'"};
    const char *expected = form[e->kind <= XOUS_INIF ? e->kind : 0u];
    sentence s = sn_start(buf, n);
    switch ((xous_boot_why)e->why) {
    case XB_WHY_EMPTY: sn_put(&s, "empty file"); break;
    case XB_WHY_NO_KERNEL: sn_put(&s, "no kernel line"); break;
    case XB_WHY_TOO_LONG:
        sn_put(&s, "line longer than ");
        sn_dec(&s, XOUS_BOOT_LINE_MAX);
        sn_put(&s, " characters");
        break;
    case XB_WHY_NUL: sn_put(&s, "binary file (NUL byte)"); break;
    case XB_WHY_CONTROL:
        sn_put(&s, "control character ");
        sn_hex(&s, e->value, 2);
        break;
    case XB_WHY_KIND:
        sn_put(&s, "unknown image kind ");
        put_quoted(&s, e->quote);
        sn_put(&s, " (kernel, inie or inif)");
        break;
    case XB_WHY_MISSING:
        sn_put(&s, "missing field: expected ");
        sn_put(&s, expected);
        break;
    case XB_WHY_EXTRA:
        sn_put(&s, "extra field ");
        put_quoted(&s, e->quote);
        sn_put(&s, ": expected ");
        sn_put(&s, expected);
        break;
    case XB_WHY_KERNEL_LATE: sn_put(&s, "the kernel line must come before the inits"); break;
    case XB_WHY_KERNEL_TWICE: sn_put(&s, "a second kernel line"); break;
    case XB_WHY_INIE_AFTER_INIF:
        sn_put(&s, "an inie after an inif (xous-create-image writes every IniE first)");
        break;
    case XB_WHY_TOO_MANY:
        sn_put(&s, "more than ");
        sn_dec(&s, e->value);
        sn_put(&s, e->value + 1u == XOUS_BOOT_MAX_IMAGES ? " inits (PIDs end at 255)"
                                                            : " inits (the most this reader takes)");
        break;
    case XB_WHY_NAME_LONG:
        sn_put(&s, "name longer than ");
        sn_dec(&s, XOUS_NAME_MAX - 1u);
        sn_put(&s, " characters");
        break;
    case XB_WHY_NAME_CHAR:
        sn_put(&s, "name ");
        put_quoted(&s, e->quote);
        sn_put(&s, " has a character outside printable ASCII");
        break;
    case XB_WHY_NUMBER:
        sn_put(&s, "malformed number ");
        put_quoted(&s, e->quote);
        sn_put(&s, " for ");
        sn_put(&s, e->field);
        sn_put(&s, " (decimal or 0x hex)");
        break;
    case XB_WHY_NUMBER_RANGE:
        sn_put(&s, e->field);
        sn_put(&s, " ");
        put_quoted(&s, e->quote);
        sn_put(&s, " does not fit in 32 bits");
        break;
    case XB_WHY_SECTION_SIZE:
        sn_put(&s, e->field);
        sn_put(&s, " ");
        sn_dec(&s, e->value);
        sn_put(&s, " is 16 MiB or more: a section's size has 24 bits");
        break;
    default: sn_put(&s, "refused"); break;
    }
    return sn_end(&s);
}

int xous_boot_parse(char *text, xous_image *imgs, uint32_t max, uint32_t *line)
{
    size_t len = 0;
    while (text[len] != '\0')
        len++;
    xous_boot_error e;
    int n = xous_boot_read(text, len, imgs, max, &e);
    if (n < 0 && line != NULL)
        *line = e.line;
    return n;
}
