"""The committed front-end libraries are exactly the pinned npm files (sha256 from the manifest)."""

from __future__ import annotations

import json

from api.portal.vendor import MANIFEST, PACKAGES, VENDOR_DIR, verify


def test_every_vendored_file_matches_its_checksum() -> None:
    assert verify() == []


def test_manifest_lists_every_pinned_package_with_licence_and_integrity() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    listed = {(p["name"], p["version"]) for p in manifest["packages"]}
    assert listed == {(p.name, p.version) for p in PACKAGES}
    for entry in manifest["packages"]:
        assert entry["license"] and entry["integrity"].startswith("sha512-")
        assert any(f.endswith("/LICENSE") for f in entry["files"]), entry["name"]


def test_a_changed_file_is_detected(tmp_path, monkeypatch) -> None:
    import api.portal.vendor as vendor

    copy = tmp_path / "vendor"
    copy.mkdir()
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    for entry in manifest["packages"]:
        for rel in entry["files"]:
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            (copy / rel).write_bytes((VENDOR_DIR / rel).read_bytes())
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (copy / "leaflet" / "leaflet.js").write_bytes(b"alert('podmieniony plik')")
    monkeypatch.setattr(vendor, "VENDOR_DIR", copy)
    monkeypatch.setattr(vendor, "MANIFEST", copy / "manifest.json")
    assert vendor.verify() == ["leaflet/leaflet.js: checksum differs from manifest.json"]
