"""Getting a file's text safely: size limit before reading, binary sniffing, UTF-8 with a useful error.

Every failure raises :class:`BadInput` with a message a user can act on: which limit, which byte on which
line, which encoding the file probably is and how to tell newsweave so.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import charset_normalizer

from newsweave.config import Settings
from newsweave.ingest.base import BadInput

_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.05
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document: convert it to text or HTML first"),
    (b"PK\x03\x04", "a ZIP archive or Office document: unpack or export it to text first"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed: decompress it first (only .warc.gz is read compressed)"),
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def human_size(size: int) -> str:
    units = ("bytes", "KB", "MB", "GB")
    power, value = 0, float(size)
    while value >= 1024 and power < len(units) - 1:
        value /= 1024
        power += 1
    return f"{size} bytes" if power == 0 else f"{value:.1f} {units[power]}"


def check_size(size: int, settings: Settings, what: str = "file") -> None:
    if size > settings.max_bytes:
        raise BadInput(
            f"{what} is {human_size(size)}, above the limit of {human_size(settings.max_bytes)} "
            "(Settings.max_bytes; --max-mb on the command line): raise the limit or split the input"
        )


def read_bytes(path: Path, settings: Settings) -> bytes:
    """The file's bytes, after checking its size against ``settings.max_bytes`` without reading it."""
    try:
        check_size(path.stat().st_size, settings)
        data = path.read_bytes()
    except PermissionError:
        raise BadInput("cannot read the file: permission denied (check its permissions)") from None
    except OSError as err:
        raise BadInput(f"cannot read the file: {err.strerror or err}") from None
    if not data:
        raise BadInput("empty file (0 bytes)")
    if not data.strip():
        raise BadInput("the file holds only whitespace")
    return data


def check_not_binary(data: bytes) -> None:
    """Refuse what is not text: known binary signatures, or NUL bytes that no text encoding explains."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BadInput(f"binary file, not text: this looks like {what}")
    head = data[:_SNIFF_BYTES]
    if data.startswith(_UTF16_BOMS):
        raise BadInput(f"the file is UTF-16 text, not UTF-8: {_read_as('utf-16')}")
    if b"\x00" in head:
        guess = charset_normalizer.from_bytes(head).best()
        if guess is not None and guess.encoding.startswith(("utf_16", "utf_32")):
            name = guess.encoding
            raise BadInput(f"the file looks like {name} text: {_read_as(name)}")
        raise BadInput("binary file, not text (it has NUL bytes): newsweave reads text, HTML, JSON, feeds")


def decode(data: bytes, settings: Settings) -> str:
    """Text from bytes: ``settings.encoding`` when set, else UTF-8 (a BOM is allowed)."""
    if settings.encoding:
        text = _decode_forced(data, settings.encoding)
    else:
        check_not_binary(data)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise BadInput(_not_utf8(data, err)) from None
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise BadInput("binary file, not text (too many control characters)")
    return text


def read_text(path: Path, settings: Settings) -> str:
    return decode(read_bytes(path, settings), settings)


def _decode_forced(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise BadInput(f"unknown encoding {encoding!r} in Settings.encoding") from None
    except UnicodeDecodeError as err:
        line, column = _position(data, err.start)
        raise BadInput(
            f"cannot decode as {encoding} (Settings.encoding) at line {line}, column {column}: "
            "check the encoding you set"
        ) from None


def _not_utf8(data: bytes, err: UnicodeDecodeError) -> str:
    line, column = _position(data, err.start)
    where = f"not valid UTF-8 at line {line}, column {column} (byte 0x{data[err.start]:02x})"
    guess = charset_normalizer.from_bytes(data).best()
    if guess is None or guess.encoding.replace("-", "_") in ("utf_8", "ascii"):
        return (
            f"{where}: the file may be damaged, or in another encoding (set Settings.encoding, or --encoding on "
            "the command line, to read it)"
        )
    return f"{where}: it looks like {guess.encoding}; {_read_as(guess.encoding)}"


def _read_as(encoding: str) -> str:
    """What to do about a file in another encoding, for Python and command-line users alike."""
    return f"set Settings.encoding='{encoding}' (--encoding {encoding} on the command line) to read it"


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in bytes) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1
