// Small enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  const errors = document.querySelector(".form-errors");
  if (errors instanceof HTMLElement) errors.focus();
});
