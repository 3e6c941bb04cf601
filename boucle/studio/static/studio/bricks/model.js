// The brick model as the editor holds it: the kit's shapes, the placed parts with an index by stud column
// (for "on top of what is there", collisions and "the brick under the cursor"), and undo/redo.
//
// Units are the brick kind's (boucle/studio/kinds/bricks/schemas.py): x and y in studs, z in plates. A
// placed part covers [x, x + w) × [y, y + d) × [z, z + h), where (w, d) is the kit part's (width, depth)
// turned by rot (90 and 270 swap them). A part the kit does not hold has no known shape here: it is drawn
// as a 1 × 1 box marked "geometry unknown" and left out of collisions, as validation leaves it out of its
// spatial checks.

export const ROTATIONS = [0, 90, 180, 270];
export const UNKNOWN_SIZE = { w: 1, d: 1, h: 3 };

export class Kit {
  constructor(kit) {
    kit = kit || {};
    this.currency = kit.currency || "EUR";
    this.parts = Array.isArray(kit.parts) ? kit.parts : [];
    this.colours = Array.isArray(kit.colours) ? kit.colours : [];
    this.limits = Object.assign({ max_x: 48, max_y: 48, max_z: 150, max_parts: 10000 }, kit.limits || {});
    this.partById = new Map(this.parts.map((p) => [p.id, p]));
    this.partByLdraw = new Map(this.parts.map((p) => [String(p.ldraw).toLowerCase(), p]));
    this.colourById = new Map(this.colours.map((c) => [c.id, c]));
    this.colourByCode = new Map(this.colours.map((c) => [Number(c.ldraw), c]));
    this.items = new Map();
    for (const item of kit.items || []) this.items.set(item.part + "/" + item.colour, item);
  }

  // {w, d, h, studs, known} of a part id turned by rot.
  shape(partId, rot = 0) {
    const part = this.partById.get(partId);
    if (!part) return { ...UNKNOWN_SIZE, studs: false, known: false };
    const turned = rot === 90 || rot === 270;
    return {
      w: turned ? part.depth : part.width,
      d: turned ? part.width : part.depth,
      h: part.height,
      studs: part.studs !== false,
      known: true,
    };
  }

  partName(partId) {
    const part = this.partById.get(partId);
    return part ? part.name : partId;
  }

  colourName(colourId) {
    const colour = this.colourById.get(colourId);
    return colour ? colour.name : colourId;
  }

  colourRgb(colourId) {
    const colour = this.colourById.get(colourId);
    return colour ? colour.rgb : null;
  }

  offers(partId, colourId) {
    return this.items.has(partId + "/" + colourId);
  }
}

// The box a placed part fills: {x0, x1, y0, y1, z0, z1, known, studs}.
export function boxOf(kit, p) {
  const s = kit.shape(p.part, p.rot || 0);
  return { x0: p.x, x1: p.x + s.w, y0: p.y, y1: p.y + s.d, z0: p.z, z1: p.z + s.h, known: s.known, studs: s.studs };
}

// Where a part of shape s goes when the cursor is on cell (cx, cy): centred on the cursor (a 2 × 4 brick
// covers the cursor's cell and the ones around it), the corner nearest the origin as the kind stores it.
export function anchor(cx, cy, s) {
  return { x: cx - Math.floor((s.w - 1) / 2), y: cy - Math.floor((s.d - 1) / 2) };
}

function overlaps(a, b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 && a.z0 < b.z1 && b.z0 < a.z1;
}

export class BrickModel {
  constructor(content, kit) {
    this.kit = kit;
    content = content || {};
    this.parts = (content.parts || []).map((p) => ({ ...p, rot: p.rot || 0 }));
    this.free = (content.free || []).map((f) => ({ ...f }));
    this.byId = new Map();
    this.boxes = new Map();
    this.columns = new Map(); // "x,y" -> Set of ids of known parts over that cell
    const ids = new Set(this.free.map((f) => f.id));
    let highest = 0;
    for (const p of this.parts) {
      ids.add(p.id);
      this._index(p);
    }
    for (const id of ids) {
      const m = /^b(\d+)$/.exec(id);
      if (m) highest = Math.max(highest, Number(m[1]));
    }
    this.usedIds = ids;
    this.nextNumber = highest + 1;
  }

  // A new id, "b" + a number never given before in this session (the ids of loaded bricks are kept).
  newId() {
    let id;
    do {
      id = "b" + this.nextNumber++;
    } while (this.usedIds.has(id));
    this.usedIds.add(id);
    return id;
  }

  get count() {
    return this.parts.length + this.free.length;
  }

  _index(p) {
    const box = boxOf(this.kit, p);
    this.byId.set(p.id, p);
    this.boxes.set(p.id, box);
    if (!box.known) return;
    for (let x = box.x0; x < box.x1; x++) {
      for (let y = box.y0; y < box.y1; y++) {
        const key = x + "," + y;
        let set = this.columns.get(key);
        if (!set) this.columns.set(key, (set = new Set()));
        set.add(p.id);
      }
    }
  }

  _unindex(p) {
    const box = this.boxes.get(p.id);
    this.byId.delete(p.id);
    this.boxes.delete(p.id);
    if (!box || !box.known) return;
    for (let x = box.x0; x < box.x1; x++) {
      for (let y = box.y0; y < box.y1; y++) {
        const set = this.columns.get(x + "," + y);
        if (set) {
          set.delete(p.id);
          if (!set.size) this.columns.delete(x + "," + y);
        }
      }
    }
  }

