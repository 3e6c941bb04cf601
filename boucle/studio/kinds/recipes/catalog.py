"""The demo kit: the ingredient catalogue of the demo brewers' collective.

Every fermentable, hop and yeast of the shared BeerXML files (``tests/data/brewing``) is here under the
name the file gives it, with the values the files state (the brewing software's ingredient database: extract
%, colour in °L, alpha acids, apparent attenuation, temperature range, flocculation), so those recipes
import onto the kit's ingredients; a few common ingredients complete it. Prices (EUR per kg of fermentable,
per g of hops, per pack of yeast, per unit of a misc) and stock are the demo collective's, plausible and
deterministic.
"""

from __future__ import annotations

# (id, name, type, extract %, colour °L, max in batch %, price EUR/kg, origin)
FERMENTABLES = [
    ("pale-2row-uk", "Pale 2-Row", "grain", 82.61, 2.5, 100, "2.10", "United Kingdom"),
    ("cara-plus-200", "Cara Plus 200", "grain", 76.09, 76.0, 20, "3.40", "Finland"),
    ("pale-malt-2row-uk", "Pale Malt (2 Row) UK", "grain", 78.0, 3.0, 100, "2.00", "United Kingdom"),
    ("munich-20l", "Munich Malt - 20L", "grain", 75.0, 20.0, 80, "2.60", "US"),
    ("crystal-20l", "Caramel/Crystal Malt - 20L", "grain", 75.0, 20.0, 20, "3.20", "US"),
    ("crystal-60l", "Caramel/Crystal Malt - 60L", "grain", 74.0, 60.0, 20, "3.20", "US"),
    ("roasted-barley", "Roasted Barley", "grain", 55.0, 300.0, 10, "3.60", "US"),
    ("cane-sugar", "Cane (Beet) Sugar", "sugar", 100.0, 0.0, 7, "1.50", "US"),
    ("pilsner-2row-ger", "Pilsner (2 Row) Ger", "grain", 81.0, 2.0, 100, "2.20", "Germany"),
    ("vienna", "Vienna Malt", "grain", 78.0, 3.4974619, 90, "2.50", "Germany"),
    ("carapils", "Cara-Pils/Dextrine", "grain", 72.0, 2.0, 20, "3.10", "US"),
    ("amber-dme", "Amber Dry Extract", "dry_extract", 95.0, 12.5, 100, "9.80", "US"),
    ("dark-lme", "Dark Liquid Extract", "extract", 78.0, 17.5, 100, "7.40", "US"),
    ("maris-otter", "Pale Malt, Maris Otter", "grain", 82.5, 3.0, 100, "2.40", "United Kingdom"),
    ("cara-50", "Cara 50", "grain", 75.0, 25.3807107, 20, "3.30", "United Kingdom"),
    ("extra-pale", "Extra Pale", "grain", 82.0, 2.0, 100, "2.20", "United Kingdom"),
    ("caramalt", "Caramalt", "grain", 71.0, 15.0, 20, "3.20", "United Kingdom"),
    ("simpsons-maris-otter", "Simpsons - Maris Otter", "grain", 81.0, 3.0, 100, "2.50", "United Kingdom"),
    ("simpsons-crystal-dark", "Simpsons - Crystal Dark", "grain", 74.0, 80.0, 10, "3.40", "United Kingdom"),
    ("simpsons-chocolate", "Simpsons - Chocolate Malt", "grain", 73.0, 400.0, 20, "3.60", "United Kingdom"),
    ("simpsons-black", "Simpsons - Black Malt", "grain", 70.0, 550.0, 10, "3.60", "United Kingdom"),
    ("maris-otter-pale", "Maris Otter Pale Malt", "grain", 83.0, 2.5, 100, "2.40", "United Kingdom"),
    ("crystal", "Crystal Malt", "grain", 72.0, 69.0, 20, "3.20", "United Kingdom"),
    ("chocolate", "Chocolate Malt", "grain", 65.0, 410.0, 10, "3.60", "United Kingdom"),
    ("flaked-oats", "Flaked Oats", "adjunct", 74.0, 2.0, 30, "2.80", "United Kingdom"),
    ("wheat-malt-ger", "Wheat Malt, Ger", "grain", 84.0, 2.0, 60, "2.60", "Germany"),
]

