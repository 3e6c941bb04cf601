"""Small builders for brick models in tests."""


def brick(id, part="3001", colour="4", x=0, y=0, z=0, rot=0):
    return {"id": id, "part": part, "colour": colour, "x": x, "y": y, "z": z, "rot": rot}


def free(id, ldraw="3001", colour=4, pos=(0.0, 0.0, 0.0), matrix=(1, 0, 0, 0, 1, 0, 0, 0, 1)):
    return {
        "id": id,
        "ldraw": ldraw,
        "colour": colour,
        "pos": [float(v) for v in pos],
        "matrix": [float(v) for v in matrix],
    }


def model(*parts, free=()):
    return {"parts": list(parts), "free": list(free)}


def codes(problems):
    return sorted(p.code for p in problems)


def by_code(problems, code):
    return [p for p in problems if p.code == code]
