/*
 * xous_fixed.c - today's Xous kernel tables with the one-line fix to their
 * allocation cursor, and nothing else changed: the fair baseline.
 *
 * mem.rs's alloc_page (mem.rs:340) starts its search at
 * `self.last_ram_page.max(end_point)`, which is always end_point, so the
 * cursor it keeps is never read and every alloc scans from RAM's first page
 * (see xous_tables.h).  min() was meant: the search then starts where the
 * last one ended and wraps once, a next-fit that really resumes.  This
 * design is xous.c with that min(), built from the same xous_tables.h, so any
 * gap between the two in the results is the cursor's alone, and a design
 * that beats xous only by the cursor does not beat xous_fixed.
 */
#include "xous_tables.h"

XOUS_TABLES_DESIGN(xous_fixed, 1);
