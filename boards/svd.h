/*
 * svd.h - the whitelist from a LiteX SVD file, read as the Xous image tool
 * (xous-core tools/src/bin/create-image.rs, over svd2utra's parser) reads it.
 *
 *  - Regions are the <memoryRegion> children of
 *    <device>/<vendorExtensions>/<memoryRegions>; each needs <name>,
 *    <baseAddress> and <size>.  Another element inside <memoryRegions> is an
 *    error, as in svd2utra.
 *  - Numbers as svd2utra's get_base(): 0x/0X hex, 0b/0B binary, a leading 0
 *    octal, else decimal; surrounding white space is ignored.
 *  - A name met twice gets "_X" appended until unique (svd2utra does so).
 *  - Main RAM is the largest region whose name contains "sram" or "ddr_ram",
 *    case-insensitive (create-image.rs lower-cases the names and keeps the
 *    first strictly larger one while walking them in name order: so of two
 *    equally large candidates the one whose lower-cased name sorts first
 *    wins).  A candidate of size 0 is never main RAM.  No candidate: error.
 *  - Unlike create-image.rs, the CSR region is taken as written (the image
 *    tool rebuilds its size from the peripherals' addresses).
 * The XML is parsed by libxml2 without network access and without expanding
 * entities; errors carry the line libxml2 or the offending element gives.
 */
#ifndef OWNLAB_SVD_H
#define OWNLAB_SVD_H
#include "mapfile.h"

#define SVD_MAX_BYTES (64u << 20) /* larger files are refused */

int svd_read_memory(const void *data, size_t len, loaded_map *out, tool_error *e);
int svd_read_path(const char *path, loaded_map *out, tool_error *e);
#endif
