// The 3D view of the brick editor (three.js, vendored in ../vendor/three): orbit, zoom, a baseplate grid
// in studs, bricks as boxes of their footprint with studs on top, parts of unknown shape and free-placed
// parts as labelled translucent boxes, a ghost of the part about to be placed, highlights.
//
// Scene units: one stud. Grid cell (x, y) spans scene x in [x, x + 1) and scene z in (-(y + 1), -y]; plate
// z sits at scene height z × 0.4 (a plate is 8 LDU, a stud 20). LDraw points (X, Y, Z) map to
// (X, -Y, -Z) / 20: LDraw's -Y is up, and turning Z round as well keeps the model unmirrored.
//
// Renders on demand (after a change or a camera move), never in a loop: a laptop stays cool, and software
// WebGL (headless browsers) keeps up.

import * as THREE from "../vendor/three/three.module.min.js";
import { OrbitControls } from "../vendor/three/OrbitControls.js";
import { boxOf } from "./model.js";

const PLATE = 0.4;
const GAP = 0.04; // between neighbouring bricks, so their edges show
const STUD_R = 0.3;
const STUD_H = 0.17;
const STUD_SEGMENTS = 10;
const MAX_STUDS = 60000; // visible studs drawn at most (beyond, bricks show without them)
const MAX_LABELS = 300;
const UNKNOWN_RGB = "#9a9a9a";

export function webglAvailable() {
  try {
    const canvas = document.createElement("canvas");
    return !!(window.WebGLRenderingContext && (canvas.getContext("webgl2") || canvas.getContext("webgl")));
  } catch (e) {
    return false;
  }
}

// Whether WebGL runs on the processor (SwiftShader, llvmpipe: virtual machines, headless browsers, old
// machines): then the view skips antialiasing and draws one pixel per CSS pixel, which keeps it responsive.
function softwareRendering() {
  try {
    const gl = document.createElement("canvas").getContext("webgl");
    const info = gl && gl.getExtension("WEBGL_debug_renderer_info");
    const name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : "";
    return /swiftshader|llvmpipe|software|softpipe/i.test(name);
  } catch (e) {
    return false;
  }
}

function mergeGeometries(list) {
  let count = 0;
  for (const g of list) count += g.attributes.position.count;
  const positions = new Float32Array(count * 3);
  const normals = new Float32Array(count * 3);
  let offset = 0;
  for (const g of list) {
    positions.set(g.attributes.position.array, offset * 3);
    normals.set(g.attributes.normal.array, offset * 3);
    offset += g.attributes.position.count;
    g.dispose();
  }
  const merged = new THREE.BufferGeometry();
  merged.setAttribute("position", new THREE.BufferAttribute(positions, 3));
  merged.setAttribute("normal", new THREE.BufferAttribute(normals, 3));
  merged.computeBoundingBox();
  merged.computeBoundingSphere();
  return merged;
}

