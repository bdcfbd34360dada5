"""Polish plural forms (graph/plural.py): the three forms, the teens, large numbers, the CLI's nouns."""

from __future__ import annotations

import pytest

from graph.plural import FILES, ROWS, TRANSACTIONS, count, form


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0 wierszy"),
        (1, "1 wiersz"),
        (2, "2 wiersze"),
        (4, "4 wiersze"),
        (5, "5 wierszy"),
        (11, "11 wierszy"),
        (12, "12 wierszy"),
        (14, "14 wierszy"),
        (21, "21 wierszy"),
        (22, "22 wiersze"),
        (25, "25 wierszy"),
        (101, "101 wierszy"),
        (102, "102 wiersze"),
        (112, "112 wierszy"),
        (1_000_003, "1000003 wiersze"),
    ],
)
def test_rows(n: int, expected: str) -> None:
    assert ROWS(n) == expected
    assert count(n, "wiersz", "wiersze", "wierszy") == expected


def test_files_and_transactions() -> None:
    assert [FILES(n) for n in (1, 3, 5, 22, 113)] == ["1 plik", "3 pliki", "5 plików", "22 pliki", "113 plików"]
    assert TRANSACTIONS(24) == "24 transakcje"
    assert TRANSACTIONS(1) == "1 transakcja"


def test_negative_none_and_grouping() -> None:
    assert form(-2, "plik", "pliki", "plików") == "pliki"
    assert form(None, "miejsce", "miejsca", "miejsc") == "miejsc"
    assert ROWS(12_345, thousands=True) == "12\u00a0345 wierszy"
    assert ROWS(2, thousands=True) == "2 wiersze"
