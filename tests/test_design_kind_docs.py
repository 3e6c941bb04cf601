"""Every hook of the design-kind contract is documented in docs/DESIGN_KINDS.md and named in some test."""

from pathlib import Path

from boucle.studio.kinds.base import DesignKind

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "DESIGN_KINDS.md"


def hooks() -> list[str]:
    names = set(DesignKind.__annotations__)
    names |= {name for name, value in vars(DesignKind).items() if callable(value) and not name.startswith("_")}
    return sorted(names)


def test_every_hook_has_a_heading_in_the_guide():
    headings = {line[4:].strip().strip("`") for line in DOC.read_text().splitlines() if line.startswith("### ")}
    assert set(hooks()) <= headings, f"undocumented hooks: {sorted(set(hooks()) - headings)}"


def test_every_hook_is_named_in_a_test():
    sources = "\n".join(
        path.read_text()
        for folder in (ROOT / "boucle" / "studio", ROOT / "tests")
        for path in folder.rglob("test_*.py")
        if path.name != Path(__file__).name
    )
    missing = [name for name in hooks() if name not in sources]
    assert not missing, f"hooks no test names: {missing}"
