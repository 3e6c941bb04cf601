"""Two API schemas never share a name: the OpenAPI document has one component per name, so a second class of
the same name would silently describe another app's answers (schemathesis found the kit of a realization
described as a technology's design kit)."""

import importlib
import pkgutil

from ninja import Schema

import boucle


def api_schemas():
    for module_info in pkgutil.iter_modules(boucle.__path__):
        if not module_info.ispkg:
            continue
        try:
            module = importlib.import_module(f"boucle.{module_info.name}.api")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.__name__:
                yield value


def test_schemas_of_the_same_name_describe_the_same_thing():
    by_name: dict[str, list[type]] = {}
    for schema in api_schemas():
        by_name.setdefault(schema.__name__, []).append(schema)
    clashes = [
        f"{name}: {', '.join(s.__module__ for s in schemas)}"
        for name, schemas in sorted(by_name.items())
        if len({repr(s.model_json_schema()) for s in schemas}) > 1
    ]
    assert not clashes, "API schemas sharing a name but not a shape:\n" + "\n".join(clashes)
