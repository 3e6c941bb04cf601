"""The words of the demo: three organizations in the spirit of the founding essay, their technologies,
challenges and the material project ideas, bios and comments are assembled from.

Demo content is data, not interface text: it is written once in English and not translated.
"""

FIRST_NAMES = [
    "Léa", "Hugo", "Amina", "Jonas", "Mei", "Tomás", "Ingrid", "Kofi", "Chloé", "Ravi", "Sofia", "Malik",
    "Elin", "Yuki", "Mateo", "Nadia", "Oskar", "Priya", "Lucas", "Zanele", "Camille", "Emeka", "Freya",
    "Diego", "Hana", "Louis", "Aisha", "Nils", "Marta", "Kenji", "Inès", "Arjun", "Maja", "Samir", "Clara",
    "Tariq", "Sanna", "Rafael", "Lina", "Bruno", "Noor", "Anton", "Julia", "Pablo", "Esther", "Idris",
    "Sven", "Laila", "Théo", "Rosa",
]
LAST_NAMES = [
    "Moreau", "Jensen", "Diallo", "Okafor", "Lindqvist", "Tanaka", "Garcia", "Novak", "Haddad", "Rossi",
    "Nguyen", "Dubois", "Kowalski", "Andersen", "Mensah", "Silva", "Bauer", "Larsen", "Fontaine", "Costa",
    "Sato", "Petit", "Hansen", "Osei", "Müller", "Nielsen", "Kaur", "Leroy", "Eriksson", "Mbeki",
]

SKILLS = [
    "brick building", "MOC design", "technic gears", "stop-motion", "set photography", "home brewing",
    "yeast wrangling", "sensory evaluation", "hop farming", "label design", "CAD", "3D printing",
    "electronics", "bike mechanics", "welding", "battery packs", "industrial design", "illustration",
    "teaching", "community moderation", "product management", "costing", "sourcing", "sewing",
    "woodworking", "writing instructions",
]

BIO_OPENINGS = [
    "I build things on weekends and break them on weekdays.",
    "Engineer by day, tinkerer by night.",
    "Teacher, parent, and relentless prototyper.",
    "I got into co-design through a forum thread that never ended.",
    "Retired machinist, still happiest at the workbench.",
    "Design student who likes constraints more than blank pages.",
    "I run a small makerspace in the back of a bike shop.",
    "Amateur brewer, professional note-taker.",
]
BIO_CLOSINGS = [
    "Happy to review your **parts list** before you publish.",
    "Ask me about *tolerances*, I will not stop talking.",
    "Currently learning: photography for makes.",
    "I answer every comment, eventually.",
    "Looking for co-authors who like writing instructions.",
    "My rule: if it cannot be explained on one page, it is not ready.",
]

TAGS = {
    "brick": ["architecture", "kids", "modular", "vehicles", "space", "nature", "mechanisms", "display",
              "minifig-scale", "lighting", "education", "seasonal"],
    "beer": ["ipa", "stout", "sour", "lager", "low-alcohol", "local-ingredients", "seasonal", "barrel-aged",
             "gluten-free", "saison", "smoked", "education"],
    "vehicle": ["cargo", "commuting", "kids", "accessibility", "off-road", "battery", "lighting",
                "modular", "repairability", "seasonal", "touring", "education"],
}