  // Insert a placed part at index (the end when absent); returns the index used.
  insert(p, index) {
    if (index === undefined || index < 0 || index > this.parts.length) index = this.parts.length;
    this.parts.splice(index, 0, p);
    this.usedIds.add(p.id);
    this._index(p);
    return index;
  }

  // Remove a placed part by id: {part, index}, or null.
  removeById(id) {
    const index = this.parts.findIndex((p) => p.id === id);
    if (index < 0) return null;
    const [part] = this.parts.splice(index, 1);
    this._unindex(part);
    return { part, index };
  }

  // Ids of the parts over the cells of a footprint.
  idsOver(x0, x1, y0, y1) {
    const ids = new Set();
    for (let x = x0; x < x1; x++) {
      for (let y = y0; y < y1; y++) {
        const set = this.columns.get(x + "," + y);
        if (set) for (const id of set) ids.add(id);
      }
    }
    return ids;
  }

  // The top of what stands over a footprint (0, the ground, when nothing does).
  stackTop(x0, x1, y0, y1) {
    let top = 0;
    for (const id of this.idsOver(x0, x1, y0, y1)) top = Math.max(top, this.boxes.get(id).z1);
    return top;
  }

  // Ids of the parts a box would share volume with.
  collisions(box) {
    const hits = [];
    for (const id of this.idsOver(box.x0, box.x1, box.y0, box.y1)) {
      if (overlaps(box, this.boxes.get(id))) hits.push(id);
    }
    return hits;
  }

  // The brick "under the cursor" at cell (x, y): the one filling plate z, else the one whose top is at z,
  // else the topmost one over that cell (or a part of unknown shape standing at that cell).
  brickAt(x, y, z) {
    const set = this.columns.get(x + "," + y);
    let filling = null;
    let below = null;
    let topmost = null;
    if (set) {
      for (const id of set) {
        const b = this.boxes.get(id);
        if (b.z0 <= z && z < b.z1) filling = id;
        if (b.z1 === z) below = id;
        if (!topmost || b.z1 > this.boxes.get(topmost).z1) topmost = id;
      }
    }
    if (filling || below || topmost) return filling || below || topmost;
    for (const p of this.parts) {
      const b = this.boxes.get(p.id);
      if (!b.known && b.x0 === x && b.y0 === y) return p.id;
    }
    return null;
  }

  // The bounding box of the placed parts, or null.
  bounds() {
    if (!this.parts.length) return null;
    const b = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity, z0: Infinity, z1: -Infinity };
    for (const box of this.boxes.values()) {
      b.x0 = Math.min(b.x0, box.x0);
      b.x1 = Math.max(b.x1, box.x1);
      b.y0 = Math.min(b.y0, box.y0);
      b.y1 = Math.max(b.y1, box.y1);
      b.z0 = Math.min(b.z0, box.z0);
      b.z1 = Math.max(b.z1, box.z1);
    }
    return b;
  }

  // The bounding box of everything, free-placed parts included (at their LDraw origin, in grid units):
  // what the camera frames and the baseplate covers.
  extent() {
    const b = this.bounds() || { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity, z0: Infinity, z1: -Infinity };
    for (const f of this.free) {
      const x = Math.floor(f.pos[0] / 20);
      const y = Math.floor(f.pos[2] / 20);
      const z = Math.round(-f.pos[1] / 8);
      b.x0 = Math.min(b.x0, x);
      b.x1 = Math.max(b.x1, x + 1);
      b.y0 = Math.min(b.y0, y);
      b.y1 = Math.max(b.y1, y + 1);
      b.z0 = Math.min(b.z0, z - 3);
      b.z1 = Math.max(b.z1, z);
    }
    return Number.isFinite(b.x0) ? b : null;
  }

  // The content the studio stores: placed parts in their order, free-placed parts as they came.
  toContent() {
    return {
      parts: this.parts.map((p) => ({ id: p.id, part: p.part, colour: p.colour, x: p.x, y: p.y, z: p.z, rot: p.rot })),
      free: this.free,
    };
  }
}

// Undo and redo of edits. An edit is a list of steps {op: "add" | "remove", part, index}; undoing applies
// the opposite steps in reverse order. Redo keeps the ids: the brick that comes back is the same brick.
export class History {
  constructor() {
    this.undoStack = [];
    this.redoStack = [];
  }

  record(steps) {
    this.undoStack.push(steps);
    this.redoStack.length = 0;
  }

  get canUndo() {
    return this.undoStack.length > 0;
  }

  get canRedo() {
    return this.redoStack.length > 0;
  }
}

export function applySteps(model, steps) {
  const done = [];
  for (const step of steps) {
    if (step.op === "add") {
      const index = model.insert(step.part, step.index);
      done.push({ op: "add", part: step.part, index });
    } else {
      const removed = model.removeById(step.part.id);
      if (removed) done.push({ op: "remove", part: removed.part, index: removed.index });
    }
  }
  return done;
}

export function inverse(steps) {
  return steps
    .slice()
    .reverse()
    .map((s) => ({ op: s.op === "add" ? "remove" : "add", part: s.part, index: s.index }));
}
