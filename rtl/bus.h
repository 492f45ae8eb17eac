// bus.h - the board's bus slaves for tb.cpp (included once, after its globals).
// Timing constants: mem.h.  Both buses are served independently (no
// contention between instruction and data traffic: a simplification).
#ifndef RTL_BUS_H
#define RTL_BUS_H

static int trace_bus = getenv("RTL_TRACE_BUS") ? atoi(getenv("RTL_TRACE_BUS")) : 0;
static bool is_magic(uint32_t a) { return a >= MAGIC_SEMI && a <= MAGIC_INSTRETH; }

#if defined(BOARD_PRECURSOR)
// Wishbone as this core drives it (../shared/TOOLCHAIN.md): 30-bit word
// addresses; data valid in the cycle of ACK; refills are 8-beat incrementing
// bursts (CTI 010, last 111); uncached reads and every write are single beats
// (CTI 000); CYC may stay high across transactions, so a new transaction is
// known by the previous beat's CTI.
static L2 l2;
struct Wb { int wait = -1; bool ack = false; uint32_t data = 0; bool cont = false; bool magic = false; };
static Wb ib, db;

static void bus_init(uint32_t entry)
{
    top->externalResetVector = entry;
    top->timerInterrupt = 0; top->softwareInterrupt = 0; top->externalInterruptArray = 0;
    top->debug_bus_cmd_valid = 0; top->debug_bus_cmd_payload_wr = 0;
    top->debug_bus_cmd_payload_address = 0; top->debug_bus_cmd_payload_data = 0;
    top->iBusWishbone_ERR = 0; top->dBusWishbone_ERR = 0;
}

static void bus_drive()
{
    top->iBusWishbone_ACK = ib.ack; top->iBusWishbone_DAT_MISO = ib.data;
    top->dBusWishbone_ACK = db.ack; top->dBusWishbone_DAT_MISO = db.data;
}

// One Wishbone slave step; `data` says whether this is the data bus.
static void wb_step(Wb &w, bool cyc, bool stb, bool we, uint32_t adr, uint32_t dat_mosi,
                    unsigned sel, unsigned cti, bool data)
{
    uint32_t a = adr << 2;
    if (w.ack) {                       // this beat completes at the coming edge
        if (trace_bus > 1 && data) fprintf(stderr, "trace: cycle=%llu ack 0x%08x we=%d cti=%u\n", (unsigned long long)cycles, a, we, cti);
        if (we) mem.wr_sel(a, dat_mosi, sel);
        w.cont = cti == 2;
        w.ack = false; w.wait = -1; w.magic = false;
        return;
    }
    if (!(cyc && stb)) return;
    if (w.wait < 0) {                  // a beat seen for the first time
        if (trace_bus > 1 && data) fprintf(stderr, "trace: cycle=%llu req 0x%08x we=%d cti=%u cont=%d\n", (unsigned long long)cycles, a, we, cti, w.cont);
        if (w.cont) w.wait = timing::HIT_WAIT;
        else if (data && !we && is_magic(a)) { w.wait = MAGIC_DELAY; w.magic = true; }
        else {
            w.wait = (we ? timing::WRITE_WAIT : timing::HIT_WAIT) + l2.access(a, we);
            if (!data) cnt.irefills++;
            else if (we) cnt.stores++;
            else if (cti == 2) { cnt.drefills++; if (trace_bus) fprintf(stderr, "trace: drefill 0x%08x retired=%llu\n", a, (unsigned long long)retired); }
            else cnt.dreads_io++;
        }
    }
    if (w.wait == 0) { w.ack = true; w.data = we ? 0 : w.magic ? magic_read(a) : mem.rd32(a); }
    else w.wait--;
}

static void bus_sample()
{
    wb_step(ib, top->iBusWishbone_CYC, top->iBusWishbone_STB, top->iBusWishbone_WE,
            top->iBusWishbone_ADR, 0, 0xF, top->iBusWishbone_CTI, false);
    wb_step(db, top->dBusWishbone_CYC, top->dBusWishbone_STB, top->dBusWishbone_WE,
            top->dBusWishbone_ADR, top->dBusWishbone_DAT_MOSI, top->dBusWishbone_SEL,
            top->dBusWishbone_CTI, true);
}

#elif defined(BOARD_BAO1X)
// AXI4: iBus 64-bit read-only (4-beat line fills), dBus 32-bit.  One read and
// one write outstanding per bus; AR/AW/W accepted when idle.
struct AxiRd { bool busy = false; uint32_t addr = 0; unsigned beats = 0, beat = 0, id = 0; int wait = 0;
               bool magic = false; uint32_t mval = 0; };
