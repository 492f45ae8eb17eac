#!/bin/bash
# fetch.sh DEST - `make rtl-fetch`: downloads the boards' CPU RTL at the pinned
# commits of ../shared/rtl/README.md into DEST/{precursor,bao1x}/ and checks every
# file against rtl/rtl.sha256.  Any download or checksum failure fails loudly and
# leaves nothing half-checked in DEST (files land in DEST.tmp first).
set -u
dest=$1 tmp=$1.tmp
P=https://raw.githubusercontent.com/betrusted-io/pythondata-cpu-vexriscv/b63b58b7ca8af733e278a950bb672bb98e396800
Q=https://raw.githubusercontent.com/baochip/baochip-1x/0a61410dc74138c3ac76ef0ca2b64223717c51b5
# file in DEST <- URL (paths inside the repositories as ../shared/rtl/README.md names them;
# the two LICENSE paths are the repositories' top-level licence files, not checked here
# against a live download: no network where this was written)
files="precursor/VexRiscv_BetrustedSoC_Debug.v=$P/pythondata_cpu_vexriscv/verilog/VexRiscv_BetrustedSoC_Debug.v
precursor/VexRiscv_BetrustedSoC_Debug.v_toplevel_memory_AesPlugin_rom_storage.bin=$P/pythondata_cpu_vexriscv/verilog/VexRiscv_BetrustedSoC_Debug.v_toplevel_memory_AesPlugin_rom_storage.bin
precursor/VexRiscv_BetrustedSoC_Debug.yaml=$P/pythondata_cpu_vexriscv/verilog/VexRiscv_BetrustedSoC_Debug.yaml
precursor/GenBetrustedSoC.scala=$P/pythondata_cpu_vexriscv/verilog/src/main/scala/vexriscv/GenBetrustedSoC.scala
precursor/LICENSE=$P/pythondata_cpu_vexriscv/verilog/ext/VexRiscv/LICENSE
bao1x/VexRiscv_CramSoC.v=$Q/VexRiscv/VexRiscv_CramSoC.v
bao1x/memory_AesZknPlugin_rom_storage_Rom_1rs.v=$Q/VexRiscv/memory_AesZknPlugin_rom_storage_Rom_1rs.v
bao1x/VexRiscv_CramSoC.yaml=$Q/VexRiscv/VexRiscv_CramSoC.yaml
bao1x/GenCramSoC.scala=$Q/VexRiscv/GenCramSoC.scala
bao1x/LICENSE=$Q/LICENSE"
rm -rf "$tmp"; mkdir -p "$tmp/precursor" "$tmp/bao1x"
fail=0
for f in $files; do
    name=${f%%=*} url=${f#*=}
    if ! curl -fsSL --retry 2 -o "$tmp/$name" "$url"; then
        echo "rtl-fetch: download FAILED: $url"; fail=1
    fi
done
if [ $fail -eq 0 ] && ! (cd "$tmp" && sha256sum -c --quiet "$OLDPWD/rtl/rtl.sha256"); then
    echo "rtl-fetch: sha256 MISMATCH (see above)"; fail=1
fi
if [ $fail -ne 0 ]; then rm -rf "$tmp"; exit 1; fi
rm -rf "$dest"; mv "$tmp" "$dest"
echo "rtl-fetch: $dest (sha256 checked against rtl/rtl.sha256)"
