"""A workbook's custom document properties: which SchoolRoll output it is, if any.

Only an .xlsx/.xlsm package has them (docProps/custom.xml); anything else, an encrypted file,
or a part too large to be a property list, has none. Never raises: a damaged file is the
reader's to report, not this look-up's.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from core.model.provenance import OUTPUT_PROPERTY
from core.reader.sources import Source

_CUSTOM_PART = "docProps/custom.xml"
_MAX_PART = 256 * 1024
"""Bytes: a custom.xml larger than this is not one SchoolRoll wrote."""


def output_kind(source: Source) -> str | None:
    """The schoolroll_output property of a workbook (core.model.provenance), else None."""
    try:
        data = source.read_bytes()
        if not zipfile.is_zipfile(io.BytesIO(data)):
            return None
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            info = package.getinfo(_CUSTOM_PART)
            if info.file_size > _MAX_PART:
                return None
            root = ElementTree.fromstring(package.read(info))
    except Exception:  # a damaged or hostile package is the reader's to report, not ours
        return None
    for prop in root:
        if prop.get("name") == OUTPUT_PROPERTY:
            return "".join(prop.itertext()).strip() or None
    return None
