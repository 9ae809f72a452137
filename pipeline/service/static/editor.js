// The editor page: analyse a draft, show entities and suggestions, send the editor's decisions.
// Plain JavaScript, no libraries; everything it needs is served by the service itself.
"use strict";

const STORE_KEY = "newsdump-editor-draft";
const TOKEN_KEY = "newsdump-editor-token";
const $ = (id) => document.getElementById(id);

const state = loadState();

function newId() {
  if (window.crypto && crypto.randomUUID) return "draft-" + crypto.randomUUID().slice(0, 8);
  return "draft-" + Math.random().toString(16).slice(2, 10);
}

function loadState() {
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem(STORE_KEY) || "{}") || {};
  } catch (_error) {
    saved = {};
  }
  return {
    title: saved.title || "",
    body: saved.body || "",
    articleId: saved.articleId || newId(),
    allowNew: Boolean(saved.allowNew),
    result: saved.result || null,
    decisions: saved.decisions || {}, // "kind\u0000label" -> {decision, to}
    selected: saved.selected || null,
  };
}

function saveState() {
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(state));
  } catch (_error) {
    /* storage full or disabled: the draft is still on the page */
  }
}

function key(kind, label) {
  return kind + "\u0000" + label;
}

function setStatus(message, isError) {
  const status = $("status");
  status.textContent = message;
  status.classList.toggle("error", Boolean(isError));
}

// -- talking to the service ---------------------------------------------------------------

async function post(path, payload, withToken) {
  const headers = { "Content-Type": "application/json" };
  const token = $("token").value.trim();
  if (withToken && token) headers.Authorization = "Bearer " + token;
  const response = await fetch(path, { method: "POST", headers, body: JSON.stringify(payload) });
  let data = null;
  try {
    data = await response.json();
  } catch (_error) {
    data = { error: response.statusText };
  }
  return { ok: response.ok, status: response.status, data };
}

async function analyze() {
  const payload = {
    title: $("title").value,
    body: $("body").value,
    article_id: $("article-id").value.trim() || state.articleId,
    allow_new: $("allow-new").checked,
  };
  if (!payload.title.trim() && !payload.body.trim()) {
    setStatus("Type a title or a body first.", true);
    return;
  }
  $("analyze").disabled = true;
  setStatus("Analyzing…");
  const started = performance.now();
  try {
    const answer = await post("/v1/analyze", payload, false);
    if (!answer.ok) {
      setStatus(`Not analyzed (${answer.status}): ${answer.data.error || "error"}`, true);
      return;
    }
    state.result = answer.data;
    state.articleId = payload.article_id;
    state.selected = null;
    saveState();
    render();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    setStatus(`Analyzed in ${seconds} s: ${answer.data.entities.length} entities, ` +
      `${answer.data.tags.filter((t) => t.suggested).length} tags suggested.`);
  } catch (error) {
    setStatus("The service did not answer: " + error, true);
  } finally {
    $("analyze").disabled = false;
  }
}

async function sendFeedback(kind, label, decision, to) {
  if (!state.result) return false;
  const payload = { article_id: state.result.article_id, kind, label, decision };
  if (to !== undefined) payload.to = to;
  const answer = await post("/v1/feedback", payload, true);
  if (answer.status === 401) {
    $("token-box").open = true;
    $("token").focus();
    setStatus("Feedback needs the service's token: enter it below, then try again.", true);
    return false;
  }
  if (!answer.ok) {
    setStatus(`Feedback not stored (${answer.status}): ${answer.data.error || "error"}`, true);
    return false;
  }
  state.decisions[key(kind, label)] = { decision, to: to || null };
  saveState();
  const what = decision === "edited" ? `edited to “${to}”` : decision;
  setStatus(`${kind} “${label}” ${what} (stored as #${answer.data.id}).`);
  return true;
}

// -- the text, with entities and evidence ------------------------------------------------------

function evidenceRanges(field) {
  const pill = selectedSuggestion();
  if (!pill) return [];
  const ranges = [];
  for (const item of pill.evidence || []) {
    for (const span of item.spans) {
      if (span.field === field) ranges.push([span.start_char, span.end_char]);
    }
  }
  return ranges;
}

