/*
 * xoustrace.c - writes a Xous-realistic trace for a board:
 *
 *     xoustrace BOARD BOOTFILE > workloads/traces/BOARD.trace
 *
 * Why a generator rather than a recorded trace: no Xous device here records
 * its page-ownership calls, and a recording would pin one build's sizes.  So
 * the trace is composed from what xous-core says happens (every figure below
 * cites the file and line it comes from) and, where xous-core says nothing,
 * from estimates marked ASSUMED.  It is deterministic: same inputs, same bytes.
 *
 * Phases, marked as comment lines so results can be split:
 *   # phase boot    the loader's initial assignment (xous_loader_plan: the
 *                   same code the kernel glue runs on a real argument block),
 *                   the kernel's and the drivers' device and flash claims,
 *                   stacks and heaps grown page by page (alloc);
 *   # phase steady  IPC buffer churn: pages allocated for a message, lent
 *                   (owner check) or sent (move), then freed; rare usage
 *                   sweeps (count);
 *   # phase exit    a spawned app grows (alloc) and exits (release_all), then
 *                   a final sweep.
 *
 * Why alloc slots.  The contract leaves the page alloc returns to the
 * design, so a trace line cannot name it, yet a message's buffer is named
 * again (lent, sent, freed) after it is allocated.  Each such alloc carries
 * `# @K` and each later line naming its page `# @K` too (workloads/trace.h):
 * a replay that honours slots uses the page the design itself returned, so
 * every design's states stay equal and every answer but alloc's page
 * agrees, while the allocator's search, the cost the Xous cursor bug is
 * about, is paid on every buffer as in Xous.  The literal address on those
 * lines is the page Xous's alloc_page returns: a first-fit from the bottom
 * of RAM (kernel/src/mem.rs:335-355, the `max` on :340 making the resume
 * point always the end), which the generator follows in its own view of
 * main RAM; so a plain replay, which ignores comments, is still a valid
 * trace and exactly Xous's for the `xous` design.  Heaps and the exit
 * phase's app are plain allocs: no later line names their pages (counts and
 * release_all ask per process, the same on every design).  An earlier
 * version fenced the free pages off (claim_range to a fence PID) so that
 * every design's alloc had to pick Xous's pages; slots made that
 * scaffolding, and its phase, unnecessary.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labmaps.h"
#include "rng.h"
#include "xousboot.h"

#define PAGE 4096u
#define MAX_RUNS 1024u
#define MAX_RAM_PAGES 65536u
/* MiniElf sections per init: as the block writer (boards/xousblock.c) makes
 * them, one per non-zero size, so that the trace's boot and the kernel glue
 * booting that block agree (a real build has more, about 9: the loader's own
 * example, loader/src/phase1.rs:652-662; only the argument copy's size,
 * rounded up to pages, depends on it) */
#define SECTIONS_PER_IMAGE 0u
#define SEED 0x5eedu

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

typedef struct board {
    const char *name;
    const claim_spec *claims;
    uint32_t nclaims;
    const server_w *servers;
    uint32_t nservers;
    uint32_t args_phys; /* where the argument block sits in flash */
    const char *args_cite;
    uint32_t steady_messages; /* IPC messages in the steady phase */
} board;

static const board boards[] = {
    {"precursor", precursor_claims, sizeof precursor_claims / sizeof precursor_claims[0],
     precursor_servers, sizeof precursor_servers / sizeof precursor_servers[0], 0x20981000u,
     "KERNEL_LOC 0x980000 + FLASH_PHYS_BASE (precursor.rs:1,20) + SIGBLOCK_SIZE 0x1000 "
     "(loader/src/main.rs:109,449-454)",
     10000u},
    {"bao1x", bao1x_claims, sizeof bao1x_claims / sizeof bao1x_claims[0], bao1x_servers,
     sizeof bao1x_servers / sizeof bao1x_servers[0], 0x600a0000u,
     "KERNEL_START 0x600A0000 - SIGBLOCK_LEN (libs/bao1x-api/src/offsets/common.rs:13) + "
     "SIGBLOCK_LEN (loader/src/main.rs:452-454)",
     10000u},
};

