/*
 * xoustrace.c - writes a family of Xous workloads, as traces of the calls
 * Xous's kernel/src/mem.rs makes, for a board or for a real argument block:
 *
 *     xoustrace --board BOARD --boot BOOTFILE --variant NAME [--seed N] [--set KNOB=V ...]
 *     xoustrace --xous BLOCK --variant NAME [--board BOARD] [--seed N] [--set KNOB=V ...]
 *     xoustrace --variants            the variants and their knobs
 *     xoustrace --self-test
 *
 * Why a generator rather than a recorded trace: no Xous device here records
 * its page-ownership calls, and a recording would pin one build's sizes.  So
 * a trace is composed from what xous-core says happens, every kind of line
 * cited to the call site that makes it (xous-core at 73c0946, Feb 2026, the
 * commit lookup/xous_tables.h renders), and, where xous-core says nothing
 * (how often, how big), from knobs whose values are estimates and say so.
 * Same inputs, same bytes.
 *
 * The rule every line obeys: it is a call mem.rs makes in normal running.
 *   alloc        alloc_page (mem.rs:335-355), reached from
 *                  ev=fault  a heap or stack page touched for the first time:
 *                            the trap (arch/riscv/irq.rs:311-314) ->
 *                            ensure_page_exists_inner (arch/riscv/mem.rs:1019-1053)
 *                  ev=pt     a page-table page for a new 4 MiB slot of a
 *                            process's address space: reserve_address
 *                            (arch/riscv/mem.rs:375-407) or map_page_inner
 *                            (arch/riscv/mem.rs:712-766, also the
 *                            destination side of a send or lend, :822-848,
 *                            :871-922)
 *                  ev=spawn  process creation's four map_zeroed_page
 *                            (arch/riscv/mem.rs:164-228, mem.rs:542-570), and
 *                            the new image's pages
 *                  ev=queue  a server's queue page, map_zeroed_page at
 *                            create_server (services.rs:1838-1845)
 *                  ev=ipc    an IPC buffer's page, touched when the client
 *                            writes it or at the send/lend's own
 *                            ensure_page_exists (services.rs:1423, 1534)
 *   claim        claim_page in map_range's loop, one per page of a
 *                map_memory with a physical address (syscall.rs:734-792 ->
 *                mem.rs:600-720, the loop at :705-706)             ev=map
 *   claim_range  only in the `batched` variant (what a mem.rs that claimed
 *                a range at once would buy), and in the `loader` phase
 *   release      release_page from unmap_page (mem.rs:774-785): per page of
 *                an unmap_memory (syscall.rs:793-806) or DecreaseHeap
 *                (syscall.rs:846-864)                                ev=unmap
 *   move         move_page (mem.rs:789-800): per page of a send
 *                (services.rs:1420-1431)                             ev=send;
 *                move_page_raw (mem.rs:806-815) for process creation's
 *                four pages (arch/riscv/mem.rs:225-228)              ev=spawn
 *   release_all  release_all_memory_for_process (mem.rs:1066), from
 *                Process::terminate (services.rs:266-274)            ev=exit
 *   count        ram_used_by (mem.rs:256-277): debug paths only
 *                (debug/shell.rs:193, syscall.rs:1312-1318, swap.rs:329,367),
 *                so only in the `debug` variant                      ev=debug
 * No `owner` line: Xous lends through its page tables (ensure_page_exists,
 * then lend_page_inner, arch/riscv/mem.rs:871-922; the return at :925-975)
 * and never asks mem.rs's table who owns a page in normal running.
 *
 * Phases, marked `# phase NAME`:
 *   loader  the loader's initial assignment (xous_loader_plan, the same code
 *           the kernel glue runs on a real block), as claim_range runs.  The
 *           loader writes the tables before the kernel runs (loader/src/
 *           phase1.rs, phase2.rs), so this phase is reported and never
 *           charged to the kernel.
 *   boot    the kernel's and the services' map_memory of devices and flash,
 *           their server queues, stacks and heaps faulting in, each process's
 *           first page tables;
 *   steady  IPC with several messages in flight, answered out of order; and,
 *           by variant, apps launched and exiting, drivers remapping their
 *           windows, heap given back (DecreaseHeap) and regrown, usage sweeps;
 *   exit    every app still running exits (release_all).
 *
 * Each line's trailing comment carries `ev=KIND` (above), after an alloc
 * slot if it has one: `alloc PID # @K ev=ipc` keeps the page that alloc
 * returned in slot K, and a later line naming that page carries `# @K`
 * (workloads/trace.h), its literal address being the page Xous's first-fit
 * alloc_page would have returned (the generator follows first-fit in its own
 * view of main RAM): a plain replay (ownlab replay, which ignores comments)
 * is exactly Xous's on the `xous` design, and a replay honouring slots gives
 * every design its own alloc's pages, so every answer but alloc's page
 * agrees across designs.  Pages no later line names (faults, page tables)
 * carry no slot.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "boards.h"
#include "labmaps.h"
#include "rng.h"
#include "xousargs.h"
#include "xousboot.h"

#define PAGE 4096u
#define SLOT_PAGES 1024u /* pages of one 4 MiB slot a level-0 table maps */
#define MAX_RUNS 1024u
#define MAX_RAM_PAGES 65536u
#define MAX_PIDS 256u
#define MAX_INFLIGHT 64u
#define MAX_BUF_PAGES 16u
#define NSLOTS 4096u /* TRACE_SLOTS (workloads/trace.h) */
/* MiniElf sections per init: as the block writer (boards/xousblock.c) makes
 * them, one per non-zero size, so that the trace's boot and the kernel glue
 * booting that block agree. */
#define SECTIONS_PER_IMAGE 0u
#define DEFAULT_SEED 0x5eedu

/* ---- board facts -------------------------------------------------------- */

typedef struct claim_spec {
    const char *who;  /* image name; "kernel" for PID 1 */
    uint32_t addr;    /* 0: computed (see board_claims) */
    uint32_t pages;
    const char *cite; /* xous-core file:line of the map_memory/map_range */
} claim_spec;

/* Precursor: utralib/src/generated/precursor_pvt.rs:251-296 gives every
 * HW_*_BASE / HW_*_MEM used here; flash offsets are FLASH_PHYS_BASE (0x20000000)
 * plus libs/precursor-hal/src/board/precursor.rs:1-35. */
