"""requirements.lock stays in step with pyproject.toml: every dependency pinned, hashed, and allowed.

CI installs from the lock (``pip install --require-hashes -r requirements.lock`` then the project
with ``--no-deps``), so a dependency added to pyproject.toml but not to the lock would be missing
there.  Regenerate with the command in the lock's header.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _locked() -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes)."""
    out: dict[str, tuple[str, int]] = {}
    current = None
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            out[current] = (match.group(2), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = out[current]
            out[current] = (version, hashes + 1)
    return out


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    texts = [
        *project["dependencies"],
        *project["optional-dependencies"]["dev"],
        *project["optional-dependencies"]["notebooks"],
        *project["optional-dependencies"]["postgres"],
    ]
    return [r for r in map(Requirement, texts) if canonicalize_name(r.name) != "kooperacja"]


def test_every_dependency_is_locked_with_hashes_and_allowed_version() -> None:
    locked = _locked()
    assert locked, "requirements.lock has no pins"
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is in pyproject.toml but not in requirements.lock"
        version, _ = locked[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {name}=={version}, pyproject.toml asks {requirement.specifier}"
        )
    unhashed = [name for name, (_, hashes) in locked.items() if hashes == 0]
    assert unhashed == []
