"""The council's vote as text (SPEC §10): shares of the approval base, thresholds in words, the
Biên bản's Căn cứ line of the Tờ trình."""

from __future__ import annotations

from fractions import Fraction

from thidua_reports.config import Settings
from thidua_reports.models import CampaignResult, CouncilResult, Vote
from thidua_reports.vietnamese import format_percent, short_date, threshold_words

MEMBERS_WORDS = "tổng số thành viên Hội đồng"
PRESENT_WORDS = "số thành viên dự họp"


def vote_base(council: CouncilResult, vote: Vote) -> int:
    """Members the share is taken of: all members, or those present (council.approval_of)."""
    if vote.base:
        return vote.base
    return len(council.members) if council.approval_of == "members" else len(council.present)


def vote_share(council: CouncilResult, vote: Vote) -> str:
    """"66,7%": votes in favour over the approval base, one decimal, Vietnamese comma."""
    base = vote_base(council, vote)
    return format_percent(Fraction(vote.agree, base), 1) if base else "—"


def approval_words(council: CouncilResult) -> str:
    """"trên 1/2 tổng số thành viên Hội đồng" (the approval rule as configured)."""
    base = MEMBERS_WORDS if council.approval_of == "members" else PRESENT_WORDS
    return f"{threshold_words(council.approval)} {base}"


def has_votes(result: CampaignResult) -> bool:
    """The council has voted (sheet BieuQuyet): its minutes exist and the Tờ trình cites them."""
    return result.council is not None and bool(result.council.votes)


def council_name(result: CampaignResult, settings: Settings) -> str:
    """The council's name as read with its vote, else as configured ([council] name)."""
    return (result.council.name if result.council else "") or settings.council_name


def minutes_basis(result: CampaignResult, settings: Settings) -> str:
    """"Căn cứ Biên bản họp <council> ngày 08/12/2021" (the meeting's start date); "" before the vote."""
    council = result.council
    if council is None or not council.votes:
        return ""
    start = council.meeting.start
    return (f"Căn cứ Biên bản họp {council_name(result, settings)}"
            + (f" ngày {short_date(start.date())}" if start else ""))