ORGANIZATIONS = [
    {
        "slug": "brickwerk",
        "name": "Brickwerk Toys",
        "domain": "brick",
        "website": "https://brickwerk.example.org",
        "description": (
            "Brickwerk makes interlocking building bricks in a small factory near Billund's quieter cousin.\n\n"
            "Like the *LEGO Factory* of 2005, we open our brick system to everyone: design a model, "
            "gather support, and if it passes review we ship **the box with exactly the right bricks**."
        ),
        "ladder": [{"supporters": 12, "days": 45}, {"supporters": 35, "days": 120}],
        "technologies": [
            {
                "slug": "brickwerk-system",
                "name": "Brickwerk System",
                "summary": "The classic 8 mm stud brick system: 1,400 parts in 38 colours.",
                "description": (
                    "## The system\n\nBricks, plates, tiles, slopes and hinges on an **8 mm grid**. "
                    "Every part is listed in the design kit with its colours, stock and price.\n\n"
                    "## Rules\n\n- no glue, no cut parts\n- a model must stand on its own\n"
                    "- at most 3,000 parts per box"
                ),
                "versions": [
                    ("2023.1", "First public kit: 900 parts, 24 colours."),
                    ("2024.1", "Added **hinges and clips** (120 parts) and 8 colours, after the *Castle* projects."),
                    ("2025.1", "Transparent parts for lighting, inspired by the lighthouse challenge winners."),
                ],
            },
            {
                "slug": "brickwerk-motion",
                "name": "Brickwerk Motion",
                "summary": "Gears, axles, motors and a hub to make brick models move.",
                "description": (
                    "Gears (8 to 40 teeth), axles, a battery box and a programmable hub.\n\n"
                    "Motion parts combine with the **Brickwerk System** on the same grid."
                ),
                "versions": [
                    ("1.0", "Gears, axles and the battery box."),
                    ("1.1", "The programmable hub, with a block-based editor."),
                ],
            },
        ],
        "challenges": [
            {
                "slug": "lighthouses-of-the-world",
                "title": "Lighthouses of the world",
                "state": "finished",
                "brief": "Build a real lighthouse at minifigure scale, with a working beam if you can.",
                "ladder": [{"supporters": 10, "days": 30}, {"supporters": 30, "days": 60}],
            },
            {
                "slug": "small-flats-big-builds",
                "title": "Small flats, big builds",
                "state": "support",
                "brief": "Models that fold, stack or hang: for people who build on a kitchen table.",
                "ladder": [{"supporters": 10, "days": 30}, {"supporters": 25, "days": 60}],
            },
            {
                "slug": "rolling-toys-for-toddlers",
                "title": "Rolling toys for toddlers",
                "state": "ideation",
                "brief": "Sturdy rolling toys with large parts only, for children under four.",
                "ladder": [{"supporters": 8, "days": 30}, {"supporters": 20, "days": 60}],
            },
        ],
    },
    {
        "slug": "free-beer-collective",
        "name": "Free Beer Brewers' Collective",
        "domain": "beer",
        "website": "https://freebeer.example.org",
        "description": (
            "Like the Danish students who published their beer recipe under **Creative Commons** and found "
            "brewers to make it, our collective of six small breweries opens its recipes and its ingredient "
            "stock. Members design recipes; we brew the best ones and send ingredient packs scaled to any batch."
        ),
        "ladder": [{"supporters": 10, "days": 30}, {"supporters": 30, "days": 90}],
        "technologies": [
            {
                "slug": "open-brewhouse",
                "name": "Open Brewhouse",
                "summary": "Our recipe base and ingredient stock: 60 malts, 45 hops, 20 yeasts.",
                "description": (
                    "Recipes use the ingredients of our stock, at the prices we pay.\n\n"
                    "| batch | fermenters |\n|---|---|\n| 20 l | home |\n| 1,000 l | collective |\n\n"
                    "Every recipe states its **original gravity, bitterness and colour**."
                ),
                "versions": [
                    ("v1", "The original *Free Beer* recipe base, 2005."),
                    ("v2", "Ingredient stock with prices; BeerXML import."),
                    ("v3", "Low-alcohol yeasts and gluten-free malts, from members' projects."),
                ],
            },
        ],
        "challenges": [
            {
                "slug": "free-beer-revisited",
                "title": "Free Beer, revisited",
                "state": "finished",
                "brief": "Twenty years after *Vores Øl*: remake the original guarana ale for today.",
                "ladder": [{"supporters": 10, "days": 30}, {"supporters": 25, "days": 60}],
            },
            {
                "slug": "local-grain-season",
                "title": "Local grain season",
                "state": "support",
                "brief": "A recipe where every malt comes from less than 200 km away.",
                "ladder": [{"supporters": 10, "days": 30}, {"supporters": 25, "days": 60}],
            },
            {
                "slug": "low-and-slow",
                "title": "Low and slow: beers under 3%",
                "state": "ideation",
                "brief": "Full flavour under 3% alcohol.",
                "ladder": [{"supporters": 8, "days": 30}, {"supporters": 20, "days": 60}],
            },
        ],
    },
    {
        "slug": "velomotive",
        "name": "Velomotive",
        "domain": "vehicle",
        "website": "https://velomotive.example.org",
        "description": (
            "We make electric bikes and small utility vehicles you configure yourself. The essay's car "
            "*tuning* forums showed how much owners invent: here their configurations become products, "
            "built to order in our workshop in Grenoble."
        ),
        "ladder": [{"supporters": 15, "days": 45}, {"supporters": 40, "days": 120}],
        "technologies": [
            {
                "slug": "trail-e-bike-platform",
                "name": "Trail e-bike platform",
                "summary": "A modular e-bike: three frames, two motors, any rack, light or box.",
                "description": (
                    "Frames (step-through, diamond, long-tail), mid or hub motor, 400 to 800 Wh batteries.\n\n"
                    "Options have **rules**: a long-tail frame needs the 750 Wh battery, a child seat needs "
                    "the rear rack."
                ),
                "versions": [
                    ("2024", "Three frames, two motors, 30 options."),
                    ("2025", "Long-tail frame and front box, from the *cargo* projects."),
                ],
            },
            {
                "slug": "cargo-trike-chassis",
                "name": "Cargo trike chassis",
                "summary": "A three-wheeled chassis for deliveries, markets and school runs.",
                "description": "A tilting front axle, a 150 kg payload and a body you design.",
                "versions": [("1.0", "Chassis, motor and two bodies (flat bed, box).")],
            },
        ],
        "challenges": [
            {
                "slug": "school-run",
                "title": "The school run",
                "state": "finished",
                "brief": "Configure the vehicle that takes two children to school in the rain.",
                "ladder": [{"supporters": 10, "days": 30}, {"supporters": 30, "days": 60}],
            },
            {
                "slug": "market-day",
                "title": "Market day",
                "state": "support",
                "brief": "A trike body for farmers who sell at the market.",
                "ladder": [{"supporters": 10, "days": 30}, {"supporters": 25, "days": 60}],
            },
            {
                "slug": "repair-first",
                "title": "Repair first",
                "state": "ideation",
                "brief": "Options that make our bikes easier to repair at home.",
                "ladder": [{"supporters": 8, "days": 30}, {"supporters": 20, "days": 60}],
            },
        ],
    },
]

