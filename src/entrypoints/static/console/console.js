// The console's forms and tables: factories, create/refund payments, notifications; events refresh the table.
import { $, action, api, el, showProblem } from "./api.js";
import { follow } from "./feed.js";

// README "Sandbox gateways": metadata.sandbox_trigger wins over the amount's last two digits.
const SANDBOX_OUTCOMES = [
  ["", "by amount"], ["success", "success"],
  ["decline", "decline (card_declined)"], ["soft_decline", "soft decline (try again later)"],
  ["insufficient_funds", "insufficient funds"],
  ["requires_action", "requires action"], ["timeout", "gateway timeout (pending)"],
];
const SAMPLE_RECIPIENTS = { email: "user@example.com", sms: "+14155550100", whatsapp: "+14155550100",
  push: "fcm-device-token-0123456789abcdefghij", slack: "#payments" };
const REFUNDABLE = new Set(["succeeded", "partially_refunded"]);
const state = { userId: "user123", reload: null };

function fillSelect(select, options) {
  select.replaceChildren(...options.map(([value, label]) => el("option", { value }, label)));
}

async function loadSystem() {
  const [info, overview] = await Promise.all([api("/api/v1/system-info"), api("/api/v1/factories")]);
  $("#system-line").textContent = `profile ${info.profile} · version ${info.version} · ` +
    Object.entries(info.adapters).map(([port, adapter]) => `${port}: ${adapter}`).join(" · ");
  const byType = Object.fromEntries(overview.factories.map((f) => [f.type, f]));
  const grid = $("#factories");
  grid.replaceChildren();
  for (const factory of overview.factories) {
    const list = el("ul");
    for (const m of factory.members) {
      const how = [m.mode, m.role, m.enabled ? "" : "disabled"].filter(Boolean).join(", ");
      list.append(el("li", { class: m.enabled ? "" : "off" }, `${m.name} → ${m.adapter}${how ? ` (${how})` : ""}`));
    }
    grid.append(el("div", {}, el("h3", {}, factory.type), list));
  }
  const families = el("ul");
  for (const f of overview.abstract.families) {
    families.append(el("li", {}, `${f.name}${f.default ? " (default)" : ""}: ${f.gateways.join(" → ")} + ${f.channel}`));
  }
  grid.append(el("div", {}, el("h3", {}, "payment systems"), families));
  const gateways = byType["payment-gateways"].members.filter((m) => m.enabled);
  fillSelect($("#pay-gateway"), gateways.map((m) => [m.name, m.name]));
  fillSelect($("#pay-system"), [["", "none: use the gateway"], ...overview.abstract.families.map((f) => [f.name, f.name])]);
  fillSelect($("#pay-trigger"), SANDBOX_OUTCOMES);
  const channels = $("#notify-channels");
  channels.replaceChildren();
  for (const m of byType["notification-channels"].members.filter((c) => c.enabled)) {
    const id = `ch-${m.name}`;
    const box = el("input", { type: "checkbox", id, value: m.name });
    box.checked = m.name === "email";
    const to = el("input", { id: `${id}-to`, value: SAMPLE_RECIPIENTS[m.name] || "", autocomplete: "off" });
    channels.append(el("div", { class: "channel" }, box, el("label", { for: id }, m.name),
      el("label", { for: `${id}-to`, class: "sr-only" }, `${m.name} recipient`), to));
  }
}

function paymentRow(p) {
  const amountId = `refund-${p.id}`;
  const amount = el("input", { id: amountId, size: "7", inputmode: "decimal", placeholder: p.refundable,
    autocomplete: "off" });
  const button = el("button", { type: "button", class: "secondary", "data-refund": p.id }, "Refund");
  button.disabled = !REFUNDABLE.has(p.status);
  amount.disabled = button.disabled;
  button.addEventListener("click", () => refund(p.id, amount.value.trim()));
  const status = p.status + (p.failure_code ? ` (${p.failure_code})` : "");
  return el("tr", { "data-id": p.id },
    el("td", {}, el("code", {}, p.id)), el("td", {}, p.gateway), el("td", {}, `${p.amount} ${p.currency}`),
    el("td", { class: `status status-${p.status}` }, status), el("td", { class: "refunded" }, p.refunded),
    el("td", {}, el("label", { for: amountId, class: "sr-only" }, `Refund amount for ${p.id} (empty: all)`),
      amount, " ", button));
}

