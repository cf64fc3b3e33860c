"""What an uploaded attachment really is, decided from its bytes (pure Python, no Django).

Attachments of government information items are republished on the public portal, so a file that
is not what it claims to be is a risk for every visitor: an HTML or SVG page served from our domain
runs script in our origin, an executable renamed ``通知.pdf`` is malware with the county's name on it.
Neither the file name nor the browser's ``Content-Type`` can be trusted; both are chosen by the
client. :func:`sniff` therefore looks at the magic numbers and, for ZIP containers, at the member
names, and only then compares the result with the extension the uploader gave.

Decisions worth knowing:

* **Families.** The extension must belong to the same *family* as the content (a word-processing
  document, a spreadsheet, an image …). Inside a family the content wins and the download name gets
  the canonical extension: a Word 2007 file saved as ``通知.doc`` is accepted as ``.docx``, a PNG
  named ``照片.jpg`` as ``.png``. Across families the upload is refused (a ``.docx`` that is a PNG).
* **OLE2 (Office 97-2003) files** share one container (``D0 CF 11 E0``) for .doc, .xls and .ppt.
  Telling them apart would mean parsing the compound-file directory; the extension is used instead,
  and only to choose *among the OLE kinds*. That is safe because the download name is forced to the
  chosen extension, so the desktop opens it with an Office program, which reads the content itself.
  It also means an OLE2 file of another kind (an .msi installer, an Outlook .msg) renamed ``.doc``
  passes as a Word file; Office refuses to open it, it is not executed.
* **Kingsoft WPS Office** files (.wps 文字, .et 表格, .dps 演示) in their own format are OLE2 files.
  They get their own kinds (``wps``, ``et``, ``dps``) instead of being relabelled .doc/.xls/.ppt:
  Microsoft Office does not reliably open them, so renaming would mislead the reader. A .wps that is
  really an OOXML container is simply a .docx. :attr:`Sniffed.family` groups them with Word/Excel/
  PowerPoint for checks such as 「提供 WORD 和 PDF 文本下载」.
* **OFD** (GB/T 33190, China's fixed-layout format) is a ZIP whose root holds ``OFD.xml``.
* **Macros.** OOXML files carrying ``vbaProject.bin`` or Excel 4.0 macro sheets are refused; in OLE2
  files the ``_VBA_PROJECT`` stream name is searched for (best effort: the compound-file directory
  is not parsed). PDF JavaScript is *not* inspected: encrypted, linearised or odd PDFs are fine.
* **ZIP bombs.** Only the central directory is read here (nothing is decompressed), so an archive
  is refused when it declares more than :data:`MAX_ZIP_ENTRIES` members or a total uncompressed size
  above :data:`ZIP_EXPANSION_LIMIT` × ``max_bytes``. Declared sizes can lie: code that later
  decompresses members (previews, full-text extraction) must still cap what it reads.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from typing import BinaryIO

# An archive declaring more members than this is not an office document a county publishes.
MAX_ZIP_ENTRIES = 1000
# Declared uncompressed size may be at most this many times the upload limit (a 50 MB .xlsx of
# repetitive cells legitimately expands 10-15 times; more than 20 is a bomb or a broken file).
ZIP_EXPANSION_LIMIT = 20
# The first bytes are enough for every magic number used here (and for text/markup detection).
HEAD_BYTES = 8192
# Adobe readers accept junk before ``%PDF-`` within the first 1024 bytes; we accept only
# whitespace, NULs or a BOM there, so that an HTML page cannot pass as a PDF.
PDF_HEADER_WINDOW = 1024

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# Name of the VBA project stream in OLE2 Word and Excel files, as UTF-16LE (directory entry names).
_OLE_VBA_MARKER = "_VBA_PROJECT".encode("utf-16-le")


class AttachmentKind(StrEnum):
    """The file types a government information item may carry as attachment."""

    PDF = "pdf"
    DOC = "doc"
    DOCX = "docx"
    XLS = "xls"
    XLSX = "xlsx"
    PPT = "ppt"
    PPTX = "pptx"
    OFD = "ofd"
    PNG = "png"
    JPEG = "jpeg"
    GIF = "gif"
    WEBP = "webp"
    WPS = "wps"  # Kingsoft WPS 文字 (OLE2)
    ET = "et"  # Kingsoft WPS 表格 (OLE2)
    DPS = "dps"  # Kingsoft WPS 演示 (OLE2)


class AttachmentFamily(StrEnum):
    """Groups of kinds that may stand in for each other's extension (see the module docstring)."""

    PDF = "pdf"
    OFD = "ofd"
    DOCUMENT = "document"
    SPREADSHEET = "spreadsheet"
    PRESENTATION = "presentation"
    IMAGE = "image"