struct AxiWr { bool aw = false, w = false; unsigned id = 0; int wait = 0; bool bvalid = false; };
static AxiRd ir, dr;
static AxiWr dw;

static void bus_init(uint32_t entry)
{
    top->externalResetVector = entry;
    top->timerInterrupt = 0; top->softwareInterrupt = 0; top->externalInterruptArray = 0;
    top->jtag_tms = 0; top->jtag_tdi = 0; top->jtag_tck = 0;
    top->CMBIST = 0; top->CMATPG = 0; top->sramtrm = 0;
}

static void bus_drive()
{
    top->iBusAxi_ar_ready = !ir.busy;
    bool iv = ir.busy && ir.wait == 0;
    top->iBusAxi_r_valid = iv;
    if (iv) {
        uint32_t a = (ir.addr & ~7u) + 8 * ir.beat;
        top->iBusAxi_r_payload_data = (uint64_t)mem.rd32(a) | (uint64_t)mem.rd32(a + 4) << 32;
    }
    top->iBusAxi_r_payload_last = iv && ir.beat + 1 == ir.beats;
    top->iBusAxi_r_payload_id = ir.id; top->iBusAxi_r_payload_resp = 0;

    top->dBusAxi_ar_ready = !dr.busy;
    bool dv = dr.busy && dr.wait == 0;
    top->dBusAxi_r_valid = dv;
    if (dv) top->dBusAxi_r_payload_data = dr.magic ? dr.mval : mem.rd32((dr.addr & ~3u) + 4 * dr.beat);
    top->dBusAxi_r_payload_last = dv && dr.beat + 1 == dr.beats;
    top->dBusAxi_r_payload_id = dr.id; top->dBusAxi_r_payload_resp = 0;

    bool widle = !dw.bvalid && dw.wait == 0;
    top->dBusAxi_aw_ready = !dw.aw && widle;
    top->dBusAxi_w_ready = !dw.w && widle;
    top->dBusAxi_b_valid = dw.bvalid; top->dBusAxi_b_payload_id = dw.id; top->dBusAxi_b_payload_resp = 0;
}

static uint32_t aw_addr;
static void bus_sample()
{
    // iBus read
    if (!ir.busy && top->iBusAxi_ar_valid) {
        ir.busy = true; ir.addr = top->iBusAxi_ar_payload_addr; ir.beats = top->iBusAxi_ar_payload_len + 1;
        ir.beat = 0; ir.id = top->iBusAxi_ar_payload_id; ir.wait = timing::READ_LATENCY + 1;
        cnt.irefills++;
    } else if (ir.busy && ir.wait == 0 && top->iBusAxi_r_ready) {
        if (++ir.beat == ir.beats) ir.busy = false;
    }
    if (ir.busy && ir.wait > 0) ir.wait--;
    // dBus read
    if (!dr.busy && top->dBusAxi_ar_valid) {
        dr.busy = true; dr.addr = top->dBusAxi_ar_payload_addr; dr.beats = top->dBusAxi_ar_payload_len + 1;
        dr.beat = 0; dr.id = top->dBusAxi_ar_payload_id; dr.magic = is_magic(dr.addr); dr.mval = 0;
        if (dr.magic) dr.wait = MAGIC_DELAY + 1;
        else {
            dr.wait = timing::READ_LATENCY + 1;
            if (dr.beats > 1) cnt.drefills++; else cnt.dreads_io++;
        }
    } else if (dr.busy && dr.wait == 0 && top->dBusAxi_r_ready) {
        if (++dr.beat == dr.beats) dr.busy = false;
    }
    if (dr.busy && dr.wait > 0) {
        if (--dr.wait == 0 && dr.magic) dr.mval = magic_read(dr.addr);
    }
    // dBus write (single beats: the D-cache writes through word by word)
    bool widle = !dw.bvalid && dw.wait == 0;
    if (!dw.aw && widle && top->dBusAxi_aw_valid) {
        dw.aw = true; aw_addr = top->dBusAxi_aw_payload_addr; dw.id = top->dBusAxi_aw_payload_id;
    }
    static uint32_t wdata; static unsigned wstrb;
    if (!dw.w && widle && top->dBusAxi_w_valid) {
        dw.w = true; wdata = top->dBusAxi_w_payload_data; wstrb = top->dBusAxi_w_payload_strb;
    }
    if (dw.aw && dw.w) {
        mem.wr_sel(aw_addr, wdata, wstrb);
        cnt.stores++;
        dw.aw = dw.w = false; dw.wait = timing::WRITE_LATENCY + 1;
    } else if (dw.bvalid) {
        if (top->dBusAxi_b_ready) dw.bvalid = false;
    }
    if (dw.wait > 0 && --dw.wait == 0) dw.bvalid = true;
}
#endif
#endif
