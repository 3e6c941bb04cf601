"""Fail when a French string is missing or fuzzy, or the catalog does not compile.

Regenerates nothing: run `boucle makemessages -l fr` then fill boucle/locale/fr/LC_MESSAGES/django.po.
It first checks that the catalog lists every string the code marks for translation (makemessages into a
temporary copy), then that each is translated and not fuzzy (msgfmt --statistics).
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "boucle" / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def msgids(po: Path) -> set[str]:
    out = subprocess.run(
        ["msgcat", "--no-wrap", "--no-location", "--sort-output", str(po)], capture_output=True, text=True, check=True
    ).stdout
    ids, cur, in_id = set(), [], False
    for line in out.splitlines():
        if line.startswith("msgid "):
            cur, in_id = [line[6:]], True
        elif line.startswith("msgid_plural") or line.startswith("msgstr"):
            if in_id:
                ids.add("".join(s.strip('"') for s in cur))
            in_id = False
        elif in_id and line.startswith('"'):
            cur.append(line)
    ids.discard("")
    return ids


def main() -> int:
    if not PO.exists():
        print(f"Missing French catalog: {PO.relative_to(ROOT)}")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "boucle"
        shutil.copytree(ROOT / "boucle", copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
        subprocess.run(
            [sys.executable, "-m", "django", "makemessages", "-l", "fr", "-v", "0", "--ignore", "static/*"], cwd=copy, check=True
        )
        fresh = msgids(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    missing = sorted(fresh - msgids(PO))
    if missing:
        print(f"{len(missing)} string(s) are not in the French catalog (run `boucle makemessages -l fr`):")
        for s in missing[:40]:
            print("  -", s)
        return 1
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)], capture_output=True, text=True
    )
    report = stats.stderr.strip()
    print("French catalog:", report)
    if stats.returncode != 0 or "fuzzy" in report or "untranslated" in report:
        print("Every French string must be translated and not fuzzy.")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        mo = Path(tmp) / "django.mo"
        subprocess.run(["msgfmt", "-o", str(mo), str(PO)], check=True)
        if mo.read_bytes() != PO.with_suffix(".mo").read_bytes() if PO.with_suffix(".mo").exists() else True:
            print("django.mo is not compiled from django.po: run `boucle compilemessages`.")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