@dataclass(frozen=True)
class _KindInfo:
    mime: str
    extension: str
    label: str
    family: AttachmentFamily


_K = AttachmentKind
_F = AttachmentFamily
_OOXML = "application/vnd.openxmlformats-officedocument"
# Kingsoft's formats have no registered media type; octet-stream makes every browser download the
# file, and WPS Office associates the extension on the desktop.
_KINGSOFT_MIME = "application/octet-stream"

_INFO: dict[AttachmentKind, _KindInfo] = {
    _K.PDF: _KindInfo("application/pdf", ".pdf", "PDF 文档", _F.PDF),
    _K.DOC: _KindInfo("application/msword", ".doc", "Word 97-2003 文档", _F.DOCUMENT),
    _K.DOCX: _KindInfo(f"{_OOXML}.wordprocessingml.document", ".docx", "Word 文档", _F.DOCUMENT),
    _K.XLS: _KindInfo("application/vnd.ms-excel", ".xls", "Excel 97-2003 表格", _F.SPREADSHEET),
    _K.XLSX: _KindInfo(f"{_OOXML}.spreadsheetml.sheet", ".xlsx", "Excel 表格", _F.SPREADSHEET),
    _K.PPT: _KindInfo(
        "application/vnd.ms-powerpoint", ".ppt", "PowerPoint 97-2003 演示文稿", _F.PRESENTATION
    ),
    _K.PPTX: _KindInfo(
        f"{_OOXML}.presentationml.presentation", ".pptx", "PowerPoint 演示文稿", _F.PRESENTATION
    ),
    # GB/T 33190 registers no IANA type; application/ofd is what OFD readers and portals use.
    _K.OFD: _KindInfo("application/ofd", ".ofd", "OFD 版式文档", _F.OFD),
    _K.PNG: _KindInfo("image/png", ".png", "PNG 图片", _F.IMAGE),
    _K.JPEG: _KindInfo("image/jpeg", ".jpg", "JPEG 图片", _F.IMAGE),
    _K.GIF: _KindInfo("image/gif", ".gif", "GIF 图片", _F.IMAGE),
    _K.WEBP: _KindInfo("image/webp", ".webp", "WebP 图片", _F.IMAGE),
    _K.WPS: _KindInfo(_KINGSOFT_MIME, ".wps", "WPS 文字文档", _F.DOCUMENT),
    _K.ET: _KindInfo(_KINGSOFT_MIME, ".et", "WPS 表格", _F.SPREADSHEET),
    _K.DPS: _KindInfo(_KINGSOFT_MIME, ".dps", "WPS 演示文稿", _F.PRESENTATION),
}

# Extensions an uploader may use for content of each family (lower case, with the dot).
_FAMILY_EXTENSIONS: dict[AttachmentFamily, frozenset[str]] = {
    _F.PDF: frozenset({".pdf"}),
    _F.OFD: frozenset({".ofd"}),
    _F.DOCUMENT: frozenset({".doc", ".docx", ".wps"}),
    _F.SPREADSHEET: frozenset({".xls", ".xlsx", ".et"}),
    _F.PRESENTATION: frozenset({".ppt", ".pptx", ".dps"}),
    _F.IMAGE: frozenset({".png", ".jpg", ".jpeg", ".jpe", ".jfif", ".gif", ".webp"}),
}
_ALL_EXTENSIONS: frozenset[str] = frozenset().union(*_FAMILY_EXTENSIONS.values())

# For OLE2 content the extension picks the kind (module docstring). An encrypted .docx/.xlsx/.pptx
# is an OLE2 container too, hence the OOXML extensions in this table.
_OLE_KIND_BY_EXTENSION: dict[str, AttachmentKind] = {
    ".doc": _K.DOC,
    ".docx": _K.DOC,
    ".wps": _K.WPS,
    ".xls": _K.XLS,
    ".xlsx": _K.XLS,
    ".et": _K.ET,
    ".ppt": _K.PPT,
    ".pptx": _K.PPT,
    ".dps": _K.DPS,
}


