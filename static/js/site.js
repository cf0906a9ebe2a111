// Small enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  const errors = document.querySelector(".form-errors");
  if (errors instanceof HTMLElement) errors.focus();
});

// Browsers without ::details-content cannot lay a closed <details> out open on wide screens
// (site.css): open the menu and the folded filters there instead.
document.addEventListener("DOMContentLoaded", () => {
  if (CSS.supports("selector(::details-content)")) return;
  for (const [selector, width] of [[".menu", "60rem"], [".fold", "50rem"]]) {
    if (!window.matchMedia(`(min-width: ${width})`).matches) continue;
    for (const details of document.querySelectorAll(selector)) details.open = true;
  }
});

// The error summary's links lead to the field itself, focused: on a phone the field can be far
// below. A field a picker hid (static/js/picker.js) is reached through its search box.
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element && event.target.closest(".form-errors a[href^='#']");
  if (!link) return;
  const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!target) return;
  const field = target.hidden ? document.getElementById(`${target.id}-search`) : target;
  if (!field) return;
  event.preventDefault();
  field.scrollIntoView({ block: "center" });
  const control = field.matches("fieldset") ? field.querySelector("input, select, textarea") : field;
  if (control) control.focus({ preventScroll: true });
});