static const claim_spec precursor_claims[] = {
    {"kernel", 0xf0005000u, 1, "UART, kernel/src/platform/precursor/uart.rs:72"},
    {"kernel", 0xf001c000u, 1, "TRNG_KERNEL, kernel/src/platform/precursor/rand.rs:73"},
    {"xous-ticktimer", 0xf0012000u, 1,
     "TICKTIMER, services/xous-ticktimer/src/platform/precursor/implementation.rs:82-83"},
    {"xous-ticktimer", 0xf0022000u, 1, "WDT, same file :89-90 (feature watchdog, "
                                       "services/xous-ticktimer/Cargo.toml:41)"},
    {"xous-log", 0xf0007000u, 1, "CONSOLE, services/xous-log/src/platform/precursor/implementation.rs:9-10"},
    {"xous-log", 0xf0018000u, 1, "KEYINJECT, same file :22-23"},
    {"xous-names", 0xf0024000u, 1, "D11CTIME, services/xous-names/src/main.rs:53-54"},
    {"xous-susres", 0xf0001000u, 1, "TIMER0, services/xous-susres/src/main.rs:123-124"},
    {"xous-susres", 0xf0013000u, 1, "SUSRES, same file :138-139"},
    {"xous-susres", 0u, 1, "clean-suspend page, RAM top - GUARD_MEMORY_BYTES, same file :148-149"},
    {"xous-susres", 0xf0019000u, 1, "SEED, same file :164-165"},
    {"xous-susres", 0xf0000000u, 1, "REBOOT, same file :171-172"},
    {"graphics-server", 0xb0000000u, 6,
     "MEMLCD frame buffer, ((11*536*4)+4096)&!4095 bytes, services/graphics-server/src/backend/betrusted.rs:44-50"},
    {"graphics-server", 0xf000c000u, 1, "MEMLCD CSR, same file :61-62"},
    {"graphics-server", 0x20530000u, 272,
     "fonts, FONT_BASE (libs/blitstr2/src/fontmap.rs:7), ((FONT_TOTAL_LEN+8)&!0xfff)+0x1000 "
     "(fontmap.rs:48), services/graphics-server/src/main.rs:40-46"},
    {"early_settings", 0x20970000u, 1,
     "EARLY_SETTINGS (precursor.rs:17), services/early_settings/src/main.rs:112-116"},
    {"keyboard", 0xf0017000u, 1, "KEYBOARD, services/keyboard/src/main.rs:144-145"},
    {"spinor", 0xf0016000u, 1, "SPINOR, services/spinor/src/main.rs:456-457"},
    {"spinor", 0xf0015000u, 1, "SPINOR_SOFT_INT, same file :463-464"},
    {"llio", 0xf0003000u, 1, "GPIO, services/llio/src/llio_hw.rs:99-100"},
    {"llio", 0xf000a000u, 1, "INFO, same file :115-116"},
    {"llio", 0xf000f000u, 1, "BTEVENTS, same file :122-123"},
    {"llio", 0xf0014000u, 1, "POWER, same file :129-130"},
    {"llio", 0xf001e000u, 1, "TRNG, same file :137-138"},
    {"llio", 0xf000e000u, 1, "I2C, services/llio/src/i2c/hardware.rs:114-115"},
    {"com", 0xf000d000u, 1, "COM, services/com/src/main.rs:70-71"},
    {"codec", 0xf001b000u, 1, "AUDIO CSR, services/codec/src/backend/tlv320aic3100.rs:121-122"},
    {"codec", 0xe0000000u, 1, "AUDIO FIFO, same file :128-129"},
    {"root-keys", 0xf001a000u, 1, "KEYROM, services/root-keys/src/implementation.rs:186-187"},
    {"root-keys", 0x20000000u, 640, "gateware SOC_MAIN_GW (0x280000), same file :195-199"},
    {"root-keys", 0x20280000u, 640, "staging gateware (0x280000), same file :202-206"},
    {"root-keys", 0x20500000u, 48, "loader code LOADER_CODE_LEN (0x30000), same file :209-213"},
    {"root-keys", 0x20980000u, 1, "kernel signature, same file :216-220"},
    {"root-keys", 0x21d7f000u, 1, "kernel backup block KERNEL_BACKUP_OFFSET, same file :223-227"},
    {"root-keys", 1u, 2,
     "kernel end record, 2 pages at KERNEL_LOC + ((signed_len + 0x1000 - 8) & !0x1fff), "
     "same file :246-251; signed_len ASSUMED = the image as laid out here"},
    {"trng", 0xf001d000u, 1, "TRNG_SERVER, services/trng/src/main.rs:106-107"},
    {"jtag", 0xf0021000u, 1, "JTAG, services/jtag/src/main.rs:461-462"},
    {"pddb", 0x21d80000u, 25088,
     "PDDB: PDDB_LOC 0x01D80000, PDDB_LEN = EC_REGION_LOC - PDDB_LOC = 0x06200000 "
     "(precursor.rs:24,31-35), services/pddb/src/backend/hw.rs:224-228"},
    {"usb-device-xous", 0xe0040000u, 16, "USBDEV_MEM (65536 bytes), services/usb-device-xous/src/main_hw.rs:170-174"},
    {"usb-device-xous", 0xf0023000u, 1, "USBDEV CSR, same file :178-179"},
};

/* bao1x (Dabao): utralib/src/generated/bao1x.rs:303-413 for the addresses. */
static const claim_spec bao1x_claims[] = {
    {"kernel", 0x40042000u, 1, "DUART, kernel/src/platform/bao1x/uart.rs:34-35"},
    {"kernel", 0x4002e000u, 1, "TRNG, kernel/src/platform/bao1x/rand.rs:60-61"},
    {"xous-log", 0x50103000u, 1, "UDMA_UART_2, services/xous-log/src/platform/bao1x/implementation.rs:27-28"},
    {"xous-log", 0x5001f000u, 1,
     "UART DMA Tx buffer, last page of IFRAM0 (libs/bao1x-hal/src/board/dabao.rs:9), same file :46-47"},
    {"xous-names", 0xe0000000u, 1, "D11CTIME, services/xous-names/src/main.rs:53-54"},
    {"xous-ticktimer", 0xe001b000u, 1,
     "TICKTIMER, services/xous-ticktimer/src/platform/bao1x/implementation.rs:86-87 (no watchdog feature)"},
    {"bao1x-mbox1", 0xe0018000u, 1, "MAILBOX, services/bao1x-mbox1/src/main.rs:150-151"},
    {"bao1x-mbox2", 0xe0019000u, 1, "MB_CLIENT, services/bao1x-mbox2/src/main.rs:160-161"},
    {"bao1x-mbox2", 0xe000f000u, 1, "IRQARRAY19, same file :171-172"},
};

/* Who serves memory messages, and how often (ASSUMED weights: logging is a
 * lent buffer per line and the busiest server; name lookups and the UI
 * stack follow). */
typedef struct server_w { const char *name; uint32_t weight; } server_w;
static const server_w precursor_servers[] = {
    {"xous-log", 30}, {"xous-names", 10}, {"gam", 15}, {"graphics-server", 15}, {"pddb", 10},
    {"com", 5},       {"llio", 5},        {"net", 5},  {"modals", 5},
};
static const server_w bao1x_servers[] = {
    {"xous-log", 50}, {"xous-names", 25}, {"xous-ticktimer", 10}, {"bao1x-mbox1", 8},
    {"bao1x-mbox2", 7},
};


/* ---- the knobs, and the variants they make ------------------------------ */

/* Every knob is an estimate: xous-core records no rates.  What motivates each
 * value is in the variant's `why`, printed into the trace's header. */
typedef struct knobs {
    uint32_t periods;   /* steady-phase periods */
    uint32_t msgs;      /* IPC messages per period */
    uint32_t inflight;  /* messages in flight at most (clients blocked on several servers) */
    uint32_t mix[4];    /* % of buffers of 1, 2, 4 and 16 pages */
    uint32_t occupancy; /* % of main RAM in use when steady starts (0: as boot leaves it) */
    uint32_t launches;  /* apps launched per period (each exits later) */
    uint32_t app_pages; /* pages an app's image takes, and as many faulted in */
    uint32_t remaps;    /* driver windows unmapped and mapped again per period */
    uint32_t churn;     /* heap pages given back (DecreaseHeap) and regrown per period */
    uint32_t batched;   /* 1: map_range claims a window with one claim_range */
    uint32_t sweeps;    /* usage sweeps (count per process) per period */
} knobs;

typedef struct variant {
    const char *name;
    knobs k;
    const char *why;
} variant;

