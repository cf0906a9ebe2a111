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

// An enhanced form (data-hx-post) whose answer is not its own fragment — an error, or the
// sign-in page after the session ended — is sent again as a plain form: the person sees that
// page, not a fragment of it where the button was, nor nothing at all.
document.addEventListener("htmx:beforeSwap", (event) => {
  const form = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!(form instanceof HTMLFormElement)) return;
  const xhr = event.detail.xhr;
  const redirected = xhr.responseURL && new URL(xhr.responseURL).pathname !== new URL(form.action).pathname;
  if (xhr.status >= 400 || redirected) {
    event.detail.shouldSwap = false;
    form.submit();
  }
});

// After a follow button is swapped, keep the focus on it (the new one, same id).
document.addEventListener("htmx:afterSwap", (event) => {
  const form = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!(form instanceof HTMLFormElement) || !form.id) return;
  const button = document.querySelector(`#${CSS.escape(form.id)} button`);
  if (button instanceof HTMLElement) button.focus();
});
