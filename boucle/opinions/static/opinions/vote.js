// Keyboard shortcuts of the vote card: a agree, d disagree, p pass (not while typing).
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  var button = document.querySelector('#vote-card button[data-key="' + event.key.toLowerCase() + '"]');
  if (button) {
    event.preventDefault();
    button.click();
  }
});
