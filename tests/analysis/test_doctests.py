"""The runnable examples in the analysis modules' docstrings pass (they are documentation that cannot rot)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import queries.analysis

MODULES = sorted(m.name for m in pkgutil.iter_modules(queries.analysis.__path__, "queries.analysis."))


def test_every_module_declares_its_api() -> None:
    for name in MODULES:
        module = importlib.import_module(name)
        assert getattr(module, "__all__", None), f"{name} has no __all__"
        assert module.__doc__, f"{name} has no docstring"


@pytest.mark.parametrize("name", [*MODULES, "api.gaps.graphql", "api.commands.gaps_cmd"])
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
