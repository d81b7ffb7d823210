// Keyboard shortcuts for the coordinator's queue: j/k move, c confirms, r rejects.
// Progressive enhancement only: every action is a plain form that works without this file.
(function () {
  "use strict";
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-candidate]"));
  if (!cards.length) { return; }
  cards.forEach(function (card) { card.setAttribute("tabindex", "-1"); });

  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest("[data-candidate]") : null;
  }

  function focusCard(index) {
    var card = cards[Math.max(0, Math.min(cards.length - 1, index))];
    card.focus();
    card.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
    var card = current();
    var index = card ? cards.indexOf(card) : -1;
    if (event.key === "j") { focusCard(index + 1); event.preventDefault(); }
    else if (event.key === "k") { focusCard(index - 1); event.preventDefault(); }
    else if ((event.key === "c" || event.key === "r") && card) {
      var button = card.querySelector(
        "button[data-decision='" + (event.key === "c" ? "confirm" : "reject") + "']");
      if (button) { event.preventDefault(); button.form.requestSubmit(button); }
    }
  });
})();
