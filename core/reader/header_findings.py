"""What the reader assumed about a sheet's headers: header-assumed and header-ambiguous findings."""

from __future__ import annotations

from core.model.findings import Finding, make_finding
from core.reader.headers import HeaderMatch
from core.reader.model import column_letter


def header_findings(match: HeaderMatch, c0: int, *, path: str, sheet: str) -> list[Finding]:
    """An info per column read by its meaning, a query per column left unread as ambiguous."""
    where = {"file": path, "sheet": sheet}
    out = [
        make_finding(
            "header-assumed",
            column=column_letter(c0 + match.columns[key]),
            field=match.form.column(key).header,
            header=match.headers[key],
            **where,
        )
        for key in match.form.keys
        if key in match.assumed
    ]
    for indices, keys in match.ambiguous:
        texts = [match.extra.get(i, "") for i in indices]
        fields = [match.form.column(k).header for k in keys]
        column = column_letter(c0 + indices[0])
        if len(indices) > 1:
            variant, header, other, field = "field", texts[0], "”“".join(texts[1:]), fields[0]
        else:
            variant, header, other, field = "column", texts[0], "”“".join(fields[1:]), fields[0]
        out.append(
            make_finding(
                "header-ambiguous",
                variant,
                column=column,
                field=field,
                header=header,
                other=other,
                **where,
            )
        )
    return out


def ambiguous_columns(match: HeaderMatch) -> frozenset[int]:
    """Column indices left unread because they were ambiguous."""
    return frozenset(i for indices, _ in match.ambiguous for i in indices)
