// Review queue: select with J/K, confirm with C, dismiss with D (a reason is required), F toggles
// the full annotated image. Verdicts go to the JSON API; the cookie authenticates, and the
// X-Requested-With header proves the request came from this page (the API's CSRF check).
(function () {
  "use strict";
  const queue = document.getElementById("queue");
  if (!queue) return;
  const STATUS_TEXT = { confirm: "已确认", dismiss: "已驳回" };
  const items = () => Array.from(queue.querySelectorAll(".item"));
  const selected = () => queue.querySelector(".item.selected");

  function select(item) {
    if (!item) return;
    items().forEach((el) => el.classList.toggle("selected", el === item));
    item.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const all = items();
    const index = all.indexOf(selected());
    select(all[Math.min(all.length - 1, Math.max(0, index + step))]);
  }

  function toggleFull(item) {
    const full = item.querySelector("img.full");
    if (!full.src) full.src = full.dataset.src;  // drawn on demand: annotation costs server CPU
    full.hidden = !full.hidden;
  }

  async function review(item, verdict) {
    const reasonInput = item.querySelector(".reason");
    const feedback = item.querySelector(".feedback");
    const reason = reasonInput.value.trim();
    if (verdict === "dismiss" && !reason) {
      feedback.textContent = "驳回需要填写原因";
      feedback.classList.add("error");
      reasonInput.focus();
      return;
    }
    feedback.textContent = "提交中…";
    feedback.classList.remove("error");
    const response = await fetch(`/api/v1/violations/${item.dataset.id}/review`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Requested-With": "storecheck" },
      body: JSON.stringify({ verdict, reason }),
    });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      feedback.textContent = `失败: ${body.detail || response.status}`;
      feedback.classList.add("error");
      return;
    }
    item.dataset.status = verdict === "confirm" ? "confirmed" : "dismissed";
    item.querySelector("[data-status-text]").textContent = STATUS_TEXT[verdict];
    feedback.textContent = `${STATUS_TEXT[verdict]}`;
    item.classList.add("done");
    reasonInput.blur();
    const next = items().slice(items().indexOf(item) + 1).find((el) => !el.classList.contains("done"));
    select(next || item);
  }

  queue.addEventListener("click", (event) => {
    const item = event.target.closest(".item");
    if (!item) return;
    select(item);
    const button = event.target.closest("button[data-verdict]");
    if (button) review(item, button.dataset.verdict);
    else if (event.target.matches("img")) toggleFull(item);
  });

  // A shortcut's key is not text: preventDefault, or the D that focuses the empty reason box
  // lands in it as "d" and D, Enter dismisses with reason "d". While typing in a field, keys are
  // text; only Escape leaves the field, and Enter in a reason box dismisses with that reason.
  const SHORTCUTS = {
    j: () => move(1), arrowdown: () => move(1), k: () => move(-1), arrowup: () => move(-1),
    c: (item) => review(item, "confirm"), d: (item) => review(item, "dismiss"),
    r: (item) => item.querySelector(".reason").focus(), f: (item) => toggleFull(item),
  };

  document.addEventListener("keydown", (event) => {
    const field = event.target;
    if (field.matches("input, select, textarea")) {
      if (event.key === "Escape") field.blur();
      else if (event.key === "Enter" && field.matches("input.reason")) {
        event.preventDefault();
        review(field.closest(".item"), "dismiss");
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const action = SHORTCUTS[event.key.toLowerCase()];
    const item = selected();
    if (!action || !item) return;
    event.preventDefault();
    action(item);
  });
})();
