"""The Tờ trình's paragraph on the units' dossiers (SPEC §12.2): who sent every required paper, and
the units whose dossier is incomplete, by name, with the papers they lack."""

from __future__ import annotations

from thidua_reports.config import Settings
from thidua_reports.documents.context import dashed
from thidua_reports.dossier import DECLARED, DOSSIER_KINDS
from thidua_reports.models import CampaignResult


def dossier_lines(result: CampaignResult, settings: Settings) -> list[str]:
    """Paragraphs of "3. Về hồ sơ đề nghị khen thưởng"; none when the policy is "off" or no unit
    requests an award."""
    judged = [u for u in result.units if u.dossier is not None and u.dossier.judged]
    if not judged:
        return []
    required = judged[0].dossier.required if judged[0].dossier else ()
    papers = ", ".join(DOSSIER_KINDS[k] for k in required) or "không yêu cầu văn bản gửi kèm"
    incomplete = [u for u in judged if u.dossier is not None and u.dossier.missing]
    complete = len(judged) - len(incomplete)
    declared = sum(1 for u in judged if u.dossier is not None and not u.dossier.missing
                   and any(u.dossier.sent.get(k) == DECLARED for k in required))
    head = (f"3. Về hồ sơ đề nghị khen thưởng ({papers}): {complete}/{len(judged)} đơn vị đề nghị khen thưởng "
            "có hồ sơ đầy đủ")
    if declared:
        head += f" (trong đó {declared} đơn vị mới tự khai trên phiếu, chưa gửi bản đã ký)"
    if not incomplete:
        return [head + "."]
    lines = [head + f"; {len(incomplete)} đơn vị có hồ sơ chưa đầy đủ:"]
    lines += dashed([f"{u.unit.name}: thiếu {u.dossier.missing_names()}" for u in incomplete
                     if u.dossier is not None])
    if settings.dossier.policy == "exclude":
        lines.append("Theo Kế hoạch, tập thể và cá nhân của các đơn vị có hồ sơ chưa đầy đủ không được xét "
                     "khen thưởng.")
    else:
        lines.append("Các đơn vị trên cần bổ sung văn bản còn thiếu theo quy định của Kế hoạch.")
    return lines