# Project titles are built from a subject and a twist, per domain.
SUBJECTS = {
    "brick": [
        "Lighthouse", "Tram depot", "Tree house", "Lunar rover", "Harbour crane", "Bakery corner",
        "Windmill", "Submarine", "Botanical greenhouse", "Clock tower", "Fire station", "Ferris wheel",
        "Bookshelf dragon", "Mountain hut", "Space elevator", "Market hall", "Steam locomotive", "Robot arm",
    ],
    "beer": [
        "Smoked rye porter", "Guarana ale", "Nettle saison", "Oat pale ale", "Blackcurrant sour",
        "Honey lager", "Spelt wheat beer", "Coffee stout", "Elderflower session ale", "Chestnut brown ale",
        "Barley wine", "Juniper farmhouse ale", "Table beer", "Red rice ale", "Sea buckthorn gose",
    ],
    "vehicle": [
        "Long-tail school bike", "Market trike body", "Commuter e-bike", "Wheelchair tow kit",
        "Touring e-bike", "Delivery box", "Snow kit", "Tool trailer", "Dog carrier", "Ice-cream trike",
        "Folding front rack", "Mobile repair stand", "Night-rider light set", "Kids' trail bike",
    ],
}
TWISTS = {
    "brick": [
        "with a working beam", "in four modules", "for small shelves", "with hidden rooms",
        "at minifigure scale", "that folds flat", "with a crank mechanism", "in autumn colours",
        "for beginners", "with motorized parts",
    ],
    "beer": [
        "with local grain", "under 3%", "for long evenings", "with a wild yeast", "aged on oak",
        "for beginners", "in a 20-litre batch", "brewed for sharing", "with garden herbs", "for winter",
    ],
    "vehicle": [
        "for rainy cities", "with a swappable battery", "for steep hills", "that fits in a lift",
        "for two children", "with repairable parts", "for markets", "for winter", "with a covered box",
        "for beginners",
    ],
}

PITCHES = {
    "brick": [
        "A {s} you can build in an afternoon and still discover something new a year later.",
        "Our {s} turns a shelf into a scene: every module works alone and together.",
        "A {s} designed with children and tested on a very demanding panel (also children).",
    ],
    "beer": [
        "A {s} anyone can brew at home and any brewer of the collective can scale.",
        "Our {s}: simple grain bill, bold aroma, and ingredients you can actually find.",
        "A {s} we brewed six times in a garage before daring to publish it.",
    ],
    "vehicle": [
        "A {s} configured from standard options, for people who really ride every day.",
        "Our {s} solves one problem well and can be repaired with a multitool.",
        "A {s} we sketched on a napkin at the repair café and then measured properly.",
    ],
}

