"""Each app a web test made is shut down after the test, as the server does on exit: its kept
render workers end with it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web import web_client


@pytest.fixture(autouse=True)
def _shut_apps_down() -> Iterator[None]:
    yield
    while web_client.CREATED:
        app = web_client.CREATED.pop()
        app.state.web.jobs.wait(120)
        app.state.web.shutdown()