@dataclass(frozen=True)
class Sniffed:
    """The outcome of :func:`sniff`: what to store, how to serve it, how to name it."""

    kind: AttachmentKind
    mime: str
    extension: str
    label: str
    is_image: bool

    @property
    def family(self) -> AttachmentFamily:
        return _INFO[self.kind].family

    @classmethod
    def of(cls, kind: AttachmentKind) -> Sniffed:
        info = _INFO[kind]
        return cls(
            kind=kind,
            mime=info.mime,
            extension=info.extension,
            label=info.label,
            is_image=info.family is _F.IMAGE,
        )


class AttachmentRejected(ValueError):
    """The upload must be refused; ``str(error)`` is a Chinese message for the uploader."""


def sniff(stream: BinaryIO, *, filename: str, max_bytes: int) -> Sniffed:
    """Decide what ``stream`` contains, or raise :class:`AttachmentRejected`.

    ``filename`` is only compared with the content, never believed. The stream must be seekable
    (Django's uploaded files are); it is left at position 0 whatever happens.
    """
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    if not stream.seekable():
        raise ValueError("sniff() needs a seekable stream")
    try:
        return _sniff(stream, filename=filename, max_bytes=max_bytes)
    finally:
        stream.seek(0)


def _sniff(stream: BinaryIO, *, filename: str, max_bytes: int) -> Sniffed:
    # The real length, from the stream itself: a Content-Length or a form field can lie.
    # (tell() rather than seek()'s return value: some file wrappers return None from seek.)
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    if size == 0:
        raise AttachmentRejected("空文件")
    if size > max_bytes:
        raise AttachmentRejected(f"文件超过 {_format_size(max_bytes)} 上限")
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    extension = _extension(filename)

    kind = _image_kind(head)
    if kind is not None:
        _refuse_markup_in_image(head)
        return _checked(Sniffed.of(kind), extension)
    if _is_pdf(head):
        return _checked(Sniffed.of(_K.PDF), extension)
    if head.startswith(_ZIP_MAGIC):
        return _checked(Sniffed.of(_zip_kind(stream, max_bytes=max_bytes)), extension)
    if head.startswith(_OLE2_MAGIC):
        return _ole_kind(stream, extension)
    raise AttachmentRejected(_describe_refused(head))


def _checked(sniffed: Sniffed, extension: str) -> Sniffed:
    """Refuse an extension from another family; a missing extension contradicts nothing."""
    if extension and extension not in _FAMILY_EXTENSIONS[sniffed.family]:
        raise AttachmentRejected(f"文件扩展名 {extension} 与内容（{sniffed.label}）不符")
    return sniffed


def _extension(filename: str) -> str:
    """The lower-case extension of the last path part, ``""`` when there is none."""
    # Windows ignores trailing dots and spaces (「通知.pdf. 」 opens as .pdf), so do we.
    name = re.split(r"[\\/]", filename)[-1].rstrip(" .")
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or not suffix:
        return ""
    return "." + suffix.lower()


def _format_size(n: int) -> str:
    mib = 1024 * 1024
    if n >= mib:
        return f"{n // mib} MB" if n % mib == 0 else f"{n / mib:.1f} MB"
    if n >= 1024:
        return f"{n // 1024} KB" if n % 1024 == 0 else f"{n / 1024:.1f} KB"
    return f"{n} 字节"


# --- images and PDF ---------------------------------------------------------------------------


def _image_kind(head: bytes) -> AttachmentKind | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _K.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return _K.JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return _K.GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _K.WEBP
    return None


# Tags that make a browser which ignores the Content-Type render the bytes as a page (old IE
# sniffed the first 256 bytes of images this way; image/HTML polyglots rely on it).
_MARKUP_IN_IMAGE = (b"<script", b"<html", b"<iframe", b"<body", b"<svg", b"<!doctype html")


def _refuse_markup_in_image(head: bytes) -> None:
    lowered = head[:1024].lower()
    if any(tag in lowered for tag in _MARKUP_IN_IMAGE):
        raise AttachmentRejected("图片文件中夹带了网页代码，不允许作为附件上传")


def _is_pdf(head: bytes) -> bool:
    position = head.find(b"%PDF-", 0, PDF_HEADER_WINDOW)
    if position < 0:
        return False
    prefix = head[:position]
    if prefix.startswith(b"\xef\xbb\xbf"):
        prefix = prefix[3:]
    return prefix.strip(b" \t\r\n\f\x00") == b""


# --- ZIP containers: OOXML and OFD ------------------------------------------------------------

# Top-level folder of the main part of each OOXML kind ([Content_Types].xml marks OOXML).
_OOXML_FOLDERS = (("word", _K.DOCX), ("xl", _K.XLSX), ("ppt", _K.PPTX))