BODY_SECTIONS = {
    "brick": [
        "## What it is\n\n{s}, {t}. About {n} parts, mostly from the current kit.",
        "## Why\n\nWe wanted a model that **plays well** and looks good on display.",
        "## Build notes\n\n1. Start with the base plates\n2. Build each module separately\n"
        "3. Connect them with the hinge plates",
        "## Open questions\n\n- Is the *transparent yellow* stock enough?\n- Can the crank be smoother?",
    ],
    "beer": [
        "## The recipe\n\n{s}, {t}. OG 1.0{g}, about {n} IBU.",
        "## Grain bill\n\n| malt | share |\n|---|---|\n| pale | 70% |\n| rye | 20% |\n| crystal | 10% |",
        "## Why\n\nBecause the best beers of the *Free Beer* spirit are the ones you can **share and remake**.",
        "## Open questions\n\n- Which yeast of the stock attenuates best here?\n- Should we dry-hop?",
    ],
    "vehicle": [
        "## The configuration\n\n{s}, {t}. Estimated weight {n} kg.",
        "## Options used\n\n- long-tail frame\n- 750 Wh battery\n- rear rack with rain cover",
        "## Why\n\nWe ride every day and **tuned** our bikes for years; this is the version worth building.",
        "## Open questions\n\n- Does the front box fit the brake cable?\n- Is a second battery worth the price?",
    ],
}

COMMENTS = [
    "Love this! Have you thought about making the {thing} optional?",
    "I tried something similar last year; the hard part was **stability**. Happy to share notes.",
    "How many parts does this need in total? A rough *parts list* would help supporters.",
    "Supported. One question: could it work with the previous version of the kit?",
    "This would be perfect for our makerspace workshops.",
    "The photos are great. Could you add one from the side?",
    "I think the second module is the strongest idea here. Maybe lead with it?",
    "Small detail: the {thing} in step 3 looks fragile. A plate underneath would fix it.",
    "Count me in as a tester if this gets produced.",
    "Is there a reason you chose this licence? I'd love to remix it.",
]
REPLIES = [
    "Good point, we'll add it to the next revision.",
    "Thanks! Notes welcome, we're still figuring that part out.",
    "Yes, it works with the previous version, except for two parts.",
    "Done: the description now has the list.",
    "We kept it simple on purpose, but a variant is a great idea.",
]
TECH_COMMENTS = [
    "The new version is great. Any plans for more colours/options next year?",
    "Could the design kit show stock levels per option? It would save us some back and forth.",
    "Thanks for opening this up. The changelog crediting projects is a lovely touch.",
]
CHALLENGE_COMMENTS = [
    "Can a project enter with a variant of an older design?",
    "Is the support ladder the same for every entry?",
    "Looking for a co-author for this one, anyone?",
]

TRANSITION_REASONS = {
    ("draft", "published"): ["Ready for feedback.", "Published after testing the prototype.", "First version out!"],
    ("published", "supported"): ["Reached the last support tier."],
    ("published", "expired"): ["Support time ran out before the tier was reached."],
    ("supported", "in_review"): ["Entered the review window."],
    ("in_review", "accepted"): ["Accepted by the organization."],
    ("in_review", "declined"): ["Declined by the organization."],
    ("accepted", "in_production"): ["First production run scheduled."],
    ("in_production", "available"): ["Now available to order."],
    ("draft", "archived"): ["Merged into a similar project.", "We are starting over with a new idea."],
    ("published", "archived"): ["Archived by the team: the idea moved to another project."],
    ("expired", "archived"): ["Archived by the team after the support period."],
}

ACCEPT_REASONS = [
    "Strong support, a clear design and it fits our production line. Congratulations to the team!",
    "The reviewers loved the mechanism; we will adapt two parts for safety and keep the rest as designed.",
    "An original idea with a real audience. We will credit the team in the next version's changelog.",
]
DECLINE_REASONS = [
    "A great idea, but it overlaps with a product we already plan. We encourage you to take part in the "
    "next challenge.",
    "The design needs parts we cannot produce at a reasonable price today.",
    "Safety review: some elements are too small for the intended age group.",
]
TEAM_ANSWERS = [
    "Thank you for the detailed reasons. We will come back with a revised version.",
    "Understood. We'd love to know which parts were too expensive, so we can redesign them.",
]