/* ---- state: the generator's own view of main RAM ----------------------- */

static xous_image imgs[XOUS_MAX_IMAGES];
static uint32_t nimg;
static xous_run runs[MAX_RUNS];
static uint8_t ram_owner[MAX_RAM_PAGES];
static uint32_t ram_base, ram_pages;
static own_rng rng = {SEED};
static unsigned long ops;
static unsigned long op_count[8];

static uint32_t below(uint32_t n) { return own_rng_below(&rng, n); }

static void die(const char *why)
{
    fprintf(stderr, "xoustrace: %s\n", why);
    exit(2);
}

static int in_ram(uint32_t a) { return a >= ram_base && (a - ram_base) / PAGE < ram_pages; }

static void set_ram(uint32_t addr, uint32_t pages, uint32_t pid)
{
    for (uint32_t k = 0; k < pages; k++)
        if (in_ram(addr + k * PAGE))
            ram_owner[(addr - ram_base) / PAGE + k] = (uint8_t)pid;
}

enum { O_OWNER, O_CLAIM, O_RELEASE, O_MOVE, O_RANGE, O_RALL, O_COUNT, O_ALLOC };

static void op_line(unsigned kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void op_line(unsigned kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    ops++;
    op_count[kind]++;
}

static const char *const op_names[8] = {"owner", "claim", "release", "move",
                                        "claim_range", "release_all", "count", "alloc"};
static const char *cur_phase;
#define NPHASES 3u
static unsigned long phase_mix[NPHASES][8];
static const char *const phase_names[NPHASES] = {"boot", "steady", "exit"};

static void phase(const char *name)
{
    /* fold the finished stretch into its phase's tally */
    if (cur_phase != NULL)
        for (unsigned p = 0; p < NPHASES; p++)
            if (strcmp(cur_phase, phase_names[p]) == 0)
                for (unsigned k = 0; k < 8; k++)
                    phase_mix[p][k] += op_count[k];
    memset(op_count, 0, sizeof op_count);
    if (name != NULL)
        printf("# phase %s\n", name);
    cur_phase = name;
}

static uint32_t pid_of(const char *name)
{
    for (uint32_t i = 0; i < nimg; i++)
        if (strcmp(imgs[i].name, name) == 0)
            return i + 1u;
    return 0;
}

/* Xous's alloc_page: the lowest free main-RAM page (kernel/src/mem.rs:335-355) */
static uint32_t first_fit(void)
{
    for (uint32_t i = 0; i < ram_pages; i++)
        if (ram_owner[i] == 0)
            return i;
    die("main RAM is full");
    return 0;
}

/* Xous's alloc_page for pid, as a trace line: `alloc PID`, and with a slot
 * `alloc PID # @K`; returns the page Xous would hand out, which the
 * generator's view of RAM now gives to pid. */
static uint32_t xous_alloc(uint32_t pid, int slot)
{
    uint32_t i = first_fit();
    ram_owner[i] = (uint8_t)pid;
    if (slot < 0)
        op_line(O_ALLOC, "alloc %u", (unsigned)pid);
    else
        op_line(O_ALLOC, "alloc %u # @%d", (unsigned)pid, slot);
    return ram_base + i * PAGE;
}

/* Stacks and heaps grow a page per fault, the processes' faults
 * interleaved: round robin, a page each. */
typedef struct growth { uint32_t pid, pages; } growth;

static void grow(const growth *g, uint32_t ng, const char *why)
{
    uint32_t want = 0;
    for (uint32_t i = 0; i < ng; i++)
        want += g[i].pages;
    printf("# %s\n", why);
    uint32_t done[XOUS_MAX_IMAGES + 2] = {0};
    for (uint32_t given = 0; given < want;)
        for (uint32_t k = 0; k < ng; k++)
            if (done[k] < g[k].pages) {
                xous_alloc(g[k].pid, -1);
                done[k]++;
                given++;
            }
}

/* ---- the phases ------------------------------------------------------- */

static void boot_phase(const board *b, const xous_boot_cfg *cfg, int nruns)
{
    phase("boot");
    printf("# the loader's initial assignment: xous_loader_plan (workloads/xousboot.c)\n");
    for (int r = 0; r < nruns; r++) {
        op_line(O_RANGE, "claim_range 0x%08x %u %u", (unsigned)runs[r].addr,
                (unsigned)runs[r].pages, (unsigned)runs[r].pid);
        set_ram(runs[r].addr, runs[r].pages, runs[r].pid);
    }
    /* the end of the kernel image in flash, for root-keys' record */
    uint32_t image_end = cfg->args_bytes;
    for (uint32_t i = 0; i < nimg; i++)
        image_end += ((imgs[i].text + imgs[i].data + PAGE - 1u) / PAGE) * PAGE;
    printf("# the kernel's and the drivers' device and flash mappings (map_range/map_memory\n"
           "# claim each page, kernel/src/mem.rs:600-720); PIDs by image order\n");
    for (uint32_t c = 0; c < b->nclaims; c++) {
        const claim_spec *s = &b->claims[c];
        uint32_t pid = pid_of(s->who);
        if (pid == 0) {
            printf("# (%s is not in this image: %s)\n", s->who, s->cite);
            continue;
        }
        uint32_t addr = s->addr;
        if (addr == 0u) /* the clean-suspend page */
            addr = cfg->ram_base + cfg->ram_size - cfg->guard_pages * PAGE;
        else if (addr == 1u) /* root-keys' kernel end record */
            addr = 0x20980000u + ((image_end + 0x1000u - 8u) & ~0x1fffu);
        printf("# %s: %s\n", s->who, s->cite);
        if (s->pages == 1)
            op_line(O_CLAIM, "claim 0x%08x %u", (unsigned)addr, (unsigned)pid);
        else
            op_line(O_RANGE, "claim_range 0x%08x %u %u", (unsigned)addr, (unsigned)s->pages,
                    (unsigned)pid);
        set_ram(addr, s->pages, pid);
    }

    /* Stacks and heaps.  The loader maps one stack page (minielf.rs:172-201);
     * the rest of STACK faults in.  Heaps: ASSUMED half the text size, at
     * least 4 pages (a Rust service's heap holds its message buffers,
     * collections and strings; no figure in xous-core).  graphics-server
     * also allocates its 6-page software frame buffer (betrusted.rs:33-40). */
    growth g[XOUS_MAX_IMAGES];
    uint32_t ng = 0;
    for (uint32_t i = 1; i < nimg; i++) {
        uint32_t stack = imgs[i].stack > PAGE ? (imgs[i].stack - PAGE) / PAGE : 0u;
        uint32_t heap = imgs[i].text / 8192u;
        if (heap < 4u)
            heap = 4u;
        if (strcmp(imgs[i].name, "graphics-server") == 0)
            heap += 6u;
        g[ng].pid = i + 1u;
        g[ng].pages = stack + heap;
        ng++;
    }
    grow(g, ng, "stacks and heaps, a page per fault, processes interleaved (plain allocs: no\n"
                "# later line names these pages)");
}

static uint32_t pick_server(const board *b)
{
    uint32_t total = 0;
    for (uint32_t i = 0; i < b->nservers; i++)
        total += pid_of(b->servers[i].name) ? b->servers[i].weight : 0u;
    uint32_t r = below(total);
    for (uint32_t i = 0; i < b->nservers; i++) {
        if (!pid_of(b->servers[i].name))
            continue;
        if (r < b->servers[i].weight)
            return pid_of(b->servers[i].name);
        r -= b->servers[i].weight;
    }
    return 2u;
}

static void sweep(void)
{
    /* The only callers of ram_used_by (mem.rs:256-280, a count per process)
     * are debug paths: the kernel's debug shell (kernel/src/debug/shell.rs:193)
     * and bao1x's DebugFreeMem platform call (kernel/src/syscall.rs:1226-1318,
     * platform/bao1x/mod.rs:79): a developer asking, not the system running.
     * So a sweep is rare here: once mid-steady and once at the end. */
    for (uint32_t p = 1; p <= nimg; p++)
        op_line(O_COUNT, "count %u", (unsigned)p);
    op_line(O_COUNT, "count 0");
}

static void steady_phase(const board *b)
{
    phase("steady");
    printf("# IPC memory messages.  Kinds by call sites in xous-core services/, libs/, api/:\n"
           "# .lend_mut( 146, .lend( 69, buf.send( 45  ->  lend_mut 56%%, lend 27%%, send 17%%.\n"
           "# A message's buffer is fresh pages (map_memory(None, None, ..): xous-rs/src/\n"
           "# carton.rs:24, stringbuffer.rs:40, and the xous-ipc crate's Buffer alike; each\n"
           "# page is an alloc_page when first touched): `alloc PID # @K` keeps the page in\n"
           "# slot K, and a later line's `# @K` names it (workloads/trace.h); the literal\n"
           "# address there is the page Xous's first-fit alloc_page returns.  A lend\n"
           "# is an ownership check per page (the kernel glue's mm_lend; Xous lends through\n"
           "# its page tables, services.rs:1500-1545); a send moves each page to the server\n"
           "# (kernel/src/services.rs:1420-1431, mem.rs:789-804); the holder then frees it\n"
           "# (drop: carton.rs:71 unmap_memory; unmap_page -> release_page, mem.rs:774-785).\n"
           "# Buffer sizes ASSUMED: 1 page\n"
           "# 90%%, 2 pages 8%%, 4 pages 2%%.  One usage sweep (count per process, a debug\n"
           "# command: kernel/src/debug/shell.rs:193) halfway.\n");
    for (uint32_t m = 0; m < b->steady_messages; m++) {
        uint32_t server = pick_server(b);
        uint32_t client;
        do
            client = 2u + below(nimg - 1u);
        while (client == server);
        uint32_t r = below(100), pages = r < 90 ? 1u : r < 98 ? 2u : 4u;
        uint32_t kind = below(100); /* <56 lend_mut, <83 lend, else send */
        /* slot k holds the message's page k: one message is alive at a
         * time, so slots 0..3 are reused message after message */
        uint32_t addr[4];
        for (uint32_t k = 0; k < pages; k++)
            addr[k] = xous_alloc(client, (int)k);
        uint32_t holder = client;
        for (uint32_t k = 0; k < pages; k++) {
            if (kind < 83u) {
                op_line(O_OWNER, "owner 0x%08x # @%u", (unsigned)addr[k], (unsigned)k);
            } else {
                op_line(O_MOVE, "move 0x%08x %u %u # @%u", (unsigned)addr[k], (unsigned)client,
                        (unsigned)server, (unsigned)k);
                ram_owner[(addr[k] - ram_base) / PAGE] = (uint8_t)server;
                holder = server;
            }
        }
        for (uint32_t k = 0; k < pages; k++) {
            op_line(O_RELEASE, "release 0x%08x %u # @%u", (unsigned)addr[k], (unsigned)holder,
                    (unsigned)k);
            ram_owner[(addr[k] - ram_base) / PAGE] = 0;
        }
        if (m + 1u == b->steady_messages / 2u)
            sweep();
    }
}

static void exit_phase(void)
{
    phase("exit");
    uint32_t app = nimg + 1u; /* the next PID, as create_process would give */
    printf("# a spawned app (PID %u): its image and heap come from alloc (ASSUMED 96 pages,\n"
           "# a small app), then it exits: release_all (Process::terminate, kernel/src/\n"
           "# services.rs:266-274 -> release_all_memory_for_process, mem.rs:1066), and a\n"
           "# developer's usage sweep.  Plain allocs: release_all frees them by PID.\n",
           (unsigned)app);
    uint32_t free_pages = 0;
    for (uint32_t i = 0; i < ram_pages; i++)
        free_pages += ram_owner[i] == 0;
    uint32_t n = free_pages < 96u ? free_pages : 96u;
    for (uint32_t k = 0; k < n; k++)
        xous_alloc(app, -1);
    op_line(O_RALL, "release_all %u", (unsigned)app);
    for (uint32_t i = 0; i < ram_pages; i++)
        if (ram_owner[i] == app)
            ram_owner[i] = 0;
    sweep();
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

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--self-test") == 0)
        return self_test();
    if (argc != 3) {
        fprintf(stderr, "usage: xoustrace BOARD BOOTFILE | xoustrace --self-test\n");
        return 2;
    }
    const board *b = NULL;
    for (size_t i = 0; i < sizeof boards / sizeof boards[0]; i++)
        if (strcmp(boards[i].name, argv[1]) == 0)
            b = &boards[i];
    if (b == NULL)
        die("unknown board (precursor, bao1x)");

    static char text[1 << 16];
    FILE *f = fopen(argv[2], "r");
    if (f == NULL)
        die("cannot open the boot description");
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    uint32_t bad = 0;
    int n = xous_boot_parse(text, imgs, XOUS_MAX_IMAGES, &bad);
    if (n < 0) {
        fprintf(stderr, "%s:%u: bad boot description line\n", argv[2], (unsigned)bad);
        return 2;
    }
    nimg = (uint32_t)n;

    static norm_map nm;
    uint32_t mi = lab_map_find(b->name);
    if (mi >= lab_map_count() || lab_map_build(mi, &nm) != 0)
        die("no lab map for the board");
    xous_boot_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    if (xous_board_loader(b->name, &cfg) != 0)
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
    xous_layout_inif(imgs, nimg, b->args_phys, cfg.args_bytes);
    int nruns = xous_loader_plan(imgs, nimg, &cfg, runs, MAX_RUNS);
    if (nruns < 0)
        die("xous_loader_plan refused the images");
    if (!check_plan(b->name, imgs, nimg, &cfg, runs, nruns))
        die("the loader plan fails its own check");
    ram_base = cfg.ram_base;
    ram_pages = cfg.ram_size / PAGE;
    if (ram_pages > MAX_RAM_PAGES)
        die("main RAM larger than the generator's table");

    printf("# %s.trace - Xous-realistic ownership trace for %s, written by\n"
           "# workloads/xoustrace.c from workloads/boot/%s.boot (make traces).\n"
           "# Replay: build/ownlab replay -s DESIGN -m boards/%s.map THIS_FILE\n"
           "# Alloc slots: `alloc PID # @K` keeps the page it returned as slot K; a\n"
           "# line naming a page with `# @K` means slot K's page, and its literal\n"
           "# address is the page Xous's first-fit alloc_page returns.  ownlab replay\n"
           "# ignores comments (exact for the xous design); the replay benchmarks and\n"
           "# the kernel image honour slots, so every design's answers agree\n"
           "# (workloads/trace.h).\n"
           "# %u images (kernel + %u processes); main RAM 0x%08x, %u pages; argument\n"
           "# block %u bytes at 0x%08x (%s); %u MREx regions, %u bytes.\n",
           b->name, b->name, b->name, b->name, (unsigned)nimg, (unsigned)(nimg - 1u),
           (unsigned)cfg.ram_base, (unsigned)ram_pages, (unsigned)cfg.args_bytes,
           (unsigned)b->args_phys, b->args_cite, (unsigned)nregions,
           (unsigned)cfg.extra_region_bytes);
    for (uint32_t i = 0; i < nimg; i++)
        printf("#   pid %2u %-16s %s\n", (unsigned)(i + 1u), imgs[i].name,
               imgs[i].kind == XOUS_KERNEL ? "XKrn" : imgs[i].kind == XOUS_INIE ? "IniE" : "IniF");

    boot_phase(b, &cfg, nruns);
    steady_phase(b);
    exit_phase();
    phase(NULL);

    /* the summary goes to stderr: the Makefile shows it, the trace stays clean */
    fprintf(stderr, "xoustrace %s: %lu operations\n", b->name, ops);
    for (unsigned p = 0; p < NPHASES; p++) {
        unsigned long t = 0;
        for (unsigned k = 0; k < 8; k++)
            t += phase_mix[p][k];
        fprintf(stderr, "  %-6s %6lu:", phase_names[p], t);
        for (unsigned k = 0; k < 8; k++)
            if (phase_mix[p][k])
                fprintf(stderr, " %s %lu", op_names[k], phase_mix[p][k]);
        fputc('\n', stderr);
    }
    return 0;
}
