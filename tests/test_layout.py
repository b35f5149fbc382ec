"""The package layout: one subpackage per pipeline stage, imports only downward, renderers that only
render, the console only in cli/, imports at the top of modules except at the boundaries."""

from __future__ import annotations

import ast
from pathlib import Path

import thidua_reports

PACKAGE = Path(thidua_reports.__file__).resolve().parent
CORE = {"errors", "models", "config", "config_sections", "dossier", "vietnamese", "workspace", "fixed_zip",
        "__init__"}
# A stage may import the core and the stages before it; workbooks and documents are side by side.
RANK = {"core": 0, "intake": 1, "decision": 2, "workbooks": 3, "documents": 3, "outputs": 4,
        "pipeline": 5, "demo": 6, "web": 7, "cli": 8, "__main__": 9}
# Where a module may import one of ours inside a function: the boundaries that keep start-up cheap.
LAZY_BOUNDARIES = {"cli", "outputs"}
LAZY_EXCEPTIONS = {("thidua_reports.documents.docx_template", "thidua_reports.documents.charts")}  # matplotlib
MAX_LINES = 450


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(("thidua_reports", *parts)).removesuffix(".__init__")
        found[name] = path
    return found


MODULES = _modules()


def _stage(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "core"
    if parts[1] in RANK:
        return parts[1]
    assert parts[1] in CORE, f"{module} belongs to no stage"
    return "core"


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported module of ours, inside a function?) for every import of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                if child.module == "thidua_reports":
                    found.extend((f"thidua_reports.{a.name}", inner) for a in child.names
                                 if a.name != "__version__")
                elif child.module.startswith("thidua_reports."):
                    # `from package import module` names the module itself
                    found.extend((f"{child.module}.{a.name}" if f"{child.module}.{a.name}" in MODULES
                                  else child.module, inner) for a in child.names)
            elif isinstance(child, ast.Import):
                found.extend((a.name, inner) for a in child.names if a.name.startswith("thidua_reports"))
            visit(child, inner)

    visit(tree, False)
    return found


def _third_party(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
    return names


def test_every_module_belongs_to_a_stage_and_the_stages_are_the_expected_ones() -> None:
    stages = {_stage(m) for m in MODULES}
    assert stages == set(RANK)
    top = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert top == sorted(CORE | {"pipeline", "__main__"})


def test_stages_import_only_downward() -> None:
    wrong = []
    for module, path in MODULES.items():
        stage = _stage(module)
        for imported, _nested in _imports(path):
            other = _stage(imported)
            if other == stage:
                continue
            if RANK[other] >= RANK[stage]:
                wrong.append(f"{module} ({stage}) imports {imported} ({other})")
    assert wrong == []


def test_imports_of_our_modules_are_at_the_top_except_at_the_boundaries() -> None:
    wrong = [f"{module} imports {imported} inside a function"
             for module, path in MODULES.items() if _stage(module) not in LAZY_BOUNDARIES
             for imported, nested in _imports(path)
             if nested and (module, imported) not in LAZY_EXCEPTIONS]
    assert wrong == []


def test_renderers_do_not_touch_the_cache_the_workspace_or_the_output_step() -> None:
    forbidden = ("thidua_reports.workspace", "thidua_reports.intake.cache", "thidua_reports.outputs")
    wrong = [f"{module} imports {imported}"
             for module, path in MODULES.items() if _stage(module) in ("documents", "workbooks")
             for imported, _nested in _imports(path) if imported.startswith(forbidden)]
    assert wrong == []


def test_only_cli_knows_the_console() -> None:
    wrong = [module for module, path in MODULES.items()
             if _stage(module) != "cli" and _third_party(path) & {"rich", "click"}]
    assert wrong == []


def test_modules_stay_small() -> None:
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in MODULES.items()}
    assert {m: n for m, n in sizes.items() if n > MAX_LINES} == {}


def test_the_rules_above_can_fail() -> None:
    """The checker sees an upward import and a nested one (so the tests above are not vacuous)."""
    sample = PACKAGE / "decision" / "decide.py"
    imported = {m for m, _ in _imports(sample)}
    assert "thidua_reports.decision.criteria" in imported
    assert any(nested for _, nested in _imports(PACKAGE / "cli" / "main.py"))
    assert _stage("thidua_reports.cli.main") == "cli" and RANK["cli"] > RANK["outputs"]
