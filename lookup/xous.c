/*
 * xous.c - today's Xous kernel tables as they are: the baseline.
 *
 * The tables, and why each is rendered the way it is, are in xous_tables.h,
 * shared with xous_fixed.c and xous_hint.c.  This design reads the allocation cursor the way
 * mem.rs's alloc_page does (mem.rs:340, `self.last_ram_page.max(end_point)`):
 * the max() is always end_point, so every alloc is a first-fit scan from
 * main RAM's first page, past every page already taken.  It is kept so, bug
 * and all, because it is what a Xous kernel pays today.  xous_fixed and
 * xous_hint are the same tables with the two smallest fixes a maintainer
 * could make to that one line; every gain is stated against the best of the
 * three.
 */
#include "xous_tables.h"

XOUS_TABLES_DESIGN(xous, XT_AS_WRITTEN);
