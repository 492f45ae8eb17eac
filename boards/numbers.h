/*
 * numbers.h - the number syntax of map, trace and boot description files:
 * decimal digits, or 0x / 0X and hex digits; no sign, no spaces, no suffix.
 *
 * Why a file of its own: the tool's line readers (lines.c, host I/O) and
 * the boot description parser (bootdesc.c, pure C that builds for RV32)
 * must read numbers alike, and only a file with no I/O can serve both.
 */
#ifndef OWNLAB_NUMBERS_H
#define OWNLAB_NUMBERS_H
#include <stddef.h>
#include <stdint.h>

typedef enum num_status { NUM_OK, NUM_BAD, NUM_RANGE } num_status;

/* Parses the len bytes at s, a whole field, as a number no larger than max.
 * A bad digit anywhere is NUM_BAD, even after an overflow. */
num_status num_parse_n(const char *s, size_t len, uint64_t max, uint64_t *out);

/* The same over a NUL-terminated field. */
num_status num_parse(const char *s, uint64_t max, uint64_t *out);
#endif
