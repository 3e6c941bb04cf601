// Saving from a studio editor (bricks, recipes, configurator): one way to post and to read the answer.
// Each editor's template loads this script before the editor's own (no build step); it defines
// window.BoucleEditorSave = { save, showConflict }.
//
// save(editor, prefix, asSuggestion, options) posts {content, parent, message} to urls.save (a new revision) or
// urls.suggest (a suggestion), then shows the answer:
//   201: saved (the editor's parent becomes the new revision) or suggested (with a link to the suggestions);
//   409: someone saved since the parent: a conflict to show, never an overwrite;
//   403 on a save: not in the design's team: the conflict box offers to suggest the change instead;
//   other (400...): the answer's detail and first field errors;
//   no answer: offline, nothing saved.
// The editor passes itself: urls {save, suggest, suggestions}, t (its strings), parent, savedJSON, saving,
// $(selector), setSaveStatus(text, state), announce(text); its markup has the classes <prefix>-save-button,
// -save-status, -message, -conflict, -conflict-title, -conflict-detail and -conflict-suggest.
// options: content() the content to save (read once the save starts); saved(data) after a revision is saved
// (before the status says so); after() once the answer is a 201; announceStatus: false announces the plain
// "saved"/"suggested" words rather than the status line (which may end with the suggestions link's text).
(function () {
  "use strict";

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, (m, key) => (key in values ? String(values[key]) : m));
  }

  function link(href, text) {
    const a = document.createElement("a");
    a.setAttribute("href", href);
    a.textContent = text;
    return a;
  }

  function showConflict(editor, prefix, title, detail, canSuggest) {
    const box = editor.$(`.${prefix}-conflict`);
    editor.$(`.${prefix}-conflict-title`).textContent = title;
    editor.$(`.${prefix}-conflict-detail`).textContent = detail;
    editor.$(`.${prefix}-conflict-suggest`).hidden = !(canSuggest && editor.urls.suggest);
    box.hidden = false;
    box.focus();
    editor.announce(title + " " + detail);
  }

  async function save(editor, prefix, asSuggestion, options = {}) {
    if (editor.saving) return;
    const url = asSuggestion ? editor.urls.suggest : editor.urls.save;
    if (!url) return;
    const t = editor.t;
    const $ = (name) => editor.$(`.${prefix}-${name}`);
    const content = options.content();
    const message = $("message").value;
    editor.saving = true;
    $("save-button").disabled = true;
    $("conflict").hidden = true;
    editor.setSaveStatus(asSuggestion ? t.suggesting : t.saving, "busy");
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: editor.headers(),
        body: JSON.stringify({ content, parent: editor.parent, message }),
        credentials: "same-origin",
      });
      const data = await response.json().catch(() => ({}));
      if (response.status === 201) {
        if (asSuggestion) {
          editor.setSaveStatus(t.suggested, "done");
          if (editor.urls.suggestions) $("save-status").append(" ", link(editor.urls.suggestions, t.see_suggestions));
        } else {
          editor.parent = data.number;
          editor.savedJSON = JSON.stringify(content);
          if (options.saved) options.saved(data);
          editor.setSaveStatus(format(t.saved, { number: data.number }), "done");
        }
        $("message").value = "";
        if (options.after) options.after();
        if (options.announceStatus === false) {
          editor.announce(asSuggestion ? t.suggested : format(t.saved, { number: data.number }));
        } else {
          editor.announce($("save-status").textContent);
        }
      } else if (response.status === 409) {
        editor.setSaveStatus(t.conflict_title, "error");
        showConflict(editor, prefix, t.conflict_title, data.detail || "", false);
      } else if (response.status === 403 && !asSuggestion && editor.urls.suggest) {
        editor.setSaveStatus(t.not_allowed_title, "error");
        showConflict(editor, prefix, t.not_allowed_title, data.detail || "", true);
      } else {
        const errors = data.errors ? Object.values(data.errors).flat().slice(0, 3).join(" ") : "";
        const detail = [data.detail, errors && errors !== data.detail ? errors : ""].filter(Boolean).join(" ");
        editor.setSaveStatus(format(t.save_failed, { message: detail || response.status }), "error");
        editor.announce($("save-status").textContent);
      }
    } catch (error) {
      editor.setSaveStatus(t.offline_save, "error");
      editor.announce(t.offline_save);
    } finally {
      editor.saving = false;
      $("save-button").disabled = false;
    }
  }

  window.BoucleEditorSave = { save, showConflict };
})();