# (id, name, alpha %, form, price EUR/g, origin)
HOPS = [
    ("target", "Target", 11.0, "pellet", "0.050", "United Kingdom"),
    ("pride-of-ringwood", "Pride of Ringwood", 10.0, "leaf", "0.060", "Australia"),
    ("hallertauer", "Hallertauer", 4.8, "pellet", "0.060", "Germany"),
    ("cluster", "Cluster", 7.0, "pellet", "0.050", "US"),
    ("willamette", "Williamette", 4.8, "pellet", "0.050", "US"),
    ("ekg", "Goldings, East Kent", 5.0, "pellet", "0.070", "United Kingdom"),
    ("chinook", "Chinook", 12.6, "pellet", "0.060", "US"),
    ("ahtanum", "Ahtanum", 5.4, "pellet", "0.060", "US"),
    ("simcoe", "Simcoe", 12.8, "pellet", "0.090", "US"),
    ("nelson-sauvin", "Nelson Sauvin", 12.0, "pellet", "0.110", "New Zealand"),
    ("cascade", "Cascade", 6.8, "pellet", "0.060", "US"),
    ("amarillo", "Amarillo", 8.9, "pellet", "0.090", "US"),
    ("us-fuggles", "US Fuggles", 4.5, "pellet", "0.050", "US"),
    ("uk-fuggles", "UK Fuggles", 4.5, "pellet", "0.060", "United Kingdom"),
    ("fuggle", "Fuggle", 4.0, "leaf", "0.050", "United Kingdom"),
]

# (id, name, lab, product id, type, form, attenuation %, min °C, max °C, flocculation, price EUR/pack)
YEASTS = [
    (
        "wlp002",
        "English Ale Yeast WLP002",
        "White Labs",
        "WLP002",
        "ale",
        "liquid",
        66.5,
        18.3,
        20.0,
        "very_high",
        "8.90",
    ),
    (
        "wyeast-1056",
        "American Ale",
        "Wyeast Labs",
        "1056",
        "ale",
        "liquid",
        75.0,
        15.6,
        22.2,
        "medium",
        "8.90",
    ),
    ("wyeast-1007", "German Ale", "Wyeast Labs", "1007", "ale", "liquid", 75.0, 12.8, 18.9, "low", "8.90"),
    ("edme", "Edme Ale Yeast", "Edme", "", "ale", "dry", 75.0, 16.7, 22.2, "medium", "3.20"),
    ("windsor", "Windsor Yeast", "Lallemand", "", "ale", "dry", 75.0, 16.7, 22.2, "very_high", "4.10"),
    (
        "wyeast-1968",
        "Wyeast - London ESB Ale",
        "Wyeast Labs",
        "1968",
        "ale",
        "liquid",
        69.0,
        18.0,
        22.0,
        "very_high",
        "8.90",
    ),
    ("s-04", "SafAle S-04", "Fermentis", "S-04", "ale", "dry", 75.0, None, None, "high", "3.90"),
]

# (id, name, type, unit, price EUR/unit)
MISCS = [
    ("whirlfloc", "Whirlfloc Tablet", "fining", "pcs", "0.20"),
    ("oats", "Oats", "other", "g", "0.004"),
    ("coffee-dark-roast", "Coffee, Dark Roast", "flavor", "g", "0.030"),
    ("protafloc", "Protafloc", "fining", "g", "0.080"),
    ("irish-moss", "Irish Moss", "fining", "g", "0.040"),
    ("gypsum", "Gypsum (Calcium Sulfate)", "water_agent", "g", "0.010"),
    ("coriander", "Coriander Seed", "spice", "g", "0.040"),
    ("bitter-orange-peel", "Orange Peel, Bitter", "spice", "g", "0.050"),
]


def demo_kit() -> dict:
    kit: dict = {"currency": "EUR", "fermentables": [], "hops": [], "yeasts": [], "miscs": []}
    for n, (iid, name, ftype, extract, colour, max_in_batch, price, origin) in enumerate(FERMENTABLES):
        kit["fermentables"].append(
            {
                "id": iid,
                "name": name,
                "type": ftype,
                "extract": extract,
                "color": colour,
                "max_in_batch": float(max_in_batch),
                "price": price,
                "stock": str(25 + (n * 7) % 40),
                "origin": origin,
            }
        )
    for n, (iid, name, alpha, form, price, origin) in enumerate(HOPS):
        kit["hops"].append(
            {
                "id": iid,
                "name": name,
                "alpha": alpha,
                "form": form,
                "price": price,
                "stock": str(500 + (n * 137) % 1500),
                "origin": origin,
            }
        )
    for n, (iid, name, lab, pid, ytype, form, att, lo, hi, floc, price) in enumerate(YEASTS):
        kit["yeasts"].append(
            {
                "id": iid,
                "name": name,
                "lab": lab,
                "product_id": pid,
                "type": ytype,
                "form": form,
                "attenuation": att,
                "min_temp": lo,
                "max_temp": hi,
                "flocculation": floc,
                "price": price,
                "stock": str(6 + n * 3),
            }
        )
    for n, (iid, name, mtype, unit, price) in enumerate(MISCS):
        kit["miscs"].append(
            {"id": iid, "name": name, "type": mtype, "unit": unit, "price": price, "stock": str(100 + n * 50)}
        )
    return kit
