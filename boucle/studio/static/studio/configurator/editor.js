// The configurator editor: the choices are the form's radio buttons and checkboxes; every change posts the
// configuration to the studio's check endpoint and shows the answer (validity, broken rules, the nearest valid
// configuration as a one-click fix, choices the others rule out, price, BOM, metrics). The picture stacks the
// kit's layer images in z order. Markup and strings come from studio/kinds/configurator/editor.html.
//
// The check's problems this script understands (docs/CONFIGURATOR.md):
//   code "fix": elements "set:<group>:<choice>+<choice>" — the groups to change to reach the nearest valid
//               configuration ("set:<group>:" empties a group);
//   code "unreachable": elements[0] is a choice no valid configuration holds with the other groups' choices.
(function () {
  "use strict";

  const CHECK_DELAY = 150;

  function readJSON(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, (m, key) => (key in values ? String(values[key]) : m));
  }

  function cookie(name) {
    const match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  class ConfiguratorEditor {
    constructor(root) {
      this.root = root;
      const config = readJSON("ce-config");
      this.urls = config.urls || {};
      this.parent = config.parent;
      this.csrf = config.csrf || cookie("csrftoken");
      this.t = config.strings;
      this.layerBase = config.layers || "";
      this.kit = readJSON("ce-kit") || {};
      this.lang = document.documentElement.lang || "en";
      this.form = root.querySelector(".ce-groups");
      this.groups = new Map((this.kit.groups || []).map((g) => [g.id, g]));
      this.choices = new Map();
      for (const g of this.kit.groups || []) for (const c of g.choices) this.choices.set(c.id, { group: g, choice: c });
      this.checkSeq = 0;
      this.fix = null;
      this.load(readJSON("ce-content") || { selections: {} });
      this.savedJSON = JSON.stringify(this.content());
      this.showPrices();
      this.bind();
      this.update();
      this.check();
    }

    $(selector) {
      return this.root.querySelector(selector);
    }

    // --- the configuration <-> the form

    load(content) {
      const dropped = [];
      const selections = content.selections || {};
      for (const input of this.form.querySelectorAll("input")) input.checked = false;
      for (const [groupId, ids] of Object.entries(selections)) {
        for (const id of ids) {
          const found = this.choices.get(id);
          const input = found && found.group.id === groupId ? this.input(groupId, id) : null;
          if (input) input.checked = true;
          else dropped.push(id);
        }
      }
      for (const g of this.kit.groups || []) {
        if (g.max === 1 && g.min === 0 && !(selections[g.id] || []).length) {
          const none = this.input(g.id, "");
          if (none) none.checked = true;
        }
      }
      const note = this.$(".ce-dropped");
      note.hidden = !dropped.length;
      note.textContent = dropped.length ? format(this.t.dropped, { list: dropped.join(", ") }) : "";
    }

    input(groupId, choiceId) {
      for (const input of this.form.querySelectorAll(`input[name="g-${CSS.escape(groupId)}"]`)) {
        if (input.value === choiceId) return input;
      }
      return null;
    }

    content() {
      const selections = {};
      for (const g of this.kit.groups || []) {
        const ids = [];
        for (const input of this.form.querySelectorAll(`input[name="g-${CSS.escape(g.id)}"]`)) {
          if (input.checked && input.value) ids.push(input.value);
        }
        if (ids.length) selections[g.id] = ids.sort();
      }
      return { selections };
    }

    chosen() {
      const ids = [];
      for (const list of Object.values(this.content().selections)) ids.push(...list);
      return ids;
    }

    // --- what shows without asking the server: picture, price, dirty state

    money(value) {
      const number = Number(value);
      if (!Number.isFinite(number)) return "—";
      try {
        return new Intl.NumberFormat(this.lang, { style: "currency", currency: this.kit.currency || "EUR" }).format(number);
      } catch (e) {
        return number.toFixed(2) + " " + (this.kit.currency || "");
      }
    }

    showPrices() {
      for (const span of this.root.querySelectorAll(".ce-choice-price")) {
        const price = Number(span.dataset.price);
        span.textContent = price ? "+" + this.money(price) : "";
      }
    }

    update() {
      const ids = this.chosen();
      // picture
      const layers = [];
      const product = this.kit.product || {};
      if (product.layer) layers.push([product.layer.z || 0, -1, product.layer.image]);
      let n = 0;
      for (const g of this.kit.groups || []) {
        for (const c of g.choices) {
          n += 1;
          if (c.layer && ids.includes(c.id)) layers.push([c.layer.z || 0, n, c.layer.image]);
        }
      }
      layers.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const picture = this.$(".ce-picture");
      picture.replaceChildren(
        ...layers.map(([z, , image]) => el("img", { src: this.layerBase + image, alt: "", "aria-hidden": "true", style: `z-index:${z + 1000}` }))
      );
      const names = ids.map((id) => this.choices.get(id).choice.name);
      picture.setAttribute("aria-label", [product.name || "", ...names].filter(Boolean).join(", "));
      // price
      let total = Number(product.base_price || 0);
      for (const id of ids) total += Number(this.choices.get(id).choice.price || 0);
      this.$(".ce-price").textContent = this.money(total);
      this.$(".ce-dirty").hidden = JSON.stringify(this.content()) === this.savedJSON;
    }

    // --- the live check

    bind() {
      this.form.addEventListener("change", () => this.changed());
      this.form.addEventListener("submit", (event) => event.preventDefault());
      this.$(".ce-fix-apply").addEventListener("click", () => this.applyFix());
      const save = this.$(".ce-save");
      save.addEventListener("submit", (event) => {
        event.preventDefault();
        this.save(!this.urls.save);
      });
      this.$(".ce-conflict-suggest").addEventListener("click", () => this.save(true));
      this.$(".ce-conflict-dismiss").addEventListener("click", () => {
        this.$(".ce-conflict").hidden = true;
        this.$(".ce-message").focus();
      });
    }

    changed() {
      this.update();
      window.clearTimeout(this.timer);
      this.setCheckStatus(this.t.checking, "busy");
      this.timer = window.setTimeout(() => this.check(), CHECK_DELAY);
    }

    setCheckStatus(text, state) {
      const status = this.$(".ce-check-status");
      status.textContent = text;
      status.dataset.state = state;
    }

    headers() {
      return { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": this.csrf };
    }

    async check() {
      if (!this.urls.check) return;
      if (this.controller) this.controller.abort();
      const controller = new AbortController();
      this.controller = controller;
      const seq = ++this.checkSeq;
      this.setCheckStatus(this.t.checking, "busy");
      try {
        const response = await fetch(this.urls.check, {
          method: "POST",
          headers: this.headers(),
          body: JSON.stringify({ content: this.content() }),
          credentials: "same-origin",
          signal: controller.signal,
        });
        const data = await response.json().catch(() => ({}));
        if (seq !== this.checkSeq) return;
        if (response.ok) {
          this.show(data);
          this.setCheckStatus(this.t.check_done, "done");
        } else {
          this.setCheckStatus(format(this.t.check_failed, { message: data.detail || response.status }), "error");
        }
      } catch (error) {
        if (error.name === "AbortError") return;
        if (seq === this.checkSeq) this.setCheckStatus(this.t.offline, "error");
      } finally {
        if (this.controller === controller) this.controller = null;
      }
    }

    show(data) {
      const t = this.t;
      const problems = data.problems || [];
      const validity = this.$(".ce-validity");
      validity.dataset.valid = String(!!data.valid);
      validity.textContent = data.valid ? t.valid : t.invalid;
      const list = this.$(".ce-problems");
      list.replaceChildren(
        ...problems
          .filter((p) => p.severity === "error")
          .map((p) => el("li", { class: "ce-problem", "data-code": p.code, text: p.message }))
      );
      // the fix
      const fix = problems.find((p) => p.code === "fix");
      this.fix = fix ? fix.elements : null;
      this.$(".ce-fix").hidden = !fix;
      this.$(".ce-fix-text").textContent = fix ? fix.message : "";
      // greyed choices
      const blocked = new Map();
      for (const p of problems) if (p.code === "unreachable" && p.elements.length) blocked.set(p.elements[0], p.message);
      for (const label of this.root.querySelectorAll(".ce-choice[data-choice]")) {
        const reason = blocked.get(label.dataset.choice);
        label.classList.toggle("ce-blocked", !!reason);
        const why = label.querySelector(".ce-why");
        why.textContent = reason ? reason : "";
        why.title = reason || "";
      }
      // BOM and metrics
      const body = this.$(".ce-bom tbody");
      body.replaceChildren(
        ...(data.bom || []).map((line) => {
          let availability = t.available;
          if (!line.in_kit) availability = t.not_in_kit;
          else if (!line.available) availability = format(t.short_stock, { stock: line.stock });
          else if (line.stock !== null && line.stock !== undefined) availability = format(t.in_stock, { stock: Number(line.stock) });
          return el(
            "tr",
            { "data-key": line.key, class: line.in_kit && line.available ? null : "ce-warn" },
            el("td", { text: line.name }),
            el("td", { text: line.variant }),
            el("td", { class: "ce-num", text: line.total_price === null ? "—" : this.money(line.total_price) }),
            el("td", { text: availability })
          );
        })
      );
      const totals = data.totals || {};
      this.$(".ce-total").textContent = totals.price === null || totals.price === undefined ? "—" : this.money(totals.price);
      const metrics = this.$(".ce-metrics");
      metrics.replaceChildren(
        ...(data.metrics || []).map((m) =>
          el("div", {}, el("dt", { text: m.label }), el("dd", { text: m.value === null ? "—" : `${m.value} ${m.unit}`.trim() }))
        )
      );
    }

    applyFix() {
      if (!this.fix) return;
      for (const step of this.fix) {
        const match = /^set:([^:]+):(.*)$/.exec(step);
        if (!match) continue;
        const groupId = match[1];
        const ids = match[2] ? match[2].split("+") : [];
        for (const input of this.form.querySelectorAll(`input[name="g-${CSS.escape(groupId)}"]`)) {
          input.checked = input.value ? ids.includes(input.value) : ids.length === 0;
        }
      }
      this.announce(this.t.fix_applied);
      this.changed();
      this.$(".ce-validity").focus({ preventScroll: true });
    }

    announce(text) {
      const live = this.$(".ce-live");
      live.textContent = "";
      window.setTimeout(() => (live.textContent = text), 30);
    }

    // --- saving

    setSaveStatus(text, state) {
      const status = this.$(".ce-save-status");
      status.textContent = text;
      status.dataset.state = state;
    }

    // posting and the answer (201, 409 conflict, 403 → offer to suggest, 400, offline): studio/editor-save.js
    save(asSuggestion) {
      return window.BoucleEditorSave.save(this, "ce", asSuggestion, {
        content: () => this.content(),
        after: () => this.update(),
      });
    }
  }

  function start() {
    for (const root of document.querySelectorAll(".configurator-editor")) {
      try {
        root.editor = new ConfiguratorEditor(root);
        root.dataset.ready = "true";
      } catch (error) {
        const failed = root.querySelector(".ce-failed");
        if (failed) failed.hidden = false;
        throw error;
      }
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