export class View3D {
  constructor(container, { kit, model, strings, label, handlers }) {
    this.kit = kit;
    this.model = model;
    this.strings = strings;
    this.handlers = handlers;
    this.container = container;
    const software = softwareRendering();
    this.renderer = new THREE.WebGLRenderer({ antialias: !software });
    this.renderer.setPixelRatio(software ? 1 : Math.min(window.devicePixelRatio || 1, 2));
    this.canvas = this.renderer.domElement;
    this.canvas.setAttribute("role", "img");
    this.canvas.setAttribute("aria-label", label);
    this.canvas.classList.add("be-canvas");
    container.appendChild(this.canvas);

    this.scene = new THREE.Scene();
    this.scene.background = new THREE.Color("#eef1f4");
    this.camera = new THREE.PerspectiveCamera(45, 1, 0.1, 5000);
    // Light mostly from above and a little from the left: tops bright, sides in two shades, so that stacked
    // bricks of one colour still read as separate boxes.
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x707680, 1.3));
    const sun = new THREE.DirectionalLight(0xffffff, 2.2);
    sun.position.set(-0.35, 1, 0.25);
    this.scene.add(sun);
    const fill = new THREE.DirectionalLight(0xffffff, 0.5);
    fill.position.set(0.6, 0.2, 0.5);
    this.scene.add(fill);

    this.bricks = new THREE.Group();
    this.labels = new THREE.Group();
    this.overlay = new THREE.Group();
    this.baseGroup = new THREE.Group();
    this.studGroup = new THREE.Group();
    this.scene.add(this.baseGroup, this.bricks, this.studGroup, this.labels, this.overlay);
    this.geometries = new Map();
    this.materials = new Map();
    this.highlighted = new Set();
    this.layerZ = null;
    this.base = null;

    this.controls = new OrbitControls(this.camera, this.canvas);
    this.controls.maxPolarAngle = Math.PI * 0.49;
    this.controls.minDistance = 2;
    this.controls.maxDistance = 600;
    this.controls.addEventListener("change", () => this.render());
    this.raycaster = new THREE.Raycaster();

    this._pointerEvents();
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.rebuild();
    this.frame();
    this.resize();
  }

  // --- materials and geometries

  material(colourRgb, kind = "solid") {
    const key = colourRgb + ":" + kind;
    let m = this.materials.get(key);
    if (!m) {
      const color = new THREE.Color(colourRgb);
      if (kind === "ghost") m = new THREE.MeshLambertMaterial({ color, transparent: true, opacity: 0.55, depthWrite: false });
      else if (kind === "translucent") m = new THREE.MeshLambertMaterial({ color, transparent: true, opacity: 0.45, depthWrite: false, side: THREE.DoubleSide });
      else if (kind === "highlight") m = new THREE.MeshLambertMaterial({ color, emissive: new THREE.Color("#ff9500"), emissiveIntensity: 0.55 });
      else m = new THREE.MeshLambertMaterial({ color });
      this.materials.set(key, m);
    }
    return m;
  }

  // One stud, its base at the origin: an open cylinder and its top.
  studGeometry() {
    if (!this._stud) {
      const side = new THREE.CylinderGeometry(STUD_R, STUD_R, STUD_H, STUD_SEGMENTS, 1, true).toNonIndexed();
      side.translate(0, STUD_H / 2, 0);
      const top = new THREE.CircleGeometry(STUD_R, STUD_SEGMENTS).toNonIndexed();
      top.rotateX(-Math.PI / 2);
      top.translate(0, STUD_H, 0);
      this._stud = mergeGeometries([side, top]);
    }
    return this._stud;
  }

  // The studs that show: one on each cell of a part with studs, unless another part sits on that cell.
  // Drawn as one InstancedMesh per colour, worked out again (in time linear in the model) before the next
  // frame after a change.
  updateStuds() {
    this.studsDirty = false;
    for (const mesh of this.studMeshes || []) {
      this.studGroup.remove(mesh);
      mesh.dispose();
    }
    this.studMeshes = [];
    const byColour = new Map();
    let total = 0;
    const model = this.model;
    for (const p of model.parts) {
      const b = model.boxes.get(p.id);
      if (!b.known || !b.studs) continue;
      const rgb = this.kit.colourRgb(p.colour) || UNKNOWN_RGB;
      let list = byColour.get(rgb);
      if (!list) byColour.set(rgb, (list = []));
      for (let x = b.x0; x < b.x1; x++) {
        for (let y = b.y0; y < b.y1; y++) {
          let covered = false;
          for (const other of model.columns.get(x + "," + y) || []) {
            const o = model.boxes.get(other);
            if (o.z0 <= b.z1 && b.z1 < o.z1) {
              covered = true;
              break;
            }
          }
          if (!covered) {
            list.push(x + 0.5, b.z1 * PLATE, -(y + 0.5));
            total++;
          }
        }
      }
    }
    if (total > MAX_STUDS) return;
    const m = new THREE.Matrix4();
    for (const [rgb, list] of byColour) {
      const count = list.length / 3;
      if (!count) continue;
      const mesh = new THREE.InstancedMesh(this.studGeometry(), this.material(rgb), count);
      mesh.frustumCulled = false;
      mesh.raycast = () => {}; // a click on a stud is a click on its brick (the box is hit just below)
      for (let i = 0; i < count; i++) mesh.setMatrixAt(i, m.makeTranslation(list[i * 3], list[i * 3 + 1], list[i * 3 + 2]));
      this.studMeshes.push(mesh);
      this.studGroup.add(mesh);
    }
  }

  shapeGeometry(w, d, h, studs) {
    const key = [w, d, h, studs ? 1 : 0].join(":");
    let g = this.geometries.get(key);
    if (g) return g;
    const list = [];
    const box = new THREE.BoxGeometry(w - GAP, h * PLATE - GAP / 2, d - GAP).toNonIndexed();
    box.translate(w / 2, (h * PLATE) / 2, -d / 2);
    list.push(box);
    if (studs) {
      for (let i = 0; i < w; i++) {
        for (let j = 0; j < d; j++) {
          const side = new THREE.CylinderGeometry(STUD_R, STUD_R, STUD_H, STUD_SEGMENTS, 1, true).toNonIndexed();
          side.translate(i + 0.5, h * PLATE + STUD_H / 2, -(j + 0.5));
          const top = new THREE.CircleGeometry(STUD_R, STUD_SEGMENTS).toNonIndexed();
          top.rotateX(-Math.PI / 2);
          top.translate(i + 0.5, h * PLATE + STUD_H, -(j + 0.5));
          list.push(side, top);
        }
      }
    }
    g = list.length === 1 ? box : mergeGeometries(list);
    this.geometries.set(key, g);
    return g;
  }

  // --- content
  //
  // Placed parts are drawn in batches, one InstancedMesh per (shape, colour): a few draw calls for thousands
  // of bricks, so orbiting stays smooth on a laptop. A highlighted part leaves its batch for a mesh of its
  // own (in the highlight material); free-placed parts, each with its own matrix, are meshes of their own.

  rebuild() {
    for (const child of this.bricks.children.slice()) {
      this.bricks.remove(child);
      if (child.isInstancedMesh) child.dispose();
      else if (child.userData.free) child.geometry.dispose();
    }
    this.batches = new Map(); // key -> {geometry, material, ids, mesh}
    this.where = new Map(); // id -> {batch, index}
    this.singles = new Map(); // id -> Mesh (free-placed and highlighted parts)
    this.info = new Map(); // id -> {geometry, rgb, kind, position} of placed parts
    this.labels.clear();
    for (const p of this.model.parts) this.addPart(p, false);
    for (const f of this.model.free) this.addFree(f, false);
    this.updateBase();
    this.render();
  }

  _grow(batch, capacity) {
    const mesh = new THREE.InstancedMesh(batch.geometry, batch.material, capacity);
    mesh.frustumCulled = false;
    mesh.userData = { batch };
    if (batch.mesh) {
      mesh.instanceMatrix.array.set(batch.mesh.instanceMatrix.array.subarray(0, batch.ids.length * 16));
      this.bricks.remove(batch.mesh);
      batch.mesh.dispose();
    }
    mesh.count = batch.ids.length;
    batch.mesh = mesh;
    this.bricks.add(mesh);
  }

  _changed(batch) {
    batch.mesh.count = batch.ids.length;
    batch.mesh.instanceMatrix.needsUpdate = true;
    batch.mesh.boundingSphere = null; // recomputed for raycasting
    batch.mesh.boundingBox = null;
  }

  _instanceAdd(id) {
    const { geometry, rgb, kind, position } = this.info.get(id);
    const key = geometry.uuid + ":" + rgb + ":" + kind;
    let batch = this.batches.get(key);
    if (!batch) {
      batch = { geometry, material: this.material(rgb, kind), ids: [], mesh: null };
      this._grow(batch, 8);
      this.batches.set(key, batch);
    }
    if (batch.ids.length === batch.mesh.instanceMatrix.count) this._grow(batch, batch.ids.length * 2);
    const index = batch.ids.length;
    batch.ids.push(id);
    batch.mesh.setMatrixAt(index, new THREE.Matrix4().makeTranslation(position[0], position[1], position[2]));
    this._changed(batch);
    this.where.set(id, { batch, index });
  }

  _instanceRemove(id) {
    const where = this.where.get(id);
    if (!where) return;
    const { batch, index } = where;
    const last = batch.ids.length - 1;
    if (index !== last) {
      const m = new THREE.Matrix4();
      batch.mesh.getMatrixAt(last, m);
      batch.mesh.setMatrixAt(index, m);
      const moved = batch.ids[last];
      batch.ids[index] = moved;
      this.where.get(moved).index = index;
    }
    batch.ids.pop();
    this._changed(batch);
    this.where.delete(id);
  }

  _singleAdd(id) {
    const { geometry, rgb, position } = this.info.get(id);
    const mesh = new THREE.Mesh(geometry, this.material(rgb, "highlight"));
    mesh.position.set(position[0], position[1], position[2]);
    mesh.userData = { id, free: false, rgb };
    this.bricks.add(mesh);
    this.singles.set(id, mesh);
  }

  addPart(p, render = true) {
    const box = boxOf(this.kit, p);
    const rgb = this.kit.colourRgb(p.colour) || UNKNOWN_RGB;
    let geometry;
    if (box.known) {
      const s = this.kit.shape(p.part, p.rot);
      geometry = this.shapeGeometry(s.w, s.d, s.h, false); // studs: updateStuds()
    } else {
      geometry = this.shapeGeometry(1, 1, 3, false);
      this.addLabel(p.part, box.x0 + 0.5, box.z1 * PLATE + 0.5, -(box.y0 + 0.5), p.id);
    }
    const kind = box.known ? "solid" : "translucent";
    this.info.set(p.id, { geometry, rgb, kind, position: [box.x0, box.z0 * PLATE, -box.y0] });
    this.studsDirty = true;
    if (this.highlighted.has(p.id)) {
      this._singleAdd(p.id);
      this.setHighlight(this.highlighted);
    } else this._instanceAdd(p.id);
    if (render) {
      this.updateBase();
      this.render();
    }
  }

  addFree(f, render = true) {
    const ldraw = String(f.ldraw).toLowerCase();
    const part = this.kit.partByLdraw.get(ldraw);
    const colour = this.kit.colourByCode.get(Number(f.colour));
    const rgb = colour ? colour.rgb : UNKNOWN_RGB;
    // The part in LDraw units around its origin (the centre of its top face; it extends down, +Y).
    const w = part ? part.width : 1;
    const d = part ? part.depth : 1;
    const h = part ? part.height : 3;
    const geometry = new THREE.BoxGeometry(w * 20 - 1, h * 8 - 0.5, d * 20 - 1);
    geometry.translate(0, h * 4, 0);
    const mesh = new THREE.Mesh(geometry, this.material(rgb, "translucent"));
    const [a, b, c, dd, e, ff, g, hh, i] = f.matrix;
    const [px, py, pz] = f.pos;
    mesh.matrixAutoUpdate = false;
    mesh.matrix.set(
      a / 20, b / 20, c / 20, px / 20,
      -dd / 20, -e / 20, -ff / 20, -py / 20,
      -g / 20, -hh / 20, -i / 20, -pz / 20,
      0, 0, 0, 1,
    );
    mesh.userData = { id: f.id, free: true, rgb };
    this.bricks.add(mesh);
    this.singles.set(f.id, mesh);
    // Labelled with its LDraw number, and "geometry unknown" when the box only stands for the part.
    this.addLabel(f.ldraw, px / 20, -py / 20 + 0.6, -pz / 20, f.id, !part);
    if (render) this.render();
  }

  addLabel(text, x, y, z, id, unknown = true) {
    if (this.labels.children.length >= MAX_LABELS) return;
    const canvas = document.createElement("canvas");
    canvas.width = 256;
    canvas.height = 96;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "rgba(255,255,255,0.8)";
    ctx.fillRect(0, 0, 256, 96);
    ctx.strokeStyle = "#555";
    ctx.lineWidth = 3;
    ctx.strokeRect(2, 2, 252, 92);
    ctx.fillStyle = "#111";
    ctx.font = "bold 40px sans-serif";
    ctx.textAlign = "center";
    if (unknown) {
      ctx.fillText(String(text).slice(0, 14), 128, 44);
      ctx.font = "26px sans-serif";
      ctx.fillText(this.strings.geometry_unknown, 128, 80);
    } else {
      ctx.fillText(String(text).slice(0, 14), 128, 62);
    }
    const texture = new THREE.CanvasTexture(canvas);
    texture.colorSpace = THREE.SRGBColorSpace;
    // Hidden behind solid bricks (depth-tested) so that a model of many such parts stays readable.
    const sprite = new THREE.Sprite(new THREE.SpriteMaterial({ map: texture, transparent: true, depthWrite: false }));
    sprite.renderOrder = 5;
    sprite.scale.set(1.3, 0.49, 1);
    sprite.position.set(x, y, z);
    sprite.userData = { id };
    this.labels.add(sprite);
  }

  removePart(id) {
    this.studsDirty = true;
    this._instanceRemove(id);
    const mesh = this.singles.get(id);
    if (mesh) {
      this.bricks.remove(mesh);
      if (mesh.userData.free) mesh.geometry.dispose();
      this.singles.delete(id);
    }
    this.info.delete(id);
    for (const sprite of this.labels.children.slice()) {
      if (sprite.userData.id === id) {
        this.labels.remove(sprite);
        sprite.material.map.dispose();
        sprite.material.dispose();
      }
    }
    this.render();
  }

  // The baseplate: the kit's size limits, grown to hold the model.
  updateBase() {
    const limits = this.kit.limits;
    const b = this.model.extent();
    let x0 = 0;
    let y0 = 0;
    let x1 = Math.min(limits.max_x, 64);
    let y1 = Math.min(limits.max_y, 64);
    if (b) {
      x0 = Math.min(x0, b.x0 - 2);
      y0 = Math.min(y0, b.y0 - 2);
      x1 = Math.max(x1, b.x1 + 2);
      y1 = Math.max(y1, b.y1 + 2);
    }
    if (this.cursor) {
      x0 = Math.min(x0, this.cursor.x - 4);
      y0 = Math.min(y0, this.cursor.y - 4);
      x1 = Math.max(x1, this.cursor.x + 5);
      y1 = Math.max(y1, this.cursor.y + 5);
    }
    const key = [x0, y0, x1, y1].join(",");
    if (this.base && this.base.key === key) return;
    this.base = { x0, y0, x1, y1, key };
    for (const child of this.baseGroup.children.slice()) {
      this.baseGroup.remove(child);
      child.geometry.dispose();
    }
    const plate = new THREE.Mesh(
      new THREE.BoxGeometry(x1 - x0, 0.1, y1 - y0),
      new THREE.MeshLambertMaterial({ color: new THREE.Color("#c9d3cc") }),
    );
    plate.position.set((x0 + x1) / 2, -0.05, -(y0 + y1) / 2);
    this.baseGroup.add(plate);
    const points = [];
    for (let x = x0; x <= x1; x++) points.push(x, 0.002, -y0, x, 0.002, -y1);
    for (let y = y0; y <= y1; y++) points.push(x0, 0.002, -y, x1, 0.002, -y);
    const grid = new THREE.BufferGeometry();
    grid.setAttribute("position", new THREE.Float32BufferAttribute(points, 3));
    this.baseGroup.add(new THREE.LineSegments(grid, new THREE.LineBasicMaterial({ color: 0x7d8a80, transparent: true, opacity: 0.6 })));
  }

  // --- camera

  frame() {
    const b = this.model.extent();
    const limits = this.kit.limits;
    let cx, cy, size, top;
    if (b) {
      cx = (b.x0 + b.x1) / 2;
      cy = (b.y0 + b.y1) / 2;
      size = Math.max(b.x1 - b.x0, b.y1 - b.y0, ((b.z1 - Math.min(0, b.z0)) * PLATE), 8);
      top = b.z1 * PLATE;
    } else {
      cx = Math.min(limits.max_x, 64) / 2;
      cy = Math.min(limits.max_y, 64) / 2;
      size = 16;
      top = 0;
    }
    const target = new THREE.Vector3(cx, top / 3, -cy);
    const distance = size * 1.25 + 5;
    this.controls.target.copy(target);
    this.camera.position.set(cx + distance * 0.35, top / 3 + distance * 0.75, -cy + distance * 0.9);
    this.controls.update();
  }

  resize() {
    const width = this.container.clientWidth || 300;
    const height = this.container.clientHeight || 300;
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.render();
  }

  render() {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      if (this.studsDirty) this.updateStuds();
      this.renderer.render(this.scene, this.camera);
    });
  }

  // Zoom by a factor (> 1 closer), for the buttons and the + and - keys.
  zoom(factor) {
    const offset = new THREE.Vector3().subVectors(this.camera.position, this.controls.target);
    const length = Math.max(this.controls.minDistance, Math.min(this.controls.maxDistance, offset.length() / factor));
    offset.setLength(length);
    this.camera.position.copy(this.controls.target).add(offset);
    this.controls.update();
  }

  // Turn the camera around the vertical axis through its target (the , and . keys).
  orbit(angle) {
    const offset = new THREE.Vector3().subVectors(this.camera.position, this.controls.target);
    offset.applyAxisAngle(new THREE.Vector3(0, 1, 0), angle);
    this.camera.position.copy(this.controls.target).add(offset);
    this.controls.update();
  }

  // The grid directions of the screen's up and right arrows, from where the camera looks.
  screenAxes() {
    const forward = new THREE.Vector3().subVectors(this.controls.target, this.camera.position);
    const gx = forward.x;
    const gy = -forward.z;
    let up;
    if (Math.abs(gx) > Math.abs(gy)) up = { dx: Math.sign(gx), dy: 0 };
    else up = { dx: 0, dy: Math.sign(gy) || 1 };
    return { up, right: { dx: up.dy, dy: -up.dx } };
  }

  // Screen coordinates (CSS pixels, relative to the viewport) of the centre of cell (x, y) at plate z.
  cellToClient(x, y, z = 0) {
    const v = new THREE.Vector3(x + 0.5, z * PLATE, -(y + 0.5)).project(this.camera);
    const rect = this.canvas.getBoundingClientRect();
    return { x: rect.left + ((v.x + 1) / 2) * rect.width, y: rect.top + ((1 - v.y) / 2) * rect.height };
  }

  // Move the camera (without turning it) so that cell (x, y, z) is well inside the view.
  ensureVisible(x, y, z) {
    const point = new THREE.Vector3(x + 0.5, z * PLATE, -(y + 0.5));
    const v = point.clone().project(this.camera);
    if (Math.abs(v.x) < 0.8 && Math.abs(v.y) < 0.8 && v.z < 1) return;
    const shift = new THREE.Vector3().subVectors(point, this.controls.target);
    this.controls.target.add(shift);
    this.camera.position.add(shift);
    this.controls.update();
  }

  // --- overlays: cursor and ghost, highlighted bricks, the brick about to be removed

  _clearOverlay(name) {
    for (const child of this.overlay.children.slice()) {
      if (child.userData.overlay === name) {
        this.overlay.remove(child);
        if (child.userData.ownGeometry) child.geometry.dispose();
      }
    }
  }

  _edges(x0, x1, y0, y1, z0, z1, color, name, opts = {}) {
    const pad = opts.pad ?? 0.03;
    const g = new THREE.EdgesGeometry(new THREE.BoxGeometry(x1 - x0 + pad * 2, (z1 - z0) * PLATE + pad * 2, y1 - y0 + pad * 2));
    const lines = new THREE.LineSegments(g, new THREE.LineBasicMaterial({ color, depthTest: opts.depthTest ?? true, transparent: true }));
    lines.position.set((x0 + x1) / 2, ((z0 + z1) / 2) * PLATE, -(y0 + y1) / 2);
    lines.userData = { overlay: name, ownGeometry: true };
    lines.renderOrder = 10;
    this.overlay.add(lines);
    return lines;
  }

  // cursor: {x, y, z, ghost: {box, rgb, valid} | null, remove: id | null}
  setCursor(cursor) {
    this.cursor = cursor;
    this._clearOverlay("cursor");
    if (!cursor) {
      this.render();
      return;
    }
    const { x, y, z } = cursor;
    // The cursor's cell: a square on the level where the part would stand, and a post down to the ground.
    const square = new THREE.BufferGeometry();
    const h = z * PLATE + 0.01;
    square.setAttribute("position", new THREE.Float32BufferAttribute([
      x, h, -y, x + 1, h, -y, x + 1, h, -y, x + 1, h, -(y + 1), x + 1, h, -(y + 1), x, h, -(y + 1), x, h, -(y + 1), x, h, -y,
      x + 0.5, 0, -(y + 0.5), x + 0.5, h, -(y + 0.5),
    ], 3));
    const lines = new THREE.LineSegments(square, new THREE.LineBasicMaterial({ color: 0x1f4fd1, depthTest: false, transparent: true }));
    lines.renderOrder = 11;
    lines.userData = { overlay: "cursor", ownGeometry: true };
    this.overlay.add(lines);
    if (cursor.ghost) {
      const { box, rgb, valid, shape } = cursor.ghost;
      const mesh = new THREE.Mesh(
        this.shapeGeometry(shape.w, shape.d, shape.h, shape.studs),
        valid ? this.material(rgb, "ghost") : this.material("#e0262b", "ghost"),
      );
      mesh.position.set(box.x0, box.z0 * PLATE, -box.y0);
      mesh.userData = { overlay: "cursor" };
      this.overlay.add(mesh);
      this._edges(box.x0, box.x1, box.y0, box.y1, box.z0, box.z1, valid ? 0x1f4fd1 : 0xe0262b, "cursor");
    }
    if (cursor.remove) {
      const b = this.model.boxes.get(cursor.remove);
      if (b) this._edges(b.x0, b.x1, b.y0, b.y1, b.z0, b.z1, 0xe0262b, "cursor", { pad: 0.06, depthTest: false });
    }
    this.updateBase();
    this.render();
  }

  setHighlight(ids) {
    const before = this.highlighted;
    this.highlighted = new Set(ids);
    this._clearOverlay("highlight");
    for (const id of before) {
      if (this.highlighted.has(id)) continue;
      const mesh = this.singles.get(id);
      if (!mesh) continue;
      if (mesh.userData.free) mesh.material = this.material(mesh.userData.rgb, "translucent");
      else {
        this.bricks.remove(mesh);
        this.singles.delete(id);
        if (this.info.has(id)) this._instanceAdd(id);
      }
    }
    for (const id of this.highlighted) {
      const single = this.singles.get(id);
      if (single && single.userData.free) single.material = this.material(single.userData.rgb, "highlight");
      else if (!single && this.info.has(id)) {
        this._instanceRemove(id);
        this._singleAdd(id);
      }
      const b = this.model.boxes.get(id);
      if (b && this.info.has(id)) this._edges(b.x0, b.x1, b.y0, b.y1, b.z0, b.z1, 0xff7a00, "highlight", { pad: 0.08, depthTest: false });
    }
    this.render();
  }

  setLayerPlane(z) {
    this.layerZ = z;
  }

  // --- pointer

  _pick(event) {
    const rect = this.canvas.getBoundingClientRect();
    const ndc = new THREE.Vector2(
      ((event.clientX - rect.left) / rect.width) * 2 - 1,
      -((event.clientY - rect.top) / rect.height) * 2 + 1,
    );
    this.raycaster.setFromCamera(ndc, this.camera);
    const result = { brickId: null, brickCell: null, ground: null, face: null };
    const hits = this.raycaster.intersectObjects(this.bricks.children, false);
    if (hits.length) {
      const hit = hits[0];
      result.brickId = hit.object.isInstancedMesh ? hit.object.userData.batch.ids[hit.instanceId] : hit.object.userData.id;
      const normal = hit.face ? hit.face.normal.clone().transformDirection(hit.object.matrixWorld) : new THREE.Vector3(0, 1, 0);
      const p = hit.point.clone().addScaledVector(normal, 0.25);
      result.brickCell = { x: Math.floor(p.x), y: Math.floor(-p.z) };
      result.face = normal.y > 0.7 ? "top" : "side";
    }
    const plane = new THREE.Plane(new THREE.Vector3(0, 1, 0), -((this.layerZ ?? 0) * PLATE));
    const point = new THREE.Vector3();
    if (this.raycaster.ray.intersectPlane(plane, point)) {
      result.ground = { x: Math.floor(point.x), y: Math.floor(-point.z) };
    }
    return result;
  }

  _pointerEvents() {
    const canvas = this.canvas;
    let press = null;
    const cancel = () => {
      if (press && press.timer) clearTimeout(press.timer);
      press = null;
    };
    canvas.addEventListener("pointerdown", (event) => {
      if (press) {
        cancel(); // a second finger: a pinch or a two-finger pan, not a tap
        return;
      }
      if (event.button !== 0) return;
      press = { x: event.clientX, y: event.clientY, type: event.pointerType, long: false };
      if (event.pointerType !== "mouse") {
        press.timer = setTimeout(() => {
          if (!press) return;
          press.long = true;
          this.handlers.longPress(this._pick(event), event);
        }, 550);
      }
    });
    canvas.addEventListener("pointermove", (event) => {
      if (press && Math.hypot(event.clientX - press.x, event.clientY - press.y) > 8) cancel();
      if (event.pointerType === "mouse" && !event.buttons) this.handlers.hover(this._pick(event), event);
    });
    canvas.addEventListener("pointerup", (event) => {
      if (press && !press.long) {
        if (press.timer) clearTimeout(press.timer);
        this.handlers.click(this._pick(event), event);
      }
      press = null;
    });
    canvas.addEventListener("pointercancel", cancel);
    canvas.addEventListener("pointerleave", (event) => {
      if (event.pointerType === "mouse") this.handlers.leave();
    });
  }
}