def _zip_kind(stream: BinaryIO, *, max_bytes: int) -> AttachmentKind:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise AttachmentRejected("文件已损坏，无法读取其中的压缩结构") from error

    if len(members) > MAX_ZIP_ENTRIES:
        raise AttachmentRejected(
            f"压缩结构异常（包含 {len(members)} 个条目，超过 {MAX_ZIP_ENTRIES} 个），疑似压缩炸弹"
        )
    declared = sum(member.file_size for member in members)
    if declared > ZIP_EXPANSION_LIMIT * max_bytes:
        raise AttachmentRejected("压缩结构异常（解压后体积过大），疑似压缩炸弹")

    lowered = [member.filename.lower() for member in members]
    if any(
        name.endswith("vbaproject.bin") or name.startswith("xl/macrosheets/") for name in lowered
    ):
        raise AttachmentRejected("文件包含宏代码，不允许作为附件上传，请另存为不含宏的格式")

    # OFD: GB/T 33190 puts the entry file OFD.xml at the root of the package.
    if "ofd.xml" in lowered:
        return _K.OFD
    if "[content_types].xml" in lowered:
        folders = {name.split("/", 1)[0] for name in lowered if "/" in name}
        kinds = [kind for folder, kind in _OOXML_FOLDERS if folder in folders]
        if len(kinds) == 1:
            return kinds[0]
    if "mimetype" in lowered:
        raise AttachmentRejected(
            "OpenDocument 文档（.odt/.ods/.odp）不在允许的附件类型之内，请另存为 Word、Excel 或 PDF"
        )
    raise AttachmentRejected("ZIP 压缩包不在允许的附件类型之内")


# --- OLE2 containers: Office 97-2003 and Kingsoft ---------------------------------------------


def _ole_kind(stream: BinaryIO, extension: str) -> Sniffed:
    kind = _OLE_KIND_BY_EXTENSION.get(extension)
    if kind is None:
        if not extension:
            raise AttachmentRejected(
                "无法判断 Office 文件的具体类型，请保留 .doc、.xls 或 .ppt 等扩展名后重新上传"
            )
        raise AttachmentRejected(f"文件扩展名 {extension} 与内容（Office 97-2003 文件）不符")
    if _contains(stream, _OLE_VBA_MARKER):
        raise AttachmentRejected("文件包含宏代码，不允许作为附件上传，请另存为不含宏的格式")
    return Sniffed.of(kind)


def _contains(stream: BinaryIO, needle: bytes, chunk_size: int = 1 << 20) -> bool:
    """Search the whole stream in chunks, overlapping so a needle across a boundary is found."""
    stream.seek(0)
    tail = b""
    while chunk := stream.read(chunk_size):
        if needle in tail + chunk:
            return True
        tail = chunk[-(len(needle) - 1) :]
    return False


# --- everything else is refused; say what it is when we can -----------------------------------

_NAMED_REFUSALS: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "文件内容是 Windows 可执行程序，不允许作为附件上传"),
    (b"\x7fELF", "文件内容是 Linux 可执行程序，不允许作为附件上传"),
    (b"\xfe\xed\xfa\xce", "文件内容是 macOS 可执行程序，不允许作为附件上传"),
    (b"\xfe\xed\xfa\xcf", "文件内容是 macOS 可执行程序，不允许作为附件上传"),
    (b"\xce\xfa\xed\xfe", "文件内容是 macOS 可执行程序，不允许作为附件上传"),
    (b"\xcf\xfa\xed\xfe", "文件内容是 macOS 可执行程序，不允许作为附件上传"),
    (b"\xca\xfe\xba\xbe", "文件内容是可执行程序，不允许作为附件上传"),
    (b"#!", "文件内容是脚本，不允许作为附件上传"),
    (b"Rar!\x1a\x07", "RAR 压缩包不在允许的附件类型之内"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包不在允许的附件类型之内"),
    (b"\x1f\x8b", "gzip 压缩包不在允许的附件类型之内"),
    (b"PK\x05\x06", "ZIP 压缩包不在允许的附件类型之内"),
    (b"{\\rtf", "RTF 文档不在允许的附件类型之内，请另存为 Word 或 PDF"),
    (b"II*\x00", "TIFF 图片不在允许的附件类型之内，请转换为 PNG 或 JPEG"),
    (b"MM\x00*", "TIFF 图片不在允许的附件类型之内，请转换为 PNG 或 JPEG"),
)
# Phone photos: ISO-BMFF 'ftyp' box with a HEIF brand.
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1")
_HTML_TAGS = ("<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<meta", "<style")
_SCRIPT_START = re.compile(
    r"(?:['\"]use strict['\"]|function\b|var\b|let\b|const\b|import\b|export\b|\(function"
    r"|!function|window\.|document\.|//|/\*|<%|<\?php)"
)


