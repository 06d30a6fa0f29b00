// Follows /ws for the user's events: a live list, de-duplicated by event_id, reconnecting with backoff.
// Each connection asks the service for a short-lived client token of this one user (never a server key).
import { $, api, el } from "./api.js";

const feed = { socket: null, timer: null, delay: 1000, seen: new Set(), onEvent: () => {} };

function summary(event) {
  const d = event.data || {};
  return [d.status, d.amount && `${d.amount} ${d.currency}`, d.refund_amount && `refund ${d.refund_amount}`,
    d.channel, d.recipient, d.error].filter(Boolean).join(" · ");
}

function setStatus(text, live) {
  const badge = $("#ws-status");
  badge.textContent = text;
  badge.classList.toggle("on", live);
}

function show(event) {
  if (feed.seen.has(event.event_id)) return;  // delivery is at least once
  feed.seen.add(event.event_id);
  const time = (event.occurred_at || "").slice(11, 19);
  $("#feed").prepend(el("li", { "data-type": event.type, "data-aggregate": event.aggregate_id },
    el("time", { datetime: event.occurred_at || "" }, time), " ", el("strong", {}, event.type),
    " ", el("code", {}, event.aggregate_id), ` ${summary(event)}`));
  feed.onEvent(event);
}

export function follow(userId, onEvent) {
  const old = feed.socket;
  feed.socket = null;  // the old socket's close must not schedule a reconnect
  if (old && old.close) old.close(1000);
  clearTimeout(feed.timer);
  feed.onEvent = onEvent;
  feed.seen.clear();
  $("#feed").replaceChildren();
  open(userId);
}

function retry(userId, reason) {
  setStatus(`reconnecting${reason ? ` (${reason})` : ""}`, false);
  feed.timer = setTimeout(() => open(userId), feed.delay);
  feed.delay = Math.min(feed.delay * 2, 15000);
}

async function open(userId) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const marker = {};
  feed.socket = marker;  // a newer follow() replaces it while the token is on its way
  setStatus("connecting", false);
  let token;
  try {
    ({ token } = await api("/api/v1/client-tokens", { method: "POST", body: { user_id: userId, ttl_seconds: 300 } }));
  } catch (error) {
    if (feed.socket === marker) retry(userId, error.problem && error.problem.status);
    return;
  }
  if (feed.socket !== marker) return;
  const query = new URLSearchParams({ token, client_id: `console-${crypto.randomUUID().slice(0, 8)}` });
  const socket = new WebSocket(`${scheme}://${location.host}/ws?${query}`);
  feed.socket = socket;
  socket.onmessage = (message) => {
    let event;
    try { event = JSON.parse(message.data); } catch { return; }
    if (event.type === "connected") { feed.delay = 1000; setStatus("live", true); return; }
    if (event.event_id) show(event);  // pings and subscription answers carry no event
  };
  socket.onclose = (close) => {
    if (feed.socket !== socket) return;
    retry(userId, close.code >= 4000 || close.code === 1008 ? close.reason || close.code : "");
  };
}
