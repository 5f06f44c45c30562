"""Bytes to text, without guessing: UTF-8 (or a byte-order mark), else a charset the input
declares itself; anything else is refused with a reason rather than decoded by luck."""

from __future__ import annotations

import codecs

#: How much of the start of an input is sniffed for NUL bytes (the mark of a binary file).
SNIFF_BYTES = 8192

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


# Pages labelled Latin-1 or ASCII are, as the WHATWG Encoding Standard has browsers read them,
# windows-1252: its curly quotes (0x93, 0x94) would otherwise become control characters.
WEB_CODECS = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252"}


class Undecodable(ValueError):
    """The bytes are not text this package will read; ``str(error)`` is the reason."""


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` announces, if any."""
    return next((enc for bom, enc in _BOMS if data.startswith(bom)), None)


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes near its start (and no UTF-16 mark to explain them)."""
    return bom_encoding(data) != "utf-16" and b"\x00" in data[:SNIFF_BYTES]


def decode(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """The text in ``data`` and, when it was not UTF-8, the encoding used (for the record).

    The text is kept exactly as decoded (line endings included, only a byte-order mark is
    dropped), so offsets from other tools' annotations of the same file stay valid.

    UTF-8 is tried first (with or without a byte-order mark, or UTF-16 with one); only if
    that fails is ``declared`` (a charset the document itself states) used. Raises
    :class:`Undecodable` for binary data and for text in an undeclared encoding.
    """
    if looks_binary(data):
        raise Undecodable("binary file (contains NUL bytes), not text")
    encoding = bom_encoding(data) or "utf-8"
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as e:
        utf8_error = e
    if declared:
        try:
            codec = codecs.lookup(declared).name
            codec = WEB_CODECS.get(codec, codec)
            return data.decode(codec), codec
        except LookupError:
            raise Undecodable(f"declares an unknown charset {declared!r}") from None
        except UnicodeDecodeError as e:
            raise Undecodable(f"not valid {declared} as it declares "
                              f"(byte 0x{data[e.start]:02x} at offset {e.start})") from None
    raise Undecodable(f"not UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset "
                      f"{utf8_error.start}); convert it to UTF-8 first")
