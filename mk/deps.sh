#!/bin/sh
# deps.sh - installs the Debian packages ownlab needs, and nothing when they
# are all there already (a dpkg query per package: well under a second).
set -eu
PKGS="build-essential gcc python3 clang libclang-rt-14-dev libcmocka-dev libjudy-dev libroaring-dev
libbenchmark-dev libbenchmark-tools python3-scipy libxml2-dev libexpat1-dev linux-perf valgrind
gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc gnuplot-nox gawk verilator llvm"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
echo "deps: done"
