/* constants.c - prints the cache model's table (model.c, the one place its
 * constants live) as CSV, so that the report can say what each board's
 * figures were computed with and recompute them under other assumptions
 * (plots/report.py, the sensitivity table) without a second copy of them. */
#include <stdio.h>
#include "model.h"

int main(void)
{
    static const char *const boards[] = {"precursor", "bao1x"};
    printf("board,clock_mhz,icache_bytes,icache_ways,dcache_bytes,dcache_ways,itlb_entries,"
           "dtlb_entries,l2_bytes,i_refill_cycles,d_refill_cycles,mem_fill_cycles,"
           "mem_writeback_cycles,store_cycles,io_cycles,ptw_level_cycles,store_bus_cycles,"
           "wbuf_entries,br_predicted_x100,br_mispredict_x100,jal_x100,jalr_x100,load_use1_x100,"
           "load_use2_x100,div_x100,mul_use_x100,shift_use_x100,target_unaligned_x100,jump_hazard_x100\n");
    for (unsigned i = 0; i < sizeof boards / sizeof boards[0]; i++) {
        const vc_board *b = vc_board_find(boards[i]);
        if (b == NULL) {
            fprintf(stderr, "constants: no board %s in the model\n", boards[i]);
            return 1;
        }
        printf("%s,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u\n",
               b->name, b->clock_mhz,
               b->icache_bytes, b->icache_ways, b->dcache_bytes, b->dcache_ways, b->itlb_entries,
               b->dtlb_entries, b->l2_bytes, b->i_refill_cycles, b->d_refill_cycles,
               b->mem_fill_cycles, b->mem_writeback_cycles, b->store_cycles, b->io_cycles,
               b->ptw_level_cycles, b->store_bus_cycles, b->wbuf_entries, b->br_predicted_x100,
               b->br_mispredict_x100, b->jal_x100, b->jalr_x100, b->load_use1_x100,
               b->load_use2_x100, b->div_x100, b->mul_use_x100, b->shift_use_x100,
               b->target_unaligned_x100, b->jump_hazard_x100);
    }
    return 0;
}
