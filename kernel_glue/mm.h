/*
 * mm.h - a Xous-style memory manager on one ownership design, chosen at
 * compile time (-DOWN_DIRECT=<design>): every call below is a direct call into
 * that design, no registry, no function pointers.
 *
 * On top of the table it adds what the kernel needs and the table does not
 * know: lending (a page lent out stays its owner's, and cannot be released or
 * moved until it comes back; if the owner dies meanwhile the page goes to the
 * kernel, PID 1, so the borrower's mapping never points at a reusable page),
 * a next-fit allocation cursor, and the per-process RAM totals.
 */
#ifndef OWNLAB_MM_H
#define OWNLAB_MM_H
#include "ownership.h"
#include "bootargs.h"

#define MM_MAX_LENDS 64u

/* Parses the boot arguments and builds the table in `storage`; NULL on
 * success, else why boot must stop. */
const char *mm_init(const uint32_t *args, uint32_t words, void *storage, size_t bytes);
size_t mm_reserved(void);
const bootargs_map *mm_map(void);

own_err mm_owner(uint32_t addr, uint32_t *pid);
own_err mm_claim(uint32_t addr, uint32_t pid);
own_err mm_release(uint32_t addr, uint32_t pid);
own_err mm_move(uint32_t addr, uint32_t from, uint32_t to);
own_err mm_map_range(uint32_t addr, uint32_t pages, uint32_t pid);
own_err mm_lend(uint32_t addr, uint32_t lender, uint32_t borrower);
own_err mm_return(uint32_t addr, uint32_t borrower);
own_err mm_alloc_page(uint32_t pid, uint32_t *addr);
/* Frees everything `pid` owns (lent-out pages go to the kernel instead) and
 * forgets what it borrowed.  Returns the pages freed. */
uint32_t mm_release_all_memory_for_process(uint32_t pid);
/* Main-RAM pages `pid` owns. */
uint32_t mm_ram_used_by(uint32_t pid);
uint32_t mm_lends(void);
#endif
