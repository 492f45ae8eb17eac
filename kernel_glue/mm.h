/*
 * mm.h - a Xous-style memory manager on one ownership design, chosen at
 * compile time (-DOWN_DIRECT=<design>): every call below is a direct call into
 * that design, no registry, no function pointers.
 *
 * Ownership is the design's alone: allocation is its `alloc`, totals its
 * `count`, a loader's placement its `claim_range`, a process's death its
 * `release_all`, so the kernel runs the very code the benchmarks measured.
 * On top of the table the manager adds the one thing the table does not know:
 * lending.  A lent page stays its lender's and cannot be released or moved
 * until it comes back.  If the lender dies meanwhile, the page goes to the
 * kernel (PID 1), as Xous intends (kernel/src/mem.rs:1066-1081: "reparent
 * it to PID 1 so it will get freed when it is returned"), so the borrower's
 * mapping never points at a page somebody else could be given; and when the
 * borrower returns it, or dies, the page is freed.  What Xous does, read
 * from its source (not run): release_all_memory_for_process asks
 * page_is_lent about the page's *physical* address (mem.rs:1074-1075), which
 * page_is_lent looks up as a *virtual* one in the active space
 * (arch/riscv/mem.rs:850-854), so the lent page is most likely freed, not
 * reparented, while the borrower still maps it; and the borrower's return
 * to the dead lender fails in get_process (services.rs:513-522, reached at
 * :1634), before any page moves -- the empty `if dest_pid.get() == 1 {}` at
 * services.rs:1624 is not where it goes wrong.
 *
 * Every operation answers in the contract's error names, checked in the
 * contract's order (PID, alignment, whitelist, ownership).
 */
#ifndef OWNLAB_MM_H
#define OWNLAB_MM_H
#include "ownership.h"

/* Bytes of storage mm_init needs for `map`: the design's own reserve plus
 * the lending table (one byte per whitelisted page and four per region);
 * 0 if the map is not a valid whitelist. */
size_t mm_reserve(const own_map *map);

/* Builds the table and an empty lending table in `storage` (aligned to
 * OWN_STORAGE_ALIGN).  The map must stay valid while the manager lives and
 * list its regions in address order, as the loaders' normalising leaves
 * them.  NULL on success, else why boot must stop. */
const char *mm_init(const own_map *map, void *storage, size_t bytes);
size_t mm_reserved(void);

own_err mm_owner(uint32_t addr, uint32_t *pid);
own_err mm_claim(uint32_t addr, uint32_t pid);
own_err mm_release(uint32_t addr, uint32_t pid);
own_err mm_move(uint32_t addr, uint32_t from, uint32_t to);
own_err mm_map_range(uint32_t addr, uint32_t pages, uint32_t pid);
own_err mm_alloc_page(uint32_t pid, uint32_t *addr);
/* Pages `pid` owns anywhere in the whitelist (0: free whitelisted pages). */
own_err mm_count(uint32_t pid, uint32_t *pages);

/* Lends a page its owner holds to another process.  Lender and borrower are
 * processes (2..255, not the same): in Xous lending is a message a process
 * sends, and the kernel, PID 1, sends none, which is what lets a page held by
 * PID 1 while lent mean "its lender died".  Then alignment, whitelist, and
 * MemoryInUse unless `lender` owns the page and has not lent it already. */
own_err mm_lend(uint32_t addr, uint32_t lender, uint32_t borrower);
/* The borrower gives the page back.  BadAddress for a whitelisted page that
 * is not lent, MemoryInUse if it is lent to someone else.  A page whose
 * lender died is freed here. */
own_err mm_return(uint32_t addr, uint32_t borrower);
/* A process dies: what it borrowed goes home (or is freed, if its lender
 * died too), what it lent goes to the kernel until returned, everything else
 * it owns is freed.  *freed: pages that became free.  BadPid for 0, 256 and
 * for the kernel, which does not die. */
own_err mm_release_all_memory_for_process(uint32_t pid, uint32_t *freed);
/* Pages out on loan now. */
uint32_t mm_lends(void);
#endif
