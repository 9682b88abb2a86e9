// Small behaviours without inline scripts (the CSP forbids them).
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-toggle]");
  if (toggle) {
    const target = document.getElementById(toggle.dataset.toggle);
    const open = target.classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  }
  const twisty = event.target.closest("[data-expand]");
  if (twisty) {
    const item = twisty.closest("li");
    const expanded = item.getAttribute("aria-expanded") === "true";
    item.setAttribute("aria-expanded", String(!expanded));
    twisty.textContent = expanded ? "▸" : "▾";
    if (expanded) {
      item.querySelector(":scope > ul").innerHTML = "";
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }
}, true);
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});
