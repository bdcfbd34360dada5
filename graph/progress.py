"""The one progress callback every long job reports through (importers, generator, CLI bars)."""

from __future__ import annotations

from typing import Protocol

__all__ = ["Progress", "no_progress"]


class Progress(Protocol):
    """``progress(stage, done, total)``: ``stage`` is a short Polish label shown to the user."""

    def __call__(self, stage: str, done: int, total: int, /) -> None: ...


def no_progress(stage: str, done: int, total: int, /) -> None:
    """The silent default."""
