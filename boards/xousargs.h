/*
 * xousargs.h - reading a Xous argument block: the whitelist (main RAM and
 * the MREx regions) and, for a loader, the kernel and the initial processes.
 *
 * Why a parser of its own, and why built like this.  The block is what Xous's
 * image tool writes and what its loader and kernel walk at boot; here it is a
 * third source of the whitelist beside map files and SVDs, and the kernel
 * glue reads the very same bytes at boot.  So this file is kernel-grade: no
 * allocation, no I/O, no recursion, every loop bounded by the block's length,
 * 32-bit clean, and it reads the buffer a byte at a time (little-endian), so
 * the block may sit at any alignment, as a file read into a byte array does.
 * Views into the caller's buffer are kept, nothing is copied: the struct
 * holds byte offsets, and small accessors decode an entry on demand.
 *
 * The format, as xous-core writes and reads it (citations are file:line in
 * xous-core; nothing of its code is copied):
 *
 *  - A block is a run of tags.  A tag is an 8-byte header then its data:
 *    name (4 ASCII bytes, read as a little-endian u32: "XArg" =
 *    0x67724158), CRC-16/X-25 of the data only (u16 LE), the data's length
 *    in 32-bit words (u16 LE).  tools/src/xous_arguments.rs:124-129 and
 *    :153-159 write it; loader/src/args.rs:16-25 and kernel/src/args.rs:39-43
 *    read it.  The CRC covers the data alone, never the header
 *    (xous_arguments.rs:126,156; tools/src/bin/xous-read-tags.rs:42-52
 *    checks it so).  Xous's loader and kernel never check CRCs; we do.
 *  - The first tag is XArg, 5 words (xous_arguments.rs:109-115; the loader
 *    refuses any other size, loader/src/main.rs:765): the whole block's
 *    length in words, the version (1; kernel/src/mem.rs:204 asserts it),
 *    main RAM's start, length and name.  The length counts every tag's header
 *    and data, XArg's own included, and nothing after: the payloads (program
 *    images) that follow the tags are outside it (xous_arguments.rs:212-218,
 *    :111; the kernel walks tags while offset < 4 * that length,
 *    kernel/src/args.rs:29,51).  So a file may be longer than the block.
 *  - Names of regions are 4-character tags packed the same way: Xous's
 *    make_name maps a few LiteX names to fixed tags ("sram_ext" -> "SrEx",
 *    "csr" -> "CSRs", ...) and otherwise takes the lower-cased name's first
 *    four characters padded with spaces (tools/src/tags/memory.rs:59-76).
 *  - MREx: the other regions, 4 words each: start, length, name, 0
 *    (tools/src/tags/memory.rs:103-113); the kernel takes it as an array of
 *    16-byte records (kernel/src/mem.rs:212-224) and asserts it appears once.
 *  - XKrn: 7 words: load offset (of the kernel's bytes in the image), text
 *    vaddr, text size, data vaddr, data size, bss size, entry point
 *    (tools/src/tags/xkrn.rs:97-106); the loader asserts its size and that it
 *    appears once (loader/src/main.rs:797-800).
 *  - IniE / IniF: an initial process loaded into RAM / executed in place from
 *    flash: load offset, entry point, then 2 words per section: vaddr, and
 *    size in the low 24 bits with flags in the top byte (inie.rs:69-79,
 *    inif.rs:80-108; loader/src/minielf.rs:26-49 splits the word).  Flags:
 *    W 1, NOCOPY 2 (no bytes in the image: bss), X 4, EH_FRAME 8, EH_HEADER
 *    0x10 (tools/src/elf.rs:15-23).  An IniE is copied to RAM whole; an IniF
 *    copies only its writable sections (loader/src/phase1.rs:534).
 *  - PIDs: 1 is the kernel; IniE/IniF tags get 2, 3, ... in block order (the
 *    image tool numbers --init then --inif, and writes the tags in that
 *    order, xous-create-image.rs:429-462; the loader counts them so,
 *    phase1.rs:502-508).  PNam holds names: per record, pid, byte
 *    length, the bytes, zero padding to a word (tools/src/tags/pnam.rs:44-57).
 *  - Stacks are not in any Xous tag: the loader reserves STACK_PAGE_COUNT
 *    = 8 pages (loader/src/main.rs:110) below USER_STACK_TOP - 16
 *    (loader/src/consts.rs:3-4) for every process, backs the first with a
 *    page of its own and leaves the other seven to fault in
 *    (minielf.rs:172-201).  A section there as well would map a page twice,
 *    which BootConfig::map_page refuses (bootconfig.rs:343-350), so neither
 *    this project's writer (xousblock.h) nor any real image has one, and
 *    xa_init_sizes() answers the loader's 8 pages for every process.
 *
 * What is refused (with the byte offset of the offending field): an empty
 * block, a truncated tag header, no leading XArg, XArg not 5 words, a bad CRC,
 * a version other than 1, a declared length shorter than XArg or longer than
 * the buffer, a tag running past the declared length, a second XArg, MREx or
 * XKrn (Xous asserts on the last two), an MREx not a multiple of 4 words, a
 * region of main RAM of length 0 or one running past 2^32, XKrn not 7 words,
 * an IniE/IniF shorter than 2 words or with half a section, more initial
 * processes than PIDs (254), a PNam record running past its tag.  Other tags
 * (Bflg, Swap, IniS, unknown ones) are skipped, but must fit and match
 * their CRC.
 */
