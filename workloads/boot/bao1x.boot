# bao1x.boot - the images `cargo xtask bao1x` boots on Baochip-1x (the
# Dabao board).  Format as in precursor.boot:
#   kernel TEXT DATA BSS
#   inie NAME TEXT DATA BSS STACK      (copied to RAM by the loader)
#   inif NAME TEXT DATA BSS STACK      (text executes in place from RRAM)
# The kernel line comes first; the init lines are in PID order (2, 3, ...).
#
# Which images (xous-core, file:line):
# - xtask/src/main.rs:536-593 `bao1x`: board-dabao, no swap; the services
#   are bao1x_flash_pkgs (main.rs:558-565), each added with
#   LoaderRegion::Flash (main.rs:588-590), so all five are IniF: text
#   executes in place from RRAM, only .data/.bss come to the 2 MiB SRAM
#   (loader/src/phase1.rs:527-534, minielf.rs:230-235).  Apps come only from
#   the command line (main.rs:591, get_cratespecs): none by default.
# - Baosec (main.rs:1157-1243) boots 10 services but with swap, which this
#   model does not cover; Dabao is the configuration the `bao1x` target
#   builds.
# - xous-create-image writes IniE (none) then IniF tags, PIDs from 2 in this
#   order, then XKrn (tools/src/bin/xous-create-image.rs:428-495).
# - STACK: the loader maps 1 of 8 stack pages (loader/src/main.rs:110,
#   minielf.rs:172-201); 4096 <= STACK <= 32768.
#
# Sizes: ASSUMED, typical riscv32imac-unknown-xous-elf release builds (TEXT
# = all read-only sections); the mailbox services are small protocol
# endpoints.  The kernel and services must fit the RRAM between KERNEL_START
# (0x600A0000 - SIGBLOCK_LEN, libs/bao1x-api/src/offsets/common.rs:13) and
# the app segment at 0x60300000 (offsets/dabao.rs:26): about 2.4 MiB.
kernel 143360 2048 16384
inif xous-log 61440 1024 8192 8192
inif xous-names 81920 1024 4096 8192
inif xous-ticktimer 86016 1024 4096 8192
inif bao1x-mbox1 45056 512 2048 8192
inif bao1x-mbox2 45056 512 2048 8192
