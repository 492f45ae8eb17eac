# precursor.boot - the images `cargo xtask app-image` boots on Precursor.
# Format (one image a line, sizes in bytes, decimal):
#   kernel TEXT DATA BSS
#   inie NAME TEXT DATA BSS STACK      (copied to RAM by the loader)
#   inif NAME TEXT DATA BSS STACK      (text executes in place from flash)
# The kernel line comes first; the init lines are in PID order (2, 3, ...).
#
# Which images (xous-core, file:line):
# - xtask/src/main.rs:417-423 `app-image` = target_precursor + user_pkgs;
#   user_pkgs = base_pkgs (main.rs:76-82) + gfx_base_pkgs (:84-94) + the
#   user list (:96-125): 25 services, in this order.
# - add_services() (xtask/src/builder.rs:481-486) gives each the default
#   region, Ram (builder.rs:105-140), so split_region() (builder.rs:717-765)
#   makes all 25 IniE: Precursor copies every service into its 16 MiB SRAM.
# - xous-create-image (tools/src/bin/xous-create-image.rs:428-495) writes the
#   IniE tags in this order with PIDs from 2, then the IniF tags (none
#   here), then XKrn: so the loader (loader/src/phase1.rs:507-645) places
#   the services first, top of RAM downward, and the kernel below them.
# - STACK: the loader maps the first of STACK_PAGE_COUNT = 8 stack pages
#   (loader/src/main.rs:110, loader/src/minielf.rs:172-201); the rest of
#   STACK is faulted in later.  So 4096 <= STACK <= 32768.
#
# Sizes: xous-core carries no build artefacts, so every size below is
# ASSUMED: typical riscv32imac-unknown-xous-elf release builds (TEXT = all
# read-only sections: .text, .rodata, .eh_frame, ...), scaled by what each
# crate pulls in (smoltcp in net, the whole UI/command set in shellchat,
# crypto in root-keys and pddb).  Their total, about 5.9 MiB, fits the
# Precursor image budget: KERNEL_LEN = 0x140_0000 with "half the area for
# backup" (libs/precursor-hal/src/board/precursor.rs:20-22).
kernel 163840 2048 20480
inie xous-ticktimer 98304 1024 4096 8192
inie xous-log 69632 1024 8192 8192
inie xous-names 90112 1024 4096 8192
inie xous-susres 73728 1024 4096 8192
inie graphics-server 274432 2048 8192 16384
inie early_settings 61440 512 2048 8192
inie keyboard 106496 1024 4096 8192
inie spinor 86016 1024 4096 8192
inie llio 118784 1024 4096 8192
inie com 94208 1024 4096 8192
inie net 655360 4096 16384 32768
inie dns 172032 1024 4096 16384
inie gam 339968 2048 8192 16384
inie ime-frontend 188416 1024 4096 16384
inie ime-plugin-shell 102400 1024 2048 8192
inie codec 90112 1024 4096 8192
inie modals 245760 2048 4096 16384
inie root-keys 466944 2048 8192 32768
inie trng 102400 1024 4096 8192
inie sha2 110592 1024 4096 8192
inie jtag 73728 1024 2048 8192
inie status 417792 2048 8192 32768
inie shellchat 1179648 4096 16384 32768
inie pddb 565248 2048 8192 32768
inie usb-device-xous 315392 2048 8192 16384