function appendText(parent, text, offset, ranges) {
  // Text that starts at ``offset``, with the stretches inside ``ranges`` marked as evidence.
  const cuts = new Set([0, text.length]);
  for (const [start, end] of ranges) {
    if (end > offset && start < offset + text.length) {
      cuts.add(Math.max(0, start - offset));
      cuts.add(Math.min(text.length, end - offset));
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [start, end] = [points[i], points[i + 1]];
    if (start === end) continue;
    const piece = text.slice(start, end);
    const inside = ranges.some(([a, b]) => a <= offset + start && offset + end <= b);
    if (inside) {
      const span = document.createElement("span");
      span.className = "evidence";
      span.textContent = piece;
      parent.appendChild(span);
    } else {
      parent.appendChild(document.createTextNode(piece));
    }
  }
}

function renderMarked(parent, text, entities, ranges) {
  // displaCy's markup: <mark class="entity">text<span class="entity-label">LABEL</span></mark>.
  let cursor = 0;
  for (const entity of [...entities].sort((x, y) => x.start_char - y.start_char)) {
    if (entity.start_char < cursor) continue;
    appendText(parent, text.slice(cursor, entity.start_char), cursor, ranges);
    const mark = document.createElement("mark");
    mark.className = "entity";
    mark.dataset.label = entity.label;
    mark.title = entity.canonical + (entity.country_code ? " (" + entity.country_code + ")" : "");
    appendText(mark, text.slice(entity.start_char, entity.end_char), entity.start_char, ranges);
    const label = document.createElement("span");
    label.className = "entity-label";
    label.textContent = entity.label;
    mark.appendChild(label);
    parent.appendChild(mark);
    cursor = entity.end_char;
  }
  appendText(parent, text.slice(cursor), cursor, ranges);
}

function renderText() {
  const result = state.result;
  const box = $("rendered");
  box.replaceChildren();
  if (!result) return;
  const title = document.createElement("p");
  title.className = "title";
  renderMarked(title, result.title, result.entities.filter((e) => e.field === "title"), evidenceRanges("title"));
  box.appendChild(title);
  // One paragraph per blank-line-separated block; offsets run over the whole body.
  const bodyEntities = result.entities.filter((e) => e.field === "body");
  const bodyRanges = evidenceRanges("body");
  let offset = 0;
  for (const paragraph of result.body.split("\n\n")) {
    const end = offset + paragraph.length;
    const shift = (e) => ({ ...e, start_char: e.start_char - offset, end_char: e.end_char - offset });
    const p = document.createElement("p");
    renderMarked(
      p,
      paragraph,
      bodyEntities.filter((e) => e.start_char >= offset && e.end_char <= end).map(shift),
      bodyRanges.filter(([a, b]) => b > offset && a < end).map(([a, b]) => [a - offset, b - offset]),
    );
    box.appendChild(p);
    offset = end + 2;
  }
}

// -- pills -------------------------------------------------------------------------------------

function allSuggestions() {
  if (!state.result) return [];
  return [
    ...state.result.categories.map((c) => ({ ...c, kind: "category" })),
    ...state.result.tags.map((t) => ({ ...t, kind: "tag" })),
  ];
}

function selectedSuggestion() {
  return allSuggestions().find((s) => key(s.kind, s.label) === state.selected) || null;
}

function decisionOf(item) {
  const made = state.decisions[key(item.kind, item.label)];
  if (made) return made;
  return item.status === "accepted" ? { decision: "accepted", to: null } : null;
}

function pill(item) {
  const li = document.createElement("li");
  li.className = "pill";
  li.tabIndex = 0;
  li.setAttribute("role", "option");
  li.dataset.kind = item.kind;
  li.dataset.label = item.label;
  if (item.passed || (item.kind === "category" && item.suggested)) li.classList.add("passed");
  if (!item.suggested) li.classList.add("not-suggested");
  const made = decisionOf(item);
  if (made) li.classList.add(made.decision === "rejected" || made.decision === "edited" ? "rejected" : "accepted");
  if (key(item.kind, item.label) === state.selected) li.classList.add("selected");

  const head = document.createElement("div");
  head.className = "head";
  const name = document.createElement("span");
  name.className = "name";
  name.textContent = made && made.decision === "edited" ? `${item.label} → ${made.to}` : item.label;
  head.appendChild(name);
  if (item.new) head.appendChild(badge("new"));
  if (item.reason && item.reason !== "threshold") head.appendChild(badge(item.reason));
  const score = document.createElement("span");
  score.className = "score";
  score.textContent = item.score === null ? "" : (item.score * 100).toFixed(1) + "%";
  head.appendChild(score);
  li.appendChild(head);

  if (item.score !== null) {
    const bar = document.createElement("div");
    bar.className = "bar";
    const fill = document.createElement("div");
    fill.className = "fill";
    fill.style.width = Math.max(0, Math.min(1, item.score)) * 100 + "%";
    bar.appendChild(fill);
    if (item.threshold !== undefined && item.threshold !== null) {
      const mark = document.createElement("div");
      mark.className = "threshold";
      mark.style.left = item.threshold * 100 + "%";
      mark.title = `threshold ${(item.threshold * 100).toFixed(1)}%`;
      bar.appendChild(mark);
      li.title = `score ${(item.score * 100).toFixed(1)}%, threshold ${(item.threshold * 100).toFixed(1)}%: ` +
        (item.passed ? "passed" : "below");
    }
    li.appendChild(bar);
  }

  const actions = document.createElement("div");
  actions.className = "actions";
  for (const [cls, text, title] of [["accept", "✓", "accept (a)"], ["reject", "✗", "reject (r)"], ["edit", "✎", "edit (e)"]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = cls;
    button.textContent = text;
    button.title = title;
    button.setAttribute("aria-label", `${title.split(" ")[0]} ${item.label}`);
    button.addEventListener("click", (event) => {
      event.stopPropagation();
      act(item, cls);
    });
    actions.appendChild(button);
  }
  li.appendChild(actions);
  li.addEventListener("click", () => select(item));
  li.addEventListener("focus", () => {
    if (state.selected !== key(item.kind, item.label)) select(item);
  });
  return li;
}

function badge(text) {
  const span = document.createElement("span");
  span.className = "badge";
  span.textContent = text;
  return span;
}

function renderPills() {
  const categories = $("categories");
  const tags = $("tags");
  categories.replaceChildren();
  tags.replaceChildren();
  if (!state.result) return;
  for (const item of allSuggestions()) (item.kind === "category" ? categories : tags).appendChild(pill(item));
}

function renderEvidence() {
  const box = $("evidence");
  box.replaceChildren();
  const item = selectedSuggestion();
  if (!item) return;
  const heading = document.createElement("h2");
  heading.textContent = `Why “${item.label}”`;
  box.appendChild(heading);
  if (!item.evidence || !item.evidence.length) {
    box.appendChild(Object.assign(document.createElement("p"), { textContent: "No evidence in this text." }));
    return;
  }
  const table = document.createElement("table");
  table.innerHTML = "<thead><tr><th>feature</th><th>weight × value</th><th>where</th></tr></thead>";
  const body = document.createElement("tbody");
  for (const e of item.evidence) {
    const row = document.createElement("tr");
    const where = placesOf(e.spans) || "—";
    for (const text of [e.feature, e.contribution === null ? e.value : e.contribution.toFixed(3), where]) {
      const cell = document.createElement("td");
      cell.textContent = String(text);
      row.appendChild(cell);
    }
    body.appendChild(row);
  }
  table.appendChild(body);
  box.appendChild(table);
}

function placesOf(spans) {
  // "title “Seoul”, body “Seoul” ×3": each distinct stretch of text once, with its count.
  const counts = new Map();
  for (const s of spans) {
    const where = `${s.field} “${s.text}”`;
    counts.set(where, (counts.get(where) || 0) + 1);
  }
  return [...counts].map(([where, n]) => (n > 1 ? `${where} ×${n}` : where)).join(", ");
}

function renderRepairs() {
  const box = $("repairs");
  const result = state.result;
  if (!result || !result.repair_count) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const shown = result.repairs.slice(0, 8).map((r) => `“${r.before}” → “${r.after}”`).join(", ");
  box.textContent = `${result.repair_count} repairs in the text${shown ? ": " + shown : ""}. `;
  const use = document.createElement("button");
  use.type = "button";
  use.className = "quiet";
  use.id = "use-repaired";
  use.textContent = "Use the repaired text";
  use.addEventListener("click", () => {
    $("title").value = result.title;
    $("body").value = result.body;
    state.title = result.title;
    state.body = result.body;
    saveState();
    setStatus("The draft now holds the repaired text.");
  });
  box.appendChild(use);
}

// A demo model (trained on a few sample articles) says so on every page it serves.
async function showModelBanner() {
  let described = null;
  try {
    const response = await fetch("/v1/model");
    if (response.ok) described = await response.json();
  } catch (_error) {
    return;
  }
  const notes = ((described && described.stages) || []).filter((s) => s && s.demo && s.note);
  const banner = $("model-banner");
  banner.textContent = notes.map((s) => s.note).join(" ");
  banner.hidden = notes.length === 0;
}

// Why an article got no tags from the model: it is unlike the articles it learned from.
function renderUnfamiliar() {
  const why = state.result && state.result.unfamiliar;
  $("unfamiliar").textContent = why ? "No tags from the model: " + why + "." : "";
  $("unfamiliar").hidden = !why;
}

function render() {
  renderUnfamiliar();
  renderRepairs();
  renderText();
  renderPills();
  renderEvidence();
}

function select(item) {
  state.selected = key(item.kind, item.label);
  saveState();
  renderText();
  renderEvidence();
  for (const li of document.querySelectorAll(".pill")) {
    li.classList.toggle("selected", key(li.dataset.kind, li.dataset.label) === state.selected);
  }
}

async function act(item, action) {
  if (action === "edit") {
    startEdit(item);
    return;
  }
  const decision = action === "accept" ? "accepted" : "rejected";
  if (await sendFeedback(item.kind, item.label, decision)) refocus(item);
}

function startEdit(item) {
  const li = pillElement(item);
  if (!li || li.querySelector(".edit-box")) return;
  const box = document.createElement("form");
  box.className = "edit-box";
  const input = document.createElement("input");
  input.type = "text";
  input.value = item.label;
  input.setAttribute("aria-label", `new label for ${item.label}`);
  const ok = document.createElement("button");
  ok.type = "submit";
  ok.textContent = "Save";
  box.append(input, ok);
  box.addEventListener("click", (event) => event.stopPropagation());
  box.addEventListener("submit", async (event) => {
    event.preventDefault();
    const to = input.value.trim();
    if (to && to !== item.label && (await sendFeedback(item.kind, item.label, "edited", to))) {
      refocus(item);
    } else {
      box.remove();
    }
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      box.remove();
      li.focus();
    }
    event.stopPropagation();
  });
  li.appendChild(box);
  input.focus();
  input.select();
}

function pillElement(item) {
  return [...document.querySelectorAll(".pill")].find(
    (li) => li.dataset.kind === item.kind && li.dataset.label === item.label,
  );
}

function refocus(item) {
  renderPills();
  const li = pillElement(item);
  if (li) li.focus();
}

async function addTag(event) {
  event.preventDefault();
  const label = $("new-tag").value.trim();
  if (!label || !state.result) return;
  if (await sendFeedback("tag", label, "added")) {
    if (!state.result.tags.some((t) => t.label.toLowerCase() === label.toLowerCase())) {
      state.result.tags.push({
        label, score: null, threshold: null, passed: null, suggested: false,
        reason: null, new: true, status: "accepted", evidence: [],
      });
    }
    saveState();
    $("new-tag").value = "";
    renderPills();
  }
}

// -- keyboard ------------------------------------------------------------------------------------

function onKey(event) {
  if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
    event.preventDefault();
    analyze();
    return;
  }
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return;
  const pills = [...document.querySelectorAll(".pill")];
  if (!pills.length) return;
  const current = pills.findIndex((li) => key(li.dataset.kind, li.dataset.label) === state.selected);
  const item = selectedSuggestion();
  const move = (step) => {
    const index = current < 0 ? (step > 0 ? 0 : pills.length - 1) : current + step;
    pills[(index + pills.length) % pills.length].focus();
  };
  if (event.key === "j" || event.key === "ArrowDown" || event.key === "ArrowRight") {
    event.preventDefault();
    move(1);
  } else if (event.key === "k" || event.key === "ArrowUp" || event.key === "ArrowLeft") {
    event.preventDefault();
    move(-1);
  } else if (item && (event.key === "Enter" || event.key === " ")) {
    event.preventDefault();
    select(item);
  } else if (item && event.key === "a") {
    act(item, "accept");
  } else if (item && event.key === "r") {
    act(item, "reject");
  } else if (item && event.key === "e") {
    event.preventDefault();
    act(item, "edit");
  }
}

