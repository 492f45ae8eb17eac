#!/usr/bin/env python3
"""xous_blocks.py - Xous argument blocks built without the project's C code.

The tool's tests compare what `ownlab` reads and writes against blocks made
here, by a second, independent rendering of the format (xous-core
tools/src/xous_arguments.rs, tools/src/tags/*.rs; see boards/xousargs.h):
the CRC comes from Python's binascii (CRC-CCITT, most significant bit first,
run over bit-reversed bytes: that is CRC-16/X-25), not from a port of the C.

    xous_blocks.py check                 prints the CRC of "123456789" (0x906e)
    xous_blocks.py golden DIR            writes hand-made blocks to DIR, and
                                         DIR/refused.txt: FILE|OFFSET|REASON a line,
                                         the exact refusal each broken block must get
    xous_blocks.py frommap MAP OUT       the block xous-create-image would write for
                                         a map file's regions (XArg + MREx), widened
                                         to whole pages as the project's writer does
"""
import binascii
import os
import struct
import sys

PAGE = 4096


def rev_bits(v, width):
    return int(format(v, "0%db" % width)[::-1], 2)


def crc_x25(data):
    reflected = bytes(rev_bits(b, 8) for b in data)
    return rev_bits(binascii.crc_hqx(reflected, 0xFFFF), 16) ^ 0xFFFF


def fourcc(s):
    return struct.unpack("<I", s.encode("ascii"))[0]


def words(*ws):
    return b"".join(struct.pack("<I", w & 0xFFFFFFFF) for w in ws)


def tag(name, data, crc=None, nwords=None):
    """A tag: name, CRC of the data, length in words, data."""
    assert len(data) % 4 == 0
    crc = crc_x25(data) if crc is None else crc
    nwords = len(data) // 4 if nwords is None else nwords
    return name.encode("ascii") + struct.pack("<HH", crc, nwords) + data


def block(tags, ram=(0x40000000, 0x2000, "SrEx"), version=1, total=None, xcrc=None):
    """XArg then the tags; XArg's word 0 counts every tag, its own included."""
    body = b"".join(tags)
    total = (28 + len(body)) // 4 if total is None else total
    name = fourcc(ram[2]) if isinstance(ram[2], str) else ram[2]
    xarg = words(total, version, ram[0], ram[1], name)
    return tag("XArg", xarg, crc=xcrc) + body


def pnam(records):
    out = b""
    for pid, name in records:
        raw = name.encode("ascii")
        out += words(pid, len(raw)) + raw + b"\0" * (-len(raw) % 4)
    return out


W, NOCOPY, X = 1, 2, 4


def section(vaddr, size, flags):
    return words(vaddr, size | flags << 24)


# The good block: main RAM of 2 pages with a device touching it (the
# contract's pool example), a ROM, a Bflg and an unknown tag to skip, an IniE
# and an IniF (no stack section in either: Xous's tags carry none, its loader
# maps 8 pages of its own, loader/src/main.rs:110, minielf.rs:172-201), XKrn,
# PNam, and image bytes after the block that the parser must ignore.
MREX = words(0x80000000, 0x10000, fourcc("Boot"), 0, 0x40002000, 0x1000, fourcc("dev "), 0)
INIE = words(0x1000, 0x10000) + section(0x10000, 0x3000, X) + section(0x13000, 0x800, W) + \
    section(0x13800, 0x1000, W | NOCOPY)
INIF = words(0x5000, 0x10000) + section(0x10000, 0x2000, X) + section(0x12000, 0x100, W) + \
    section(0x12100, 0x1000, W | NOCOPY)
XKRN = words(0x8000, 0xFFD00000, 0x4000, 0xFFD80000, 0x200, 0x1000, 0xFFD00000)
PNAM = pnam([(1, "kernel"), (2, "shell"), (3, "flashy")])
GOOD_TAGS = [tag("MREx", MREX), tag("Bflg", words(4)), tag("Zzzz", words(1, 2, 3)),
             tag("IniE", INIE), tag("IniF", INIF), tag("XKrn", XKRN), tag("PNam", PNAM)]


