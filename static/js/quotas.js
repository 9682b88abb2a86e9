// Quota allocation: the "Cộng" row sums each column while the user types, and says
// "còn N" / "vượt N" against the unit's own quota (no inline script: the CSP forbids it).
(function () {
  "use strict";

  function fmt(n) {
    return n.toLocaleString("vi-VN");
  }

  function update(form) {
    form.querySelectorAll("[data-quota-total]").forEach(function (cell) {
      const col = cell.getAttribute("data-quota-total");
      let sum = 0;
      let bad = false;
      form.querySelectorAll('input[data-quota-col="' + col + '"]').forEach(function (input) {
        const raw = input.value.trim();
        if (raw === "") return;
        if (!/^\d+$/.test(raw)) {
          bad = true;
          input.setAttribute("aria-invalid", "true");
          return;
        }
        input.removeAttribute("aria-invalid");
        sum += parseInt(raw, 10);
      });
      let text = fmt(sum);
      const limitRaw = cell.getAttribute("data-quota-limit");
      cell.classList.remove("error");
      if (limitRaw) {
        const limit = parseInt(limitRaw, 10);
        if (sum > limit) {
          text += " (vượt " + fmt(sum - limit) + ")";
          cell.classList.add("error");
        } else {
          text += " / " + fmt(limit) + (sum < limit ? " (còn " + fmt(limit - sum) + ")" : "");
        }
      }
      if (bad) {
        text += " — có ô không phải số";
        cell.classList.add("error");
      }
      cell.textContent = text;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("child-quotas");
    if (!form) return;
    form.addEventListener("input", function () {
      update(form);
    });
    update(form);
  });
})();
