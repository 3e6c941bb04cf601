// The brick editor: palette, cursor, placing and removing, layers, rotation, undo/redo, keyboard, the live
// check (BOM, price, problems) and saving. The markup and every string come from the template
// (studio/kinds/bricks/editor.html); the 3D view is ./view3d.js (three.js), the top view without WebGL
// ./view2d.js. No build step: plain ES modules.

import { anchor, applySteps, BrickModel, History, inverse, Kit, ROTATIONS } from "./model.js";
import { View2D } from "./view2d.js";

const CHECK_DELAY = 250; // ms after the last change before the content is checked

function readJSON(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : null;
}

function format(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (m, key) => (key in values ? String(values[key]) : m));
}

function cookie(name) {
  const match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
  return match ? decodeURIComponent(match[1]) : "";
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function isTextField(target) {
  return !!target.closest && !!target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']");
}

function footprintIcon(w, d, h) {
  // A small top view of the part: its studs in a w × d grid (a plate drawn lower).
  const NS = "http://www.w3.org/2000/svg";
  const size = 6;
  const svg = document.createElementNS(NS, "svg");
  const vw = Math.min(w, 8) * size + 2;
  const vh = Math.min(d, 8) * size + 2 + (h >= 3 ? 3 : 1);
  svg.setAttribute("viewBox", `0 0 ${vw} ${vh}`);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.classList.add("be-icon");
  const body = document.createElementNS(NS, "rect");
  body.setAttribute("x", "1");
  body.setAttribute("y", "1");
  body.setAttribute("width", String(vw - 2));
  body.setAttribute("height", String(vh - 2));
  body.setAttribute("rx", "1");
  svg.append(body);
  for (let i = 0; i < Math.min(w, 8); i++) {
    for (let j = 0; j < Math.min(d, 8); j++) {
      const stud = document.createElementNS(NS, "circle");
      stud.setAttribute("cx", String(1 + i * size + size / 2));
      stud.setAttribute("cy", String(1 + j * size + size / 2));
      stud.setAttribute("r", "1.8");
      svg.append(stud);
    }
  }
  return svg;
}

export class BrickEditor {
  constructor(root) {
    this.root = root;
    const config = readJSON(root.dataset.config);
    this.urls = config.urls || {};
    this.parent = config.parent;
    this.csrf = config.csrf || cookie("csrftoken");
    this.t = config.strings;
    this.lang = document.documentElement.lang || "en";
    this.kit = new Kit(readJSON(root.dataset.kit));
    this.model = new BrickModel(readJSON(root.dataset.content), this.kit);
    this.history = new History();
    this.savedJSON = JSON.stringify(this.model.toContent());

    this.$ = (selector) => root.querySelector(selector);
    this.viewEl = this.$(".be-view");
    this.live = this.$(".be-live");

    const firstPart = this.kit.parts[0];
    this.partId = firstPart ? firstPart.id : null;
    this.colourId = this.kit.colours.length ? this.kit.colours[0].id : null;
    if (this.partId && this.colourId && !this.kit.offers(this.partId, this.colourId)) {
      const offered = this.kit.colours.find((c) => this.kit.offers(this.partId, c.id));
      if (offered) this.colourId = offered.id;
    }
    this.rot = 0;
    this.layer = null; // null: automatic, on top of what is there; a number: that plate level
    this.mode = "place";
    const b = this.model.extent();
    this.cursor = b
      ? { x: Math.floor((b.x0 + b.x1) / 2), y: Math.floor((b.y0 + b.y1) / 2) }
      : { x: Math.floor(Math.min(this.kit.limits.max_x, 64) / 2), y: Math.floor(Math.min(this.kit.limits.max_y, 64) / 2) };
    this.pointerActive = false;
    this.checkTimer = 0;
    this.checkController = null;
    this.checkSeq = 0;
    this.saving = false;
    this.highlight = { ids: [], button: null };
  }

  async start() {
    this.view = await this.makeView();
    this.bindPalette();
    this.bindToolbar();
    this.bindKeyboard();
    this.bindSave();
    window.addEventListener("beforeunload", (event) => {
      if (this.dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    this.refresh();
    this.check(true);
    this.root.classList.add("be-ready");
    this.root.brickEditor = this; // for tests and for the curious: the editor's state and view
  }

  async makeView() {
    const handlers = {
      hover: (info) => this.onHover(info),
      click: (info, event) => this.onClick(info, event),
      longPress: (info) => this.onLongPress(info),
      leave: () => this.onLeave(),
    };
    const options = { kit: this.kit, model: this.model, strings: this.t, label: this.t.view_label, handlers };
    const forced2d = new URLSearchParams(window.location.search).get("view") === "2d";
    if (!forced2d) {
      try {
        const { View3D, webglAvailable } = await import("./view3d.js");
        if (webglAvailable()) {
          const view = new View3D(this.viewEl, options);
          this.root.dataset.view = "3d";
          return view;
        }
      } catch (error) {
        console.warn("Brick editor: no 3D view", error);
      }
    }
    const note = this.$(".be-no-webgl");
    if (note) note.hidden = false;
    this.root.dataset.view = "2d";
    return new View2D(this.viewEl, options);
  }

  // --- announcements and status

  announce(message) {
    this.live.textContent = "";
    window.setTimeout(() => {
      this.live.textContent = message;
    }, 30);
  }

  partLabel(p) {
    return format(this.t.brick_label, {
      part: this.kit.partName(p.part),
      colour: this.kit.colourName(p.colour),
      id: p.id,
    });
  }

  // Whether the content differs from the last saved one (worked out after each change, not on each hover).
  get dirty() {
    if (this.dirtyKnown === undefined) this.dirtyKnown = JSON.stringify(this.model.toContent()) !== this.savedJSON;
    return this.dirtyKnown;
  }

  // --- the cursor and what it would do

  targetZ(x0, x1, y0, y1) {
    return this.layer === null ? this.model.stackTop(x0, x1, y0, y1) : this.layer;
  }

  candidate() {
    if (!this.partId || !this.colourId) return null;
    const shape = this.kit.shape(this.partId, this.rot);
    const { x, y } = anchor(this.cursor.x, this.cursor.y, shape);
    const z = this.targetZ(x, x + shape.w, y, y + shape.d);
    const box = { x0: x, x1: x + shape.w, y0: y, y1: y + shape.d, z0: z, z1: z + shape.h };
    const collisions = this.model.collisions(box);
    return { shape, box, x, y, z, collisions, valid: collisions.length === 0 && z >= 0 };
  }

  removalTarget() {
    const z = this.layer === null ? Infinity : this.layer;
    return this.model.brickAt(this.cursor.x, this.cursor.y, z);
  }

  refresh() {
    const c = this.candidate();
    const cursorZ = c ? c.z : this.layer ?? 0;
    const cursor = { x: this.cursor.x, y: this.cursor.y, z: cursorZ, ghost: null, remove: null };
    if (this.mode === "remove") cursor.remove = this.pointed || this.removalTarget();
    else if (c) cursor.ghost = { box: c.box, shape: c.shape, valid: c.valid, rgb: this.kit.colourRgb(this.colourId) || "#9a9a9a" };
    this.view.setLayerPlane(this.layer);
    this.view.setCursor(cursor);
    this.cursorZ = cursorZ;

    const t = this.t;
    this.$(".be-layer-value").textContent = this.layer === null ? format(t.layer_auto, { z: cursorZ }) : String(this.layer);
    this.$(".be-layer-auto").setAttribute("aria-pressed", String(this.layer === null));
    this.$(".be-rotation-value").textContent = format(t.degrees, { rot: this.rot });
    const removeToggle = this.$(".be-remove-toggle");
    removeToggle.setAttribute("aria-pressed", String(this.mode === "remove"));
    this.root.classList.toggle("be-removing", this.mode === "remove");
    this.$(".be-undo").disabled = !this.history.canUndo;
    this.$(".be-redo").disabled = !this.history.canRedo;
    const status = this.mode === "remove" ? t.status_remove : t.status_place;
    this.$(".be-cursor-status").textContent = format(status, {
      x: this.cursor.x,
      y: this.cursor.y,
      z: cursorZ,
      part: this.partId ? this.kit.partName(this.partId) : "—",
      colour: this.colourId ? this.kit.colourName(this.colourId) : "—",
      rot: this.rot,
    });
    this.$(".be-dirty").hidden = !this.dirty;
    this.$(".be-place-here").textContent = this.mode === "remove" ? t.remove_here : t.place_here;
    this.$(".be-piece-count").textContent = format(t.piece_count, { count: this.model.count });
  }

  moveCursor(x, y, { announce = false, keepInView = false, pointed = null } = {}) {
    this.cursor = { x, y };
    this.pointed = pointed;
    this.refresh();
    if (keepInView) this.view.ensureVisible(x, y, this.cursorZ);
    if (announce) {
      const under = this.model.brickAt(x, y, Infinity);
      const message = format(this.t.cursor_at, { x, y, z: this.cursorZ });
      this.announce(under ? message + " " + format(this.t.cursor_over, { brick: this.partLabel(this.model.byId.get(under)) }) : message);
    }
  }

  // --- edits

  commit(steps) {
    const done = applySteps(this.model, steps);
    this.applyToView(done);
    if (done.length) this.history.record(done);
    this.changed();
    return done;
  }

  applyToView(steps) {
    for (const step of steps) {
      if (step.op === "add") this.view.addPart(step.part);
      else this.view.removePart(step.part.id);
    }
  }

  changed() {
    this.dirtyKnown = undefined;
    this.refresh();
    this.scheduleCheck();
  }

  place() {
    const c = this.candidate();
    if (!c) return;
    if (c.collisions.length) {
      const other = this.model.byId.get(c.collisions[0]);
      this.announce(format(this.t.blocked, { brick: this.partLabel(other) }));
      this.flash();
      return;
    }
    if (c.z < 0) return;
    const part = { id: this.model.newId(), part: this.partId, colour: this.colourId, x: c.x, y: c.y, z: c.z, rot: this.rot };
    this.commit([{ op: "add", part }]);
    this.announce(format(this.t.placed, { brick: this.partLabel(part), x: part.x, y: part.y, z: part.z }));
  }

  remove(id) {
    const part = id && this.model.byId.get(id);
    if (!part) {
      if (id && this.model.free.some((f) => f.id === id)) {
        this.removeFree(id);
        return;
      }
      this.announce(this.t.nothing_to_remove);
      this.flash();
      return;
    }
    this.commit([{ op: "remove", part }]);
    this.announce(format(this.t.removed, { brick: this.partLabel(part) }));
  }

  removeFree(id) {
    // Free-placed parts are kept as imported; removing one is an edit like any other (undoable).
    const index = this.model.free.findIndex((f) => f.id === id);
    const [part] = this.model.free.splice(index, 1);
    this.view.removePart(id);
    this.history.record([{ op: "remove-free", part, index }]);
    this.changed();
    this.announce(format(this.t.removed, { brick: part.ldraw + " (" + id + ")" }));
  }

  undo() {
    const steps = this.history.undoStack.pop();
    if (!steps) {
      this.announce(this.t.nothing_to_undo);
      return;
    }
    this.history.redoStack.push(steps);
    this.replay(inverseAll(steps));
    this.announce(format(this.t.undone, { what: this.describe(steps) }));
  }

  redo() {
    const steps = this.history.redoStack.pop();
    if (!steps) {
      this.announce(this.t.nothing_to_redo);
      return;
    }
    this.history.undoStack.push(steps);
    this.replay(steps);
    this.announce(format(this.t.redone, { what: this.describe(steps) }));
  }

  replay(steps) {
    const grid = [];
    for (const step of steps) {
      if (step.op === "add-free") {
        this.model.free.splice(step.index, 0, step.part);
        this.view.addFree(step.part);
      } else if (step.op === "remove-free") {
        const index = this.model.free.findIndex((f) => f.id === step.part.id);
        if (index >= 0) this.model.free.splice(index, 1);
        this.view.removePart(step.part.id);
      } else grid.push(step);
    }
    this.applyToView(applySteps(this.model, grid));
    this.changed();
  }

  describe(steps) {
    const step = steps[0];
    const label = step.op.endsWith("free") ? step.part.ldraw + " (" + step.part.id + ")" : this.partLabel(step.part);
    return format(step.op.startsWith("add") ? this.t.what_placed : this.t.what_removed, { brick: label });
  }

  flash() {
    this.viewEl.classList.remove("be-flash");
    void this.viewEl.offsetWidth;
    this.viewEl.classList.add("be-flash");
  }

  // --- choices

  selectPart(id, announce = true) {
    if (!this.kit.partById.has(id)) return;
    this.partId = id;
    for (const button of this.root.querySelectorAll(".be-part")) {
      button.setAttribute("aria-pressed", String(button.dataset.part === id));
      if (button.dataset.part === id) revealSideways(button);
    }
    this.markOffered();
    if (this.mode === "remove") this.setMode("place", false);
    this.refresh();
    if (announce) this.announce(format(this.t.part_selected, { part: this.kit.partName(id) }));
  }

  selectColour(id, announce = true) {
    if (!this.kit.colourById.has(id)) return;
    this.colourId = id;
    for (const button of this.root.querySelectorAll(".be-colour")) {
      button.setAttribute("aria-pressed", String(button.dataset.colour === id));
      if (button.dataset.colour === id) revealSideways(button);
    }
    if (this.mode === "remove") this.setMode("place", false);
    this.refresh();
    if (announce) {
      const offered = this.kit.offers(this.partId, id);
      this.announce(format(offered ? this.t.colour_selected : this.t.colour_not_offered, {
        colour: this.kit.colourName(id),
        part: this.kit.partName(this.partId),
      }));
    }
  }

  // Colours the kit does not sell the selected part in are marked (still usable: validation says so).
  markOffered() {
    for (const button of this.root.querySelectorAll(".be-colour")) {
      const offered = this.kit.offers(this.partId, button.dataset.colour);
      button.classList.toggle("be-not-offered", !offered);
      const note = button.querySelector(".be-offer-note");
      if (note) note.hidden = offered;
    }
  }

  cycle(list, current, step) {
    const index = list.findIndex((x) => x.id === current);
    return list[(index + step + list.length) % list.length].id;
  }

  rotate(step = 1) {
    this.rot = ROTATIONS[(ROTATIONS.indexOf(this.rot) + step + 4) % 4];
    this.refresh();
    this.announce(format(this.t.rotation, { rot: this.rot }));
  }

  changeLayer(delta) {
    const from = this.layer === null ? this.cursorZ : this.layer;
    this.layer = Math.max(0, Math.min(this.kit.limits.max_z, from + delta));
    this.refresh();
    this.announce(format(this.t.layer_set, { z: this.layer }));
  }

  autoLayer() {
    this.layer = null;
    this.refresh();
    this.announce(this.t.layer_auto_on);
  }

  setMode(mode, announce = true) {
    this.mode = mode;
    this.refresh();
    if (announce) this.announce(mode === "remove" ? this.t.remove_on : this.t.remove_off);
  }

  // --- pointer

  cellFor(info) {
    if (this.layer !== null) return info.ground;
    return info.brickCell || info.ground;
  }

  onHover(info) {
    if (this.mode === "remove") {
      // the brick under the mouse is the one a click removes
      const cell = info.brickCell || info.ground;
      if (cell && (cell.x !== this.cursor.x || cell.y !== this.cursor.y || info.brickId !== this.pointed)) {
        this.moveCursor(cell.x, cell.y, { pointed: info.brickId });
      }
      return;
    }
    const cell = this.cellFor(info);
    if (cell && (cell.x !== this.cursor.x || cell.y !== this.cursor.y)) this.moveCursor(cell.x, cell.y);
  }

  cellOf(id) {
    const b = this.model.boxes.get(id);
    return b ? { x: b.x0, y: b.y0 } : null;
  }

  onClick(info, event) {
    if (this.mode === "remove" || event.shiftKey || event.altKey) {
      if (info.brickId) {
        const cell = this.cellOf(info.brickId);
        if (cell) this.cursor = cell;
      }
      this.remove(info.brickId);
      return;
    }
    const cell = this.cellFor(info);
    if (!cell) return;
    this.cursor = { x: cell.x, y: cell.y };
    this.refresh();
    this.place();
  }

  onLongPress(info) {
    if (info.brickId) this.remove(info.brickId);
  }

  onLeave() {}

  // --- wiring

  bindPalette() {
    for (const button of this.root.querySelectorAll(".be-part")) {
      const s = this.kit.shape(button.dataset.part, 0);
      button.prepend(footprintIcon(s.w, s.d, s.h));
      button.addEventListener("click", () => this.selectPart(button.dataset.part));
    }
    for (const button of this.root.querySelectorAll(".be-colour")) {
      button.addEventListener("click", () => this.selectColour(button.dataset.colour));
    }
    if (this.partId) this.selectPart(this.partId, false);
    if (this.colourId) this.selectColour(this.colourId, false);
  }

  bindToolbar() {
    const on = (selector, fn) => this.$(selector).addEventListener("click", fn);
    on(".be-undo", () => this.undo());
    on(".be-redo", () => this.redo());
    on(".be-rotate", () => this.rotate(1));
    on(".be-layer-up", () => this.changeLayer(1));
    on(".be-layer-down", () => this.changeLayer(-1));
    on(".be-layer-auto", () => this.autoLayer());
    on(".be-remove-toggle", () => this.setMode(this.mode === "remove" ? "place" : "remove"));
    on(".be-place-here", () => (this.mode === "remove" ? this.remove(this.removalTarget()) : this.place()));
    on(".be-zoom-in", () => this.zoom(1.25));
    on(".be-zoom-out", () => this.zoom(0.8));
  }

  zoom(factor) {
    if (this.view.zoom) this.view.zoom(factor);
  }

  bindKeyboard() {
    // On the document: keys pressed when the focus is on nothing (the body, e.g. after the button that had
    // it was redrawn) still reach the editor, the page's main tool. Keys for other widgets are left alone.
    document.addEventListener("keydown", (event) => {
      if (this.root.contains(event.target) || event.target === document.body || event.target === document.documentElement) {
        this.onKey(event);
      }
    });
  }

  onKey(event) {
    if (isTextField(event.target)) return;
    const key = event.key;
    const ctrl = event.ctrlKey || event.metaKey;
    if (ctrl && !event.altKey) {
      const lower = key.toLowerCase();
      if (lower === "z") {
        event.preventDefault();
        if (event.shiftKey) this.redo();
        else this.undo();
      } else if (lower === "y") {
        event.preventDefault();
        this.redo();
      }
      return;
    }
    if (event.altKey || ctrl) return;
    const inView = event.target === this.viewEl;
    const onButton = !!event.target.closest("button, a, summary");
    const axes = this.view.screenAxes();
    const arrows = {
      ArrowUp: axes.up,
      ArrowDown: { dx: -axes.up.dx, dy: -axes.up.dy },
      ArrowRight: axes.right,
      ArrowLeft: { dx: -axes.right.dx, dy: -axes.right.dy },
    };
    let handled = true;
    if (inView && arrows[key]) {
      const step = event.shiftKey ? 4 : 1;
      const d = arrows[key];
      this.moveCursor(this.cursor.x + d.dx * step, this.cursor.y + d.dy * step, { announce: true, keepInView: true });
    } else if (inView && (key === "Enter" || key === " ")) {
      if (this.mode === "remove") this.remove(this.removalTarget());
      else this.place();
    } else if (inView && (key === "Delete" || key === "Backspace")) {
      this.remove(this.removalTarget());
    } else if (onButton && (key === "Enter" || key === " ")) {
      handled = false;
    } else if (key === "PageUp" || key === "]") {
      this.changeLayer(1);
    } else if (key === "PageDown" || key === "[") {
      this.changeLayer(-1);
    } else if (key === "r" || key === "R") {
      this.rotate(event.shiftKey ? -1 : 1);
    } else if (/^[1-9]$/.test(key)) {
      const part = this.kit.parts[Number(key) - 1];
      if (part) this.selectPart(part.id);
    } else if (key === "c" || key === "C") {
      this.selectColour(this.cycle(this.kit.colours, this.colourId, event.shiftKey ? -1 : 1));
    } else if (key === "p" || key === "P") {
      this.selectPart(this.cycle(this.kit.parts, this.partId, event.shiftKey ? -1 : 1));
    } else if (key === "x" || key === "X") {
      this.setMode(this.mode === "remove" ? "place" : "remove");
    } else if (key === "a" || key === "A") {
      this.autoLayer();
    } else if (key === "+" || key === "=") {
      this.zoom(1.25);
    } else if (key === "-") {
      this.zoom(0.8);
    } else if ((key === "," || key === ".") && this.view.orbit) {
      this.view.orbit(key === "," ? -Math.PI / 4 : Math.PI / 4);
    } else if (key === "?") {
      const help = this.$(".be-help");
      help.open = !help.open;
    } else if (key === "Escape") {
      if (this.mode === "remove") this.setMode("place");
      else if (this.highlight.ids.length) this.showProblem(null);
      else handled = false;
    } else {
      handled = false;
    }
    if (handled) event.preventDefault();
  }

  // --- the live check

  headers() {
    return { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": this.csrf };
  }

  scheduleCheck() {
    window.clearTimeout(this.checkTimer);
    if (this.checkController) this.checkController.abort(); // its answer is stale already
    this.setCheckStatus(this.t.checking, "busy");
    this.checkTimer = window.setTimeout(() => this.check(), CHECK_DELAY);
  }

  setCheckStatus(text, state) {
    const status = this.$(".be-check-status");
    status.textContent = text;
    status.dataset.state = state;
    this.root.querySelector(".be-report").setAttribute("aria-busy", String(state === "busy"));
  }

  async check(first = false) {
    if (!this.urls.check) return;
    if (this.checkController) this.checkController.abort();
    const controller = new AbortController();
    this.checkController = controller;
    const seq = ++this.checkSeq;
    if (first) this.setCheckStatus(this.t.checking, "busy");
    try {
      const response = await fetch(this.urls.check, {
        method: "POST",
        headers: this.headers(),
        body: JSON.stringify({ content: this.model.toContent() }),
        credentials: "same-origin",
        signal: controller.signal,
      });
      const data = await response.json().catch(() => ({}));
      if (seq !== this.checkSeq) return;
      if (response.ok) {
        this.showCheck(data);
        this.setCheckStatus(this.t.check_done, "done");
      } else {
        this.setCheckStatus(format(this.t.check_failed, { message: data.detail || response.status }), "error");
      }
    } catch (error) {
      if (error.name === "AbortError") return;
      if (seq === this.checkSeq) this.setCheckStatus(this.t.offline, "error");
    } finally {
      if (this.checkController === controller) this.checkController = null;
    }
  }

  money(value) {
    if (value === null || value === undefined || value === "") return "—";
    const number = Number(value);
    try {
      return new Intl.NumberFormat(this.lang, { style: "currency", currency: this.kit.currency }).format(number);
    } catch (e) {
      return number.toFixed(2) + " " + this.kit.currency;
    }
  }

  number(value) {
    const number = Number(value);
    return Number.isFinite(number) ? new Intl.NumberFormat(this.lang).format(number) : String(value);
  }

  showCheck(data) {
    const t = this.t;
    this.lastCheck = data;
    // bill of materials
    const body = this.$(".be-bom tbody");
    body.replaceChildren();
    for (const line of data.bom || []) {
      const [partId, colourId] = String(line.key).split("/");
      const rgb = this.kit.colourRgb(colourId);
      let availability;
      if (!line.in_kit) availability = t.not_in_kit;
      else if (!line.available) availability = format(t.short_stock, { stock: this.number(line.stock) });
      else if (line.stock !== null && line.stock !== undefined) availability = format(t.in_stock, { stock: this.number(line.stock) });
      else availability = t.available;
      const swatch = el("span", { class: "be-swatch", "aria-hidden": "true" });
      if (rgb) swatch.style.background = rgb;
      const row = el(
        "tr",
        { class: line.in_kit && line.available ? null : "be-bom-warn", "data-key": line.key },
        el("td", {}, el("span", { text: line.name }), " ", el("small", { class: "be-muted", text: partId })),
        el("td", {}, swatch, el("span", { text: line.variant })),
        el("td", { class: "be-num", text: this.number(line.quantity) }),
        el("td", { class: "be-num", text: this.money(line.unit_price) }),
        el("td", { class: "be-num", text: this.money(line.total_price) }),
        el("td", { text: availability }),
      );
      body.append(row);
    }
    this.$(".be-bom").hidden = !(data.bom || []).length;
    this.$(".be-bom-empty").hidden = !!(data.bom || []).length;
    const totals = data.totals || {};
    this.$(".be-total-quantity").textContent = this.number(totals.quantity ?? 0);
    this.$(".be-total-price").textContent = this.money(totals.price);
    this.$(".be-incomplete").hidden = totals.complete !== false || !(data.bom || []).length;
    // metrics
    const metrics = this.$(".be-metrics");
    metrics.replaceChildren();
    for (const m of data.metrics || []) {
      if (m.value === null || m.value === undefined) continue;
      const value = m.key === "price" ? this.money(m.value) : this.number(m.value) + (m.unit ? " " + m.unit : "");
      metrics.append(el("div", { "data-metric": m.key }, el("dt", { text: m.label }), el("dd", { text: value })));
    }
    // problems
    const list = this.$(".be-problems");
    const hadFocus = list.contains(document.activeElement);
    list.replaceChildren();
    const problems = data.problems || [];
    const errors = problems.filter((p) => p.severity === "error").length;
    const summary = this.$(".be-validity");
    summary.textContent = errors ? format(t.invalid, { count: errors }) : problems.length ? t.valid_with_warnings : t.valid;
    summary.dataset.valid = String(!errors);
    const stillShown = this.highlight.ids.length ? this.highlight.key : null;
    let reselect = null;
    for (const problem of problems) {
      const ids = problem.elements || [];
      const key = problem.code + ":" + ids.join(",");
      const shown = ids.slice(0, 12).join(", ") + (ids.length > 12 ? ", …" : "");
      const button = el("button", { type: "button", class: "be-problem secondary outline", "aria-pressed": "false" }, t.show_bricks);
      button.addEventListener("click", () => this.showProblem(button.getAttribute("aria-pressed") === "true" ? null : { ids, button, key }));
      const item = el(
        "li",
        { class: "be-problem-" + problem.severity, "data-code": problem.code },
        el("span", { class: "be-severity", text: problem.severity === "error" ? t.error : t.warning }),
        " ",
        el("span", { class: "be-problem-message", text: problem.message }),
        " ",
        el("small", { class: "be-problem-bricks", text: format(t.bricks_at_fault, { ids: shown }) }),
        " ",
        ids.length ? button : null,
      );
      list.append(item);
      if (key === stillShown) reselect = { ids, button, key };
    }
    this.showProblem(reselect, false);
    if (hadFocus) (reselect ? reselect.button : this.viewEl).focus();
  }

  showProblem(selection, announce = true) {
    if (this.highlight.button) this.highlight.button.setAttribute("aria-pressed", "false");
    this.highlight = selection ? selection : { ids: [], button: null };
    if (selection) selection.button.setAttribute("aria-pressed", "true");
    this.view.setHighlight(this.highlight.ids);
    if (announce && selection) this.announce(format(this.t.highlighted, { count: selection.ids.length, ids: selection.ids.slice(0, 12).join(", ") }));
  }

  // --- saving

  bindSave() {
    const form = this.$(".be-save");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.save(!this.urls.save);
    });
    this.$(".be-conflict-suggest").addEventListener("click", () => this.save(true));
    this.$(".be-conflict-dismiss").addEventListener("click", () => {
      this.$(".be-conflict").hidden = true;
      this.viewEl.focus();
    });
  }

  setSaveStatus(text, state) {
    const status = this.$(".be-save-status");
    status.textContent = text;
    status.dataset.state = state;
  }

  // posting and the answer (201, 409 conflict, 403 → offer to suggest, 400, offline): studio/editor-save.js
  save(asSuggestion) {
    return window.BoucleEditorSave.save(this, "be", asSuggestion, {
      content: () => this.model.toContent(),
      saved: () => {
        this.dirtyKnown = undefined;
      },
      after: () => this.refresh(),
      announceStatus: false,
    });
  }
}

// Scroll a palette strip (not the page) so that the chosen button shows, e.g. after the 1-9, P or C keys.
function revealSideways(button) {
  const strip = button.parentElement;
  if (!strip || strip.scrollWidth <= strip.clientWidth) return;
  const b = button.getBoundingClientRect();
  const s = strip.getBoundingClientRect();
  if (b.left < s.left) strip.scrollLeft -= s.left - b.left + 8;
  else if (b.right > s.right) strip.scrollLeft += b.right - s.right + 8;
}

function inverseAll(steps) {
  return steps
    .slice()
    .reverse()
    .map((s) => {
      if (s.op === "remove-free") return { op: "add-free", part: s.part, index: s.index };
      if (s.op === "add-free") return { op: "remove-free", part: s.part, index: s.index };
      return inverse([s])[0];
    });
}

for (const root of document.querySelectorAll(".brick-editor[data-config]")) {
  const editor = new BrickEditor(root);
  editor.start().catch((error) => {
    console.error(error);
    const note = root.querySelector(".be-failed");
    if (note) note.hidden = false;
  });
}