def _describe_refused(head: bytes) -> str:
    for magic, message in _NAMED_REFUSALS:
        if head.startswith(magic):
            return message
    # BMP: "BM", the file size, then four reserved zero bytes (the zeros keep text starting
    # with "BM" from being called a picture).
    if head.startswith(b"BM") and head[6:10] == b"\x00\x00\x00\x00":
        return "BMP 图片不在允许的附件类型之内，请转换为 PNG 或 JPEG"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "HEIC 图片不在允许的附件类型之内，请转换为 JPEG 后上传"
    text = _as_text(head)
    if text is None:
        return "无法识别的文件类型"
    start = text.lstrip().lower()
    if start.startswith("<"):
        if "<svg" in start:
            return "文件内容是 SVG 图像（可能含脚本），不允许作为附件上传"
        if start.startswith("<?xml") and not any(tag in start for tag in _HTML_TAGS):
            return "文件内容是 XML，不允许作为附件上传"
        return "文件内容是 HTML，不允许作为附件上传"
    if any(tag in start for tag in ("<html", "<script", "<iframe", "<body")):
        return "文件内容是 HTML，不允许作为附件上传"
    if _SCRIPT_START.match(start):
        return "文件内容是脚本（如 JavaScript），不允许作为附件上传"
    return "文件内容是纯文本（如 TXT、CSV），不在允许的附件类型之内"


def _as_text(head: bytes) -> str | None:
    """Decode the head as text (UTF-8, UTF-16 with BOM, or GB18030), or None for binary data."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates: tuple[tuple[bytes, str], ...] = ((head, "utf-16"),)
    else:
        candidates = ((head.removeprefix(b"\xef\xbb\xbf"), "utf-8"), (head, "gb18030"))
    # A full head may end in the middle of a multi-byte character: allow cutting 3 bytes off.
    cuts = range(4) if len(head) >= HEAD_BYTES else range(1)
    for data, encoding in candidates:
        for cut in cuts:
            try:
                text = data[: len(data) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
            if all(ch in "\t\r\n\f" or unicodedata.category(ch) != "Cc" for ch in text):
                return text
            break
    return None


# --- download names ---------------------------------------------------------------------------

# Characters Windows refuses in file names, plus quotes (they break Content-Disposition headers
# built naively and confuse shells). Replaced, not kept.
_FORBIDDEN_IN_NAME = re.compile(r"[<>:|?*\"'`]")
_TRAILING_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")
_WINDOWS_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?$", re.IGNORECASE)
# Stem budget in UTF-8 bytes: file systems allow 255 bytes, a CJK character takes 3.
_MAX_STEM_BYTES = 180
_FALLBACK_STEM = "附件"


def safe_download_name(filename: str, sniffed: Sniffed) -> str:
    """A file name safe to offer for download: the uploader's (Chinese) stem + canonical extension.

    Path parts, control and format characters (including the right-to-left override used to
    disguise ``exe``), quotes and characters Windows forbids are removed; the extension is always
    the one of the sniffed content.
    """
    name = re.split(r"[\\/]", filename)[-1]
    name = "".join(
        ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Zl", "Zp"}
    )
    name = _FORBIDDEN_IN_NAME.sub("", name)
    # Trailing dots are dropped before the extension is cut (Windows ignores them); leading dots
    # (hidden files on Unix) only after, so that 「.pdf」 has an empty stem.
    name = re.sub(r"\s+", " ", name).strip(" ").rstrip(" .")
    stem = _TRAILING_EXTENSION.sub("", name)
    # 「报告.pdf.exe」 or 「报告.doc」 saved as .docx: drop every trailing attachment extension.
    while (
        suffix := _TRAILING_EXTENSION.search(stem)
    ) and suffix.group().lower() in _ALL_EXTENSIONS:
        stem = stem[: suffix.start()]
    stem = stem.strip(" .")
    stem = _truncate_utf8(stem, _MAX_STEM_BYTES).rstrip(" .")
    if not stem:
        stem = _FALLBACK_STEM
    if _WINDOWS_RESERVED.match(stem):
        stem = "_" + stem
    return stem + sniffed.extension


def _truncate_utf8(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore")