def golden(d):
    os.makedirs(d, exist_ok=True)
    refused = []

    def put(name, data, offset=None, reason=None):
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
        if reason is not None:
            refused.append("%s|0x%02x|%s" % (name, offset, reason))

    good = block(GOOD_TAGS)
    put("good.bin", good + b"\xde\xad\xbe\xef" * 4)
    put("zero-region.bin", block([tag("MREx", words(0x80000000, 0, fourcc("Boot"), 0))]))

    put("empty.bin", b"", 0, "empty file")
    put("short-header.bin", b"XArg\x00", 0, "truncated tag header (5 bytes left, a header is 8)")
    put("no-xarg.bin", tag("MREx", MREX), 0, "no leading XArg tag (found 'MREx')")
    put("xarg-4-words.bin", tag("XArg", words(7, 1, 0x40000000, 0x2000)), 6,
        "XArg is 4 words long, not 5")
    cut = block([])[:20]
    put("xarg-cut.bin", cut, 6, "tag 'XArg' of 5 words runs past the end of the file (0x14 bytes)")
    right = crc_x25(good[8:28])
    put("bad-crc-xarg.bin", block(GOOD_TAGS, xcrc=right ^ 0x8000), 4,
        "bad CRC 0x%04x for tag 'XArg' (its data gives 0x%04x)" % (right ^ 0x8000, right))
    right = crc_x25(MREX)
    put("bad-crc-mrex.bin", block([tag("MREx", MREX, crc=right ^ 1)] + GOOD_TAGS[1:]), 0x20,
        "bad CRC 0x%04x for tag 'MREx' (its data gives 0x%04x)" % (right ^ 1, right))
    zz = words(1, 2, 3)
    right = crc_x25(zz)
    at = 28 + len(tag("MREx", MREX)) + len(tag("Bflg", words(4)))
    put("bad-crc-unknown.bin", block([tag("MREx", MREX), tag("Bflg", words(4)), tag("Zzzz", zz, crc=right ^ 0xFFFF)]),
        at + 4, "bad CRC 0x%04x for tag 'Zzzz' (its data gives 0x%04x)" % (right ^ 0xFFFF, right))
    put("version-2.bin", block(GOOD_TAGS, version=2), 0x0C, "XArg version 2, not 1")
    n = len(good) // 4
    put("length-past-file.bin", block(GOOD_TAGS, total=n + 4), 8,
        "XArg declares a block of %d words, but the file has 0x%02x bytes" % (n + 4, len(good)))
    put("length-3.bin", block(GOOD_TAGS, total=3), 8,
        "XArg declares a block of 3 words, but XArg alone is 7")
    b = block([tag("MREx", MREX[:16], nwords=8)])
    put("tag-past-end.bin", b, 0x22, "tag 'MREx' of 8 words runs past the end of the block (0x%02x bytes)" % len(b))
    put("mrex-3-words.bin", block([tag("MREx", MREX[:12])]), 0x22, "MREx is 3 words long, not a multiple of 4")
    put("header-cut.bin", block([b"PNam"]), 0x1C, "truncated tag header (4 bytes left, a header is 8)")
    put("two-mrex.bin", block([tag("MREx", MREX), tag("MREx", MREX)]), 28 + 8 + 32, "a second 'MREx' tag")
    put("two-xarg.bin", block([tag("XArg", words(7, 1, 0, 0x1000, 0))]), 28, "a second 'XArg' tag")
    put("two-xkrn.bin", block([tag("XKrn", XKRN), tag("XKrn", XKRN)]), 28 + 36, "a second 'XKrn' tag")
    put("xkrn-6-words.bin", block([tag("XKrn", XKRN[:24])]), 28 + 6, "XKrn is 6 words long, not 7")
    put("inie-3-words.bin", block([tag("IniE", INIE[:12])]), 28 + 6,
        "tag 'IniE' is 3 words long: 2, then 2 per section")
    put("inif-1-word.bin", block([tag("IniF", INIF[:4])]), 28 + 6,
        "tag 'IniF' is 1 word long: 2, then 2 per section")
    put("pnam-ragged.bin", block([tag("PNam", words(1, 6) + b"kernel\0\0" + words(2, 100))]), 28 + 8 + 16,
        "PNam record runs past its tag")
    put("ram-empty.bin", block([], ram=(0x40000000, 0, "SrEx")), 0x14, "main RAM has length 0")
    put("ram-past-4gib.bin", block([], ram=(0xFFFFF000, 0x2000, "SrEx")), 0x10,
        "region at 0xfffff000 of 0x2000 bytes runs past 2^32")
    put("region-past-4gib.bin", block([tag("MREx", words(0xFFFFF000, 0x2000, fourcc("Top "), 0))]), 0x24,
        "region at 0xfffff000 of 0x2000 bytes runs past 2^32")
    with open(os.path.join(d, "refused.txt"), "w") as f:
        f.write("\n".join(refused) + "\n")


MAKE_NAME = {"sram_ext": "SrEx", "sram": "SrIn", "memlcd": "Disp", "vexriscv_debug": "VexD",
             "csr": "CSRs", "audio": "Audi", "rom": "Boot", "spiflash": "SpFl"}


def make_name(name):
    low = name.lower()
    return fourcc(MAKE_NAME.get(low, (low + "    ")[:4]))


def frommap(path, out):
    ram, others = None, []
    with open(path) as f:
        for line in f:
            fields = line.split("#")[0].split()
            if not fields:
                continue
            base, size = int(fields[1], 0), int(fields[2], 0)
            first, end = base // PAGE, -(-(base + size) // PAGE)
            if len(fields) > 3 and fields[3] == "ram":
                ram = (first, end, fields[0])
            elif size:
                others.append([first, end, fields[0]])
    others.sort(key=lambda r: r[0])
    merged = []
    for r in others:
        if merged and r[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], r[1])
        else:
            merged.append(r)
    tags = []
    if merged:
        tags.append(tag("MREx", b"".join(words(a * PAGE, (e - a) * PAGE, make_name(n), 0) for a, e, n in merged)))
    with open(out, "wb") as f:
        f.write(block(tags, ram=(ram[0] * PAGE, (ram[1] - ram[0]) * PAGE, make_name(ram[2]))))


def main(argv):
    if len(argv) == 2 and argv[1] == "check":
        print("0x%04x" % crc_x25(b"123456789"))
    elif len(argv) == 3 and argv[1] == "golden":
        golden(argv[2])
    elif len(argv) == 4 and argv[1] == "frommap":
        frommap(argv[2], argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