static const variant variants[] = {
    {"quiet", {12, 300, 3, {90, 8, 2, 0}, 0, 0, 64, 0, 0, 0, 0},
     "the boot services and their IPC: a few messages in flight (a client rarely\n"
     "#   waits on more than one server), buffers mostly one page (ASSUMED: most\n"
     "#   Xous messages are small rkyv Buffers, xous-ipc; a lend_mut of a page);\n"
     "#   one app launched at the end and exiting."},
    {"busy", {12, 500, 24, {70, 15, 10, 5}, 0, 0, 64, 0, 0, 0, 0},
     "many messages in flight (ASSUMED 24: the UI stack, gam -> graphics-server\n"
     "#   -> modals, with net and pddb traffic at once), answered in any order,\n"
     "#   bigger buffers (16-page bulk transfers: pddb and net)."},
    {"apps", {12, 250, 4, {90, 8, 2, 0}, 0, 2, 96, 0, 0, 0, 0},
     "apps launched and exiting (ASSUMED 2 a period, 96 image pages each and as\n"
     "#   many faulted in), each also a client: create_process's pages, the\n"
     "#   image moved in, faults, then release_all at exit."},
    {"pressure", {12, 300, 8, {80, 12, 6, 2}, 96, 0, 64, 0, 24, 0, 0},
     "main RAM at 96% (ASSUMED: a heap-hungry service -- pddb's dictionary cache\n"
     "#   on Precursor -- grown until 96% of RAM is used), heap given back and\n"
     "#   regrown (DecreaseHeap, 24 pages a period), 8 messages in flight freed\n"
     "#   out of order: the case that costs today's first-fit most."},
    {"devices", {12, 250, 3, {90, 8, 2, 0}, 0, 0, 64, 6, 0, 0, 0},
     "drivers remapping their windows (ASSUMED 6 a period: a driver unmaps a\n"
     "#   device or flash window and maps it again, e.g. a frame buffer, a USB\n"
     "#   or audio FIFO, a flash window for an update), each page a release\n"
     "#   then a claim, as map_range and unmap_page do it."},
    {"batched", {12, 250, 3, {90, 8, 2, 0}, 0, 0, 64, 6, 0, 1, 0},
     "`devices`, but map_range claims a window with one claim_range: what a\n"
     "#   mem.rs that claimed a range at once would buy.  NOT what Xous does\n"
     "#   (mem.rs:705-706 claims page by page): never a default."},
    {"debug", {12, 300, 3, {90, 8, 2, 0}, 0, 0, 64, 0, 0, 0, 1},
     "`quiet` plus a usage sweep a period (count for every process and for the\n"
     "#   free pages): a developer at the debug shell (debug/shell.rs:193) or\n"
     "#   calling DebugFreeMem (syscall.rs:1312-1318).  Debug only: never decides\n"
     "#   a verdict."},
    {"tiny", {2, 40, 3, {90, 8, 2, 0}, 0, 1, 16, 1, 4, 0, 0},
     "a small mix of everything for the tests: not measured."},
};
#define NVARIANTS (sizeof variants / sizeof variants[0])

static const char *const knob_names[] = {"periods", "msgs",      "inflight", "mix1",   "mix2",
                                         "mix4",    "mix16",     "occupancy", "launches",
                                         "app_pages", "remaps",  "churn",    "batched", "sweeps"};
#define NKNOBS (sizeof knob_names / sizeof knob_names[0])

static uint32_t *knob_at(knobs *k, unsigned i)
{
    uint32_t *at[NKNOBS] = {&k->periods,  &k->msgs,    &k->inflight,  &k->mix[0], &k->mix[1],
                            &k->mix[2],   &k->mix[3],  &k->occupancy, &k->launches,
                            &k->app_pages, &k->remaps, &k->churn,     &k->batched, &k->sweeps};
    return at[i];
}
typedef struct board {
    const char *name;
    const claim_spec *claims;
    uint32_t nclaims;
    const server_w *servers;
    uint32_t nservers;
} board;

static const board boards[] = {
    {"precursor", precursor_claims, sizeof precursor_claims / sizeof precursor_claims[0],
     precursor_servers, sizeof precursor_servers / sizeof precursor_servers[0]},
    {"bao1x", bao1x_claims, sizeof bao1x_claims / sizeof bao1x_claims[0], bao1x_servers,
     sizeof bao1x_servers / sizeof bao1x_servers[0]},
};

/* ---- state: the generator's own view of the machine --------------------- */

static xous_image imgs[XOUS_MAX_IMAGES];
static uint32_t nimg;
static xous_run runs[MAX_RUNS];
static uint8_t ram_owner[MAX_RAM_PAGES];
static uint32_t ram_base, ram_pages;
static own_rng rng = {DEFAULT_SEED};
static knobs K;

/* per PID: which 4 MiB slots already have a level-0 table, and where the
 * next map_memory window goes in the default area */
typedef struct proc_state {
    uint8_t alive, heap_pt, buf_pt, msg_pt;
    uint32_t mmap_next; /* pages of the default mmap area used by windows */
} proc_state;
static proc_state procs[MAX_PIDS];

/* a window mapped with a physical address, remappable in `devices` */
typedef struct window { uint32_t pid, addr, pages; } window;
static window windows[128];
static uint32_t nwindows;

/* an IPC message in flight */
typedef struct message {
    uint32_t client, server, holder, pages, send;
    int slot[MAX_BUF_PAGES];
    uint32_t addr[MAX_BUF_PAGES]; /* first-fit's pages, the literals */
} message;
static message flight[MAX_INFLIGHT];
static uint32_t nflight;

/* slots: a free stack of numbers below NSLOTS */
static int free_slots[NSLOTS];
static uint32_t nfree_slots;

static uint32_t below(uint32_t n) { return own_rng_below(&rng, n); }

static void die(const char *why)
{
    fprintf(stderr, "xoustrace: %s\n", why);
    exit(2);
}

static int take_slot(void)
{
    if (nfree_slots == 0)
        die("more pages named at once than there are alloc slots");
    return free_slots[--nfree_slots];
}

static void give_slot(int k) { free_slots[nfree_slots++] = k; }

static int in_ram(uint32_t a) { return a >= ram_base && (a - ram_base) / PAGE < ram_pages; }

static void set_ram(uint32_t addr, uint32_t pages, uint32_t pid)
{
    for (uint32_t k = 0; k < pages; k++)
        if (in_ram(addr + k * PAGE))
            ram_owner[(addr - ram_base) / PAGE + k] = (uint8_t)pid;
}

static uint32_t ram_used(void)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < ram_pages; i++)
        n += ram_owner[i] != 0;
    return n;
}

/* ---- output: lines, and a tally per phase and kind ---------------------- */

enum { O_OWNER, O_CLAIM, O_RELEASE, O_MOVE, O_RANGE, O_RALL, O_COUNT, O_ALLOC, NOPS };
static const char *const op_names[NOPS] = {"owner", "claim", "release", "move",
                                           "claim_range", "release_all", "count", "alloc"};
#define NPHASES 4u
static const char *const phase_names[NPHASES] = {"loader", "boot", "steady", "exit"};
static unsigned cur_phase = NPHASES;
static unsigned long mix[NPHASES][NOPS], total_ops;

static void phase(unsigned p)
{
    printf("# phase %s\n", phase_names[p]);
    cur_phase = p;
}

