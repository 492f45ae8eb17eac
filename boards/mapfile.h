/*
 * mapfile.h - loading a whitelist: the raw regions a file lists (with the
 * line each came from, for messages), and the normalised map made of them.
 *
 * Map file syntax (one region a line):
 *     NAME BASE SIZE [ram]
 * NAME is up to 47 printable characters (no spaces, no '#'); BASE and SIZE
 * are decimal or 0x hex (up to 64 bits as written; the region must end at or
 * below 2^32, exactly 2^32 is fine); the fourth field, if present, must be
 * `ram`, and exactly one line must carry it.  At most OWN_MAX_REGIONS region
 * lines.  See lines.h for comments, blanks, line length and binary files.
 */
#ifndef OWNLAB_MAPFILE_H
#define OWNLAB_MAPFILE_H
#include <stdio.h>
#include "lines.h"
#include "normalise.h"

/* A larger map file is refused: OWN_MAX_REGIONS lines of TOOL_LINE_MAX
 * characters are 4 MiB, and comments get room to spare. */
#define MAPFILE_MAX_BYTES (64u << 20)

typedef struct loaded_map {
    raw_region raw[OWN_MAX_REGIONS];
    unsigned long line[OWN_MAX_REGIONS]; /* where raw[i] was written */
    uint32_t n;
    unsigned long last_line;             /* lines in the file */
    norm_map norm;                       /* filled by a successful load */
} loaded_map;

/* 0 on success; -1 with *e filled.  The stream is read to its end or to the
 * first bad line. */
int mapfile_read(line_reader *r, loaded_map *out, tool_error *e);
int mapfile_read_path(const char *path, loaded_map *out, tool_error *e);

/* Normalises out->raw into out->norm, turning the normaliser's refusals into
 * messages on the line they concern (the loaders use this last). */
int loaded_map_normalise(loaded_map *out, tool_error *e);

/* Is this a region name the map file accepts (and the tool prints)? */
int mapfile_name_ok(const char *s);
#endif
