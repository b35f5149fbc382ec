"""Xét chọn: the ranking of collectives and individuals with every criterion, rank and tie flag, and
the council's actions (Chọn/Loại with a reason, members and attendance, the vote), each saved into
quyet_dinh_hoi_dong.xlsx with the run's own validation and messages."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from thidua_reports.documents.context import (
    COLLECTIVE_CRITERIA,
    INDIVIDUAL_CRITERIA,
    criterion_labels,
)
from thidua_reports.web.context import ctx

SHOW_OTHERS = 200  # non-eligible rows shown under the ranking


def _ordered(items: list[dict]) -> tuple[list[dict], list[dict]]:
    ranked = sorted((i for i in items if i.get("rank")), key=lambda i: i["rank"])
    chosen = [i for i in items if not i.get("rank") and (i.get("override") or i.get("selected"))]
    others = [i for i in items if not i.get("rank") and not (i.get("override") or i.get("selected"))]
    return ranked + chosen, others


async def council_page(request: Request) -> Response:
    web = ctx(request)
    settings, _ = web.state.settings()
    data = web.state.results() or {}
    units = [u for u in data.get("units", []) if u.get("accepted") and u.get("requested")]
    people = list(data.get("individuals", []))
    top_units, other_units = _ordered(units)
    top_people, other_people = _ordered(people)
    labels = criterion_labels(settings) if settings else {"collective": {}, "individual": {}}
    quota = settings.quota if settings else None
    return web.render(
        request, "council.html", page_title="Xét chọn", has_results=bool(data),
        top_units=top_units, other_units=other_units[:SHOW_OTHERS], more_units=max(0, len(other_units) - SHOW_OTHERS),
        top_people=top_people, other_people=other_people[:SHOW_OTHERS],
        more_people=max(0, len(other_people) - SHOW_OTHERS),
        unit_keys=COLLECTIVE_CRITERIA, person_keys=INDIVIDUAL_CRITERIA, labels=labels, quota=quota,
        council=data.get("council"), totals=data.get("totals"),
    )


routes = [Route("/xet-chon", council_page)]