#ifndef OWNLAB_XOUSARGS_H
#define OWNLAB_XOUSARGS_H
#include <stddef.h>
#include <stdint.h>

#include "normalise.h"

/* A tag name as Xous packs it: the four bytes, little-endian. */
#define XA_FOURCC(a, b, c, d)                                                        \
    ((uint32_t)(uint8_t)(a) | (uint32_t)(uint8_t)(b) << 8 |                          \
     (uint32_t)(uint8_t)(c) << 16 | (uint32_t)(uint8_t)(d) << 24)
#define XA_TAG_XARG XA_FOURCC('X', 'A', 'r', 'g')
#define XA_TAG_MREX XA_FOURCC('M', 'R', 'E', 'x')
#define XA_TAG_XKRN XA_FOURCC('X', 'K', 'r', 'n')
#define XA_TAG_INIE XA_FOURCC('I', 'n', 'i', 'E')
#define XA_TAG_INIF XA_FOURCC('I', 'n', 'i', 'F')
#define XA_TAG_PNAM XA_FOURCC('P', 'N', 'a', 'm')
#define XA_TAG_BFLG XA_FOURCC('B', 'f', 'l', 'g')

#define XA_HEADER_BYTES 8u
#define XA_XARG_WORDS 5u
#define XA_VERSION 1u
#define XA_MREX_WORDS 4u   /* per region */
#define XA_XKRN_WORDS 7u
#define XA_INIT_WORDS 2u   /* before the sections */
#define XA_SECTION_WORDS 2u
#define XA_MAX_INITS 254u  /* PIDs 2..255 */
#define XA_FIRST_PID 2u

/* Section flags (tools/src/elf.rs:15-23, loader/src/minielf.rs:16-24). */
#define XA_FLG_W 0x01u
#define XA_FLG_NOCOPY 0x02u
#define XA_FLG_X 0x04u
#define XA_FLG_EH_FRAME 0x08u
#define XA_FLG_EH_HEADER 0x10u
#define XA_SECTION_SIZE_MASK 0x00ffffffu

/* Xous's user stack: its top, and the pages the loader reserves for every
 * process (loader/src/consts.rs:3, main.rs:110, minielf.rs:172-201). */
#define XA_DEFAULT_STACK_BYTES (8u * 4096u)

/* Longest text xa_fourcc_text() writes, NUL included ("0x12345678"). */
#define XA_NAME_MAX 11u

typedef enum xa_err {
    XA_OK = 0,
    XA_EMPTY,          /* no bytes at all */
    XA_SHORT_HEADER,   /* fewer than 8 bytes where a tag header should be */
    XA_NO_XARG,        /* the first tag is not XArg */
    XA_XARG_SIZE,      /* XArg's data is not 5 words */
    XA_PAST_END,       /* a tag's data runs past the buffer or the declared length */
    XA_BAD_CRC,        /* the CRC does not match the data */
    XA_BAD_VERSION,    /* XArg version is not 1 */
    XA_BAD_LENGTH,     /* XArg's block length is shorter than XArg or longer than the buffer */
    XA_DUPLICATE,      /* a second XArg, MREx or XKrn */
    XA_MREX_RAGGED,    /* MREx length not a multiple of 4 words */
    XA_RAM_EMPTY,      /* main RAM of length 0 */
    XA_PAST_4GIB,      /* a region (main RAM or MREx) runs past 2^32 */
    XA_XKRN_SIZE,      /* XKrn is not 7 words */
    XA_INIT_SHAPE,     /* IniE/IniF shorter than 2 words or with half a section */
    XA_TOO_MANY_INITS, /* more IniE/IniF tags than PIDs */
    XA_PNAM_RAGGED,    /* a PNam record runs past its tag */
    XA_ERR_COUNT
} xa_err;

/* Why a block was refused: where (byte offset of the offending field from
 * the start of the buffer), what, and the numbers the message quotes. */
typedef struct xa_error {
    xa_err code;
    uint32_t offset;
    uint32_t tag;      /* the tag concerned (fourcc), 0 if none */
    uint32_t found;    /* the value found (a length, a CRC, a version...) */
    uint32_t expected; /* what was wanted, or a limit */
} xa_error;

/* A region as the block states it: bytes, a 4-character name. */
typedef struct xa_region {
    uint32_t start;
    uint32_t length;
    uint32_t name; /* fourcc */
} xa_region;

