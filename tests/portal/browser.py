"""Real-browser helpers: the app under uvicorn on a free port, headless Debian Chromium, axe-core.

Nothing is downloaded: Selenium drives ``/usr/bin/chromium`` through
``/usr/bin/chromedriver`` (Selenium Manager is never consulted because both
paths are given).  Screenshots go to ``tests/portal/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from api.portal.chromium import CHROMEDRIVER, CHROMIUM, chromium_driver, live_server
from api.portal.vendor import VENDOR_DIR

__all__ = ["ARTIFACTS", "axe", "chromium", "console_errors", "live_server", "require_browser", "shot"]

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
AXE = (VENDOR_DIR / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = ("serious", "critical")


def require_browser() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not (Path(p).exists() or shutil.which(p))]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: missing {missing} (apt-get install chromium chromium-driver)")
        pytest.skip(
            f"no Chromium here ({missing}); `apt-get install chromium chromium-driver`; always run with CI=true"
        )


def chromium(profile: Path, *, width: int = 1280, height: int = 900) -> Any:
    return chromium_driver(profile, width=width, height=height)


def shot(driver: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    # the whole page, not only the viewport
    height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 4000)")
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, max(600, int(height) + 120))
    driver.save_screenshot(str(path))
    return path


def axe(driver: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations of the current page (rule, impact, targets)."""
    driver.execute_script(AXE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations)).catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result
        if v.get("impact") in BLOCKING
    ]


def console_errors(driver: Any) -> list[str]:
    """Errors logged by the page (CSP violations, script errors, failed assets)."""
    return [
        e["message"]
        for e in driver.get_log("browser")
        if e["level"] == "SEVERE"
        and "favicon" not in e["message"]
        # an error page's own status (404/403…) is logged too: that is the page under test, not a fault
        and "the server responded with a status of 4" not in e["message"]
    ]
