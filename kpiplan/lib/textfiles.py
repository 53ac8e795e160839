"""Text files as other programs write them: UTF-8 with or without a BOM, UTF-16 (Excel's "Unicode text",
tab-separated), and TIS-620 / Windows-874 (older Thai Windows programs). Detected, never refused for their
encoding; the delimiter (comma, tab, semicolon) is read from the header line."""

from __future__ import annotations

import codecs


class TextFileError(ValueError):
    """The bytes are not text in any encoding we read; ``str()`` is a Thai sentence."""


ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp874": "TIS-620 / Windows-874",
}


def detect_encoding(data: bytes) -> str:
    """The encoding of a text file's bytes (one of ENCODING_NAMES)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    # UTF-16 without a BOM: the high byte of every character is 0x00 (ASCII: digits, commas, line ends) or
    # 0x0E (Thai), bytes that UTF-8 and TIS-620 text hardly ever hold.
    if len(sample) >= 4:
        for encoding, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
            if high.count(0) + high.count(0x0E) > len(high) * 0.6:
                return encoding
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp874"
    return "utf-8"


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): the file's text without a BOM, and the encoding it was read in."""
    encoding = detect_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise TextFileError(
            "อ่านไฟล์ไม่ได้: ไม่ใช่ข้อความแบบ UTF-8, UTF-16 หรือ TIS-620 "
            f"(ไบต์ที่ {exc.start + 1} อ่านไม่ได้) — บันทึกเป็น CSV UTF-8 แล้วลองใหม่"
        ) from exc
    return text.removeprefix("\ufeff"), encoding


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of tab, comma and semicolon (comma on a tie)."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","
