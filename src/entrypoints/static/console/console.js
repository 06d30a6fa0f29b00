// The console: calls the public API, shows problem+json details, follows /ws for live events.
"use strict";

const $ = (selector) => document.querySelector(selector);
const state = { userId: "user123", socket: null, retry: null };
const SANDBOX_OUTCOMES = [
  ["", "success"], ["decline", "decline (card_declined)"],
  ["requires_action", "requires action"], ["timeout", "gateway timeout"],
];

function headers(extra = {}) {
  const key = sessionStorage.getItem("apiKey");
  return { "Content-Type": "application/json", ...(key ? { "X-API-Key": key } : {}), ...extra };
}

function showProblem(problem) {
  const box = $("#problem");
  if (!problem) { box.hidden = true; box.textContent = ""; return; }
  const field = problem.field ? ` (field: ${problem.field})` : "";
  box.textContent = `${problem.status || ""} ${problem.title || "Error"}: ${problem.detail || ""}${field}`;
  box.hidden = false;
}

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: headers(options.headers) });
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = { detail: text }; }
  if (!response.ok) {
    showProblem({ status: response.status, title: response.statusText, ...(body || {}) });
    throw new Error(body && body.detail || response.statusText);
  }
  showProblem(null);
  return body;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value; else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

async function loadSystem() {
  const [info, overview] = await Promise.all([api("/api/v1/system-info"), api("/api/v1/factories")]);
  $("#system-line").textContent =
    `profile ${info.profile} · ${Object.entries(info.adapters).map(([k, v]) => `${k}: ${v}`).join(" · ")}`;
  const grid = $("#factories");
  grid.replaceChildren();
  for (const factory of overview.factories) {
    const list = el("ul");
    for (const m of factory.members) {
      list.append(el("li", {}, `${m.name} → ${m.adapter}${m.enabled ? "" : " (disabled)"}`));
    }
    grid.append(el("div", {}, el("strong", {}, factory.type), list));
  }
  const families = el("ul");
  for (const f of overview.abstract.families) {
    families.append(el("li", {}, `${f.name}${f.default ? " (default)" : ""}: ${f.gateways.join(" → ")} + ${f.channel}`));
  }
  grid.append(el("div", {}, el("strong", {}, "payment systems"), families));
  fillSelect($("#pay-gateway"), overview.factories[0].members.filter((m) => m.enabled).map((m) => [m.name, m.name]));
  fillSelect($("#pay-system"), [["", "(none: use the gateway)"], ...overview.abstract.families.map((f) => [f.name, f.name])]);
  fillSelect($("#pay-trigger"), SANDBOX_OUTCOMES);
  const channels = $("#notify-channels");
  channels.replaceChildren();
  for (const m of overview.factories[1].members.filter((c) => c.enabled)) {
    const id = `ch-${m.name}`;
    const box = el("input", { type: "checkbox", id, value: m.name });
    if (m.name === "email") box.checked = true;
    const recipient = el("input", { id: `${id}-to`, "aria-label": `${m.name} recipient`,
      value: { email: "user@example.com", sms: "+14155550100", whatsapp: "+14155550100",
               push: "device-token-123", slack: "#payments" }[m.name] || "" });
    channels.append(el("label", { for: id }, box, m.name), recipient);
  }
}

function fillSelect(select, options) {
  select.replaceChildren(...options.map(([value, label]) => el("option", { value }, label)));
}

function paymentRow(p) {
  const amount = el("input", { "aria-label": `refund amount for ${p.id}`, size: "7",
    placeholder: p.refundable, inputmode: "decimal" });
  const button = el("button", { type: "button", class: "secondary" }, "Refund");
  button.disabled = !(p.status === "succeeded" || p.status === "partially_refunded");
  button.addEventListener("click", () => refund(p.id, amount.value.trim()));
  return el("tr", { "data-id": p.id },
    el("td", {}, el("code", {}, p.id)), el("td", {}, p.gateway),
    el("td", {}, `${p.amount} ${p.currency}`),
    el("td", { class: `status-${p.status}` }, p.status + (p.failure_code ? ` (${p.failure_code})` : "")),
    el("td", {}, p.refunded), el("td", {}, amount, " ", button));
}

async function loadPayments() {
  const page = await api(`/api/v1/payments?user_id=${encodeURIComponent(state.userId)}&limit=20`);
  $("#payments tbody").replaceChildren(...page.items.map(paymentRow));
}

