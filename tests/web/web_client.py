"""Helpers of the web tests: a TestClient on a workspace, the page's CSRF token, waiting for a job."""

from __future__ import annotations

import html
import re
import time
import warnings
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from thidua_reports.web.app import create_app

with warnings.catch_warnings():  # starlette announces a future httpx2 client at import
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


CREATED: list[Any] = []  # apps of the running test, shut down after it (tests/web/conftest.py)


def client(workspace: Path, password: str | None = None, **kwargs: Any) -> TestClient:
    app = create_app(workspace, password=password, watch_inbox=False)
    CREATED.append(app)
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


class _Form(HTMLParser):
    """The fields of the first form posting to `action`, as a browser would send them unchanged."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.fields = action, False, []  # type: ignore[var-annotated]
        self._select: str | None = None
        self._textarea: str | None = None
        self._chosen: str | None = None
        self._first: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        elif not self.inside:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("file", "checkbox"):
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "input" and a.get("type") == "checkbox" and "checked" in a:
            self.fields.append((a["name"], a.get("value", "on")))
        elif tag == "select":
            self._select, self._chosen, self._first = a.get("name"), None, None
        elif tag == "option" and self._select:
            if self._first is None:
                self._first = a.get("value", "")
            if "selected" in a:
                self._chosen = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.fields.append((self._textarea, ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            self.fields.append((self._select, self._chosen if self._chosen is not None else self._first or ""))
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_fields(page: str, action: str) -> list[tuple[str, str]]:
    parser = _Form(action)
    parser.feed(page)
    return parser.fields
