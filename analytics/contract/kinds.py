"""The report's kinds of deviation (fall, läkemedel, HSL övrigt, hot och våld, SoL/LSS ...): the one
definition.

A kind is a set of (domain, category) pairs. Everything else is derived from the definition here:
the deviation mart's flags `is_<column>` (SQL, computed once at load: analytics.ingest.marts),
the key figures of the overview (`matches` on a frame of domain and category), the variation
choices of analytics.analyses.deviations, the deviations matched to signing tasks (`task_kind`)
and the pages' filters (`filters()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def _sql_list(codes: tuple[str, ...]) -> str:
    # Contract codes only (ASCII snake_case), never user input: quoted as literals.
    return ", ".join("'" + c.replace("'", "''") + "'" for c in codes)


@dataclass(frozen=True)
class Kind:
    """One kind of deviation: the domains, and the categories in them (None: all) minus `excluded`."""

    key: str
    label: str  # the key figure's label
    domains: tuple[str, ...]
    categories: tuple[str, ...] | None = None
    excluded: tuple[str, ...] = ()
    # Stem of the deviation mart's flag `is_<column>` and of the count columns `<column>_count`
    # the analyses publish (figures keep these English names); None: no flag.
    column: str | None = None
    choice_label: str | None = None  # label among the variation choices (None: not a choice)
    kpi: bool = True  # a key figure of the overview
    task_kind: str | None = None  # the signing task kind these deviations are matched with

    def sql(self, domain: str = "domain", category: str = "category") -> str:
        """The kind as a SQL predicate on the two columns (null columns: not of the kind)."""
        parts = [f"{domain} in ({_sql_list(self.domains)})"]
        if self.categories is not None:
            parts.append(f"{category} in ({_sql_list(self.categories)})")
        if self.excluded:
            parts.append(f"{category} not in ({_sql_list(self.excluded)})")
        return " and ".join(parts)

    def matches(self, domain: Any, category: Any) -> Any:
        """The kind as a boolean mask over two pandas Series of domain and category codes."""
        mask = domain.isin(self.domains)
        if self.categories is not None:
            mask &= category.isin(self.categories)
        if self.excluded:
            mask &= ~category.isin(self.excluded)
        return mask

    def filters(self) -> dict[str, list[str]]:
        """The kind as Filters lists (`f.with_(**kind.filters())`): its domains, and its categories
        when it names them. A kind with excluded categories cannot be written as a filter."""
        if self.excluded:
            raise ValueError(f"{self.key}: a kind with excluded categories is not a filter")
        lists = {"domains": list(self.domains)}
        if self.categories is not None:
            lists["categories"] = list(self.categories)
        return lists


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind("fall", "Fall", ("hsl",), ("fall",), column="fall", choice_label="Fall"),
        Kind(
            "lakemedel",
            "Läkemedelsavvikelser",
            ("hsl",),
            ("lakemedel",),
            column="medication",
            choice_label="Läkemedel",
            task_kind="lakemedel",
        ),
        Kind(
            "hsl_other",
            "HSL övrigt",
            ("hsl",),
            excluded=("fall", "lakemedel"),
            column="hsl_other",
            choice_label="HSL övrigt (utom fall och läkemedel)",
            task_kind="hsl_insats",
        ),
        Kind("lss", "LSS-avvikelser", ("lss",)),
        Kind("sol", "SoL-avvikelser", ("sol",)),
        Kind(
            "hot_och_vald",
            "Hot och våld",
            ("lss", "sol"),
            ("hot_och_vald",),
            column="violence",
            choice_label="Hot och våld",
        ),
        Kind("vardsamverkan", "Vårdsamverkan", ("vardsamverkan",)),
        Kind(
            "sol_lss", "SoL och LSS", ("lss", "sol"), column="sol_lss", choice_label="SoL och LSS", kpi=False
        ),
    )
}

# The overview's key figures, in display order: key -> label.
KPI_KINDS: dict[str, str] = {k.key: k.label for k in KINDS.values() if k.kpi}

# Kinds with a flag in the deviation mart, by their column stem.
FLAGGED_KINDS: dict[str, Kind] = {k.column: k for k in KINDS.values() if k.column is not None}


def flag_columns_sql(domain: str = "domain", category: str = "category") -> str:
    """The deviation mart's flag columns: `<predicate> as is_<column>, ...`, then task_kind."""
    flags = [f"{k.sql(domain, category)} as is_{k.column}" for k in FLAGGED_KINDS.values()]
    matched = [k for k in KINDS.values() if k.task_kind]
    task = (
        "case " + " ".join(f"when {k.sql(domain, category)} then '{k.task_kind}'" for k in matched) + " end"
    )
    return ",\n    ".join([*flags, f"{task} as task_kind"])
