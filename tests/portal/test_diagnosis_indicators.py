"""Diagnoza with ``lata=2023:2025``: a table per indicator over three years, the trend, "brak celu", the warning."""

from __future__ import annotations

import html
import re

from portalkit import Portal

from api.security import Role


def test_indicators_over_three_years_on_the_diagnosis_page(portal: Portal) -> None:
    client = portal.login(Role.COORDINATOR, "cus-lubicz", territories=("0415",))
    r = client.get("/diagnoza", params={"teren": "0415", "okres": "2025", "lata": "2023:2025"})
    assert r.status_code == 200, r.text
    page = html.unescape(r.text)
    section = page.split('id="wskazniki"', 1)[1]
    assert "Wskaźniki w czasie (2023:2025)" in section
    assert "pokazuje współwystępowanie, a nie przyczynę" in section
    assert 'value="2023:2025"' in page  # the form keeps the range: the URL is the bookmark
    # one table per indicator, each with the three years as columns
    tables = re.findall(r"<h3>([^<]+)</h3>\s*<table>(.*?)</table>", section, re.DOTALL)
    labels = [label for label, _ in tables]
    assert "gęstość sieci" in labels and "niespełnione wymogi ustawowe" in labels
    for _, body in tables:
        heads = re.findall(r'<th scope="col">([^<]*)</th>', body)
        assert [h[:4] for h in heads[:3]] == ["2023", "2024", "2025"] and heads[3:] == ["cel", "osiągnięty", "trend"]
        assert "brak celu" in body
        assert re.search(r"(↑ rośnie|↓ maleje|→ bez zmian|brak \(za mało punktów\))", body)
    density = dict(tables)["gęstość sieci"]
    assert re.search(r"<td>0,\d{3}</td>", density)  # Polish decimal comma
    # without the range the page stays as it was; a malformed range is refused naming the field
    assert 'id="wskazniki"' not in client.get("/diagnoza", params={"teren": "0415", "okres": "2025"}).text
    bad = client.get("/diagnoza", params={"teren": "0415", "okres": "2025", "lata": "2023-2025"})
    assert bad.status_code == 400 and "Lata wskaźników" in html.unescape(bad.text)
