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
