"""Web archives (``.warc``, ``.warc.gz``): every HTTP response record holding an HTML page
is one article; other records (requests, metadata, images, redirects) are not articles and
are passed over."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from reportedly.ingest.base import Item, ReadFailure
from reportedly.ingest.html import article_from_html
from reportedly.limits import (
    CappedStream,
    LimitExceeded,
    Limits,
    current,
    input_too_large,
    read_capped,
    record_too_large,
)

_GZIP_MAGIC = b"\x1f\x8b"
#: Bytes warcio reads at a time.
BLOCK_SIZE = 1024 * 1024

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, doc_id: str, limits: Limits | None = None) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    limits = limits or current()
    number = 0
    try:
        with path.open("rb") as raw:
            # Decompressed here, not by warcio, so that every byte it reads is counted and
            # capped as it streams (a gzip bomb stops at the cap, never held in memory).
            f = CappedStream(gzip.GzipFile(fileobj=raw) if raw.read(2) == _GZIP_MAGIC else raw,
                             limits.max_input_bytes, limits.max_record_bytes,
                             (input_too_large(limits), "a line " + record_too_large(limits)))
            raw.seek(0)
            # warcio joins a long line piece by piece, one block at a time (quadratic in the
            # blocks): large blocks keep a line up to the cap to a few dozen joins.
            records = ArchiveIterator(f, check_digests=True, block_size=BLOCK_SIZE)
            end = 0  # where the last complete record ends in the file
            for number, record in enumerate(records, start=1):
                where = f"record {number}"
                if record.format != "warc":  # warcio also reads the older ARC, and guesses
                    yield ReadFailure(name, f"not a WARC archive (reads as {record.format})",
                                      where)
                    return
                item = _article(record, f"{doc_id}:{number}", name, where, limits)
                end = records.get_record_offset() + records.get_record_length()  # reads it all
                if getattr(record.raw_stream, "limit", 0) > 0:  # bytes promised, never read
                    item = ReadFailure(name, "truncated record (the archive ends inside it)",
                                       where)
                if item is not None:
                    yield item
            # warcio stops quietly at a record cut short; what is left must be padding only.
            if _leftover(f, end):
                yield ReadFailure(name, "damaged or truncated archive: the data after the "
                                        "last complete record is not a record",
                                  f"record {number + 1}")
    except LimitExceeded as e:
        yield ReadFailure(name, str(e), f"record {number + 1}")
    except (EOFError, zlib.error, gzip.BadGzipFile) as e:
        yield ReadFailure(name, f"damaged archive: {e}", f"record {number + 1}")
    except OSError as e:
        yield ReadFailure(name, e.strerror or str(e))
    except ArchiveLoadFailed as e:
        yield ReadFailure(name, f"not a WARC archive: {e.msg.strip()}",
                          f"record {number + 1}" if number else None)
    except Exception as e:  # warcio over arbitrary bytes (a response with no target URI…)
        yield ReadFailure(name, f"malformed archive: {type(e).__name__}: {e}",
                          f"record {number + 1}")


def _article(record: Any, doc_id: str, name: str, where: str, limits: Limits
             ) -> Item | None:
    """The article in one record, a failure, or None for a record that is not an HTML page."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    mime, _, params = (record.http_headers.get_header("Content-Type") or "").partition(";")
    status = record.http_headers.get_statuscode() or ""
    if mime.strip().lower() not in HTML_TYPES or not status.startswith("2"):
        return None
    payload = read_capped(record.content_stream(), limits.max_record_bytes)
    if payload is None:  # the rest of the record is read through, not kept
        return ReadFailure(name, record_too_large(limits), where)
    if record.digest_checker.passed is False:
        return ReadFailure(name, "damaged record (its payload does not match its digest)",
                           where)
    headers = record.rec_headers
    extra = {"warc_record_id": headers.get_header("WARC-Record-ID"),
             "warc_date": headers.get_header("WARC-Date")}
    return article_from_html(payload, doc_id, name, where=where,
                             url=headers.get_header("WARC-Target-URI"),
                             charset=_charset(params),
                             extra={k: v for k, v in extra.items() if v})


def _leftover(f: IO[bytes] | CappedStream, end: int) -> bool:
    """True when the file holds more than record separators after offset ``end``."""
    try:
        f.seek(end)
    except OSError:
        return False  # not seekable (a pipe): nothing to check against
    return bool(f.read(4096).strip(b"\r\n"))


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