/* one operation line: the operation, then `# [@K ]ev=EV` */
static void op_line(unsigned kind, int slot, const char *ev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void op_line(unsigned kind, int slot, const char *ev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    if (slot >= 0)
        printf(" # @%d ev=%s\n", slot, ev);
    else
        printf(" # ev=%s\n", ev);
    mix[cur_phase][kind]++;
    total_ops++;
}

static const char *name_of(uint32_t pid)
{
    return pid >= 1u && pid <= nimg ? imgs[pid - 1u].name : "app";
}

static uint32_t pid_of(const char *name)
{
    for (uint32_t i = 0; i < nimg; i++)
        if (strcmp(imgs[i].name, name) == 0)
            return i + 1u;
    return 0;
}

/* ---- the calls, as mem.rs makes them ------------------------------------ */

/* alloc_page: the lowest free main-RAM page, as Xous's first-fit gives it
 * (mem.rs:335-355; the `max` on :340 makes the start always the end, so the
 * search always wraps to page 0).  Returns its address; `slot` >= 0 keeps it. */
static uint32_t xalloc(uint32_t pid, const char *ev, int slot)
{
    uint32_t i = 0;
    while (i < ram_pages && ram_owner[i] != 0)
        i++;
    if (i == ram_pages)
        die("main RAM is full: lower the variant's occupancy or buffer sizes");
    ram_owner[i] = (uint8_t)pid;
    op_line(O_ALLOC, slot, ev, "alloc %u", (unsigned)pid);
    return ram_base + i * PAGE;
}

/* a page-table page for pid, once per flag (a new 4 MiB slot) */
static void page_table(uint32_t pid, uint8_t *have)
{
    if (*have)
        return;
    *have = 1;
    xalloc(pid, "pt", -1);
}

/* a heap or stack page faulted in */
static void fault(uint32_t pid)
{
    page_table(pid, &procs[pid].heap_pt);
    xalloc(pid, "fault", -1);
}

/* map_memory with a physical address: map_range claims each page
 * (mem.rs:705-706), after find_virtual_address has placed the window in the
 * default area, a level-0 table for every 4 MiB slot it enters
 * (map_page_inner, arch/riscv/mem.rs:747-766) */
static void map_window(uint32_t pid, uint32_t addr, uint32_t pages)
{
    proc_state *p = &procs[pid];
    uint32_t first = p->mmap_next, last = p->mmap_next + pages - 1u;
    uint32_t tables = last / SLOT_PAGES - first / SLOT_PAGES + (first % SLOT_PAGES == 0u);
    for (uint32_t t = 0; t < tables; t++)
        xalloc(pid, "pt", -1);
    p->mmap_next = last + 1u;
    if (K.batched && pages > 1u)
        op_line(O_RANGE, -1, "map", "claim_range 0x%08x %u %u", (unsigned)addr, (unsigned)pages,
                (unsigned)pid);
    else
        for (uint32_t k = 0; k < pages; k++)
            op_line(O_CLAIM, -1, "map", "claim 0x%08x %u", (unsigned)(addr + k * PAGE),
                    (unsigned)pid);
    set_ram(addr, pages, pid);
}

/* unmap_memory: unmap_page per page, virt_to_phys then release_page
 * (syscall.rs:793-806, mem.rs:774-785) */
static void unmap_window(uint32_t pid, uint32_t addr, uint32_t pages)
{
    for (uint32_t k = 0; k < pages; k++)
        op_line(O_RELEASE, -1, "unmap", "release 0x%08x %u", (unsigned)(addr + k * PAGE),
                (unsigned)pid);
    set_ram(addr, pages, 0);
}

/* ---- IPC ----------------------------------------------------------------- */

static uint32_t pick_server(const board *b)
{
    uint32_t total = 0;
    for (uint32_t i = 0; b != NULL && i < b->nservers; i++)
        total += pid_of(b->servers[i].name) ? b->servers[i].weight : 0u;
    if (total == 0u) /* a block whose names are not the board's: any process */
        return 2u + below(nimg - 1u);
    uint32_t r = below(total);
    for (uint32_t i = 0; i < b->nservers; i++) {
        uint32_t pid = pid_of(b->servers[i].name);
        if (pid == 0)
            continue;
        if (r < b->servers[i].weight)
            return pid;
        r -= b->servers[i].weight;
    }
    return 2u;
}

/* any live process but the kernel and `not` */
static uint32_t pick_client(uint32_t not)
{
    uint32_t live[MAX_PIDS], n = 0;
    for (uint32_t p = 2; p < MAX_PIDS; p++)
        if (procs[p].alive && p != not)
            live[n++] = p;
    return n ? live[below(n)] : not;
}

/* A client fills a fresh buffer (map_memory(None, ..): reserve_range, no
 * page yet, mem.rs:513-537; each page an alloc when first written) and
 * sends or lends it.  Kinds by call sites in xous-core services/, libs/,
 * api/: .lend_mut( 146, .lend( 69, buf.send( 45 -> lend_mut 56%, lend 27%,
 * send 17%.  A send moves each page to the server (services.rs:1420-1431,
 * mem.rs:789-800); a lend maps it into the server's space through the page
 * tables only (services.rs:1530-1545, arch/riscv/mem.rs:871-922): no table
 * call.  Either way the server's side may need a page table for its
 * message area (map_page_inner, arch/riscv/mem.rs:747-766). */
static uint32_t wait_for_room(uint32_t n);

static void message_start(const board *b)
{
    uint32_t server = pick_server(b), client = pick_client(server);
    if (client == server)
        return; /* a process alone has no one to talk to (Xous ignores a send to oneself) */
    uint32_t r = below(100), pages = 1u;
    if (r >= K.mix[0])
        pages = r < K.mix[0] + K.mix[1] ? 2u : r < K.mix[0] + K.mix[1] + K.mix[2] ? 4u : 16u;
    uint32_t send = below(100) >= 83u;
    /* the buffer and the page tables it may need; when even an empty
     * pipeline leaves too little, the client asks for less */
    uint32_t room = wait_for_room(pages + 2u);
    if (room < 3u)
        die("main RAM is full: lower the variant's occupancy or sizes");
    if (pages + 2u > room)
        pages = room - 2u;
    message *m = &flight[nflight++];
    m->server = server, m->client = client, m->pages = pages, m->send = send;
    proc_state *c = &procs[m->client];
    if (!c->buf_pt && c->mmap_next == 0u) {
        page_table(m->client, &c->buf_pt);
        c->mmap_next = 1u; /* the buffers' slot is the default area's first */
    }
    for (uint32_t k = 0; k < pages; k++) {
        m->slot[k] = take_slot();
        m->addr[k] = xalloc(m->client, "ipc", m->slot[k]);
    }
    page_table(m->server, &procs[m->server].msg_pt);
    m->holder = m->client;
    if (m->send) {
        for (uint32_t k = 0; k < pages; k++) {
            op_line(O_MOVE, m->slot[k], "send", "move 0x%08x %u %u", (unsigned)m->addr[k],
                    (unsigned)m->client, (unsigned)m->server);
            ram_owner[(m->addr[k] - ram_base) / PAGE] = (uint8_t)m->server;
        }
        m->holder = m->server;
    }
}

/* The buffer's holder drops it: unmap_memory, a release per page
 * (xous-rs carton.rs:71 / the Buffer's Drop -> syscall.rs:793-806 ->
 * mem.rs:774-785).  A lent buffer comes back first (return_page_inner, page
 * tables only); a sent one is the server's to drop. */
static void message_end(uint32_t i)
{
    message *m = &flight[i];
    for (uint32_t k = 0; k < m->pages; k++) {
        op_line(O_RELEASE, m->slot[k], "unmap", "release 0x%08x %u", (unsigned)m->addr[k],
                (unsigned)m->holder);
        ram_owner[(m->addr[k] - ram_base) / PAGE] = 0;
        give_slot(m->slot[k]);
    }
    flight[i] = flight[--nflight];
}

/* Room for n more pages: under pressure a client waits for answers to come
 * back (their buffers freed) before it can fill a new one. */
static uint32_t wait_for_room(uint32_t n)
{
    while (ram_pages - ram_used() < n && nflight > 0)
        message_end(below(nflight));
    return ram_pages - ram_used();
}

/* one IPC step: start a message while fewer than `inflight` are out (and a
 * coin says so), else one of those out, any of them, is answered */
static void ipc_step(const board *b)
{
    if (nflight == 0 || (nflight < K.inflight && below(100) < 55u))
        message_start(b);
    else
        message_end(below(nflight));
}

/* ---- processes ----------------------------------------------------------- */

static uint32_t spawner; /* the process that launches apps */
static uint32_t apps[MAX_PIDS], napps;

/* create_process (syscall.rs CreateProcess -> MemoryMapping::allocate,
 * arch/riscv/mem.rs:164-228): the creator maps four zeroed pages (root
 * table, two level-0 tables, context: map_zeroed_page -> alloc_page) and
 * hands them over (move_page_raw).  Then the image: ASSUMED loaded by the
 * spawner into fresh pages and sent (a move per page, as a send), since
 * xous-core's runtime loader is a userspace service; then its stack and heap
 * fault in.  Which process spawns is ASSUMED too (the images these boards
 * boot carry no runtime launcher): PID 2 stands in; only the owner of the
 * pages in transit depends on it. */
static void app_exit(uint32_t i);

static uint32_t spawn(void)
{
    uint32_t app = 0;
    for (uint32_t p = nimg + 1u; p < MAX_PIDS && app == 0; p++)
        if (!procs[p].alive)
            app = p;
    if (app == 0)
        die("no free PID for an app");
    memset(&procs[app], 0, sizeof procs[app]);
    procs[app].alive = 1;
    printf("# app PID %u launched by PID %u (%s)\n", (unsigned)app, (unsigned)spawner,
           name_of(spawner));
    /* an app's size: the knob, at most 1/16 of main RAM, and at most what
     * is free (under pressure the last app is a small one) */
    uint32_t pages = K.app_pages < ram_pages / 16u ? K.app_pages : ram_pages / 16u;
    /* room beside what the messages may want meanwhile; short of it even
     * with every buffer answered, the oldest app exits first */
    uint32_t spare = MAX_BUF_PAGES + 2u * K.inflight;
    while (wait_for_room(8u + spare) < 8u + spare && napps > 0)
        app_exit(0);
    uint32_t room = wait_for_room(8u + spare);
    if (room < 8u)
        die("main RAM is full: lower the variant's occupancy or sizes");
    uint32_t avail = room > 8u + spare ? room - spare : 8u;
    if (2u * pages + 6u > avail)
        pages = (avail - 6u) / 2u;
    uint32_t n = 4u + pages;
    int slot[4u + 256u];
    uint32_t addr[4u + 256u];
    for (uint32_t k = 0; k < n; k++) {
        slot[k] = take_slot();
        addr[k] = xalloc(spawner, "spawn", slot[k]);
    }
    for (uint32_t k = 0; k < n; k++) {
        op_line(O_MOVE, slot[k], "spawn", "move 0x%08x %u %u", (unsigned)addr[k],
                (unsigned)spawner, (unsigned)app);
        ram_owner[(addr[k] - ram_base) / PAGE] = (uint8_t)app;
        give_slot(slot[k]);
    }
    for (uint32_t k = 0; k < pages; k++)
        fault(app);
    apps[napps++] = app;
    return app;
}

/* Process::terminate -> release_all_memory_for_process (services.rs:266-274,
 * mem.rs:1066-1112).  Its lent buffers die with it (freed by release_all);
 * a buffer it sent is the server's and stays in flight; buffers lent to it
 * are its clients' (apps here are clients only). */
static void app_exit(uint32_t i)
{
    uint32_t app = apps[i];
    for (uint32_t f = 0; f < nflight;) {
        message *m = &flight[f];
        if (m->client == app && m->holder == app) {
            for (uint32_t k = 0; k < m->pages; k++)
                give_slot(m->slot[k]);
            flight[f] = flight[--nflight];
        } else
            f++;
    }
    op_line(O_RALL, -1, "exit", "release_all %u", (unsigned)app);
    for (uint32_t p = 0; p < ram_pages; p++)
        if (ram_owner[p] == app)
            ram_owner[p] = 0;
    procs[app].alive = 0;
    apps[i] = apps[--napps];
}

/* a usage sweep: ram_used_by for every process, and the free pages */
static void sweep(void)
{
    for (uint32_t p = 1; p < MAX_PIDS; p++)
        if (p == 1u || procs[p].alive)
            op_line(O_COUNT, -1, "debug", "count %u", (unsigned)p);
    op_line(O_COUNT, -1, "debug", "count 0");
}

/* ---- the phases ----------------------------------------------------------- */

static void loader_phase(int nruns)
{
    phase(0);
    printf("# the loader's initial assignment (xous_loader_plan, workloads/xousboot.c):\n"
           "# written by the loader before the kernel runs; never charged to the kernel\n");
    for (int r = 0; r < nruns; r++) {
        op_line(O_RANGE, -1, "loader", "claim_range 0x%08x %u %u", (unsigned)runs[r].addr,
                (unsigned)runs[r].pages, (unsigned)runs[r].pid);
        set_ram(runs[r].addr, runs[r].pages, runs[r].pid);
    }
}

/* Stacks and heaps grow a page per fault, the processes' faults
 * interleaved: round robin, a page each. */
static void grow_all(const uint32_t *want)
{
    uint32_t left = 0, done[XOUS_MAX_IMAGES + 1] = {0};
    for (uint32_t i = 2; i <= nimg; i++)
        left += want[i];
    while (left > 0)
        for (uint32_t i = 2; i <= nimg; i++)
            if (done[i] < want[i]) {
                fault(i);
                done[i]++;
                left--;
            }
}

static const norm_map *whitelist; /* the map the trace is replayed on */

/* A window a workload may claim: every page listed, and none of main RAM's
 * already another's (a real block may list less than the board's map, or
 * place its images where a board's fixed page is). */
static int claimable(uint32_t addr, uint32_t pages, uint32_t pid)
{
    for (uint32_t k = 0; k < pages; k++) {
        uint32_t page = addr / PAGE + k, listed = 0;
        for (uint32_t r = 0; r < whitelist->count && !listed; r++)
            listed = page - whitelist->regions[r].base / PAGE < whitelist->regions[r].pages;
        if (!listed)
            return 0;
        uint32_t a = page * PAGE;
        if (in_ram(a) && ram_owner[(a - ram_base) / PAGE] != 0 && ram_owner[(a - ram_base) / PAGE] != pid)
            return 0;
    }
    return 1;
}

static void boot_phase(const board *b, const xous_boot_cfg *cfg)
{
    phase(1);
    /* the end of the kernel image in flash, for root-keys' record */
    uint32_t image_end = cfg->args_bytes;
    for (uint32_t i = 0; i < nimg; i++)
        image_end += ((imgs[i].text + imgs[i].data + PAGE - 1u) / PAGE) * PAGE;
    printf("# the kernel's and the services' device and flash windows (map_memory with a\n"
           "# physical address: a claim per page, mem.rs:705-706), each window's first\n"
           "# page tables; PIDs by image order\n");
    for (uint32_t c = 0; b != NULL && c < b->nclaims; c++) {
        const claim_spec *s = &b->claims[c];
        uint32_t pid = strcmp(s->who, "kernel") == 0 ? 1u : pid_of(s->who);
        if (pid == 0) {
            printf("# (%s is not in this image: %s)\n", s->who, s->cite);
            continue;
        }
        uint32_t addr = s->addr;
        if (addr == 0u) /* the clean-suspend page */
            addr = cfg->ram_base + cfg->ram_size - cfg->guard_pages * PAGE;
        else if (addr == 1u) /* root-keys' kernel end record */
            addr = 0x20980000u + ((image_end + 0x1000u - 8u) & ~0x1fffu);
        if (!claimable(addr, s->pages, pid)) {
            printf("# (%s: 0x%08x, %u pages, is not listed in this map, or taken: %s)\n", s->who,
                   (unsigned)addr, (unsigned)s->pages, s->cite);
            continue;
        }
        printf("# %s: %s\n", s->who, s->cite);
        if (pid == 1u) /* the kernel maps its own devices at boot, no table pages */
            for (uint32_t k = 0; k < s->pages; k++)
                op_line(O_CLAIM, -1, "map", "claim 0x%08x 1", (unsigned)(addr + k * PAGE));
        else
            map_window(pid, addr, s->pages);
        set_ram(addr, s->pages, pid);
        if (pid != 1u && s->pages <= 64u && nwindows < sizeof windows / sizeof windows[0]) {
            windows[nwindows].pid = pid, windows[nwindows].addr = addr;
            windows[nwindows].pages = s->pages;
            nwindows++;
        }
    }
    printf("# a queue page per server: map_zeroed_page at create_server (services.rs:1838-1845);\n"
           "# ASSUMED one server per service\n");
    for (uint32_t i = 2; i <= nimg; i++)
        xalloc(i, "queue", -1);
    /* Stacks and heaps.  The loader maps one stack page (minielf.rs:172-201);
     * the rest of STACK faults in.  Heaps: ASSUMED half the text size, at
     * least 4 pages (a Rust service's heap holds its message buffers,
     * collections and strings; no figure in xous-core).  graphics-server
     * also allocates its 6-page software frame buffer (betrusted.rs:33-40). */
    uint32_t want[XOUS_MAX_IMAGES + 1] = {0};
    for (uint32_t i = 2; i <= nimg; i++) {
        const xous_image *im = &imgs[i - 1u];
        uint32_t stack = im->stack > PAGE ? (im->stack - PAGE) / PAGE : 0u;
        uint32_t heap = im->text / 8192u;
        if (heap < 4u)
            heap = 4u;
        if (strcmp(im->name, "graphics-server") == 0)
            heap += 6u;
        want[i] = stack + heap;
    }
    printf("# stacks and heaps, a page per fault (irq.rs:311-314 -> ensure_page_exists_inner,\n"
           "# arch/riscv/mem.rs:1019-1053), processes interleaved; each heap's first fault\n"
           "# also takes its level-0 table (reserve_address, arch/riscv/mem.rs:389-407)\n");
    grow_all(want);
}

/* the process whose heap grows to the variant's occupancy and churns:
 * pddb's where there is one (its dictionary cache), else the largest text */
static uint32_t hog_pid(void)
{
    uint32_t h = pid_of("pddb");
    if (h != 0)
        return h;
    h = 2u;
    for (uint32_t i = 3; i <= nimg; i++)
        if (imgs[i - 1u].text > imgs[h - 1u].text)
            h = i;
    return h;
}

static void steady_phase(const board *b)
{
    phase(2);
    uint32_t hog = hog_pid();
    /* heap churn: the knob, at most 1/64 of main RAM */
    uint32_t churn = K.churn < ram_pages / 64u ? K.churn : ram_pages / 64u;
    if (K.occupancy > 0u) {
        /* leave room for what the period needs at most: the buffers in
         * flight, a period's churn and launches */
        uint32_t target = (uint32_t)((uint64_t)ram_pages * K.occupancy / 100u);
        uint32_t reserve = K.inflight + churn + 4u;
        if (target + reserve > ram_pages)
            target = ram_pages > reserve ? ram_pages - reserve : 0u;
        printf("# %s's heap grows until %u%% of main RAM is used (%u of %u pages)\n",
               name_of(hog), (unsigned)K.occupancy, (unsigned)target, (unsigned)ram_pages);
        while (ram_used() < target)
            fault(hog);
    }
    printf("# IPC: messages started and answered in any order, at most %u in flight\n",
           (unsigned)K.inflight);
    int churn_slot[256];
    uint32_t churn_addr[256], nchurn = 0;
    if (K.churn > 256u)
        die("churn above 256");
    for (uint32_t period = 0; period < K.periods; period++) {
        for (uint32_t step = 0; step < K.msgs; step++) {
            ipc_step(b);
            /* the period's other events, spread evenly over its messages */
            for (uint32_t e = 0; e < K.launches; e++)
                if (step == (e * 2u + 1u) * K.msgs / (2u * K.launches)) {
                    if (napps >= 2u)
                        app_exit(0);
                    spawn();
                }
            for (uint32_t e = 0; e < K.remaps && nwindows > 0; e++)
                if (step == (e * 2u + 1u) * K.msgs / (2u * K.remaps)) {
                    const window *w = &windows[below(nwindows)];
                    printf("# %s remaps a window of %u pages\n", name_of(w->pid), (unsigned)w->pages);
                    unmap_window(w->pid, w->addr, w->pages);
                    map_window(w->pid, w->addr, w->pages);
                }
            if (churn && step == K.msgs / 3u) {
                printf("# %s's heap regrows (up to %u pages)\n", name_of(hog), (unsigned)churn);
                /* as much as is free, when the buffers out leave less, and
                 * room for a message beside it */
                uint32_t spare = MAX_BUF_PAGES + 2u, room = wait_for_room(churn + spare);
                uint32_t grow = room >= churn + spare ? churn : room > spare ? room - spare : 0u;
                for (uint32_t k = 0; k < grow; k++) {
                    churn_slot[nchurn] = take_slot();
                    churn_addr[nchurn] = xalloc(hog, "fault", churn_slot[nchurn]);
                    nchurn++;
                }
            }
            if (churn && step == 2u * K.msgs / 3u) {
                printf("# %s gives back %u heap pages, top first (DecreaseHeap, syscall.rs:846-864)\n",
                       name_of(hog), (unsigned)nchurn);
                while (nchurn > 0) {
                    nchurn--;
                    op_line(O_RELEASE, churn_slot[nchurn], "unmap", "release 0x%08x %u",
                            (unsigned)churn_addr[nchurn], (unsigned)hog);
                    ram_owner[(churn_addr[nchurn] - ram_base) / PAGE] = 0;
                    give_slot(churn_slot[nchurn]);
                }
            }
            if (K.sweeps && step % (K.msgs / K.sweeps) == K.msgs / K.sweeps / 2u)
                sweep();
        }
    }
    printf("# the messages still out are answered\n");
    while (nflight > 0)
        message_end(below(nflight));
    printf("# an app is launched to exit in the last phase\n");
    spawn();
}

static void exit_phase(void)
{
    phase(3);
    printf("# every app still running exits\n");
    while (napps > 0)
        app_exit(napps - 1u);
}
/* ---- --self-test: the loader model against a plan worked out by hand --- */

static int expect_runs(const char *what, const xous_run *got, int n, const xous_run *want, int m)
{
    int ok = n == m;
    for (int i = 0; ok && i < n; i++)
        ok = got[i].addr == want[i].addr && got[i].pages == want[i].pages &&
             got[i].pid == want[i].pid;
    if (!ok) {
        fprintf(stderr, "xoustrace --self-test: %s: %d runs:", what, n);
        for (int i = 0; i < n; i++)
            fprintf(stderr, " (0x%08x %u %u)", (unsigned)got[i].addr, (unsigned)got[i].pages,
                    (unsigned)got[i].pid);
        fputc('\n', stderr);
    }
    return ok;
}

/* Runs must not overlap, and main RAM must hold exactly: the init area, each
 * image's copy, 7 loader pages per process (root table, its two second-level
 * tables, context, stack page, the stack's and the text's second-level
 * tables) and the kernel's 7 (the same with an exception stack instead of a
 * text table), plus the kept guard pages under `resume`.  Worked out from
 * the loader's source independently of xousboot.c's page-by-page walk. */
static int check_plan(const char *what, const xous_image *im, uint32_t n, const xous_boot_cfg *c,
                      const xous_run *r, int nr)
{
    uint64_t ram = 0;
    for (int i = 0; i < nr; i++) {
        for (int j = i + 1; j < nr; j++)
            if (r[i].addr < r[j].addr + r[j].pages * PAGE && r[j].addr < r[i].addr + r[i].pages * PAGE) {
                fprintf(stderr, "xoustrace --self-test: %s: runs %d and %d overlap\n", what, i, j);
                return 0;
            }
        if (r[i].addr >= c->ram_base && r[i].addr - c->ram_base < c->ram_size)
            ram += r[i].pages;
    }
    uint64_t init = (uint64_t)c->guard_pages * PAGE + ((c->ram_size / PAGE + 3u) & ~3u) +
                    (((c->extra_region_bytes + PAGE - 1u) / PAGE + 3u) & ~3u) + 16u * n + c->args_bytes;
    uint64_t want = (init + PAGE - 1u) / PAGE - c->guard_pages + (c->resume ? c->guard_pages - 1u : 0u);
    want += (im[0].text + PAGE - 1u) / PAGE + (im[0].data + im[0].bss + PAGE - 1u) / PAGE + 7u;
    for (uint32_t i = 1; i < n; i++) {
        uint32_t rw = im[i].data + im[i].bss;
        want += 7u + (im[i].kind == XOUS_INIE ? (im[i].text + PAGE - 1u) / PAGE : 0u) +
                (rw ? ((im[i].text & (PAGE - 1u)) + rw + PAGE - 1u) / PAGE : 0u);
    }
    if (ram != want) {
        fprintf(stderr, "xoustrace --self-test: %s: %llu RAM pages planned, %llu expected\n", what,
                (unsigned long long)ram, (unsigned long long)want);
        return 0;
    }
    return 1;
}

static int self_test(void)
{
    /* 1 MiB of RAM at 0x40000000, no other region, a 100-byte block: the
     * init area is 3 guard pages + 256 + 2*16 + 100 bytes -> 4 pages, of
     * which 1 is the kernel's (0x400fc000).  Phase 1 copies the IniE (text
     * 1 page at 0x400fb000, data 1 at 0x400fa000) and the kernel (text
     * 0x400f9000, data 0x400f8000).  Phase 2 then takes, for PID 2: root
     * 0x400f7000, tables for slots 1022 and 1021, context, stack page, the
     * stack's table, and the text's table when the text is mapped
     * (0x400f1000); for the kernel: root 0x400f0000 down to the exception
     * stack page 0x400ea000. */
    xous_image im[2];
    memset(im, 0, sizeof im);
    strcpy(im[0].name, "kernel");
    im[0].kind = XOUS_KERNEL, im[0].text = 4096, im[0].bss = 4096;
    strcpy(im[1].name, "one");
    im[1].kind = XOUS_INIE, im[1].text = 4096, im[1].data = 4096, im[1].stack = 4096;
    xous_boot_cfg c = {0x40000000u, 0x100000u, 3u, 0u, 0u, 100u};
    xous_run r[16];
    static const xous_run want[] = {{0x400fc000u, 1, 1}, {0x400f1000u, 7, 2}, {0x400fa000u, 2, 2},
                                    {0x400ea000u, 7, 1}, {0x400f8000u, 2, 1}};
    int n = xous_loader_plan(im, 2, &c, r, 16);
    int ok = expect_runs("hand-worked plan", r, n, want, 5) && check_plan("hand-worked", im, 2, &c, r, n);
    /* resume keeps the top guard pages but the suspend page */
    c.resume = 1;
    n = xous_loader_plan(im, 2, &c, r, 16);
    ok = ok && n == 6 && r[5].addr == 0x400fe000u && r[5].pages == 2 && r[5].pid == 1 &&
         check_plan("resume", im, 2, &c, r, n);
    /* refusals: kernel not first, too little RAM, too few runs */
    ok = ok && xous_loader_plan(&im[1], 1, &c, r, 16) == -1;
    c.ram_size = 0x8000u;
    ok = ok && xous_loader_plan(im, 2, &c, r, 16) == -1;
    c.ram_size = 0x100000u;
    ok = ok && xous_loader_plan(im, 2, &c, r, 2) == -1;
    /* the parser: inie after inif is out of tag order */
    char bad[] = "kernel 1 2 3\ninif a 1 2 3 4\ninie b 1 2 3 4\n";
    uint32_t line = 0;
    ok = ok && xous_boot_parse(bad, im, 2, &line) == -1 && line == 3;
    char good[] = "# c\nkernel 0x1000 0 4096 # k\n\ninie x 8192 4 4 4096\n";
    ok = ok && xous_boot_parse(good, im, 2, &line) == 2 && im[1].text == 8192 && im[0].text == 4096 &&
         strcmp(im[1].name, "x") == 0;
    fprintf(stderr, "xoustrace --self-test: %s\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}


/* ---- the command line ----------------------------------------------------- */

static void usage(void)
{
    fprintf(stderr,
            "usage: xoustrace --board BOARD --boot BOOTFILE --variant NAME [--seed N] [--set KNOB=V ...]\n"
            "       xoustrace --xous BLOCK --variant NAME [--board BOARD] [--seed N] [--set KNOB=V ...]\n"
            "       xoustrace --variants | --self-test\n");
    exit(2);
}

static void print_knobs(FILE *f, const char *lead, const knobs *k)
{
    knobs c = *k;
    fprintf(f, "%s", lead);
    for (unsigned i = 0; i < NKNOBS; i++)
        fprintf(f, "%s%s=%u", i ? " " : "", knob_names[i], (unsigned)*knob_at(&c, i));
    fputc('\n', f);
}

static uint32_t number(const char *s, const char *what)
{
    char *end;
    unsigned long v = strtoul(s, &end, 0);
    if (*s == '\0' || *end != '\0' || v > 0xffffffffUL) {
        fprintf(stderr, "xoustrace: %s: not a number: %s\n", what, s);
        exit(2);
    }
    return (uint32_t)v;
}

static void set_knob(const char *kv)
{
    const char *eq = strchr(kv, '=');
    for (unsigned i = 0; eq != NULL && i < NKNOBS; i++)
        if (strlen(knob_names[i]) == (size_t)(eq - kv) && strncmp(kv, knob_names[i], (size_t)(eq - kv)) == 0) {
            *knob_at(&K, i) = number(eq + 1, kv);
            return;
        }
    fprintf(stderr, "xoustrace: --set %s: unknown knob (--variants lists them)\n", kv);
    exit(2);
}

static void check_knobs(void)
{
    if (K.mix[0] + K.mix[1] + K.mix[2] + K.mix[3] != 100u)
        die("mix1 + mix2 + mix4 + mix16 must be 100");
    if (K.inflight == 0 || K.inflight > MAX_INFLIGHT)
        die("inflight must be 1..64");
    if (K.occupancy > 99u || K.app_pages > 256u || K.churn > 256u || K.batched > 1u)
        die("occupancy <= 99, app_pages <= 256, churn <= 256, batched 0 or 1");
    if (K.msgs == 0u || K.sweeps > K.msgs || K.launches > K.msgs || K.remaps > K.msgs)
        die("msgs > 0, and sweeps, launches, remaps at most msgs");
}

/* The board of boards.h whose main RAM is the block's, or NULL. */
static const char *board_of_ram(uint32_t base, uint32_t size)
{
    for (uint32_t b = 0; b < BOARD_COUNT; b++)
        for (uint32_t i = 0; i < board_sizes[b]; i++) {
            const raw_region *r = &board_regions[b][i];
            if (r->ram && r->base == base && r->size == size)
                return board_names[b];
        }
    return NULL;
}

static char text[1 << 20];

static size_t slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "xoustrace: %s: cannot open\n", path);
        exit(2);
    }
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    return len;
}

