# vexcache.mk - the VexRiscv cache model as a QEMU TCG plugin
# (vexcache/: model.c the model, plugin.c QEMU's side; what is modelled
# and the cycle formula: vexcache/model.h).
#
#   make                 builds $(B)/rv32/vexcache.so (host gcc, plain C)
#   make test-vexcache   host unit test of the model, then RV32 micro-programs
#                        under QEMU with the plugin, for both boards
#                        (a TEST_STEP; tests/vexcache/run.sh)
#
# Use: qemu-system-riscv32 ... -icount shift=0 -d plugin
#          -plugin $(B)/rv32/vexcache.so,board=precursor|bao1x
# Guest side: vexcache/guest.h (vexcache_start / vexcache_stop, rv32_instret).

VEXCACHE := $(B)/rv32/vexcache.so
VEXCACHE_SRC := vexcache/plugin.c vexcache/model.c
VEXCACHE_HDR := vexcache/model.h vexcache/qemu_plugin_api.h
VEXCACHE_CFLAGS := $(CSTD) $(WARN) -O2 -g -fPIC -fvisibility=hidden -D_POSIX_C_SOURCE=200809L
VEXCACHE_BOARDS := precursor bao1x

all: $(VEXCACHE)

$(VEXCACHE): $(VEXCACHE_SRC) $(VEXCACHE_HDR)
	@mkdir -p $(@D)
	$(CC) $(VEXCACHE_CFLAGS) -shared -o $@ $(VEXCACHE_SRC)

# The model's constants as CSV, for the report (results/rv32/model_constants.csv).
$(B)/vexcache/constants: vexcache/constants.c vexcache/model.c vexcache/model.h
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O1 -g -Ivexcache -o $@ vexcache/constants.c vexcache/model.c

.PHONY: model-constants
model-constants: $(B)/vexcache/constants
	@mkdir -p $(RV32_RESULTS)
	$(B)/vexcache/constants > $(RV32_RESULTS)/model_constants.csv

$(B)/vexcache/unit: tests/vexcache/unit.c vexcache/model.c vexcache/model.h
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
		-Ivexcache -o $@ tests/vexcache/unit.c vexcache/model.c

# The micro-programs, once per board (the geometry they expect is a build flag).
# Cross-built like bench/rv32.mk's programs (its flags and link map).
VEXCACHE_MICRO_FLAGS := $(CSTD) $(WARN) -O2 -g -Ivexcache -march=rv32imac -misa-spec=2.2 -mabi=ilp32 \
	--specs=picolibc.specs --oslib=semihost \
	-Wl,--defsym=__flash=0x80000000 -Wl,--defsym=__flash_size=0x400000 \
	-Wl,--defsym=__ram=0x80400000 -Wl,--defsym=__ram_size=0x3c00000 \
	-Wl,--defsym=__stack_size=0x10000
$(B)/vexcache/micro_precursor.elf: VEXCACHE_BOARD_FLAG := -DVC_BOARD_PRECURSOR
$(B)/vexcache/micro_bao1x.elf: VEXCACHE_BOARD_FLAG := -DVC_BOARD_BAO1X
$(B)/vexcache/micro_%.elf: tests/vexcache/micro.c tests/vexcache/geometry.h vexcache/guest.h
	@mkdir -p $(@D)
	riscv64-unknown-elf-gcc $(VEXCACHE_MICRO_FLAGS) $(VEXCACHE_BOARD_FLAG) -o $@ $<

.PHONY: test-vexcache
test-vexcache: $(VEXCACHE) $(B)/vexcache/unit $(VEXCACHE_BOARDS:%=$(B)/vexcache/micro_%.elf)
	tests/vexcache/run.sh $(VEXCACHE) $(B)/vexcache

TEST_STEPS += test-vexcache