async function refund(id, amount) {
  const body = amount ? { amount, reason: "requested_by_customer" } : { reason: "requested_by_customer" };
  await api(`/api/v1/payments/${id}/refund`, { method: "POST", body: JSON.stringify(body),
    headers: { "Idempotency-Key": crypto.randomUUID() } }).catch(() => {});
  await loadPayments().catch(() => {});
}

async function createPayment(event) {
  event.preventDefault();
  const trigger = $("#pay-trigger").value;
  const body = { user_id: state.userId, amount: $("#pay-amount").value.trim(),
    currency: $("#pay-currency").value.trim().toUpperCase(), description: $("#pay-description").value };
  if ($("#pay-system").value) body.payment_system = $("#pay-system").value;
  else body.gateway = $("#pay-gateway").value;
  if (trigger) body.metadata = { sandbox_trigger: trigger };
  if ($("#pay-email").value) body.customer = { email: $("#pay-email").value };
  if ($("#pay-wallet").value) body.wallet_details = { wallet_id: $("#pay-wallet").value };
  await api("/api/v1/payments", { method: "POST", body: JSON.stringify(body),
    headers: { "Idempotency-Key": crypto.randomUUID() } }).catch(() => {});
  await loadPayments().catch(() => {});
}

async function sendNotification(event) {
  event.preventDefault();
  const picked = [...document.querySelectorAll("#notify-channels input[type=checkbox]:checked")]
    .map((box) => ({ channel: box.value, recipient: $(`#${box.id}-to`).value.trim() }));
  const common = { subject: $("#notify-subject").value, message: $("#notify-message").value, user_id: state.userId };
  const results = $("#notify-results");
  try {
    let items;
    if (picked.length === 1) {
      const n = await api("/api/v1/notifications", { method: "POST",
        body: JSON.stringify({ ...common, ...picked[0] }) });
      items = [n];
    } else {
      const r = await api("/api/v1/notifications/multi-channel", { method: "POST",
        body: JSON.stringify({ ...common, channels: picked, mode: $("#notify-mode").value }) });
      items = r.results || r.items || [];
    }
    results.replaceChildren(...items.map((n) => el("li", { class: `status-${n.status}` },
      `${n.channel}: ${n.status}${n.error ? ` (${n.error})` : ""}`)));
  } catch { /* the problem box already shows the API's detail */ }
}

function connect() {
  if (state.socket) state.socket.close(1000);
  clearTimeout(state.retry);
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const url = `${scheme}://${location.host}/ws?user_id=${encodeURIComponent(state.userId)}&client_id=console-${Math.random().toString(36).slice(2, 8)}`;
  const socket = new WebSocket(url);
  state.socket = socket;
  const status = $("#ws-status");
  socket.onopen = () => { status.textContent = "live"; status.classList.add("on"); };
  socket.onclose = () => {
    status.textContent = "disconnected"; status.classList.remove("on");
    if (state.socket === socket) state.retry = setTimeout(connect, 2000);
  };
  socket.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (!event.event_id) return;  // hello and ping frames
    const d = event.data || {};
    const summary = [d.status, d.amount && `${d.amount} ${d.currency}`, d.refund_amount && `refund ${d.refund_amount}`,
      d.channel].filter(Boolean).join(" · ");
    $("#feed").prepend(el("li", { "data-type": event.type },
      el("strong", {}, event.type), ` ${event.aggregate_id} ${summary}`));
    if (event.type.startsWith("payment") || event.type.startsWith("refund")) loadPayments().catch(() => {});
  };
}

function useSession(event) {
  if (event) event.preventDefault();
  state.userId = $("#user-id").value.trim() || "user123";
  const key = $("#api-key").value.trim();
  if (key) sessionStorage.setItem("apiKey", key); else sessionStorage.removeItem("apiKey");
  $("#feed").replaceChildren();
  connect();
  loadSystem().then(loadPayments).catch(() => {});
}

document.addEventListener("DOMContentLoaded", () => {
  $("#api-key").value = sessionStorage.getItem("apiKey") || "";
  $("#session").addEventListener("submit", useSession);
  $("#payment-form").addEventListener("submit", createPayment);
  $("#notify-form").addEventListener("submit", sendNotification);
  useSession();
});