/* XKrn, field for field (tools/src/tags/xkrn.rs:97-106). */
typedef struct xa_kernel {
    uint32_t load_offset; /* of the kernel's bytes in the image */
    uint32_t text_vaddr;
    uint32_t text_size;
    uint32_t data_vaddr;
    uint32_t data_size;
    uint32_t bss_size;
    uint32_t entrypoint;
} xa_kernel;

/* One IniE or IniF (tools/src/tags/inie.rs:69-79, inif.rs:80-108). */
typedef struct xa_init {
    uint32_t tag;         /* XA_TAG_INIE or XA_TAG_INIF */
    uint32_t pid;         /* 2 + its place among the IniE/IniF tags */
    uint32_t load_offset; /* of its bytes in the image */
    uint32_t entrypoint;
    uint32_t sections;    /* how many */
    uint32_t at;          /* byte offset of its first section record */
    const char *name;     /* from PNam (not NUL-terminated), NULL if none */
    uint32_t name_len;
} xa_init;

typedef struct xa_section {
    uint32_t vaddr;
    uint32_t size;  /* bytes, 24 bits */
    uint32_t flags; /* XA_FLG_* */
} xa_section;

/* What a loader needs to place a process: bytes of each kind, and how many
 * of them live in RAM (an IniF runs its text from flash). */
typedef struct xa_sizes {
    uint32_t text;  /* sections without W (code, read-only data) */
    uint32_t data;  /* W sections with bytes in the image */
    uint32_t bss;   /* W|NOCOPY sections */
    uint32_t stack; /* XA_DEFAULT_STACK_BYTES: the loader's, not the block's */
    uint64_t ram;   /* IniE: all four; IniF: data + bss + stack */
} xa_sizes;

typedef struct xous_args {
    const uint8_t *block;  /* the caller's buffer: every view points into it */
    uint32_t bytes;        /* the block's length as XArg declares it */
    uint32_t tags;         /* tags in the block, XArg included */
    xa_region ram;         /* XArg words 2..4 */
    uint32_t mrex_at;      /* byte offset of MREx's data (0: no MREx) */
    uint32_t mrex_count;   /* regions in MREx */
    int has_kernel;
    xa_kernel kernel;
    int has_bflg;
    uint32_t bflg;         /* Bflg word 0 (loader/src/main.rs:786-796) */
    uint32_t pnam_at;      /* byte offset of PNam's data (0: none) */
    uint32_t pnam_bytes;
    uint32_t init_count;
    uint32_t init_at[XA_MAX_INITS]; /* byte offset of each IniE/IniF header */
} xous_args;

/* Parses len bytes at buf (any alignment).  XA_OK and *out filled, or the
 * refusal in *err (out is then unusable).  The buffer must outlive *out. */
xa_err xa_parse(const void *buf, size_t len, xous_args *out, xa_error *err);

/* The reason as a sentence, numbers included ("bad CRC 0x1234 for tag
 * 'MREx' (its data gives 0x5678)"); at most n bytes, NUL-terminated.  Returns
 * the length written.  No stdio: usable in the kernel. */
size_t xa_error_text(const xa_error *e, char *buf, size_t n);

/* The i-th MREx region (i < mrex_count). */
xa_region xa_region_get(const xous_args *a, uint32_t i);

/* The i-th IniE/IniF (i < init_count), name looked up in PNam. */
xa_init xa_init_get(const xous_args *a, uint32_t i);

/* Section j of an init (j < p->sections). */
xa_section xa_section_get(const xous_args *a, const xa_init *p, uint32_t j);

/* text/data/bss/stack bytes of a process, and how much of it is in RAM. */
xa_sizes xa_init_sizes(const xous_args *a, const xa_init *p);

/* The name PNam gives a PID: 1 and *name, *len set, or 0 if none. */
int xa_process_name(const xous_args *a, uint32_t pid, const char **name, uint32_t *len);

/* A fourcc as text: its characters with trailing spaces and NULs dropped
 * when all are printable ASCII other than space and '#'; otherwise (or when
 * nothing is left) "0x" and 8 hex digits.  buf holds XA_NAME_MAX bytes. */
void xa_fourcc_text(uint32_t fourcc, char buf[XA_NAME_MAX]);

/* The whitelist as the normaliser's input: main RAM first (marked ram), then
 * each MREx region, named by xa_fourcc_text().  Writes at most max entries
 * and returns how many the block has (1 + mrex_count). */
uint32_t xa_to_raw(const xous_args *a, raw_region *out, uint32_t max);

/* CRC-16/X-25 (poly 0x1021 reflected, init and xorout 0xffff), the CRC Xous
 * puts in every tag header; "123456789" gives 0x906e. */
uint16_t xa_crc16(const void *data, size_t len);

/* Little-endian reads at any alignment. */
static inline uint32_t xa_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint32_t xa_le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
#endif
