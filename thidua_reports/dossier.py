"""The papers of a unit's dossier (SPEC §12.2): their kinds, and what a requesting unit has sent."""

from __future__ import annotations

from dataclasses import dataclass, field

# The kinds a unit may be required to send, in the order of plan §III.2, with their Vietnamese names.
DOSSIER_KINDS = {
    "to_trinh": "Tờ trình",
    "bien_ban": "Biên bản họp Hội đồng",
    "bao_cao_thanh_tich": "Báo cáo thành tích",
}
OTHER_KIND = "khac"
KIND_NAMES = {**DOSSIER_KINDS, OTHER_KIND: "Tài liệu khác"}
# How a kind counts as sent: an attachment of that kind, or the workbook's "Đã có …" label ("tự khai").
ATTACHMENT, DECLARED = "attachment", "declared"
SOURCE_WORDS = {ATTACHMENT: "Có (tệp)", DECLARED: "Tự khai", None: "Thiếu"}


@dataclass
class Dossier:
    """One unit's papers: per kind, how it counts as sent (ATTACHMENT, DECLARED or None).

    `judged`: the unit requests the collective award or nominates someone, so its dossier must be
    complete; only then do `missing` and `complete` mean anything.
    """

    sent: dict[str, str | None]
    required: tuple[str, ...]
    judged: bool
    attachments: list[str] = field(default_factory=list)  # paths of the unit's attachments
    declared_only: bool = False  # no attachment at all: the workbook's labels are what counts

    @property
    def missing(self) -> list[str]:
        return [k for k in self.required if self.sent.get(k) is None] if self.judged else []

    @property
    def complete(self) -> bool | None:
        return not self.missing if self.judged else None

    def missing_names(self) -> str:
        """"Biên bản họp Hội đồng, Báo cáo thành tích"."""
        return ", ".join(DOSSIER_KINDS[k] for k in self.missing)
