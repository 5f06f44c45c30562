"""Web archives (``.warc``, ``.warc.gz``): every HTTP response record holding an HTML page
is one article; other records (requests, metadata, images, redirects) are not articles and
are passed over."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from reportedly.ingest.base import Item, ReadFailure
from reportedly.ingest.html import article_from_html

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, doc_id: str) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    number = 0
    try:
        with path.open("rb") as f:
            for number, record in enumerate(ArchiveIterator(f, check_digests=True),
                                              start=1):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                mime, _, params = content_type.partition(";")
                status = record.http_headers.get_statuscode() or ""
                if mime.strip().lower() not in HTML_TYPES or not status.startswith("2"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                extra = {"warc_record_id": record.rec_headers.get_header("WARC-Record-ID"),
                         "warc_date": record.rec_headers.get_header("WARC-Date")}
                where = f"record {number}"
                payload = record.content_stream().read()
                if getattr(record.raw_stream, "limit", 0) > 0:
                    yield ReadFailure(name, "truncated record (the archive ends inside it)",
                                      where)
                    continue
                if record.digest_checker.passed is False:
                    yield ReadFailure(name, "damaged record (its payload does not match its "
                                            "digest)", where)
                    continue
                yield article_from_html(payload, f"{doc_id}:{number}", name, where=where,
                                        url=url, charset=_charset(params),
                                        extra={k: v for k, v in extra.items() if v})
    except OSError as e:
        yield ReadFailure(name, e.strerror or str(e))
    except (EOFError, zlib.error) as e:
        yield ReadFailure(name, f"damaged archive: {e}", f"record {number + 1}")
    except ArchiveLoadFailed as e:
        yield ReadFailure(name, f"not a readable WARC archive: {e.msg.strip()}",
                          f"record {number + 1}" if number else None)


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
