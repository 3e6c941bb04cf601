"""BeerXML: hostile, malformed and oversized files are refused with a message naming what is wrong; a recipe
exported and imported again is the same recipe (hypothesis)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boucle.studio import evaluation as ev
from boucle.studio.kinds.base import ImportRefused
from boucle.studio.kinds.recipes import kind as recipes_kind
from boucle.studio.kinds.recipes import styles
from boucle.studio.kinds.recipes.beerxml import MAX_BYTES, export_beerxml, import_beerxml
from boucle.studio.kinds.recipes.catalog import demo_kit
from boucle.studio.kinds.recipes.schemas import HOP_USES, Recipe

KIT = demo_kit()

MINIMAL = """<?xml version="1.0"?>
<RECIPES><RECIPE><NAME>Test</NAME><BATCH_SIZE>20</BATCH_SIZE><BOIL_SIZE>25</BOIL_SIZE><BOIL_TIME>60</BOIL_TIME>
<EFFICIENCY>75</EFFICIENCY>
<FERMENTABLES><FERMENTABLE><NAME>Cara 50</NAME><TYPE>Grain</TYPE><AMOUNT>{malt}</AMOUNT><YIELD>75</YIELD><COLOR>25</COLOR></FERMENTABLE></FERMENTABLES>
<HOPS><HOP><NAME>Cascade</NAME><ALPHA>6.8</ALPHA><AMOUNT>{hop}</AMOUNT><USE>Boil</USE><TIME>60</TIME></HOP></HOPS>
</RECIPE></RECIPES>"""


def test_a_minimal_file_imports():
    content = import_beerxml(MINIMAL.format(malt="4", hop="0.02").encode(), KIT)
    assert content["fermentables"][0]["amount"] == 4 and content["hops"][0]["amount"] == 20


def test_external_entities_are_refused():
    # given an XXE that would read a local file
    data = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<RECIPES><RECIPE><NAME>&x;</NAME></RECIPE></RECIPES>"""
    # when / then
    with pytest.raises(ImportRefused, match="DTD or entities"):
        import_beerxml(data, KIT)


def test_a_billion_laughs_is_refused_before_it_expands():
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    data = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{lol}]><RECIPES><RECIPE><NAME>&l9;</NAME></RECIPE></RECIPES>'
    with pytest.raises(ImportRefused, match="DTD or entities"):
        import_beerxml(data.encode(), KIT)


def test_malformed_xml_names_the_line():
    data = MINIMAL.format(malt="4", hop="0.02").replace("</HOPS>", "").encode()
    with pytest.raises(ImportRefused, match=r"not well-formed XML \(line \d+"):
        import_beerxml(data, KIT)


def test_a_file_over_the_limit_is_refused_unread():
    with pytest.raises(ImportRefused, match="too large"):
        import_beerxml(b" " * (MAX_BYTES + 1), KIT)


def test_a_file_without_a_recipe_is_refused():
    with pytest.raises(ImportRefused, match="No <RECIPE>"):
        import_beerxml(b"<RECIPES/>", KIT)


@pytest.mark.parametrize(
    ("malt", "hop", "message"),
    [
        ("-4", "0.02", r"FERMENTABLE 1 › AMOUNT: -4 is out of range"),
        ("four", "0.02", r"FERMENTABLE 1 › AMOUNT: “four” is not a number"),
        ("4", "nan", r"HOP 1 › AMOUNT: “nan” is not a number"),
        ("4", "1e999", r"HOP 1 › AMOUNT"),
    ],
)
def test_bad_numbers_are_refused_naming_the_element(malt, hop, message):
    with pytest.raises(ImportRefused, match=message):
        import_beerxml(MINIMAL.format(malt=malt, hop=hop).encode(), KIT)


def test_a_10000_litre_batch_imports_as_a_recipe_validation_then_flags():
    data = MINIMAL.format(malt="4", hop="0.02").replace("<BATCH_SIZE>20", "<BATCH_SIZE>10000").encode()
    content = import_beerxml(data, KIT)
    assert "batch_size_implausible" in [p.code for p in recipes_kind.validate(content, KIT)]


