# pipeline.awk - make rtl-calibrate: the pipeline's cost per event, from one
# vexsim run of tests/rtl/pipeline.c ("window NAME N" then "rtl: window=K
# insns=.. cycles=.." per kernel).  extra(K) = (cycles - insns) / N, the
# cycles per iteration beyond one per instruction; each event's cost is the
# difference of extra() between its kernel and the kernel without it.
#   awk -v board=B -f rtl/pipeline.awk PIPELINE.out   prints board,constant,value,how
function kv(s, key,   v) { v = " " s " "; if (index(v, " " key "=") == 0) return ""; sub(".* " key "=", "", v); sub(/ .*/, "", v); return v + 0 }
$1 == "window" && NF == 3 { name[++nw] = $2; iters[nw] = $3 }
/^rtl: window=/ { k = kv($0, "window"); x[name[k]] = (kv($0, "cycles") - kv($0, "insns")) / iters[k]; per[name[k]] = kv($0, "cycles") / iters[k] }
function out(c, v, how) { printf "%s,%s,%.2f,%s\n", board, c, v, how }
function need(n) { if (!(n in x)) { printf "pipeline.awk: %s: no window %s\n", board, n > "/dev/stderr"; bad = 1; exit 1 } return x[n] }
END {
    if (bad) exit 1
    out("pipe_br_predicted", need("base"), "base loop: its backward taken branch (STATIC: predicted), per iteration")
    out("pipe_br_mispredict_fwd", need("fwd_taken") - need("fwd_not"), "fwd_taken - fwd_not: a forward branch taken")
    out("pipe_br_mispredict_back", need("back_not") - need("base"), "back_not - base: a backward branch not taken")
    out("pipe_jal", need("jal") - need("base"), "jal - base")
    out("pipe_jalr", need("jalr") - need("base"), "jalr - base")
    out("pipe_load_use1", need("lu1") - need("ld"), "lu1 - ld: the next instruction reads the load's result")
    out("pipe_load_use2", need("lu2") - need("ld"), "lu2 - ld: the one after reads it")
    out("pipe_div", need("div") - need("base"), "div - base: divu (iterative)")
    out("pipe_mul_use", need("mul_use") - need("mul"), "mul_use - mul: the next instruction reads the product")
    out("pipe_shift_use", (need("sh_use") - need("sh")) / 8, "(sh_use - sh) / 8: the next instruction reads a shift's result (shifts finish in the memory stage)")
    out("pipe_shift_use2", (need("sh_use2") - need("sh2")) / 8, "(sh_use2 - sh2) / 8: the one after reads it")
    out("pipe_call_ret", (need("call") - need("base")) / 2, "(call - base) / 2: each jalr of a call to a function that only returns, and of its return")
    out("pipe_call_nop_ret", (need("call_nop") - need("base")) / 2, "(call_nop - base) / 2: the same, the function running a nop first")
    out("pipe_call_rvc_ret", (need("call_rvc") - need("base")) / 2, "(call_rvc - base) / 2: the same in compressed code (c.jalr to c.nop; c.jr)")
    out("pipe_jump_hazard", need("call_sh_use") - need("call_sh") - (need("sh_use") - need("sh")) / 8, "call_sh_use - call_sh - pipe_shift_use: a jalr whose next two instructions (the wrong path while it resolves) stall decode")
    out("pipe_jump_hazard_ld", need("call_ld_use") - need("call_ld") - (need("lu1") - need("ld")), "call_ld_use - call_ld - pipe_load_use1: the same with a load and its reader")
    out("pipe_jump_hazard_fall", need("jr_fall") - need("jr_none"), "jr_fall - jr_none: the pair on the jr's wrong path (never run)")
    out("pipe_jump_hazard_target", need("jr_tgt") - need("jr_none") - (need("sh_use") - need("sh")) / 8, "jr_tgt - jr_none - pipe_shift_use: the pair at the jr's target instead (0: it is the wrong path)")
    out("pipe_target_unaligned", need("t_word2") - need("t_word0"), "t_word2 - t_word0: a jump to a 32-bit instruction at 2 mod 4")
    out("pipe_target_unaligned_rvc", need("t_half2") - need("t_half0"), "t_half2 - t_half0: the same to a compressed one")
    out("pipe_store_lone", need("st1") - need("base"), "st1 - base: one store per iteration, hitting the L2")
    out("pipe_store_three", need("st3") - need("base"), "st3 - base: three stores back to back (the third waits for the buffer)")
    out("pipe_store_l2miss_bus", per["s_miss0"], "s_miss0: cycles per store missing the L2 with a dirty victim, back to back (bus-bound)")
    out("pipe_store_l2miss_hidden", need("s_miss128") - need("base"), "s_miss128 - base: the same 128 nops apart (the bus keeps up: hidden)")
}
