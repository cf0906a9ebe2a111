// Pickers (peerlearning/lib/pickers.py): a select becomes a search box whose suggestions come
// from the server as an HTML fragment (HTMX), the chosen items shown as removable chips. The
// select stays in the form, hidden, and carries the value; without this script it is shown.
(() => {
  if (window.peerlearningPickers) return; // the script is included once per picker
  window.peerlearningPickers = true;
  let counter = 0;

  function chosenOptions(select) {
    return Array.from(select.options).filter((option) => option.selected && option.value);
  }

  function renderChips(picker) {
    const { select, chips, root } = picker;
    chips.replaceChildren();
    for (const option of chosenOptions(select)) {
      const chip = document.createElement("li");
      chip.className = "picker-chip";
      const label = document.createElement("span");
      label.textContent = option.textContent;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "picker-remove";
      remove.textContent = "×";
      remove.setAttribute("aria-label", `${root.dataset.pickerRemove}: ${option.textContent}`);
      remove.addEventListener("click", () => {
        option.selected = false;
        if (!select.multiple) select.value = "";
        renderChips(picker);
        picker.input.focus();
      });
      chip.append(label, remove);
      chips.append(chip);
    }
    chips.hidden = chips.children.length === 0;
  }

  function close(picker) {
    picker.list.hidden = true;
    picker.list.replaceChildren();
    picker.input.setAttribute("aria-expanded", "false");
    picker.input.removeAttribute("aria-activedescendant");
  }

  function options(picker) {
    return Array.from(picker.list.querySelectorAll("[role=option][data-value]"));
  }

  function highlight(picker, index) {
    const items = options(picker);
    items.forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
    if (items[index]) {
      picker.input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    }
    picker.active = index;
  }

  function choose(picker, item) {
    const { select } = picker;
    const value = item.dataset.value;
    let option = Array.from(select.options).find((o) => o.value === value);
    if (!option) {
      option = new Option(item.dataset.label || item.textContent.trim(), value);
      select.append(option);
    }
    if (!select.multiple) select.value = "";
    option.selected = true;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    picker.input.value = "";
    close(picker);
    renderChips(picker);
    picker.input.focus();
  }

  function suggest(picker) {
    const text = picker.input.value.trim();
    if (!text) {
      close(picker);
      return;
    }
    htmx
      .ajax("GET", picker.root.dataset.picker, {
        target: picker.list,
        swap: "innerHTML",
        values: { q: text },
      })
      .then(() => {
        const chosen = new Set(chosenOptions(picker.select).map((o) => o.value));
        options(picker).forEach((item, i) => {
          item.id = `${picker.list.id}-${i}`;
          if (chosen.has(item.dataset.value)) item.setAttribute("aria-disabled", "true");
        });
        picker.list.hidden = picker.list.children.length === 0;
        picker.input.setAttribute("aria-expanded", String(!picker.list.hidden));
        highlight(picker, -1);
      });
  }

  function enhance(root) {
    if (root.dataset.pickerReady || typeof htmx === "undefined") return;
    root.dataset.pickerReady = "true";
    const select = root.querySelector("select");
    counter += 1;
    const base = select.id || `picker-${counter}`;
    const input = document.createElement("input");
    input.type = "text";
    input.id = `${base}-search`;
    input.className = "picker-input";
    input.autocomplete = "off";
    input.placeholder = root.dataset.pickerPlaceholder;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    const describedBy = select.getAttribute("aria-describedby");
    if (describedBy) input.setAttribute("aria-describedby", describedBy);
    if (select.getAttribute("aria-invalid")) input.setAttribute("aria-invalid", "true");
    const list = document.createElement("ul");
    list.id = `${base}-suggestions`;
    list.className = "picker-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);
    const chips = document.createElement("ul");
    chips.className = "picker-chips";
    chips.setAttribute("aria-label", root.dataset.pickerChosen);
    list.setAttribute("aria-label", root.dataset.pickerSuggestions);
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    if (label) label.htmlFor = input.id;
    select.hidden = true;
    select.tabIndex = -1;
    root.append(chips, input, list);
    const picker = { root, select, input, list, chips, active: -1, timer: 0 };
    renderChips(picker);

    input.addEventListener("input", () => {
      clearTimeout(picker.timer);
      picker.timer = setTimeout(() => suggest(picker), 200);
    });
    input.addEventListener("keydown", (event) => {
      const items = options(picker);
      if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        highlight(picker, Math.min(picker.active + 1, items.length - 1));
      } else if (event.key === "ArrowUp" && items.length) {
        event.preventDefault();
        highlight(picker, Math.max(picker.active - 1, 0));
      } else if (event.key === "Enter") {
        // Enter picks the highlighted (or only) suggestion; it never submits the form half-done.
        const item = items[picker.active] || (items.length === 1 ? items[0] : null);
        if (item || !list.hidden) event.preventDefault();
        if (item && item.getAttribute("aria-disabled") !== "true") choose(picker, item);
      } else if (event.key === "Escape") {
        close(picker);
      }
    });
    list.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus
    list.addEventListener("click", (event) => {
      const item = event.target.closest("[role=option][data-value]");
      if (item && item.getAttribute("aria-disabled") !== "true") choose(picker, item);
    });
    input.addEventListener("blur", () => setTimeout(() => close(picker), 150));
  }

  function enhanceAll(scope) {
    scope.querySelectorAll("[data-picker]").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", () => enhanceAll(document));
  document.addEventListener("htmx:load", (event) => enhanceAll(event.target));
})();