int main(int argc, char **argv)
{
    const char *board_name = NULL, *boot = NULL, *block = NULL, *vname = NULL;
    const char *sets[64];
    unsigned nsets = 0;
    uint32_t seed = DEFAULT_SEED;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--self-test") == 0 && argc == 2)
            return self_test();
        if (strcmp(argv[i], "--variants") == 0 && argc == 2) {
            for (unsigned v = 0; v < NVARIANTS; v++) {
                printf("%s\n", variants[v].name);
                print_knobs(stdout, "  ", &variants[v].k);
            }
            return 0;
        }
        if (i + 1 >= argc)
            usage();
        if (strcmp(argv[i], "--board") == 0)
            board_name = argv[++i];
        else if (strcmp(argv[i], "--boot") == 0)
            boot = argv[++i];
        else if (strcmp(argv[i], "--xous") == 0)
            block = argv[++i];
        else if (strcmp(argv[i], "--variant") == 0)
            vname = argv[++i];
        else if (strcmp(argv[i], "--seed") == 0)
            seed = number(argv[++i], "--seed");
        else if (strcmp(argv[i], "--set") == 0 && nsets < 64)
            sets[nsets++] = argv[++i];
        else
            usage();
    }
    if (vname == NULL || (boot == NULL) == (block == NULL) || (boot != NULL && board_name == NULL))
        usage();
    const variant *var = NULL;
    for (unsigned v = 0; v < NVARIANTS; v++)
        if (strcmp(variants[v].name, vname) == 0)
            var = &variants[v];
    if (var == NULL)
        die("unknown variant (xoustrace --variants lists them)");
    K = var->k;
    for (unsigned i = 0; i < nsets; i++)
        set_knob(sets[i]);
    check_knobs();
    rng.s = seed ? seed : DEFAULT_SEED;

    static norm_map nm;
    xous_boot_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    static xous_args args;
    if (block != NULL) {
        /* a real argument block: its whitelist, images and names */
        size_t len = slurp(block);
        xa_error e;
        if (xa_parse(text, len, &args, &e) != XA_OK) {
            char why[160];
            xa_error_text(&e, why, sizeof why);
            fprintf(stderr, "%s: offset 0x%02x: %s\n", block, (unsigned)e.offset, why);
            return 2;
        }
        static raw_region raw[OWN_MAX_REGIONS + 1];
        uint32_t n = xa_to_raw(&args, raw, OWN_MAX_REGIONS + 1);
        norm_err ne = n > OWN_MAX_REGIONS ? NORM_TOO_MANY : own_normalise(raw, n, &nm);
        if (ne != NORM_OK) {
            fprintf(stderr, "%s: the whitelist: %s\n", block, own_norm_err_text(ne));
            return 2;
        }
        if (board_name == NULL)
            board_name = board_of_ram(args.ram.start, args.ram.length);
        const char *why;
        int ni = xous_boot_from_args(&args, board_name, imgs, XOUS_MAX_IMAGES, &cfg, &why);
        if (ni <= 0) {
            fprintf(stderr, "%s: %s\n", block, ni < 0 ? why : "no XKrn tag: nothing to boot");
            return 2;
        }
        nimg = (uint32_t)ni;
    } else {
        size_t len = slurp(boot);
        (void)len;
        uint32_t bad = 0;
        int n = xous_boot_parse(text, imgs, XOUS_MAX_IMAGES, &bad);
        if (n < 0) {
            fprintf(stderr, "%s:%u: bad boot description line\n", boot, (unsigned)bad);
            return 2;
        }
        nimg = (uint32_t)n;
        uint32_t mi = lab_map_find(board_name);
        if (mi >= lab_map_count() || lab_map_build(mi, &nm) != 0)
            die("no lab map for the board");
        if (xous_board_loader(board_name, &cfg) != 0)
            die("no loader configuration for the board");
        cfg.ram_base = nm.pool_base;
        cfg.ram_size = nm.pool_pages * PAGE;
        uint32_t nregions = 0;
        for (uint32_t r = 0; r < nm.count; r++)
            if (r != nm.ram) {
                cfg.extra_region_bytes += nm.regions[r].pages * PAGE;
                nregions++;
            }
        cfg.args_bytes = xous_args_bytes(imgs, nimg, nregions, SECTIONS_PER_IMAGE);
        xous_layout_inif(imgs, nimg, xous_board_args_phys(board_name), cfg.args_bytes);
    }
    if (nimg < 2u)
        die("the workload needs the kernel and at least one process");
    whitelist = &nm;
    const board *b = NULL;
    for (size_t i = 0; board_name != NULL && i < sizeof boards / sizeof boards[0]; i++)
        if (strcmp(boards[i].name, board_name) == 0)
            b = &boards[i];
    if (block == NULL && b == NULL)
        die("unknown board (precursor, bao1x)");

    int nruns = xous_loader_plan(imgs, nimg, &cfg, runs, MAX_RUNS);
    if (nruns < 0)
        die("xous_loader_plan refused the images");
    if (!check_plan(board_name ? board_name : "block", imgs, nimg, &cfg, runs, nruns))
        die("the loader plan fails its own check");
    ram_base = cfg.ram_base;
    ram_pages = cfg.ram_size / PAGE;
    if (ram_pages > MAX_RAM_PAGES)
        die("main RAM larger than the generator's table");
    for (uint32_t p = 1; p <= nimg; p++)
        procs[p].alive = 1;
    for (int k = (int)NSLOTS - 1; k >= 0; k--)
        give_slot(k);
    spawner = 2u;

    const char *src = block ? block : boot;
    printf("# %s-%s.trace - Xous workload `%s` for %s, written by workloads/xoustrace.c\n"
           "# from %s (make traces; --seed %u).  Replay: build/ownlab replay -s DESIGN\n"
           "# %s%s%s THIS_FILE; under the cache model: make replay-rv32 BOARD=... TRACE=THIS_FILE.\n"
           "# Every line is a call kernel/src/mem.rs makes in normal running, its call site\n"
           "# named by its `ev=` tag (the list at the top of workloads/xoustrace.c).\n"
           "# Variant %s: %s\n",
           board_name ? board_name : "block", var->name, var->name, board_name ? board_name : src,
           src, (unsigned)seed, block ? "--xous " : "-m boards/", block ? src : board_name, block ? "" : ".map",
           var->name, var->why);
    print_knobs(stdout, "# knobs (estimates, see above): ", &K);
    printf("# %u images (kernel + %u processes); main RAM 0x%08x, %u pages; argument block\n"
           "# %u bytes; MREx %u bytes.\n",
           (unsigned)nimg, (unsigned)(nimg - 1u), (unsigned)cfg.ram_base, (unsigned)ram_pages,
           (unsigned)cfg.args_bytes, (unsigned)cfg.extra_region_bytes);
    for (uint32_t i = 0; i < nimg; i++)
        printf("#   pid %2u %-16s %s\n", (unsigned)(i + 1u), imgs[i].name,
               imgs[i].kind == XOUS_KERNEL ? "XKrn" : imgs[i].kind == XOUS_INIE ? "IniE" : "IniF");

    loader_phase(nruns);
    boot_phase(b, &cfg);
    steady_phase(b);
    exit_phase();

    /* the summary goes to stderr: the Makefile shows it, the trace stays clean */
    fprintf(stderr, "xoustrace %s-%s: %lu operations; main RAM %u of %u pages used at the end\n",
            board_name ? board_name : "block", var->name, total_ops, (unsigned)ram_used(),
            (unsigned)ram_pages);
    for (unsigned p = 0; p < NPHASES; p++) {
        unsigned long t = 0;
        for (unsigned k = 0; k < NOPS; k++)
            t += mix[p][k];
        fprintf(stderr, "  %-6s %7lu:", phase_names[p], t);
        for (unsigned k = 0; k < NOPS; k++)
            if (mix[p][k])
                fprintf(stderr, " %s %lu", op_names[k], mix[p][k]);
        fputc('\n', stderr);
    }
    return 0;
}
