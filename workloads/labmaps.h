/*
 * labmaps.h - the maps every test and benchmark runs on: the boards of
 * the boards/ map files (compiled in through the generated boards.h, so that RV32
 * builds, which read no files, see exactly the same maps), then a few made
 * here to stress what the boards do not (see labmaps.c).
 */
#ifndef OWNLAB_LABMAPS_H
#define OWNLAB_LABMAPS_H
#include <stdint.h>
#include "normalise.h"

uint32_t lab_map_count(void);
const char *lab_map_name(uint32_t i);
/* Normalises map i into *out; 0 on success. */
int lab_map_build(uint32_t i, norm_map *out);
/* Index of the map called name, or lab_map_count() if there is none. */
uint32_t lab_map_find(const char *name);
#endif
