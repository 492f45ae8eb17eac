/*
 * xous_fixed.c - today's Xous kernel tables with the allocation cursor Xous
 * had before 2023 restored, and nothing else changed: one of the two small
 * fixes a maintainer could make (xous_hint.c is the other).
 *
 * mem.rs's alloc_page (mem.rs:340) starts its search at
 * `self.last_ram_page.max(end_point)`, which is always end_point, so the
 * cursor it keeps is never read and every alloc scans from RAM's first page
 * (see xous_tables.h).  That line arrived in xous-core e44d009b8
 * (2023-12-29, "kernel: mem: add function for verifying mappings"), replacing
 * `let starting_point = self.last_ram_page;`.  This design is that earlier
 * line: a next-fit that resumes where the last search ended and wraps once.
 * It is a revert, and a change of placement, not only of speed: pages land
 * further up RAM, a freed IPC page does not come straight back (so it is no
 * longer the one still in the cache), and free pages are scattered rather
 * than packed at the top, which matters to anyone wanting a contiguous run
 * later (mem.rs:671-686's DEV runs).  Built from the same xous_tables.h as
 * xous.c, so any gap between the two in the results is the cursor's alone.
 */
#include "xous_tables.h"

XOUS_TABLES_DESIGN(xous_fixed, XT_NEXT_FIT);
