"""Provenance in words: the period, the comparison and every active filter, for report captions,
file names and the header of every download (the app's tables and charts use it too)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime

from analytics import contract
from analytics.filters import Filters, Period

# Filters' lists -> (Swedish name, code list or None for ids shown as they are).
FILTER_NAMES: dict[str, tuple[str, Mapping[str, str] | None]] = {
    "administrations": ("Förvaltning", None),
    "areas": ("Område", None),
    "unit_types": ("Verksamhetstyp", contract.UNIT_TYPES),
    "operators": ("Regi", contract.OPERATORS),
    "unit_ids": ("Enhet", None),
    "domains": ("Avvikelseområde", contract.DOMAINS),
    "categories": ("Kategori", contract.CATEGORY_LABELS),
}

COMPARISON_NAMES: dict[str, str] = {
    "year": "samma period föregående år",
    "previous": "föregående period",
}


def comparison_period(f: Filters) -> Period:
    """The period the comparison figures are for: the filters' own rule when they have one
    (key figures version 2: `compare`), else the period just before."""
    compare = getattr(f, "compare", None)
    if compare is not None and hasattr(f.period, "comparison"):
        return f.period.comparison(compare)
    return f.period.previous()


def supports_compare() -> bool:
    """Whether Filters carries a comparison rule (`compare`, key figures version 2)."""
    return any(field.name == "compare" for field in fields(Filters))


def period_words(p: Period) -> str:
    """ "2022", "första halvåret 2022", or the dates."""
    label = p.label()
    if label.endswith(" H1"):
        return f"första halvåret {label[:4]}"
    if label.endswith(" H2"):
        return f"andra halvåret {label[:4]}"
    return label


def short_label(p: Period) -> str:
    """A column header for the period: "2022", "H1 2022", or the dates "2021-07-04–2021-12-31"."""
    label = p.label()
    if label.endswith((" H1", " H2")):
        return f"{label[-2:]} {label[:4]}"
    if label.isdigit():
        return label
    return f"{p.start.isoformat()}–{p.end.isoformat()}"


def comparison_text(f: Filters) -> str:
    """ "2021 (samma period föregående år)"."""
    previous = comparison_period(f)
    rule = COMPARISON_NAMES.get(getattr(f, "compare", None) or "previous", "föregående period")
    return f"{period_words(previous)} ({rule})"


def active_filters(
    f: Filters, unit_names: Mapping[str, str] | None = None, short: bool = False
) -> list[tuple[str, str]]:
    """(name, values) of every filter that restricts the selection, in sidebar order.

    Unit ids are shown by name when `unit_names` is given; for politiker they are only counted
    (a politiker's document names no unit). `short` drops a label's explanation in brackets
    ("Privat (upphandlad, LOU)" -> "Privat"), for chart titles and file names."""
    out: list[tuple[str, str]] = []
    for attribute, (name, codes) in FILTER_NAMES.items():
        values = getattr(f, attribute)
        if not values:
            continue
        if attribute == "unit_ids" and f.scope.role == "politiker":
            out.append((name, f"{len(values)} valda"))
            continue
        if codes is not None:
            shown = [contract.label(codes, v) for v in values]
            if short and attribute == "operators":
                shown = [label.split(" (")[0] for label in shown]
        elif attribute == "unit_ids" and unit_names:
            shown = [unit_names.get(v, v) for v in values]
        else:
            shown = list(values)
        out.append((name, ", ".join(shown)))
    return out


def filters_text(f: Filters, unit_names: Mapping[str, str] | None = None) -> str:
    """ "Regi: Privat; Verksamhetstyp: Gruppbostad LSS", or "Inga (hela förvaltningen)"."""
    parts = [f"{name}: {values}" for name, values in active_filters(f, unit_names)]
    return "; ".join(parts) if parts else "Inga (hela förvaltningen)"


def title_suffix(f: Filters) -> str:
    """The active filters for a chart title: " (Regi: Privat)", or "" without filters."""
    parts = [f"{name}: {values}" for name, values in active_filters(f, short=True) if name != "Enhet"]
    units = f.unit_ids
    if units:
        parts.append(f"{len(units)} {'enhet' if len(units) == 1 else 'enheter'}")
    return f" ({'; '.join(parts)})" if parts else ""


def header_rows(f: Filters, title: str, now: datetime | None = None) -> list[tuple[str, str]]:
    """The rows stating what a downloaded file holds: title, period, comparison, filters, time."""
    moment = now or datetime.now()
    rows = [
        ("Innehåll", title),
        ("Period", f"{period_words(f.period)} ({f.period.start.isoformat()} – {f.period.end.isoformat()})"),
        ("Jämförelse", comparison_text(f)),
    ]
    rows += [(name, values) for name, values in active_filters(f)] or [
        ("Filter", "Inga (hela förvaltningen)")
    ]
    rows.append(("Nedladdad", moment.strftime("%Y-%m-%d %H:%M")))
    return rows


def file_stem(title: str, f: Filters) -> str:
    """A readable file name (no extension): title, period and the active filters.

    "avvikelser_per_kategori_2022_regi-privat" (the period only when the title lacks its year)."""
    parts = [title]
    if str(f.period.start.year) not in title:
        parts.append(f.period.label().replace(" ", "-"))
    parts += [f"{name}-{values}" for name, values in active_filters(f, short=True) if name != "Enhet"]
    if f.unit_ids:
        parts.append(f"{len(f.unit_ids)}-{'enhet' if len(f.unit_ids) == 1 else 'enheter'}")
    stem = "_".join(parts)
    stem = re.sub(r"[^0-9A-Za-zåäöÅÄÖ_-]+", "_", stem).strip("_").lower()
    return re.sub(r"_+", "_", stem)[:120].rstrip("_") or "data"
