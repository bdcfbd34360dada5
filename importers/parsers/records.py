"""A parsed file: records plus non-fatal issues."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from importers.parsers.errors import ImportIssue

__all__ = ["ParsedFile"]

T = TypeVar("T")


@dataclass(slots=True)
class ParsedFile(Generic[T]):
    source: str  # file name used in messages
    records: list[T]
    warnings: list[ImportIssue] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.records)
