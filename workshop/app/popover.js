// Popover for the highlights of findings: click, tap, focus or Enter on a <mark> opens it.
// It shows the category, the explanation, the alternatives and a link to the finding under
// the editor. Text comes from the mark's data attributes (escaped by render.py) and is only
// ever set with textContent. Nothing is loaded from the network: this file is the whole widget.

const MARK = "mark.rw-finding[data-label]";

function render({ model, el }) {
  el.classList.add("rw-popover-host");
  const part = (tag, className) => Object.assign(document.createElement(tag), { className });
  const labels = () => model.get("labels") || {};
  const id = "rw-popover-" + Math.random().toString(36).slice(2, 10);
  const pop = part("div", "rw-popover");
  pop.id = id;
  pop.setAttribute("role", "dialog");
  pop.hidden = true;
  document.body.append(pop);
  let current = null;
  let refocusing = false; // focus given back to a mark on close must not reopen it

  function close(refocus) {
    if (pop.hidden) return;
    const mark = current;
    current = null;
    if (mark) mark.setAttribute("aria-expanded", "false");
    if (refocus && mark) {
      refocusing = true;
      mark.focus({ preventScroll: true });
      refocusing = false;
    }
    pop.hidden = true;
  }

  function jump(mark) {
    const box = document.querySelector(".rw-editbox-" + CSS.escape(mark.dataset.turn || ""));
    let target = null;
    if (box) {
      for (const msg of box.querySelectorAll(".rw-fmsg[data-text]")) {
        if (msg.dataset.text === mark.dataset.text && msg.dataset.category === mark.dataset.category) {
          target = msg.closest(".rw-finding-row");
          break;
        }
      }
    }
    target = target || box;
    if (target) {
      // Focus moves before the popover hides: hiding the focused link would drop focus to the page.
      target.scrollIntoView({ block: "center" });
      target.classList.add("rw-flash");
      setTimeout(() => target.classList.remove("rw-flash"), 1600);
      // The row itself takes focus, not its first button: the Enter that followed the link would press it.
      if (!target.hasAttribute("tabindex")) target.tabIndex = -1;
      target.focus({ preventScroll: true });
    }
    close(false);
  }

  function open(mark, moveFocus) {
    if (current && current !== mark) current.setAttribute("aria-expanded", "false");
    current = mark;
    const text = labels();
    const title = part("strong", "rw-pop-label");
    title.id = id + "-title";
    title.textContent = mark.dataset.label || "";
    const shut = part("button", "rw-pop-close");
    shut.type = "button";
    shut.textContent = "×";
    shut.setAttribute("aria-label", text.close || "Close");
    shut.addEventListener("click", () => close(true));
    const head = part("div", "rw-pop-head");
    head.append(title, shut);
    const message = part("p", "rw-pop-message");
    // The message is the hover title's first line after "Label: " (sent once, not twice per mark).
    const first = (mark.getAttribute("title") || "").split("\n")[0];
    const lead = (mark.dataset.label || "") + ": ";
    message.textContent = first.startsWith(lead) ? first.slice(lead.length) : first;
    pop.replaceChildren(head, message);
    const alts = (mark.dataset.alts || "").split("\n").filter(Boolean);
    if (alts.length) {
      const caption = part("div", "rw-pop-caption");
      caption.textContent = text.alternatives || "";
      const list = part("ul", "rw-pop-alts");
      for (const alt of alts) list.append(Object.assign(document.createElement("li"), { textContent: alt }));
      pop.append(caption, list);
    }
    const link = part("a", "rw-pop-jump");
    link.href = "#";
    link.textContent = text.jump || "";
    link.addEventListener("click", (e) => { e.preventDefault(); jump(mark); });
    pop.append(link);
    if (mark.dataset.rule) {
      const rule = part("small", "rw-rule-id");
      rule.textContent = mark.dataset.rule;
      pop.append(rule);
    }
    pop.setAttribute("aria-labelledby", title.id);
    mark.setAttribute("aria-expanded", "true");
    mark.setAttribute("aria-controls", id);
    pop.hidden = false;
    const r = mark.getBoundingClientRect();
    const width = Math.min(360, window.innerWidth - 16);
    pop.style.width = width + "px";
    pop.style.left = Math.max(8, Math.min(r.left, window.innerWidth - width - 8)) + window.scrollX + "px";
    pop.style.top = r.bottom + window.scrollY + 6 + "px";
    if (moveFocus) link.focus({ preventScroll: true });
  }

  const onClick = (e) => {
    const mark = e.target.closest && e.target.closest(MARK);
    if (mark) open(mark, false);
    else if (!pop.contains(e.target)) close(false);
  };
  const onKey = (e) => {
    const mark = e.target.closest && e.target.closest(MARK);
    if (mark && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      open(mark, true);
    } else if (e.key === "Escape" && !pop.hidden) {
      close(true);
    }
  };
  const onFocus = (e) => {
    const mark = e.target.closest && e.target.closest(MARK);
    if (mark) {
      if (!refocusing) open(mark, false);
    } else if (!pop.contains(e.target)) close(false);
  };
  document.addEventListener("click", onClick);
  document.addEventListener("keydown", onKey);
  document.addEventListener("focusin", onFocus);
  return () => {
    document.removeEventListener("click", onClick);
    document.removeEventListener("keydown", onKey);
    document.removeEventListener("focusin", onFocus);
    pop.remove();
  };
}

export default { render };
