"""What SchoolRoll itself wrote: a custom document property every output workbook carries.

The county and roll-up workbooks say "county" and "rollup"; an annotated or feedback copy says
"annotated", so the roll-up can skip the copies SchoolRoll made of a workbook (they are not a
unit's report) however they are named. A workbook without the property was not written by
SchoolRoll (or by a version before it), and is read by its content as before.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

OUTPUT_PROPERTY = "schoolroll_output"
"""The custom document property's name."""
COUNTY_OUTPUT = "county"
ROLLUP_OUTPUT = "rollup"
ANNOTATED_OUTPUT = "annotated"
RANGE_OUTPUT = "rollup-range"
"""Its values: a county workbook, a prefecture or province workbook, an annotated copy, a
roll-up over a range of months or a yearly evaluation (no unit's report: the roll-up skips it)."""
ANNOTATED_SUFFIX = "_校验结果.xlsx"
"""How every annotated or feedback copy's file name ends (a second copy of one name adds (2),
(3), … before .xlsx)."""
_ANNOTATED_NAME = re.compile(r"_校验结果(\(\d+\))?\.xlsx$", re.IGNORECASE)


def has_annotated_name(path: str) -> bool:
    """Whether a file is named as SchoolRoll names its annotated copies. An encrypted copy (of a
    password-protected original) hides its properties behind the password, so the roll-up,
    which has no passwords, knows it by this name."""
    return bool(_ANNOTATED_NAME.search(PurePosixPath(path.replace("\\", "/")).name))
