// Role-play stage: one turn at a time, large, with a timer and optional read-aloud.
// Text is only ever set with textContent, so transcript text can never become markup.
// Nothing is loaded from the network: this file is the whole widget.

const LANGS = { es: "es-ES", en: "en-US" };

function render({ model, el }) {
  el.classList.add("rw-stage");
  const part = (tag, className) => Object.assign(document.createElement(tag), { className });
  const head = part("div", "rw-stage-head");
  const speaker = part("div", "rw-stage-speaker");
  const counter = part("div", "rw-stage-counter");
  head.append(speaker, counter);
  const text = part("div", "rw-stage-text");
  const original = part("div", "rw-stage-original");
  const bar = part("div", "rw-stage-bar");
  const prev = part("button", "rw-stage-prev");
  const next = part("button", "rw-stage-next");
  const speak = part("button", "rw-stage-speak");
  speak.hidden = true;
  const timer = part("span", "rw-stage-timer");
  const estimate = part("span", "rw-stage-estimate");
  bar.append(prev, next, speak, timer, estimate);
  el.append(head, text, original, bar);

  let started = performance.now();
  const labels = () => model.get("labels") || {};

  function tick() {
    const seconds = Math.floor((performance.now() - started) / 1000);
    timer.textContent = `${labels().timer || "⏱"} ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  }
  const interval = setInterval(tick, 500);

  function show() {
    const l = labels();
    speaker.textContent = model.get("speaker");
    el.dataset.role = model.get("role");
    counter.textContent = `${model.get("step") + 1} / ${model.get("steps")}`;
    text.textContent = model.get("text");
    const before = model.get("original");
    original.textContent = before ? `${l.original || "Original"}: ${before}` : "";
    original.hidden = !before;
    estimate.textContent = model.get("estimate");
    prev.textContent = l.prev || "◀";
    next.textContent = l.next || "▶";
    speak.textContent = l.speak || "🔊";
    prev.disabled = model.get("step") <= 0;
    next.disabled = model.get("step") >= model.get("steps") - 1;
    started = performance.now();
    tick();
  }

  function go(delta) {
    const step = Math.min(Math.max(model.get("step") + delta, 0), model.get("steps") - 1);
    model.set("step", step);
    model.save_changes();
  }
  prev.addEventListener("click", () => go(-1));
  next.addEventListener("click", () => go(1));
  el.tabIndex = 0;
  el.addEventListener("keydown", (event) => {
    if (event.key === "ArrowRight") go(1);
    if (event.key === "ArrowLeft") go(-1);
  });

  // Read-aloud only where the browser has a voice for the transcript's language.
  const synth = window.speechSynthesis;
  function voice() {
    if (!synth) return null;
    const lang = LANGS[model.get("language")] || model.get("language");
    return synth.getVoices().find((v) => v.lang && v.lang.startsWith(lang.slice(0, 2))) || null;
  }
  function updateSpeak() {
    speak.hidden = !voice();
  }
  if (synth) {
    synth.addEventListener("voiceschanged", updateSpeak);
    updateSpeak();
  }
  speak.addEventListener("click", () => {
    const v = voice();
    if (!v) return;
    synth.cancel();
    const utterance = new SpeechSynthesisUtterance(model.get("text"));
    utterance.voice = v;
    utterance.lang = v.lang;
    synth.speak(utterance);
  });

  for (const name of ["speaker", "role", "text", "original", "estimate", "step", "steps", "labels"]) {
    model.on(`change:${name}`, show);
  }
  model.on("change:language", updateSpeak);
  show();
  return () => {
    clearInterval(interval);
    if (synth) {
      synth.removeEventListener("voiceschanged", updateSpeak);
      synth.cancel();
    }
  };
}

export default { render };
