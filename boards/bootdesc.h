/*
 * bootdesc.h - the boot description: which images a Xous board boots, and
 * the one parser of its text.
 *
 * Why one parser here.  Three users read the same files
 * (workloads/boot/<board>.boot): the block writer behind `ownlab
 * xous-block` (boards/xousblock.c), the trace generator (workloads/), and
 * the kernel glue's tests.  Two parsers of one format drift apart (they
 * did: different name limits, one refused 16 MiB sections and the other
 * did not), so there is one, in the lowest layer all of them reach.  It is
 * pure C, like xousargs.c: no allocation, no stdio, no recursion, bounded
 * loops, the input read and never written, so it builds for RV32 beside the
 * kernel glue.  It says why it refused a line as a code plus the line, the
 * field and the offending token; xous_boot_error_text() turns that into the
 * sentence the tool prints after `FILE:LINE: `.
 *
 * Format: one image a line, sizes in bytes, decimal or 0x hex, and the text
 * rules of map and trace files (lines.h: '#' comments, blank lines, fields
 * separated by spaces or tabs, '\r' a separator, lines of at most 1024
 * characters, no NUL byte, no other control character outside comments):
 *     kernel TEXT DATA BSS                      exactly one, before any init
 *     inie NAME TEXT DATA BSS STACK             a process copied to RAM
 *     inif NAME TEXT DATA BSS STACK             runs its text from flash
 * Init lines are PIDs 2, 3, ... in order; every inie comes before every inif
 * (xous-create-image writes every IniE tag before any IniF,
 * tools/src/bin/xous-create-image.rs:428-463, so PIDs follow the lines).
 * NAME is 1..63 printable ASCII characters.  An init's TEXT, DATA, BSS and
 * STACK are each below 16 MiB (a MiniElf section's size has 24 bits,
 * loader/src/minielf.rs:26-49).
 *
 * STACK is the process's stack as the boot model grows it by faults (the
 * trace generator's input); it is not a section of the block.  Xous's tags
 * carry no stack: the loader reserves STACK_PAGE_COUNT = 8 pages below
 * USER_STACK_TOP for every process and backs only the first
 * (loader/src/main.rs:110, minielf.rs:172-201), so the block writer leaves
 * STACK out and a block read back reports the loader's 8 pages
 * (xa_init_sizes()).
 */
#ifndef OWNLAB_BOOTDESC_H
#define OWNLAB_BOOTDESC_H
#include <stddef.h>
#include <stdint.h>

#define XOUS_NAME_MAX 64u          /* an image's name and its NUL */
#define XOUS_BOOT_MAX_IMAGES 255u  /* the kernel and 254 inits: PIDs 1..255 */
#define XOUS_BOOT_LINE_MAX 1024u   /* characters, as lines.h's TOOL_LINE_MAX */
#define XOUS_BOOT_QUOTE_MAX 44u    /* a token quoted in a reason: 40 + "..." + NUL */

typedef enum xous_kind {
    XOUS_KERNEL, /* XKrn: text, then data+bss, copied to RAM */
    XOUS_INIE,   /* IniE: every section copied to RAM */
    XOUS_INIF    /* IniF: text executes in place, data+bss copied to RAM */
} xous_kind;

/* One image of a boot.  Sizes in bytes. */
typedef struct xous_image {
    char name[XOUS_NAME_MAX];
    uint32_t kind; /* xous_kind */
    uint32_t text, data, bss, stack; /* stack 0 for the kernel */
    /* IniF only: physical address (flash) of the text's first byte, which
     * the loader maps in place (minielf.rs:95, :312-356).  Not in the
     * description: the parser leaves it 0, the glue sets it from the tag's
     * load offset, the trace generator from its layout model. */
    uint32_t flash_text;
} xous_image;

typedef enum xous_boot_why {
    XB_WHY_EMPTY,         /* a file of 0 bytes */
    XB_WHY_NO_KERNEL,     /* no image line at all */
    XB_WHY_TOO_LONG,      /* a line past XOUS_BOOT_LINE_MAX */
    XB_WHY_NUL,           /* a NUL byte: a binary file */
    XB_WHY_CONTROL,       /* a control character outside a comment (value) */
    XB_WHY_KIND,          /* not kernel, inie or inif (quote) */
    XB_WHY_MISSING,       /* too few fields for the kind */
    XB_WHY_EXTRA,         /* too many fields (quote: the first extra one) */
    XB_WHY_KERNEL_LATE,   /* an init before the kernel line */
    XB_WHY_KERNEL_TWICE,  /* a second kernel line */
    XB_WHY_INIE_AFTER_INIF,
    XB_WHY_TOO_MANY,      /* more inits than the caller takes (value: that many) */
    XB_WHY_NAME_LONG,     /* a name of XOUS_NAME_MAX characters or more */
    XB_WHY_NAME_CHAR,     /* a name with a character outside printable ASCII (quote) */
    XB_WHY_NUMBER,        /* a malformed number (quote, field) */
    XB_WHY_NUMBER_RANGE,  /* a number past 32 bits (quote, field) */
    XB_WHY_SECTION_SIZE   /* an init's size of 16 MiB or more (field, value) */
} xous_boot_why;

/* Why a description was refused, and where. */
typedef struct xous_boot_error {
    uint32_t line;    /* 1-based */
    uint32_t why;     /* xous_boot_why */
    uint32_t kind;    /* the line's xous_kind, for the expected form */
    uint32_t value;   /* the number the reason quotes */
    const char *field; /* "TEXT", "DATA", "BSS" or "STACK" (static) */
    char quote[XOUS_BOOT_QUOTE_MAX]; /* the offending token, cut at 40 characters */
} xous_boot_error;

/* Parses len bytes of a boot description into imgs (at most max images:
 * the kernel first, then the inits in PID order).  Returns how many, or -1
 * with *e saying why.  text need not be NUL-terminated and is not changed. */
int xous_boot_read(const char *text, size_t len, xous_image *imgs, uint32_t max,
                   xous_boot_error *e);

/* The reason as a sentence ("malformed number '2k' for DATA (decimal or 0x
 * hex)"), at most n bytes, NUL-terminated; returns its length.  No stdio. */
size_t xous_boot_error_text(const xous_boot_error *e, char *buf, size_t n);

/* xous_boot_read() over a NUL-terminated text, answering only the line:
 * the form the trace generator (workloads/xoustrace.c) calls. */
int xous_boot_parse(char *text, xous_image *imgs, uint32_t max, uint32_t *line);
#endif
