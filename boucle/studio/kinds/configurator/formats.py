"""The configurator's file format: a JSON configuration, imported and exported (the studio itself offers the
bill of materials as CSV and JSON).

JSON configuration::

    {"format": "boucle-configuration", "version": 1, "title": "...", "product": "...",
     "selections": {"<group id>": ["<choice id>", ...]},
     "choices": [{"group": "...", "choice": "...", "name": "..."}],   # readable, ignored on import
     "attribution": ["...", ...]}

Import reads ``selections`` only, and refuses a group or choice the kit lacks, naming it.
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from pydantic import ValidationError

from boucle.studio import schema_errors

from ..base import ImportRefused
from .schemas import Configuration

MAX_BYTES = 1024 * 1024
FORMAT = "boucle-configuration"


def export_json(
    content: dict, kit: dict, *, title: str, attribution: list[str], licence: str | None = None
) -> bytes:
    names = {c["id"]: c["name"] for g in kit.get("groups", []) for c in g["choices"]}
    doc = {
        "format": FORMAT,
        "version": 1,
        "title": title,
        "product": kit.get("product", {}).get("name", ""),
        "selections": content.get("selections", {}),
        "choices": [
            {"group": g, "choice": cid, "name": names.get(cid, cid)}
            for g, ids in content.get("selections", {}).items()
            for cid in ids
        ],
        "attribution": list(attribution),
    }
    if licence:
        doc["licence"] = licence
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def import_json(data: bytes, kit: dict) -> dict:
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("The file is too large: %(max)d KB at most.") % {"max": MAX_BYTES // 1024})
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportRefused(_("The file is not UTF-8 text.")) from None
    except (ValueError, RecursionError) as error:
        raise ImportRefused(
            _("The file is not valid JSON: %(error)s") % {"error": str(error)[:120]}
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("selections"), dict):
        raise ImportRefused(_("The file has no “selections” object: it is not a configuration."))
    if doc.get("format", FORMAT) != FORMAT:
        raise ImportRefused(_("The file's format is not “%(format)s”.") % {"format": FORMAT})
    try:
        content = Configuration.model_validate({"selections": doc["selections"]}).model_dump(mode="json")
    except ValidationError as error:
        where, message = schema_errors.first_error(error)
        raise ImportRefused(
            _("selections: %(where)s: %(message)s") % {"where": where, "message": message}
        ) from None
    groups = {g["id"]: {c["id"] for c in g["choices"]} for g in kit.get("groups", [])}
    for group_id, ids in content["selections"].items():
        if group_id not in groups:
            raise ImportRefused(_("selections: the kit has no group “%(id)s”.") % {"id": group_id})
        for cid in ids:
            if cid not in groups[group_id]:
                raise ImportRefused(
                    _("selections.%(group)s: the kit has no choice “%(id)s” in this group.")
                    % {"group": group_id, "id": cid}
                )
    return content
