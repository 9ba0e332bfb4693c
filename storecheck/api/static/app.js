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

  document.addEventListener("keydown", (event) => {
    const item = selected();
    if (event.target.matches("input.reason")) {
      if (event.key === "Enter") { event.preventDefault(); review(event.target.closest(".item"), "dismiss"); }
      if (event.key === "Escape") event.target.blur();
      return;
    }
    if (event.target.matches("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === "j" || event.key === "ArrowDown") { move(1); event.preventDefault(); }
    else if (key === "k" || event.key === "ArrowUp") { move(-1); event.preventDefault(); }
    else if (!item) return;
    else if (key === "c") review(item, "confirm");
    else if (key === "d") review(item, "dismiss");
    else if (key === "r") { item.querySelector(".reason").focus(); event.preventDefault(); }
    else if (key === "f") toggleFull(item);
  });
})();
