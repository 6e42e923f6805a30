"""Names of the files the bot sends and the console writes: member text only as a sanitised label."""

from __future__ import annotations

import re
import unicodedata

from models.parsing.periods import Period

MAX_LABEL = 40  # characters of member text in a document's name: at most 160 bytes of UTF-8
MAX_STEM_BYTES = 200  # of a name the console writes: with its extension, under the 255 bytes disks allow
# Path separators and what Windows refuses in a name; control, format and space characters go as well.
_UNSAFE = re.compile(r'[/\\<>:"|?*]+')
_EDGES = " ._-"  # a name never starts with a dot (hidden, or "..") nor ends with one (Windows drops it)


def safe_label(text: str, *, limit: int = MAX_LABEL) -> str:
    """`text` fit to be part of a file name: one path component, no leading dot, at most `limit` long."""
    text = unicodedata.normalize("NFKC", text)  # "／" and "．" become "/" and ".", and are replaced below
    text = "".join("_" if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)
    text = _UNSAFE.sub("_", text)
    text = re.sub(r"_{2,}", "_", text).strip(_EDGES)
    return text[:limit].strip(_EDGES)


def document_name(
    what: str, label: str, period: Period, extension: str, *, fallback: str, variant: str = ""
) -> str:
    """ "台账-幸福社区-20220301-20220331.xlsx": what, the label (else `fallback`), the period, and a
    variant ("约数") so that two kinds of the same document do not overwrite each other."""
    shown = safe_label(label) or safe_label(fallback)
    suffix = f"-{variant}" if variant else ""
    return f"{what}-{shown}-{period.start:%Y%m%d}-{period.end:%Y%m%d}{suffix}.{extension}"


def safe_file_name(name: str | None, *, fallback: str) -> str:
    """A name received with a file, made safe to write inside one folder (the offline console's)."""
    stem, dot, extension = (name or "").rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,8}", extension):
        stem, extension = name or "", ""
    stem = safe_label(stem, limit=MAX_STEM_BYTES) or safe_label(fallback, limit=MAX_STEM_BYTES) or "file"
    stem = stem.encode()[:MAX_STEM_BYTES].decode(errors="ignore").strip(_EDGES) or "file"
    return f"{stem}.{extension}" if extension else stem
