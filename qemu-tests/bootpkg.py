"""Boot-package parsing and the mutations used by negative boot scenarios.

Layout (kernel-abi/boot_package.h): a 32-byte BootPkgHeader {magic[8], abi_version
u32, entry_count u32, total_size u64, checksum u32, reserved u32}, then
entry_count 72-byte BootPkgEntry {name[48], kind u32, reserved u32, offset
u64, size u64}, then the blobs. checksum is CRC-32 (IEEE) of bytes
[32, total_size). All little-endian.

Mutations that must reach the kernel's *deeper* checks (manifest, ELF)
recompute the CRC afterwards; `flip-data` deliberately does not, so that the
CRC check itself is what rejects the package.
"""

import struct
import zlib

HEADER = struct.Struct("<8sIIQII")
ENTRY = struct.Struct("<48sIIQQ")
MAGIC = b"CAPBOOT1"
KIND_MANIFEST, KIND_ELF, KIND_BLOB = 1, 2, 3

assert HEADER.size == 32 and ENTRY.size == 72


class PackageError(Exception):
    pass


def parse(data):
    """Returns (header dict, [entry dicts]); raises PackageError if malformed."""
    if len(data) < HEADER.size:
        raise PackageError("package shorter than its header")
    magic, abi, count, total, crc, _ = HEADER.unpack_from(data, 0)
    hdr = dict(magic=magic, abi_version=abi, entry_count=count,
               total_size=total, checksum=crc)
    if HEADER.size + count * ENTRY.size > len(data):
        raise PackageError("entry table (%d entries) past end of package" % count)
    entries = []
    for i in range(count):
        raw, kind, _, off, size = ENTRY.unpack_from(data, HEADER.size + i * ENTRY.size)
        name = raw.split(b"\0", 1)[0].decode("utf-8", "replace")
        if off + size > len(data):
            raise PackageError("entry %r runs past end of package" % name)
        entries.append(dict(index=i, name=name, kind=kind, offset=off, size=size))
    return hdr, entries


def crc_of(data):
    _, _, _, total, _, _ = HEADER.unpack_from(data, 0)
    return zlib.crc32(bytes(data[HEADER.size:min(total, len(data))])) & 0xFFFFFFFF


def fix_crc(data):
    struct.pack_into("<I", data, 24, crc_of(data))


def _find(entries, kind, name):
    for e in entries:
        if e["kind"] == kind and (name in (None, "*") or e["name"] == name):
            return e
    raise PackageError("no %s entry%s in package" % (
        {KIND_MANIFEST: "manifest", KIND_ELF: "ELF"}.get(kind, kind),
        "" if name in (None, "*") else " named %r" % name))


def _flip(data, entry, offset, mask):
    if offset >= entry["size"]:
        raise PackageError("offset %d outside entry %r (%d bytes)" % (
            offset, entry["name"], entry["size"]))
    data[entry["offset"] + offset] ^= mask


def _int(s):
    return int(s, 0)


# Each mutation: name -> (arg help, function(data, args) -> None). `data` is
# a bytearray holding a copy of the good package.
def _truncate(data, args):
    arg = args[0]
    n = len(data) * int(arg[:-1]) // 100 if arg.endswith("%") else _int(arg)
    if n >= len(data):
        raise PackageError("truncate %d: package is only %d bytes" % (n, len(data)))
    del data[n:]


def _bad_magic(data, args):
    data[0] ^= 0xFF


def _flip_data(data, args):
    off = _int(args[0]) if args else len(data) - 1
    if not HEADER.size <= off < len(data):
        raise PackageError("flip-data offset %d outside [32, %d)" % (off, len(data)))
    data[off] ^= _int(args[1]) if len(args) > 1 else 0x01


def _flip_manifest(data, args):
    _, entries = parse(data)
    e = _find(entries, KIND_MANIFEST, None)
    _flip(data, e, _int(args[0]) if args else 0, _int(args[1]) if len(args) > 1 else 0xFF)
    fix_crc(data)


def _flip_elf(data, args):
    _, entries = parse(data)
    e = _find(entries, KIND_ELF, args[0] if args else None)
    _flip(data, e, _int(args[1]) if len(args) > 1 else 0,
          _int(args[2]) if len(args) > 2 else 0xFF)
    fix_crc(data)


def _entry_count(data, args):
    hdr, _ = parse(data)
    n = _int(args[0]) if args else hdr["entry_count"] + 1
    struct.pack_into("<I", data, 12, n)


MUTATIONS = {
    "truncate": ("N | P%: keep the first N bytes (or P percent)", _truncate),
    "bad-magic": ("(no args): invert the first magic byte", _bad_magic),
    "flip-data": ("[OFFSET [MASK]]: xor a byte, keep the old CRC", _flip_data),
    "flip-manifest": ("[OFFSET [MASK]]: xor a manifest byte, fix CRC", _flip_manifest),
    "flip-elf": ("[NAME|* [OFFSET [MASK]]]: xor an ELF byte, fix CRC", _flip_elf),
    "entry-count": ("[N]: set header entry_count (default count+1)", _entry_count),
}


def mutate(good, spec):
    """Returns a mutated copy of `good` (bytes). spec: 'name arg...'."""
    words = spec.split()
    if not words or words[0] not in MUTATIONS:
        raise PackageError("unknown mutation %r (known: %s)" % (
            spec, ", ".join(sorted(MUTATIONS))))
    data = bytearray(good)
    parse(data)  # the good package must be well-formed to begin with
    try:
        MUTATIONS[words[0]][1](data, words[1:])
    except (ValueError, IndexError) as e:
        raise PackageError("bad arguments for %r: %s" % (spec, e))
    return bytes(data)


def build(entries, abi_version=1):
    """Builds a package from [(name, kind, bytes)]; used by the tests."""
    table_end = HEADER.size + len(entries) * ENTRY.size
    blobs, table, off = bytearray(), bytearray(), (table_end + 7) & ~7
    for name, kind, payload in entries:
        table += ENTRY.pack(name.encode(), kind, 0, off + len(blobs), len(payload))
        blobs += payload + b"\0" * (-len(payload) % 8)
    pad = b"\0" * (((table_end + 7) & ~7) - table_end)
    total = table_end + len(pad) + len(blobs)
    data = bytearray(HEADER.pack(MAGIC, abi_version, len(entries), total, 0, 0))
    data += table + pad + blobs
    fix_crc(data)
    return bytes(data)
