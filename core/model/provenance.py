"""What SchoolRoll itself wrote: a custom document property every output workbook carries.

The county and roll-up workbooks say "county" and "rollup"; an annotated or feedback copy says
"annotated", so the roll-up can skip the copies SchoolRoll made of a workbook (they are not a
unit's report) however they are named. A workbook without the property was not written by
SchoolRoll (or by a version before it), and is read by its content as before.
"""

from __future__ import annotations

OUTPUT_PROPERTY = "schoolroll_output"
"""The custom document property's name."""
COUNTY_OUTPUT = "county"
ROLLUP_OUTPUT = "rollup"
ANNOTATED_OUTPUT = "annotated"
RANGE_OUTPUT = "rollup-range"
"""Its values: a county workbook, a prefecture or province workbook, an annotated copy, a
roll-up over a range of months or a yearly evaluation (no unit's report: the roll-up skips it)."""