def test_the_kind_imports_beerxml_only(kind, kit):
    with pytest.raises(ImportRefused):
        kind.import_file("ldraw", b"0 x", kit)


def test_export_carries_the_attribution_and_the_estimates(kind, kit):
    title, content = kind.demo_designs()[0]
    data = kind.export_file(
        "beerxml",
        content,
        kit,
        title=title,
        attribution=["Ada — CC BY-SA 4.0", "Bob"],
        licence="CC BY-SA 4.0",
    )
    text = data.decode()
    assert "<BREWER>Ada — CC BY-SA 4.0</BREWER>" in text and "Bob" in text
    assert "<EST_OG>1.0495 SG</EST_OG>" in text and "<IBU_METHOD>Tinseth</IBU_METHOD>" in text
    assert "<STYLE_GUIDE>BJCP 2021</STYLE_GUIDE>" in text


# --- round trip

_ids = lambda group: [i["id"] for i in KIT[group]]  # noqa: E731
amount = st.floats(0, 50, allow_nan=False).map(lambda x: round(x, 3))


@st.composite
def recipes(draw):
    n_f, n_h, n_y, n_m = (draw(st.integers(0, 4)) for _ in range(4))
    hops = []
    for i in range(n_h):
        use = draw(st.sampled_from(HOP_USES))
        ingredient = draw(st.sampled_from(_ids("hops")))
        kit_alpha = next(h["alpha"] for h in KIT["hops"] if h["id"] == ingredient)
        hops.append(
            {
                "id": f"h{i + 1}",
                "ingredient": ingredient,
                "amount": draw(amount),
                "use": use,
                "time": draw(st.integers(0, 14 if use == "dry_hop" else 90)) * 1.0,
                # a lot of another alpha than the kit's (the same alpha is no override: it is not kept)
                **({"alpha": round(kit_alpha + draw(st.floats(0.01, 5)), 2)} if draw(st.booleans()) else {}),
            }
        )
    content = {
        "batch_size": draw(st.floats(1, 1000).map(lambda x: round(x, 2))),
        "boil_size": draw(st.floats(1, 1200).map(lambda x: round(x, 2))),
        "boil_time": draw(st.integers(0, 120)) * 1.0,
        "efficiency": draw(st.floats(30, 100).map(lambda x: round(x, 1))),
        "style": draw(st.sampled_from(["", *styles.STYLES])),
        "ibu_method": draw(st.sampled_from(["tinseth", "rager"])),
        "fermentables": [
            {
                "id": f"f{i + 1}",
                "ingredient": draw(st.sampled_from(_ids("fermentables"))),
                "amount": draw(amount),
                "late": draw(st.booleans()),
            }
            for i in range(n_f)
        ],
        "hops": hops,
        "yeasts": [
            {
                "id": f"y{i + 1}",
                "ingredient": draw(st.sampled_from(_ids("yeasts"))),
                "amount": draw(st.integers(1, 4)) * 1.0,
            }
            for i in range(n_y)
        ],
        "miscs": [
            {
                "id": f"m{i + 1}",
                "ingredient": draw(st.sampled_from(_ids("miscs"))),
                "amount": draw(amount),
                "use": "boil",
                "time": 15.0,
            }
            for i in range(n_m)
        ],
        "mash_steps": [
            {"id": "s1", "name": draw(st.text("abc <&>é", max_size=10)).strip(), "temp": 66.0, "time": 60.0}
        ],
        "fermentation_steps": [{"id": "p1", "name": "Primary", "temp": 19.0, "days": 10.0}],
        "notes": draw(
            st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
        ).strip(),
    }
    return Recipe.model_validate(content).model_dump(mode="json")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recipes())
def test_a_recipe_exported_and_imported_again_is_the_same(content):
    data = export_beerxml(content, KIT, title="Round trip", attribution=["someone"])
    again = ev.content_clean(recipes_kind, import_beerxml(data, KIT))
    assert again == content
