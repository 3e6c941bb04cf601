// The recipe editor: a form over the recipe's JSON content. Every change posts the recipe to the studio's
// check endpoint (debounced) and shows its metrics against the chosen BJCP style, its problems and its
// ingredient pack; saving and suggesting work as in the brick editor (409: a conflict, never an overwrite).
// Units are stored metric; "Show US units" converts what is shown and typed. Scaling mirrors calc.scale in
// Python (boucle/studio/kinds/recipes/calc.py): same constants (read from the page), same steps.

const CHECK_DELAY = 250;
const USES = { hops: ["boil", "first_wort", "mash", "aroma", "dry_hop"], miscs: ["boil", "mash", "primary", "secondary", "bottling"] };
const PREFIX = { fermentables: "f", hops: "h", yeasts: "y", miscs: "m", mash_steps: "s", fermentation_steps: "p" };
const KG_PER_LB = 0.45359237, L_PER_GAL = 3.785411784, G_PER_OZ = 28.349523125;

function json(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : null;
}

function format(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

class RecipeEditor {
  constructor(root) {
    this.root = root;
    const config = json(root.dataset.config);
    this.urls = config.urls;
    this.mode = config.mode;
    this.parent = config.parent;
    this.csrf = config.csrf;
    this.t = config.strings;
    this.content = json("re-content");
    this.kit = json("re-kit") || {};
    this.styles = Object.fromEntries((json("re-styles") || []).map((s) => [s.code, s]));
    this.C = json("re-constants");
    this.us = false;
    this.checkSeq = 0;
    this.lang = document.documentElement.lang || "en";
    this.index = {};
    for (const g of ["fermentables", "hops", "yeasts", "miscs"]) {
      this.index[g] = Object.fromEntries((this.kit[g] || []).map((i) => [i.id, i]));
    }
    this.savedJSON = JSON.stringify(this.content);
  }

  $(selector) {
    return this.root.querySelector(selector);
  }

  announce(text) {
    const live = this.$(".re-live");
    live.textContent = "";
    window.setTimeout(() => (live.textContent = text), 30);
  }

  start() {
    for (const g of Object.keys(PREFIX)) this.content[g] = this.content[g] || [];
    for (const input of this.root.querySelectorAll(".re-setting")) {
      input.addEventListener("input", () => this.readSetting(input));
      input.addEventListener("change", () => this.readSetting(input));
    }
    for (const button of this.root.querySelectorAll("[data-add]")) {
      button.addEventListener("click", () => this.add(button.dataset.add));
    }
    for (const input of this.root.querySelectorAll(".re-add input")) {
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          this.add(input.closest("[data-group]").dataset.group);
        }
      });
    }
    this.$(".re-units").addEventListener("click", () => this.toggleUnits());
    this.$(".re-scale-button").addEventListener("click", () => this.scale());
    this.bindSave();
    this.render();
    this.root.recipeEditor = this;
    this.root.classList.add("re-ready");
    this.check(true);
  }

  // --- units

  conv(kind) {
    // [to shown, from shown, unit label]
    if (!this.us) return [(x) => x, (x) => x, { volume: "L", mass: "kg", small: "g", temp: "°C" }[kind]];
    return {
      volume: [(x) => x / L_PER_GAL, (x) => x * L_PER_GAL, "gal"],
      mass: [(x) => x / KG_PER_LB, (x) => x * KG_PER_LB, "lb"],
      small: [(x) => x / G_PER_OZ, (x) => x * G_PER_OZ, "oz"],
      temp: [(x) => (x * 9) / 5 + 32, (x) => ((x - 32) * 5) / 9, "°F"],
    }[kind];
  }

  shown(value, kind) {
    if (value === null || value === undefined || value === "") return "";
    const v = kind ? this.conv(kind)[0](Number(value)) : Number(value);
    return String(Math.round(v * 1000) / 1000);
  }

  parsed(text, kind) {
    if (text === "" || text === null) return null;
    const v = Number(String(text).replace(",", "."));
    if (!Number.isFinite(v)) return undefined;
    return kind ? Math.round(this.conv(kind)[1](v) * 1e6) / 1e6 : v;
  }

  toggleUnits() {
    this.us = !this.us;
    const button = this.$(".re-units");
    button.setAttribute("aria-pressed", String(this.us));
    button.textContent = this.us ? this.t.show_metric : this.t.show_us;
    for (const span of this.root.querySelectorAll("[data-unit]")) span.textContent = this.conv(span.dataset.unit)[2];
    this.render();
    if (this.lastCheck) this.showCheck(this.lastCheck);
  }

  // --- the form

  readSetting(input) {
    const name = input.name;
    if (["style", "ibu_method", "notes"].includes(name)) this.content[name] = input.value;
    else {
      const v = this.parsed(input.value, name.endsWith("_size") ? "volume" : null);
      if (v === undefined) return;
      this.content[name] = v;
    }
    this.changed();
  }

  changed() {
    this.$(".re-dirty").hidden = JSON.stringify(this.content) === this.savedJSON;
    this.scheduleCheck();
  }

  render() {
    for (const input of this.root.querySelectorAll(".re-setting")) {
      const v = this.content[input.name];
      if (input.tagName === "SELECT" || input.tagName === "TEXTAREA") input.value = v ?? "";
      else input.value = this.shown(v, input.name.endsWith("_size") ? "volume" : null);
    }
    for (const group of Object.keys(PREFIX)) this.renderGroup(group);
  }

  name(group, item) {
    const k = this.index[group] && this.index[group][item.ingredient];
    return k ? k.name : item.name || item.ingredient;
  }

  numberInput(value, label, onValue, kind) {
    const input = el("input", { type: "number", step: "any", min: "0", inputmode: "decimal", "aria-label": label, value: this.shown(value, kind) });
    input.addEventListener("input", () => {
      const v = this.parsed(input.value, kind);
      if (v === undefined || v === null) return;
      onValue(v);
      this.changed();
    });
    return input;
  }

  renderGroup(group) {
    const body = this.$(`[data-group="${group}"] tbody`);
    const t = this.t;
    body.replaceChildren();
    for (const item of this.content[group]) {
      const label = this.index[group] ? this.name(group, item) : item.name || item.id;
      const remove = el("button", { type: "button", class: "secondary outline re-remove", "aria-label": format(t.remove_item, { name: label }) }, "×");
      remove.addEventListener("click", () => {
        this.content[group] = this.content[group].filter((x) => x !== item);
        this.renderGroup(group);
        this.announce(format(t.removed, { name: label }));
        this.changed();
      });
      const cells = [];
      if (group === "fermentables") {
        const late = el("input", { type: "checkbox", "aria-label": format(t.late_of, { name: label }) });
        late.checked = !!item.late;
        late.addEventListener("change", () => { item.late = late.checked; this.changed(); });
        cells.push(el("th", { scope: "row", text: label }), el("td", {}, this.numberInput(item.amount, format(t.amount_of, { name: label }), (v) => (item.amount = v), "mass")), el("td", {}, late));
      } else if (group === "hops" || group === "miscs") {
        const use = el("select", { "aria-label": format(t.use_of, { name: label }) });
        for (const u of USES[group]) {
          const o = el("option", { value: u, text: t["use_" + u] || u });
          if ((item.use || "boil") === u) o.selected = true;
          use.append(o);
        }
        use.addEventListener("change", () => { item.use = use.value; this.changed(); });
        cells.push(
          el("th", { scope: "row", text: label }),
          el("td", {}, this.numberInput(item.amount, format(t.amount_of, { name: label }), (v) => (item.amount = v), group === "hops" ? "small" : null)),
          el("td", {}, use),
          el("td", {}, this.numberInput(item.time, format(t.time_of, { name: label }), (v) => (item.time = v))),
        );
        if (group === "hops") cells.push(el("td", { class: "re-num re-hop-ibu", "data-hop": item.id }));
      } else if (group === "yeasts") {
        cells.push(el("th", { scope: "row", text: label }), el("td", {}, this.numberInput(item.amount, format(t.amount_of, { name: label }), (v) => (item.amount = v))));
      } else {
        const stepName = el("input", { type: "text", maxlength: "80", "aria-label": t.step_name, value: item.name || "" });
        stepName.addEventListener("input", () => { item.name = stepName.value; this.changed(); });
        const second = group === "mash_steps" ? "time" : "days";
        cells.push(
          el("td", {}, stepName),
          el("td", {}, this.numberInput(item.temp, t.temperature, (v) => (item.temp = v), "temp")),
          el("td", {}, this.numberInput(item[second], second === "time" ? t.minutes : t.days, (v) => (item[second] = v))),
        );
      }
      body.append(el("tr", { "data-element": item.id }, ...cells, el("td", {}, remove)));
    }
  }

  nextId(group) {
    const prefix = PREFIX[group];
    let n = 0;
    for (const g of Object.keys(PREFIX)) {
      for (const item of this.content[g]) {
        const m = new RegExp("^" + prefix + "(\\d+)$").exec(item.id);
        if (m) n = Math.max(n, Number(m[1]));
      }
    }
    return prefix + (n + 1);
  }

  add(group) {
    const t = this.t;
    let item;
    if (group === "mash_steps") item = { id: this.nextId(group), name: "", temp: 66, time: 60 };
    else if (group === "fermentation_steps") item = { id: this.nextId(group), name: "", temp: 19, days: 14 };
    else {
      const input = this.$(`#re-add-${group}`);
      const wanted = input.value.trim().toLowerCase();
      const found = (this.kit[group] || []).find((i) => i.name.toLowerCase() === wanted) || (wanted && (this.kit[group] || []).find((i) => i.name.toLowerCase().includes(wanted)));
      if (!found) {
        this.announce(format(t.not_found, { name: input.value }));
        input.setCustomValidity(format(t.not_found, { name: input.value }));
        input.reportValidity();
        return;
      }
      input.setCustomValidity("");
      input.value = "";
      item = { id: this.nextId(group), ingredient: found.id };
      if (group === "fermentables") Object.assign(item, { amount: 1, late: false });
      if (group === "hops") Object.assign(item, { amount: 20, use: "boil", time: 60 });
      if (group === "yeasts") Object.assign(item, { amount: 1 });
      if (group === "miscs") Object.assign(item, { amount: 1, use: "boil", time: 15 });
      this.announce(format(t.added, { name: found.name }));
    }
    this.content[group].push(item);
    this.renderGroup(group);
    const row = this.$(`[data-group="${group}"] tbody tr:last-child input`);
    if (row) row.focus();
    this.changed();
  }

  // --- scaling (mirrors calc.scale)

  figures(content) {
    const C = this.C;
    const batch = content.batch_size, eff = content.efficiency;
    const gal = batch / C.LITRES_PER_GALLON;
    let boilPts = 0;
    for (const f of content.fermentables) {
      const k = this.index.fermentables[f.ingredient] || {};
      const extract = f.extract ?? k.extract, type = f.type ?? k.type ?? "grain";
      if (extract == null || f.late) continue;
      boilPts += f.amount * C.POUNDS_PER_KG * (extract / 100) * C.PPG_SUCROSE * (C.MASHED.includes(type) ? eff / 100 : 1);
    }
    const boil = content.boil_size || batch;
    const gravity = 1 + boilPts / (Math.min(boil, batch) / C.LITRES_PER_GALLON) / 1000;
    const boilTime = content.boil_time ?? 60;
    const ibus = {};
    for (const h of content.hops) ibus[h.id] = this.hopIbu(h, content, batch, gravity, boilTime);
    return ibus;
  }

  hopIbu(h, content, litres, gravity, boilTime) {
    const C = this.C;
    const k = this.index.hops[h.ingredient] || {};
    const alpha = h.alpha ?? k.alpha, form = h.form ?? k.form ?? "pellet";
    if (alpha == null || !h.amount || h.use === "dry_hop") return 0;
    let minutes = h.use === "boil" ? Math.min(h.time, boilTime) : h.time, factor = 1;
    if (h.use === "mash") [minutes, factor] = [boilTime, C.MASH_HOP_FACTOR];
    if (h.use === "first_wort") [minutes, factor] = [boilTime, C.FIRST_WORT_FACTOR];
    if (minutes <= 0) return 0;
    if (form === "pellet") factor *= C.PELLET_FACTOR;
    let u;
    if (content.ibu_method === "rager") u = (18.11 + 13.86 * Math.tanh((minutes - 31.32) / 18.27)) / 100 / (1 + Math.max(0, (gravity - 1.05) / 0.2));
    else u = (1.65 * Math.pow(0.000125, gravity - 1) * (1 - Math.exp(-0.04 * minutes))) / 4.15;
    return factor * u * h.amount * (alpha / 100) * 1000 / litres;
  }

  scale() {
    const c = this.content;
    const newBatch = this.parsed(this.$(".re-scale-batch").value) || c.batch_size;
    const newEff = this.parsed(this.$(".re-scale-eff").value) || c.efficiency;
    if (!c.batch_size || !c.efficiency || !newBatch || !newEff) {
      this.announce(this.t.scale_needs);
      return;
    }
    const before = this.figures(c);
    const ratio = newBatch / c.batch_size;
    const out = { ...c, batch_size: newBatch, efficiency: newEff, boil_size: c.boil_size ? Math.round(c.boil_size * ratio * 1e6) / 1e6 : null };
    out.fermentables = c.fermentables.map((f) => {
      const type = f.type ?? (this.index.fermentables[f.ingredient] || {}).type ?? "grain";
      const factor = ratio * (this.C.MASHED.includes(type) ? c.efficiency / newEff : 1);
      return { ...f, amount: Math.round(f.amount * factor * 1e4) / 1e4 };
    });
    out.miscs = c.miscs.map((m) => ({ ...m, amount: Math.round(m.amount * ratio * 1e3) / 1e3 }));
    out.yeasts = c.yeasts.map((y) => ({ ...y, amount: Math.round(y.amount * ratio * 100) / 100 }));
    const perGram = this.figures({ ...out, hops: c.hops.map((h) => ({ ...h, amount: 1 })) });
    out.hops = c.hops.map((h) => {
      const target = before[h.id] || 0, unit = perGram[h.id] || 0;
      const amount = target > 0 && unit > 0 ? target / unit : h.amount * ratio;
      return { ...h, amount: Math.round(amount * 100) / 100 };
    });
    this.content = out;
    this.render();
    this.announce(format(this.t.scaled, { batch: newBatch, eff: newEff }));
    this.changed();
  }

  // --- the live check

  headers() {
    return { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": this.csrf };
  }

  setCheckStatus(text, state) {
    const status = this.$(".re-check-status");
    status.textContent = text;
    status.dataset.state = state;
    this.$(".re-report").setAttribute("aria-busy", String(state === "busy"));
  }

  scheduleCheck() {
    window.clearTimeout(this.checkTimer);
    if (this.checkController) this.checkController.abort();
    this.setCheckStatus(this.t.checking, "busy");
    this.checkTimer = window.setTimeout(() => this.check(), CHECK_DELAY);
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
        method: "POST", headers: this.headers(), body: JSON.stringify({ content: this.content }),
        credentials: "same-origin", signal: controller.signal,
      });
      const data = await response.json().catch(() => ({}));
      if (seq !== this.checkSeq) return;
      if (response.ok) {
        this.showCheck(data);
        this.setCheckStatus(this.t.check_done, "done");
      } else {
        const errors = data.errors ? Object.entries(data.errors).map(([k, v]) => k + ": " + v.join(" ")).slice(0, 2).join("; ") : "";
        this.setCheckStatus(format(this.t.check_failed, { message: errors || data.detail || response.status }), "error");
      }
    } catch (error) {
      if (error.name === "AbortError") return;
      if (seq === this.checkSeq) this.setCheckStatus(this.t.offline, "error");
    } finally {
      if (this.checkController === controller) this.checkController = null;
    }
  }

  number(value, digits) {
    const n = Number(value);
    if (!Number.isFinite(n)) return "—";
    return new Intl.NumberFormat(this.lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
  }

  money(value) {
    if (value === null || value === undefined) return "—";
    try {
      return new Intl.NumberFormat(this.lang, { style: "currency", currency: this.kit.currency || "EUR" }).format(Number(value));
    } catch (e) {
      return Number(value).toFixed(2);
    }
  }

  showCheck(data) {
    const t = this.t;
    this.lastCheck = data;
    const metrics = Object.fromEntries((data.metrics || []).map((m) => [m.key, m]));
    const style = this.styles[this.content.style];
    const srm = Number(metrics.srm && metrics.srm.value);
    const s = Math.max(0, Math.min(Number.isFinite(srm) ? srm : 0, 50));
    const hex = (x) => Math.round(x).toString(16).padStart(2, "0");
    this.$(".re-swatch").style.background = "#" + hex(255 * 0.975 ** s) + hex(255 * 0.88 ** s) + hex(255 * 0.7 ** s);
    this.$(".re-style-name").textContent = style ? style.code + " " + style.name + " (BJCP 2021)" : "";
    const rows = [
      ["og", 3, [1.02, 1.12]], ["fg", 3, [0.995, 1.035]], ["abv", 1, [0, 12]], ["ibu", 1, [0, 120]],
      ["srm", 1, [0, 45]], ["ebc", 1, null], ["bu_gu", 2, null], ["calories", 0, null], ["price", 2, null],
    ];
    const list = this.$(".re-metrics");
    list.replaceChildren();
    for (const [key, digits, scale] of rows) {
      const m = metrics[key];
      if (!m) continue;
      const value = m.value === null ? null : Number(m.value);
      const text = value === null ? "—" : key === "price" ? this.money(value) : this.number(value, digits) + (m.unit && m.unit !== "IBU" ? " " + m.unit : "");
      const dd = el("dd", {}, el("span", { class: "re-metric-value", text }));
      const range = style && style[key];
      if (scale && range) {
        const frac = (v) => Math.max(0, Math.min(1, (v - scale[0]) / (scale[1] - scale[0])));
        const where = value === null ? "" : value < range[0] ? t.below_range : value > range[1] ? t.above_range : t.in_range;
        const lo = this.number(range[0], digits), hi = this.number(range[1], digits);
        const bar = el("span", { class: "re-bar", role: "img", "aria-label": format(t.style_range, { lo, hi }) + (where ? ", " + where : "") });
        const band = el("span", { class: "re-bar-range" });
        band.style.left = frac(range[0]) * 100 + "%";
        band.style.width = Math.max(1, (frac(range[1]) - frac(range[0])) * 100) + "%";
        bar.append(band);
        if (value !== null) {
          const mark = el("span", { class: "re-bar-mark" + (where === t.in_range ? "" : " re-out") });
          mark.style.left = frac(value) * 100 + "%";
          bar.append(mark);
        }
        dd.append(bar, el("small", { class: "re-muted", text: format(t.style_range, { lo, hi }) + (where ? " · " + where : "") }));
      }
      list.append(el("div", { "data-metric": key }, el("dt", { text: m.label }), dd));
    }
    // per-addition IBU, from the same formulas as the server
    if (this.content.batch_size && this.content.efficiency) {
      const ibus = this.figures(this.content);
      for (const cell of this.root.querySelectorAll(".re-hop-ibu")) cell.textContent = this.number(ibus[cell.dataset.hop] || 0, 1);
    }
    // problems
    const problems = data.problems || [];
    const errors = problems.filter((p) => p.severity === "error").length;
    const summary = this.$(".re-validity");
    summary.textContent = errors ? format(t.invalid, { count: errors }) : problems.length ? t.valid_with_warnings : t.valid;
    summary.dataset.valid = String(!errors);
    const plist = this.$(".re-problems");
    plist.replaceChildren();
    for (const p of problems) {
      plist.append(el("li", { class: "re-problem-" + p.severity, "data-code": p.code }, el("span", { class: "re-severity", text: p.severity === "error" ? t.error : t.warning }), " ", el("span", { text: p.message })));
    }
    for (const row of this.root.querySelectorAll("tr[data-element]")) {
      row.classList.toggle("re-at-fault", problems.some((p) => p.severity === "error" && (p.elements || []).includes(row.dataset.element)));
    }
    // the ingredient pack
    const body = this.$(".re-bom tbody");
    body.replaceChildren();
    for (const line of data.bom || []) {
      let availability;
      if (!line.in_kit) availability = t.not_in_kit;
      else if (!line.available) availability = format(t.short_stock, { stock: this.number(line.stock, 0) });
      else if (line.stock !== null && line.stock !== undefined) availability = format(t.in_stock, { stock: this.number(line.stock, 0) });
      else availability = t.available;
      body.append(el("tr", { class: line.in_kit && line.available ? null : "re-bom-warn", "data-key": line.key },
        el("td", {}, el("span", { text: line.name }), line.variant ? el("small", { class: "re-muted", text: " " + line.variant }) : null),
        el("td", { class: "re-num", text: this.number(line.quantity, line.unit === "kg" ? 3 : 1) + " " + line.unit }),
        el("td", { class: "re-num", text: this.money(line.total_price) }),
        el("td", { text: availability })));
    }
    this.$(".re-bom").hidden = !(data.bom || []).length;
    this.$(".re-total-price").textContent = this.money((data.totals || {}).price);
  }

  // --- saving (the brick editor's pattern)

  bindSave() {
    this.$(".re-save").addEventListener("submit", (event) => {
      event.preventDefault();
      this.save(!this.urls.save);
    });
    this.$(".re-conflict-suggest").addEventListener("click", () => this.save(true));
    this.$(".re-conflict-dismiss").addEventListener("click", () => { this.$(".re-conflict").hidden = true; });
  }

  setSaveStatus(text, state) {
    const status = this.$(".re-save-status");
    status.textContent = text;
    status.dataset.state = state;
  }

  // posting and the answer (201, 409 conflict, 403 → offer to suggest, 400, offline): studio/editor-save.js
  save(asSuggestion) {
    return window.BoucleEditorSave.save(this, "re", asSuggestion, {
      content: () => JSON.parse(JSON.stringify(this.content)),
      saved: () => {
        this.$(".re-dirty").hidden = JSON.stringify(this.content) === this.savedJSON;
      },
    });
  }
}

for (const root of document.querySelectorAll(".recipe-editor[data-config]")) {
  try {
    new RecipeEditor(root).start();
  } catch (error) {
    console.error(error);
    const note = root.querySelector(".re-failed");
    if (note) note.hidden = false;
  }
}
