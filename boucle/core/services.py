from django.db import models


def model_update(*, instance: models.Model, fields: list[str], data: dict) -> tuple[models.Model, bool]:
    """Change only the listed fields present in ``data``, validate, save them; return (instance, changed).

    >>> model_update(instance=project, fields=["title", "pitch"], data={"title": "Lighthouse"})
    (<Project: Lighthouse>, True)
    """
    changed = []
    for field in fields:
        if field in data and getattr(instance, field) != data[field]:
            setattr(instance, field, data[field])
            changed.append(field)
    if changed:
        instance.full_clean()
        if any(f.name == "updated_at" for f in instance._meta.fields):
            changed.append("updated_at")
        instance.save(update_fields=changed)
    return instance, bool(changed)
