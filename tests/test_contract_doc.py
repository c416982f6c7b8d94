"""docs/data-contract.md (the users' reference) agrees with analytics/contract.py."""

from __future__ import annotations

from analytics import contract
from analytics.db import ROOT

DOC = ROOT / contract.DOC_PATH


def test_committed_doc_is_the_rendering_of_the_contract():
    rendered = contract.render_markdown()
    committed = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert committed == rendered, (
        "docs/data-contract.md är inaktuell: kör python -m analytics contract-doc och checka in filen"
    )


def test_rendering_names_every_table_column_code_and_label():
    doc = contract.render_markdown()
    for table in contract.TABLES.values():
        assert f"### {table.name} – {table.label}" in doc
        for col in table.columns:
            assert f"| `{col.name}` | {col.type} | {'ja' if col.required else 'nej'} |" in doc
            for code, label in (col.codes or {}).items():
                assert f"| `{code}` | {label} |" in doc
    for domain, categories in contract.CATEGORIES_BY_DOMAIN.items():
        codes = ", ".join(f"`{c}`" for c in categories)
        assert f"| `{domain}` ({contract.DOMAINS[domain]}) | {codes} |" in doc
    for category, subs in contract.SUBCATEGORIES_BY_CATEGORY.items():
        assert f"| `{category}` | " + ", ".join(f"`{s}`" for s in subs) in doc


def test_doc_states_the_integrity_rules_and_file_conventions():
    doc = contract.render_markdown()
    for phrase in (
        "UTF-8",
        "`,` eller `;`",
        "decimalkomma",
        "personnummer",
        "event_date ≤ reported_date ≤ investigated_date ≤",
        "`positive ≤ respondents`, `responded ≤ invited`",
        "`women + men ≤ brukare`",
        f"{contract.MAX_TEXT_LENGTH:,}".replace(",", " "),
        "Radnummer",
    ):
        assert phrase in doc, phrase
