// Search-as-you-type pickers (core/pickers.py). Without this file the picker is a plain text
// box for the id that the server validates; with it, a search box whose results htmx fetches
// from /pick/<kind>/, chosen with the mouse or the keyboard (↓ ↑ Enter Esc). No inline script:
// the CSP forbids it.
(function () {
  "use strict";

  function parts(picker) {
    return {
      value: picker.querySelector(".picker-value"),
      search: picker.querySelector(".picker-search"),
      results: picker.querySelector(".picker-results"),
      current: picker.querySelector(".picker-current"),
    };
  }

  function options(picker) {
    return Array.from(picker.querySelectorAll(".picker-option"));
  }

  function close(picker) {
    const p = parts(picker);
    p.results.replaceChildren();
    p.search.setAttribute("aria-expanded", "false");
    p.search.removeAttribute("aria-activedescendant");
  }

  function activate(picker, index) {
    const p = parts(picker);
    const list = options(picker);
    list.forEach(function (opt, i) {
      opt.setAttribute("aria-selected", i === index ? "true" : "false");
      opt.classList.toggle("active", i === index);
    });
    if (index >= 0 && list[index]) {
      p.search.setAttribute("aria-activedescendant", list[index].id);
      list[index].scrollIntoView({ block: "nearest" });
    } else {
      p.search.removeAttribute("aria-activedescendant");
    }
  }

  function activeIndex(picker) {
    return options(picker).findIndex(function (opt) {
      return opt.classList.contains("active");
    });
  }

  function choose(picker, opt) {
    const p = parts(picker);
    p.value.value = opt.dataset.value;
    p.search.value = opt.dataset.label;
    p.search.dataset.chosen = opt.dataset.label;
    p.current.textContent = opt.dataset.detail || "";
    close(picker);
    p.value.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function setUp(picker) {
    if (picker.dataset.pickerReady) return;
    picker.dataset.pickerReady = "1";
    const p = parts(picker);
    // The search box takes the place of the id box, and the field's label with it.
    picker.querySelector(".picker-box").hidden = false;
    picker.querySelector(".picker-help").hidden = true;
    p.value.type = "hidden";
    const label = document.querySelector('label[for="' + p.value.id + '"]');
    if (label) label.htmlFor = p.search.id;
    const detail = p.current.querySelector(".muted");
    p.current.textContent = detail ? detail.textContent : "";
    p.search.dataset.chosen = p.search.value;
    p.results.id = p.results.id || p.search.id + "-results";

    p.search.addEventListener("input", function () {
      // Typing again drops the previous choice: the form never saves a name that was not picked.
      if (p.search.value !== p.search.dataset.chosen) {
        p.value.value = "";
        p.current.textContent = "";
      }
    });
    p.search.addEventListener("keydown", function (event) {
      const list = options(picker);
      let i = activeIndex(picker);
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.length) activate(picker, Math.min(i + 1, list.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (list.length) activate(picker, Math.max(i - 1, 0));
      } else if (event.key === "Enter") {
        if (list.length) {
          event.preventDefault();
          choose(picker, list[i >= 0 ? i : 0]);
        }
      } else if (event.key === "Escape") {
        if (list.length) {
          event.preventDefault();
          close(picker);
        }
      }
    });
    p.results.addEventListener("mousedown", function (event) {
      const opt = event.target.closest(".picker-option");
      if (opt) {
        event.preventDefault(); // keep the focus in the search box
        choose(picker, opt);
      }
    });
    p.search.addEventListener("blur", function () {
      window.setTimeout(function () {
        if (!picker.contains(document.activeElement)) close(picker);
      }, 150);
    });
  }

  function setUpAll(root) {
    (root || document).querySelectorAll("[data-picker]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpAll(document);
  });

  // The form's date goes with every search: units are offered as they stood that day.
  document.addEventListener("htmx:configRequest", function (event) {
    const picker = event.detail.elt.closest && event.detail.elt.closest("[data-picker]");
    if (!picker) return;
    const name = picker.dataset.dateField;
    const form = picker.closest("form");
    if (name && form) {
      const input = form.elements.namedItem(name);
      if (input && /^\d{4}(-\d{2}-\d{2})?$/.test(input.value)) event.detail.parameters.on = input.value;
    }
  });

  // A refusal (400) carries a message in words: show it instead of dropping it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    const target = event.detail.target;
    if (target && target.classList.contains("picker-results") && event.detail.xhr.status < 500) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    const target = event.detail.target;
    if (!target || !target.classList.contains("picker-results")) return;
    const picker = target.closest("[data-picker]");
    const search = picker.querySelector(".picker-search");
    options(picker).forEach(function (opt, i) {
      opt.id = target.id + "-" + i;
    });
    search.setAttribute("aria-expanded", options(picker).length ? "true" : "false");
    if (options(picker).length) activate(picker, 0);
  });
  // A "create one" link keeps what was typed: the form's values ride in its `next` address,
  // and the form opens again with them (and the new record chosen) after the record is saved.
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a[data-keep-form]");
    const form = link && link.closest("form");
    if (!form) return;
    const url = new URL(link.href, window.location.href);
    const back = new URL(url.searchParams.get("next") || window.location.pathname, window.location.href);
    new FormData(form).forEach(function (value, key) {
      if (key === "csrfmiddlewaretoken" || typeof value !== "string" || value === "") return;
      back.searchParams.set(key, value);
    });
    url.searchParams.set("next", back.pathname + back.search);
    link.href = url.pathname + url.search;
  });
})();
