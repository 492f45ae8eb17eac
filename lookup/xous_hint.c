/*
 * xous_hint.c - today's Xous kernel tables with the allocation cursor made a
 * low-water mark, and nothing else changed: the smallest fix that keeps
 * Xous's placement.
 *
 * Today's alloc_page is first-fit from RAM's first page (mem.rs:340, see
 * xous_tables.h): correct placement, paid for by a scan past every used page
 * on every alloc.  Keeping a mark below which no RAM page is free makes the
 * scan start where the first free page can be:
 *   - alloc scans from the mark and moves it past the page it hands out;
 *   - a release of a RAM page below the mark (release_page, or
 *     release_all_memory_for_process freeing its pages) lowers it there.
 * The pages handed out are first-fit's, exactly the ones `xous` hands out,
 * so the low pages a freed IPC buffer leaves are reused first, as today, and
 * only the search gets shorter.  It is a two-line change to mem.rs (the
 * cursor's meaning, and a `min` in release) with no new memory.  Built from
 * the same xous_tables.h as xous.c and xous_fixed.c.
 */
#include "xous_tables.h"

XOUS_TABLES_DESIGN(xous_hint, XT_LOW_WATER);
