"""Deterministic zip bytes for the .docx and .xlsx the tool writes: equal members give equal bytes.

The archive is the one `zipfile` writes for `writestr(ZipInfo(name, stamp), data)` with deflate,
attributes 0o600 and "made by" MS-DOS, members in their given order. It is put together here from
deflated entries, so a caller that writes many archives sharing members (the documents of one
template) can deflate a shared member once and reuse its `Entry`. Archives too large for the plain
zip format (ZIP64) are left to `zipfile` itself.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Stamp = tuple[int, int, int, int, int, int]

# The central directory record and end record as zipfile packs them (APPNOTE.TXT 4.3.12, 4.3.16).
_CENTRAL_DIR = struct.Struct("<4s4B4HL2L5H2L")
_CENTRAL_DIR_SIGNATURE = b"PK\001\002"
_END_RECORD = struct.Struct("<4s4H2LH")
_END_RECORD_SIGNATURE = b"PK\005\006"
_UTF8_NAME = 0x800  # general purpose flag: the name is UTF-8
_VERSION = 20  # "made by" and "needed to extract" for deflate (zipfile's DEFAULT_VERSION)
_ATTRIBUTES = 0o600 << 16  # rw------- in the Unix half of the external attributes
_MAX_ENTRIES = 0xFFFF  # zipfile's ZIP_FILECOUNT_LIMIT: from this count on, ZIP64


@dataclass(frozen=True)
class Entry:
    """One deflated member: its local header and data, and what the central directory needs."""

    name: bytes  # encoded as in the headers
    flags: int
    crc: int
    compressed_size: int
    size: int
    local: bytes  # local file header + compressed data


def _info(name: str, stamp: Stamp) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = _ATTRIBUTES
    info.create_system = 0
    return info


def deflate(name: str, data: bytes, stamp: Stamp) -> Entry:
    """The member as `ZipFile.writestr` writes it into a seekable file (no data descriptor)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    info = _info(name, stamp)
    info.CRC = zlib.crc32(data)
    info.compress_size = len(packed)
    info.file_size = len(data)
    header = info.FileHeader(zip64=False)
    try:  # as ZipInfo._encodeFilenameFlags
        encoded, flags = info.filename.encode("ascii"), info.flag_bits
    except UnicodeEncodeError:
        encoded, flags = info.filename.encode("utf-8"), info.flag_bits | _UTF8_NAME
    return Entry(encoded, flags, info.CRC, len(packed), len(data), header + packed)


def _dos_stamp(stamp: Stamp) -> tuple[int, int]:
    dos_date = (stamp[0] - 1980) << 9 | stamp[1] << 5 | stamp[2]
    dos_time = stamp[3] << 11 | stamp[4] << 5 | stamp[5] // 2
    return dos_time, dos_date


def zip_entries(entries: Sequence[Entry], stamp: Stamp) -> bytes:
    """The archive of `entries` in order: local entries, central directory, end record.

    Only for archives that `needs_zip64` accepts (offsets and sizes below 2 GiB).
    """
    dos_time, dos_date = _dos_stamp(stamp)
    local, central, offset = [], [], 0
    for e in entries:
        local.append(e.local)
        central.append(_CENTRAL_DIR.pack(
            _CENTRAL_DIR_SIGNATURE, _VERSION, 0, _VERSION, 0, e.flags, zipfile.ZIP_DEFLATED,
            dos_time, dos_date, e.crc, e.compressed_size, e.size, len(e.name), 0, 0, 0, 0, _ATTRIBUTES,
            offset))
        central.append(e.name)
        offset += len(e.local)
    directory = b"".join(central)
    end = _END_RECORD.pack(_END_RECORD_SIGNATURE, 0, 0, len(entries), len(entries),
                           len(directory), offset, 0)
    return b"".join(local) + directory + end


def needs_zip64(sizes: Sequence[int]) -> bool:
    """Whether members of these sizes could make zipfile write ZIP64 records.

    zipfile switches per member when size × 1.05 passes ZIP64_LIMIT, and for the whole archive
    from 65 535 members or past ZIP64_LIMIT of offsets. Deflate output is at most a few bytes per
    16 kB larger than its input, so half the limit in total leaves every offset well below it.
    """
    limit = zipfile.ZIP64_LIMIT
    return (len(sizes) >= _MAX_ENTRIES or sum(sizes) >= limit // 2
            or any(size * 1.05 > limit for size in sizes))


def _zipfile_bytes(members: Iterable[tuple[str, bytes]], stamp: Stamp) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(_info(name, stamp), data)
    return buffer.getvalue()


def fixed_zip(members: Iterable[tuple[str, bytes]], stamp: Stamp) -> bytes:
    """A zip whose bytes depend only on the members: given order, one fixed timestamp, fixed
    attributes, deflated."""
    members = list(members)
    if needs_zip64([len(data) for _name, data in members]):
        return _zipfile_bytes(members, stamp)
    return zip_entries([deflate(name, data, stamp) for name, data in members], stamp)
