"""Refresh the portal's third-party front-end files from the npm registry.

``python3 -m api.portal.vendor`` downloads each pinned package's tarball from
registry.npmjs.org, checks it against the registry's ``dist.integrity``
(sha512), copies the listed files (and the licence) into
``api/portal/static/vendor/<package>/`` and writes ``manifest.json`` with the
version, licence, tarball integrity and the sha256 of every copied file.
``python3 -m api.portal.vendor --check`` only verifies the committed files
against the manifest (``tests/portal/test_vendor.py`` does the same).

Nothing else fetches these files: the app serves the committed copies, so an
office behind a restrictive proxy never reaches a CDN.  To add or upgrade a
library, edit :data:`PACKAGES`, run the command, commit the files.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PACKAGES", "VENDOR_DIR", "MANIFEST", "refresh", "verify"]

VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor"
MANIFEST = VENDOR_DIR / "manifest.json"
REGISTRY = "https://registry.npmjs.org"
_LICENCE_FILES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "license", "LICENCE")


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    folder: str
    #: path inside the tarball (under ``package/``) → file name in ``folder``
    files: dict[str, str]
    why: str


PACKAGES: list[Package] = [
    Package(
        "leaflet",
        "1.9.4",
        "leaflet",
        {"dist/leaflet.js": "leaflet.js", "dist/leaflet.css": "leaflet.css"},
        "maps: institution location, network map",
    ),
    Package(
        "cytoscape",
        "3.30.4",
        "cytoscape",
        {"dist/cytoscape.min.js": "cytoscape.min.js"},
        "network explorer (Mapa sieci)",
    ),
    Package(
        "axe-core",
        "4.10.2",
        "axe-core",
        {"axe.min.js": "axe.min.js"},
        "accessibility checks inside the browser tests (not linked from any page)",
    ),
    Package("react", "18.2.0", "react", {"umd/react.production.min.js": "react.production.min.js"}, "GraphiQL runtime"),
    Package(
        "react-dom",
        "18.2.0",
        "react-dom",
        {"umd/react-dom.production.min.js": "react-dom.production.min.js"},
        "GraphiQL runtime",
    ),
    Package(
        "graphiql",
        "3.8.3",
        "graphiql",
        {"graphiql.min.js": "graphiql.min.js", "graphiql.min.css": "graphiql.min.css"},
        "the /graphql IDE, offline",
    ),
    Package(
        "swagger-ui-dist",
        "5.17.14",
        "swagger-ui",
        {"swagger-ui-bundle.js": "swagger-ui-bundle.js", "swagger-ui.css": "swagger-ui.css"},
        "the /docs page, offline",
    ),
]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return bytes(response.read())


def _check_integrity(data: bytes, integrity: str, name: str) -> None:
    algo, _, expected = integrity.partition("-")
    if algo not in ("sha512", "sha256", "sha1"):
        raise SystemExit(f"{name}: unsupported integrity algorithm {algo}")
    actual = base64.b64encode(hashlib.new(algo, data).digest()).decode()
    if actual != expected:
        raise SystemExit(f"{name}: tarball does not match the registry's integrity {integrity}")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def refresh(packages: list[Package] = PACKAGES) -> dict[str, object]:
    """Download, verify and copy every package; rewrite the manifest; return it."""
    entries = []
    for pkg in packages:
        meta = json.loads(_get(f"{REGISTRY}/{pkg.name.replace('/', '%2F')}/{pkg.version}"))
        tarball = _get(meta["dist"]["tarball"])
        _check_integrity(tarball, meta["dist"]["integrity"], pkg.name)
        target = VENDOR_DIR / pkg.folder
        target.mkdir(parents=True, exist_ok=True)
        files: dict[str, str] = {}
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
            members = {m.name.removeprefix("package/"): m for m in tar.getmembers() if m.isfile()}
            wanted = dict(pkg.files)
            licence = next((n for n in _LICENCE_FILES if n in members), None)
            if licence:
                wanted[licence] = "LICENSE"
            for source, dest in wanted.items():
                member = members.get(source)
                if member is None:
                    raise SystemExit(f"{pkg.name}@{pkg.version}: no file {source} in the tarball")
                extracted = tar.extractfile(member)
                assert extracted is not None
                data = extracted.read()
                (target / dest).write_bytes(data)
                files[f"{pkg.folder}/{dest}"] = _sha256(data)
        entries.append(
            {
                "name": pkg.name,
                "version": pkg.version,
                "license": meta.get("license"),
                "tarball": meta["dist"]["tarball"],
                "integrity": meta["dist"]["integrity"],
                "why": pkg.why,
                "files": files,
            }
        )
        print(f"{pkg.name}@{pkg.version} ({meta.get('license')}): {len(files)} plików")
    manifest: dict[str, object] = {"registry": REGISTRY, "packages": entries}
    MANIFEST.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def verify() -> list[str]:
    """Problems with the committed files (empty when every checksum matches)."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    problems = []
    pinned = {(p.name, p.version) for p in PACKAGES}
    for entry in manifest["packages"]:
        if (entry["name"], entry["version"]) not in pinned:
            problems.append(f"{entry['name']}@{entry['version']}: not the version pinned in api/portal/vendor.py")
        for rel, digest in entry["files"].items():
            path = VENDOR_DIR / rel
            if not path.is_file():
                problems.append(f"{rel}: missing")
            elif _sha256(path.read_bytes()) != digest:
                problems.append(f"{rel}: checksum differs from manifest.json")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pobierz lub sprawdź biblioteki front-endu portalu (npm).")
    parser.add_argument("--check", action="store_true", help="tylko sprawdź sumy kontrolne plików")
    args = parser.parse_args(argv)
    if args.check:
        problems = verify()
        for p in problems:
            print(p, file=sys.stderr)
        return 1 if problems else 0
    refresh()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
