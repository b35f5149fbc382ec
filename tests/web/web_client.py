"""Helpers of the web tests: a TestClient on a workspace, the page's CSRF token, waiting for a job."""

from __future__ import annotations

import html
import re
import time
import warnings
from pathlib import Path
from typing import Any

from thidua_reports.web.app import create_app

with warnings.catch_warnings():  # starlette announces a future httpx2 client at import
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def client(workspace: Path, password: str | None = None, **kwargs: Any) -> TestClient:
    app = create_app(workspace, password=password, watch_inbox=False)
    return TestClient(app, follow_redirects=False, **kwargs)


def csrf(c: TestClient, page: str = "/") -> str:
    found = CSRF.search(c.get(page).text)
    assert found, page
    return found.group(1)


def wait_job(c: TestClient, timeout: float = 120.0) -> dict:
    """Poll the status endpoint as the page does, until the job has finished; its last state."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = c.get("/api/trang-thai").json()["job"]
        if job is None or not job["running"]:
            return job
        time.sleep(0.1)
    raise AssertionError("the job did not finish")


def text(page: str) -> str:
    """The visible text of a page, tags dropped, entities decoded, spaces collapsed (to assert sentences)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
