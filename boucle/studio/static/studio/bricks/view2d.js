// The top view of the brick editor, for browsers without WebGL: a 2D canvas where each stud cell shows the
// topmost part over it. It offers what the 3D view offers to the editor (the same handlers and methods),
// so placing and removing by tap, mouse and keyboard work the same. Drag to pan, the wheel to zoom.
//
// Screen up is +y and screen right +x, as the 3D view's first camera sees the grid.

import { boxOf } from "./model.js";

const UNKNOWN_RGB = "#9a9a9a";

export class View2D {
  constructor(container, { kit, model, strings, label, handlers }) {
    this.kit = kit;
    this.model = model;
    this.strings = strings;
    this.handlers = handlers;
    this.container = container;
    this.canvas = document.createElement("canvas");
    this.canvas.setAttribute("role", "img");
    this.canvas.setAttribute("aria-label", label);
    this.canvas.classList.add("be-canvas", "be-canvas-2d");
    this.canvas.style.touchAction = "none";
    this.canvas.addEventListener("contextmenu", (event) => event.preventDefault()); // a long press removes
    container.appendChild(this.canvas);
    this.ctx = this.canvas.getContext("2d");
    this.scale = 28; // CSS pixels per stud
    this.highlighted = new Set();
    this.cursor = null;
    this.layerZ = null;
    this.frame();
    this._pointerEvents();
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.resize();
  }

  frame() {
    const b = this.model.extent();
    if (b) {
      this.cx = (b.x0 + b.x1) / 2;
      this.cy = (b.y0 + b.y1) / 2;
    } else {
      this.cx = Math.min(this.kit.limits.max_x, 64) / 2;
      this.cy = Math.min(this.kit.limits.max_y, 64) / 2;
    }
  }

  resize() {
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    this.width = this.container.clientWidth || 300;
    this.height = this.container.clientHeight || 300;
    this.canvas.width = Math.round(this.width * ratio);
    this.canvas.height = Math.round(this.height * ratio);
    this.canvas.style.width = this.width + "px";
    this.canvas.style.height = this.height + "px";
    this.ratio = ratio;
    this.render();
  }

  // Cell (x, y) -> its lower-left corner in canvas CSS pixels.
  _toScreen(x, y) {
    return { sx: this.width / 2 + (x - this.cx) * this.scale, sy: this.height / 2 - (y - this.cy) * this.scale };
  }

  _toCell(sx, sy) {
    return {
      x: Math.floor(this.cx + (sx - this.width / 2) / this.scale),
      y: Math.floor(this.cy - (sy - this.height / 2) / this.scale),
    };
  }

  _rect(x0, x1, y0, y1) {
    const a = this._toScreen(x0, y1);
    return { x: a.sx, y: a.sy, w: (x1 - x0) * this.scale, h: (y1 - y0) * this.scale };
  }

