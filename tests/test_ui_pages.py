"""The page list: a listed page whose script is missing fails loudly instead of vanishing."""

from __future__ import annotations

import pytest

from ui import pages


def test_every_listed_page_has_its_script():
    listed = [p.file for specs in pages.existing().values() for p in specs]
    assert listed == [p.file for specs in pages.SECTIONS.values() for p in specs]
    assert pages.script("fall") == "views/fall.py"
    assert pages.script("no-such-page") is None


def test_a_missing_page_script_is_an_error_not_a_hidden_page(monkeypatch):
    gone = pages.PageSpec("borttagen.py", "Borttagen", ":material/close:", "borttagen")
    monkeypatch.setitem(pages.SECTIONS, "Områden", (*pages.SECTIONS["Områden"], gone))
    with pytest.raises(pages.MissingPage, match="views/borttagen.py"):
        pages.existing()
    with pytest.raises(pages.MissingPage, match="views/borttagen.py"):
        pages.script("borttagen")
