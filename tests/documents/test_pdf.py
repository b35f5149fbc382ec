"""PDF conversion with LibreOffice: one batch call, fonts, page images; errors in Vietnamese."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.doc_factories import campaign_result, settings
from thidua_reports.documents import pdf
from thidua_reports.errors import ThiduaError
from thidua_reports.outputs.write import render_documents

needs_soffice = pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice không có trên máy")
DOCS = ["to_trinh.docx", "quyet_dinh.docx", "tom_tat/pnv.docx",
        "tom_tat/pnv_01_nguyen-thi-hoa.docx", "bao_cao_tong_ket.docx", "in_an.docx"]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    if pdf.find_soffice() is None:
        pytest.skip("LibreOffice không có trên máy")
    out = tmp_path_factory.mktemp("pdf")
    render_documents(campaign_result(), settings(), None, out / "docs")
    return pdf.convert_to_pdf([out / "docs" / d for d in DOCS], out / "pdf", timeout=180)


@needs_soffice
def test_every_document_converts(pdfs: list[Path]) -> None:
    assert [p.name for p in pdfs] == ["to_trinh.pdf", "quyet_dinh.pdf", "pnv.pdf",
                                      "pnv_01_nguyen-thi-hoa.pdf", "bao_cao_tong_ket.pdf", "in_an.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)


@needs_soffice
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="cần pdffonts (poppler-utils)")
def test_only_times_or_liberation_serif(pdfs: list[Path]) -> None:
    for path in pdfs:
        lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        names = {line.split()[0].split("+")[-1] for line in lines}
        # charts are PNG, so no chart font appears; every text font is the serif face
        assert names and all(n.startswith(("TimesNewRoman", "LiberationSerif")) for n in names), (path, names)


@needs_soffice
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="cần pdftoppm (poppler-utils)")
def test_first_page_renders_to_png(pdfs: list[Path], tmp_path: Path) -> None:
    for path in pdfs[:2]:
        prefix = tmp_path / path.stem
        subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(path), str(prefix)],
                       check=True)
        png = next(tmp_path.glob(f"{path.stem}-*.png"))
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_soffice
def test_decision_has_body_and_appendix_pages(pdfs: list[Path]) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("cần pdfinfo")
    info = subprocess.run(["pdfinfo", str(pdfs[1])], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 2


def test_missing_soffice_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(ThiduaError, match=r"^Không tìm thấy LibreOffice \(lệnh soffice/libreoffice\)"):
        pdf.convert_to_pdf([tmp_path / "a.docx"], tmp_path)


def test_timeout_kills_and_explains(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake))
    (tmp_path / "a.docx").write_bytes(b"PK")
    with pytest.raises(ThiduaError) as err:
        pdf.convert_to_pdf([tmp_path / "a.docx"], tmp_path / "out", timeout=1)
    assert str(err.value).startswith("LibreOffice không chuyển xong sang PDF sau 1 giây và đã bị dừng.")


def test_empty_batch_does_nothing(tmp_path: Path) -> None:
    assert pdf.convert_to_pdf([], tmp_path / "out") == []
    assert not (tmp_path / "out").exists()


def test_font_warning(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "fc-list"
    fake.write_text("#!/bin/sh\necho 'DejaVu Serif'\necho 'DejaVu Sans'\n")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: str(fake) if name == "fc-list" else None)
    assert pdf.font_warning() == (
        "Máy chưa cài phông Times New Roman hoặc Liberation Serif: bản PDF sẽ dùng phông khác, "
        "dàn trang có thể sai lệch. Hãy cài phông (ví dụ gói fonts-liberation) rồi chạy lại.")
    fake.write_text("#!/bin/sh\necho 'Liberation Serif'\n")
    assert pdf.font_warning() is None
