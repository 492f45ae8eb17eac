// Ram_1w_1rs.v - a behavioural model, written for ownlab, of the memory
// blackbox that SpinalHDL's addStandardMemBlackboxing leaves in the Baochip-1x
// CPU netlist (one write port, one synchronous read port; the tape-out maps it
// onto its own SRAM macros).  Ports and parameters as instantiated there; the
// BIST/trim pins are ignored.  Written from the instantiation's port list, not
// copied from any library.
/* verilator lint_off UNUSEDPARAM */
/* verilator lint_off UNUSEDSIGNAL */
module Ram_1w_1rs #(
    parameter wordCount = 512,
    parameter wordWidth = 32,
    parameter clockCrossing = 1'b0,
    parameter technology = "auto",
    parameter readUnderWrite = "dontCare",
    parameter wrAddressWidth = 9,
    parameter wrDataWidth = 32,
    parameter wrMaskWidth = 1,
    parameter wrMaskEnable = 1'b0,
    parameter rdAddressWidth = 9,
    parameter rdDataWidth = 32,
    parameter ramname = "none"
) (
    input  wire                      wr_clk,
    input  wire                      wr_en,
    input  wire [wrMaskWidth-1:0]    wr_mask,
    input  wire [wrAddressWidth-1:0] wr_addr,
    input  wire [wrDataWidth-1:0]    wr_data,
    input  wire                      rd_clk,
    input  wire                      rd_en,
    input  wire [rdAddressWidth-1:0] rd_addr,
    output reg  [rdDataWidth-1:0]    rd_data,
    input  wire                      CMBIST,
    input  wire                      CMATPG,
    input  wire [2:0]                sramtrm
);
    reg [wordWidth-1:0] mem [0:wordCount-1];
    localparam laneWidth = wordWidth / wrMaskWidth;
    integer i;
    initial for (i = 0; i < wordCount; i = i + 1) mem[i] = {wordWidth{1'b0}};
    always @(posedge wr_clk) begin
        if (wr_en) begin
            for (i = 0; i < wrMaskWidth; i = i + 1)
                if (!wrMaskEnable || wr_mask[i])
                    mem[wr_addr][i*laneWidth +: laneWidth] <= wr_data[i*laneWidth +: laneWidth];
        end
    end
    always @(posedge rd_clk) begin
        if (rd_en) rd_data <= mem[rd_addr];
    end
endmodule