// -- start ---------------------------------------------------------------------------------------

function bindDraft() {
  $("title").value = state.title;
  $("body").value = state.body;
  $("article-id").value = state.articleId;
  $("allow-new").checked = state.allowNew;
  $("token").value = sessionStorage.getItem(TOKEN_KEY) || "";
  let timer = null;
  const remember = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.title = $("title").value;
      state.body = $("body").value;
      state.articleId = $("article-id").value.trim() || state.articleId;
      state.allowNew = $("allow-new").checked;
      saveState();
    }, 150);
  };
  for (const id of ["title", "body", "article-id"]) $(id).addEventListener("input", remember);
  $("allow-new").addEventListener("change", remember);
  $("token").addEventListener("input", () => sessionStorage.setItem(TOKEN_KEY, $("token").value));
  window.addEventListener("beforeunload", () => {
    state.title = $("title").value;
    state.body = $("body").value;
    saveState();
  });
}

function newDraft() {
  Object.assign(state, { title: "", body: "", articleId: newId(), result: null, decisions: {}, selected: null });
  saveState();
  bindDraft();
  render();
  setStatus("New draft.");
}

document.addEventListener("DOMContentLoaded", () => {
  bindDraft();
  render();
  $("analyze").addEventListener("click", analyze);
  $("new-draft").addEventListener("click", newDraft);
  $("add-tag").addEventListener("submit", addTag);
  document.addEventListener("keydown", onKey);
  if (state.result) setStatus("Draft restored.");
  showModelBanner();
});