  render() {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.draw();
    });
  }

  draw() {
    const ctx = this.ctx;
    const s = this.scale;
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.fillStyle = "#eef1f4";
    ctx.fillRect(0, 0, this.width, this.height);
    // the grid
    const first = this._toCell(0, this.height);
    const last = this._toCell(this.width, 0);
    ctx.strokeStyle = "rgba(90,105,95,0.35)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let x = first.x; x <= last.x + 1; x++) {
      const { sx } = this._toScreen(x, 0);
      ctx.moveTo(Math.round(sx) + 0.5, 0);
      ctx.lineTo(Math.round(sx) + 0.5, this.height);
    }
    for (let y = first.y; y <= last.y + 1; y++) {
      const { sy } = this._toScreen(0, y);
      ctx.moveTo(0, Math.round(sy) + 0.5);
      ctx.lineTo(this.width, Math.round(sy) + 0.5);
    }
    ctx.stroke();
    // parts, lowest first, so a cell shows its topmost part
    const parts = this.model.parts.slice().sort((a, b) => {
      const ba = this.model.boxes.get(a.id);
      const bb = this.model.boxes.get(b.id);
      return ba.z1 - bb.z1 || ba.z0 - bb.z0;
    });
    ctx.font = `${Math.max(9, Math.round(s * 0.38))}px sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (const p of parts) {
      const b = this.model.boxes.get(p.id);
      const r = this._rect(b.x0, b.x1, b.y0, b.y1);
      if (r.x > this.width || r.y > this.height || r.x + r.w < 0 || r.y + r.h < 0) continue;
      ctx.globalAlpha = b.known ? 1 : 0.5;
      ctx.fillStyle = this.kit.colourRgb(p.colour) || UNKNOWN_RGB;
      ctx.fillRect(r.x + 1, r.y + 1, r.w - 2, r.h - 2);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = "rgba(0,0,0,0.55)";
      ctx.lineWidth = 1.5;
      ctx.strokeRect(r.x + 1.5, r.y + 1.5, r.w - 3, r.h - 3);
      if (s >= 18) {
        // the height of its top, in plates: the top view's only hint of depth
        ctx.fillStyle = luminance(ctx.fillStyle) > 0.5 ? "#111" : "#fff";
        ctx.fillText(b.known ? String(b.z1) : "?", r.x + s / 2, r.y + r.h - s / 2);
      }
    }
    for (const f of this.model.free) {
      const x = Math.floor(f.pos[0] / 20);
      const y = Math.floor(f.pos[2] / 20); // LDraw Z runs along the grid's y
      const r = this._rect(x, x + 1, y, y + 1);
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = "#333";
      ctx.strokeRect(r.x + 2, r.y + 2, r.w - 4, r.h - 4);
      ctx.setLineDash([]);
      ctx.fillStyle = "#333";
      ctx.fillText("?", r.x + r.w / 2, r.y + r.h / 2);
    }
    // highlighted parts: a thick dashed outline
    for (const id of this.highlighted) {
      const b = this.model.boxes.get(id);
      if (!b) continue;
      const r = this._rect(b.x0, b.x1, b.y0, b.y1);
      ctx.setLineDash([6, 4]);
      ctx.strokeStyle = "#ff7a00";
      ctx.lineWidth = 4;
      ctx.strokeRect(r.x, r.y, r.w, r.h);
      ctx.setLineDash([]);
    }
    const c = this.cursor;
    if (c) {
      if (c.ghost) {
        const b = c.ghost.box;
        const r = this._rect(b.x0, b.x1, b.y0, b.y1);
        ctx.globalAlpha = 0.55;
        ctx.fillStyle = c.ghost.valid ? c.ghost.rgb : "#e0262b";
        ctx.fillRect(r.x, r.y, r.w, r.h);
        ctx.globalAlpha = 1;
        ctx.strokeStyle = c.ghost.valid ? "#1f4fd1" : "#e0262b";
        ctx.lineWidth = 2;
        ctx.strokeRect(r.x, r.y, r.w, r.h);
      }
      if (c.remove) {
        const b = this.model.boxes.get(c.remove);
        if (b) {
          const r = this._rect(b.x0, b.x1, b.y0, b.y1);
          ctx.strokeStyle = "#e0262b";
          ctx.lineWidth = 3;
          ctx.strokeRect(r.x, r.y, r.w, r.h);
          ctx.beginPath();
          ctx.moveTo(r.x, r.y);
          ctx.lineTo(r.x + r.w, r.y + r.h);
          ctx.moveTo(r.x + r.w, r.y);
          ctx.lineTo(r.x, r.y + r.h);
          ctx.stroke();
        }
      }
      const r = this._rect(c.x, c.x + 1, c.y, c.y + 1);
      ctx.strokeStyle = "#1f4fd1";
      ctx.lineWidth = 3;
      ctx.strokeRect(r.x + 1.5, r.y + 1.5, r.w - 3, r.h - 3);
    }
  }

  rebuild() {
    this.render();
  }

  addPart() {
    this.render();
  }

  addFree() {
    this.render();
  }

  removePart() {
    this.render();
  }

  setCursor(cursor) {
    this.cursor = cursor;
    this.render();
  }

  setHighlight(ids) {
    this.highlighted = new Set(ids);
    this.render();
  }

  setLayerPlane(z) {
    this.layerZ = z;
  }

  screenAxes() {
    return { up: { dx: 0, dy: 1 }, right: { dx: 1, dy: 0 } };
  }

  cellToClient(x, y) {
    const rect = this.canvas.getBoundingClientRect();
    const { sx, sy } = this._toScreen(x + 0.5, y + 0.5);
    return { x: rect.left + sx, y: rect.top + sy };
  }

  ensureVisible(x, y) {
    const { sx, sy } = this._toScreen(x + 0.5, y + 0.5);
    const margin = this.scale * 1.5;
    if (sx < margin || sx > this.width - margin) this.cx = x + 0.5;
    if (sy < margin || sy > this.height - margin) this.cy = y + 0.5;
    this.render();
  }

  zoom(factor) {
    this.scale = Math.max(8, Math.min(80, this.scale * factor));
    this.render();
  }

  _pick(event) {
    const rect = this.canvas.getBoundingClientRect();
    const cell = this._toCell(event.clientX - rect.left, event.clientY - rect.top);
    // the part seen at that cell: the topmost one
    const id = this.model.brickAt(cell.x, cell.y, Infinity);
    return { brickId: id, brickCell: id ? cell : null, ground: cell, face: id ? "top" : null };
  }

  _pointerEvents() {
    const canvas = this.canvas;
    let press = null;
    canvas.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      press = { x: event.clientX, y: event.clientY, cx: this.cx, cy: this.cy, moved: false, long: false };
      canvas.setPointerCapture(event.pointerId);
      if (event.pointerType !== "mouse") {
        press.timer = setTimeout(() => {
          if (!press || press.moved) return;
          press.long = true;
          this.handlers.longPress(this._pick(event), event);
        }, 550);
      }
    });
    canvas.addEventListener("pointermove", (event) => {
      if (press) {
        const dx = event.clientX - press.x;
        const dy = event.clientY - press.y;
        if (press.moved || Math.hypot(dx, dy) > 8) {
          press.moved = true;
          if (press.timer) clearTimeout(press.timer);
          this.cx = press.cx - dx / this.scale;
          this.cy = press.cy + dy / this.scale;
          this.render();
        }
      } else if (event.pointerType === "mouse") {
        this.handlers.hover(this._pick(event), event);
      }
    });
    canvas.addEventListener("pointerup", (event) => {
      if (press && !press.moved && !press.long) {
        if (press.timer) clearTimeout(press.timer);
        this.handlers.click(this._pick(event), event);
      }
      press = null;
    });
    canvas.addEventListener("pointercancel", () => {
      if (press && press.timer) clearTimeout(press.timer);
      press = null;
    });
    canvas.addEventListener("pointerleave", (event) => {
      if (event.pointerType === "mouse" && !press) this.handlers.leave();
    });
    canvas.addEventListener(
      "wheel",
      (event) => {
        event.preventDefault();
        this.zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15);
      },
      { passive: false },
    );
  }
}

function luminance(hex) {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return 1;
  const n = parseInt(m[1], 16);
  return (0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
}