async function loadPayments() {
  const page = await api(`/api/v1/payments?user_id=${encodeURIComponent(state.userId)}&limit=20`);
  $("#payments tbody").replaceChildren(...page.items.map(paymentRow));
  $("#payments-empty").hidden = page.items.length > 0;
}

// Events arrive in bursts (created + processed): one reload for the burst.
function reloadSoon() {
  clearTimeout(state.reload);
  state.reload = setTimeout(() => loadPayments().catch(showProblemOf), 150);
}

function showProblemOf(error) { showProblem(error.problem || { title: "Error", detail: String(error) }); }

function say(selector, text) { $(selector).textContent = text; }

async function refund(id, amount) {
  const body = amount ? { amount, reason: "requested_by_customer" } : { reason: "requested_by_customer" };
  const answer = await action(() => api(`/api/v1/payments/${id}/refund`, { method: "POST", body, idempotent: true }));
  if (!answer) return;
  const row = document.querySelector(`#payments tr[data-id="${id}"]`);
  if (row) row.replaceWith(paymentRow(answer.payment));
  say("#pay-result", `Refund ${answer.refund.id} of ${answer.refund.amount} ${answer.refund.currency}: ${answer.refund.status}`);
}

async function createPayment(event) {
  event.preventDefault();
  const body = { user_id: state.userId, amount: $("#pay-amount").value.trim(),
    currency: $("#pay-currency").value.trim().toUpperCase(), description: $("#pay-description").value };
  if ($("#pay-system").value) body.payment_system = $("#pay-system").value;
  else body.gateway = $("#pay-gateway").value;
  if ($("#pay-trigger").value) body.metadata = { sandbox_trigger: $("#pay-trigger").value };
  if ($("#pay-email").value) body.customer = { email: $("#pay-email").value };
  if ($("#pay-wallet").value) body.wallet_details = { wallet_id: $("#pay-wallet").value };
  const p = await action(() => api("/api/v1/payments", { method: "POST", body, idempotent: true }));
  if (!p) return;
  const reference = ((p.gateway_data || {}).transfer_instructions || {}).reference;
  say("#pay-result", `Payment ${p.id} on ${p.gateway}: ${p.status}${p.failure_code ? ` (${p.failure_code})` : ""}` +
    (reference ? ` · transfer reference ${reference}` : "") + (p.next_action_url ? ` · next action: ${p.next_action_url}` : ""));
  reloadSoon();
}

async function sendNotification(event) {
  event.preventDefault();
  const picked = [...document.querySelectorAll("#notify-channels input[type=checkbox]:checked")]
    .map((box) => ({ channel: box.value, recipient: $(`#${box.id}-to`).value.trim() }));
  const common = { subject: $("#notify-subject").value, message: $("#notify-message").value, user_id: state.userId };
  const results = await action(async () => {
    if (picked.length === 0) throw new Error("pick at least one channel");
    if (picked.length === 1) {
      const n = await api("/api/v1/notifications", { method: "POST", body: { ...common, ...picked[0] }, idempotent: true });
      return [{ channel: n.channel, status: n.status, error: n.error }];
    }
    const r = await api("/api/v1/notifications/multi-channel", { method: "POST", idempotent: true,
      body: { ...common, channels: picked, mode: $("#notify-mode").value } });
    return r.results.map((o) => ({ channel: o.channel, status: o.status, error: o.notification && o.notification.error }));
  });
  if (!results) return;
  $("#notify-results").replaceChildren(...results.map((n) => el("li", { class: `status-${n.status}` },
    `${n.channel}: ${n.status}${n.error ? ` (${n.error})` : ""}`)));
}

function useSession(event) {
  if (event) event.preventDefault();
  state.userId = $("#user-id").value.trim() || "user123";
  follow(state.userId, (e) => { if (e.type.startsWith("payment") || e.type.startsWith("refund")) reloadSoon(); });
  action(() => loadSystem().then(loadPayments));
}

$("#session").addEventListener("submit", useSession);
$("#payment-form").addEventListener("submit", createPayment);
$("#notify-form").addEventListener("submit", sendNotification);
useSession();
