// mem.h - what lies beyond the CPU in vexsim-BOARD: the RAM image (QEMU virt:
// 128 MiB at 0x80000000, as bench/rv32.mk runs it with -m 128M) and, per board,
// the latencies of the memory behind the bus.  Every constant is either sourced
// or marked ASSUMED, as in vexcache/model.c; the ASSUMED ones are chosen equal
// to the cache model's own assumptions (vexcache/model.c's vc_boards[]), so that
// RTL and model differ only by what the CPU's pipeline and caches do.
#ifndef RTL_MEM_H
#define RTL_MEM_H
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

struct Mem {
    static const uint32_t BASE = 0x80000000u, SIZE = 128u << 20;
    std::vector<uint8_t> ram = std::vector<uint8_t>(SIZE);
    bool in_ram(uint32_t a) const { return a - BASE < SIZE; }
    uint8_t rd8(uint32_t a) const { return in_ram(a) ? ram[a - BASE] : 0; }
    void wr8(uint32_t a, uint8_t v) { if (in_ram(a)) ram[a - BASE] = v; }
    uint32_t rd32u(uint32_t a) const {   // any alignment
        return rd8(a) | rd8(a + 1) << 8 | rd8(a + 2) << 16 | (uint32_t)rd8(a + 3) << 24;
    }
    void wr32u(uint32_t a, uint32_t v) { for (int i = 0; i < 4; i++) wr8(a + i, v >> (8 * i)); }
    uint32_t rd32(uint32_t a) const { return rd32u(a & ~3u); }
    void wr32(uint32_t a, uint32_t v) { wr32u(a & ~3u, v); }
    void wr_sel(uint32_t a, uint32_t v, unsigned sel) {   // byte lanes of a word
        for (int i = 0; i < 4; i++) if (sel >> i & 1) wr8((a & ~3u) + i, v >> (8 * i));
    }
    std::string str(uint32_t a) const {
        std::string s; for (uint8_t c; (c = rd8(a)) != 0 && s.size() < 65536; a++) s += (char)c; return s;
    }
};

#if defined(BOARD_PRECURSOR)
// Precursor: the CPU's Wishbone reaches the 16 MiB external SRAM through a
// LiteX L2 (sram_32_cached): 64 KiB, 32-byte lines, direct-mapped, write-back
// ([BSOC] betrusted_soc.py, "External SRAM": l2_cache_size=0x1_0000, default USB;
// direct-mapped write-back per LiteX wishbone.Cache, as vexcache/model.c states it).
// Here every RAM address goes through it (QEMU's layout is not relocated onto
// the board's map, as in the model).
namespace timing {
// L2 hit, per Wishbone beat: the beat is acknowledged HIT_WAIT cycles after the
// slave sees STB.  ASSUMED 1 (an ack every 2 cycles: 8 beats ~ 16-18 cycles, the
// model's i/d_refill_cycles = 18, "8 Wishbone reads at ~2 cycles each").
static const int HIT_WAIT = 1;
static const int WRITE_WAIT = 1;        // ASSUMED: a written-through store is taken as a hit
                                        // beat is (model: store_cycles = 2)
static const int L2_FILL = 32;          // [BSOC] "Cache fill time is ~320ns for 8 words" at
                                        // 100 MHz (sys_clk_freq=int(100e6), 14057e4:836)
static const int L2_WRITEBACK = 56;     // ASSUMED from [BSOC] wr_timing=7: 8 words x 7 cycles
static const uint32_t L2_LINES = 0x10000 / 32;
}
struct L2 {
    std::vector<uint32_t> tag = std::vector<uint32_t>(timing::L2_LINES, 0xFFFFFFFFu);
    std::vector<uint8_t> dirty = std::vector<uint8_t>(timing::L2_LINES, 0);
    uint64_t misses = 0, writebacks = 0;
    // Extra cycles an access to this line costs before the hit path (0 on a hit).
    int access(uint32_t addr, bool write) {
        uint32_t line = addr >> 5, s = line & (timing::L2_LINES - 1);
        int extra = 0;
        if (tag[s] != line) {
            misses++;
            extra = timing::L2_FILL;
            if (tag[s] != 0xFFFFFFFFu && dirty[s]) { writebacks++; extra += timing::L2_WRITEBACK; }
            tag[s] = line; dirty[s] = 0;
        }
        if (write) dirty[s] = 1;
        return extra;
    }
};
#elif defined(BOARD_BAO1X)
// Baochip-1x: the CPU's AXI reaches on-chip SRAM (2 MiB) directly; code would
// sit in RRAM on the chip, but QEMU's layout puts everything in RAM and, as in
// the model, RRAM is not told apart.  No latency is documented ([CLK], [GCS]).
namespace timing {
static const int READ_LATENCY = 8;      // ASSUMED: cycles from AR accepted to the first R beat
                                        // (the model's "8 cycles of AXI and SRAM latency",
                                        // i_refill_cycles = 12 = 4 beats + 8)
static const int WRITE_LATENCY = 1;     // ASSUMED: cycles from AW+W accepted to B (the model:
                                        // store_cycles = 2, "one AXI write accepted")
}
#endif
#endif
