// Calls the public API and shows problem+json errors in the alert box. The page holds no server
// API key: it runs where keys are not required (local), or behind a backend that adds one.

export const $ = (selector) => document.querySelector(selector);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value; else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

// The alert is cleared when the person starts an action, not by later background calls,
// so a refresh after a failed request does not hide its error.
export function showProblem(problem) {
  const box = $("#problem");
  if (!problem) { box.hidden = true; box.textContent = ""; return; }
  const code = problem.code ? ` [${problem.code}]` : "";
  const field = problem.field ? ` (field: ${problem.field})` : "";
  box.replaceChildren(el("strong", {}, `${problem.status || ""} ${problem.title || "Error"}${code}`),
    ` ${problem.detail || ""}${field}`);
  box.hidden = false;
}

export class ApiError extends Error {
  constructor(problem) { super(problem.detail || problem.title || "request failed"); this.problem = problem; }
}

export async function api(path, { method = "GET", body, idempotent = false } = {}) {
  const headers = { Accept: "application/json, application/problem+json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  // A fresh key per click: a network retry of the same click is replayed, never charged twice.
  if (idempotent) headers["Idempotency-Key"] = crypto.randomUUID();
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError({ title: "Network error", detail: String(error.message || error) });
  }
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = { detail: text }; }
  if (!response.ok) throw new ApiError({ status: response.status, title: response.statusText, ...(parsed || {}) });
  return parsed;
}

// Runs one user action: clears the old alert, shows this action's problem if it fails.
export async function action(run) {
  showProblem(null);
  try { return await run(); } catch (error) {
    showProblem(error.problem || { title: "Error", detail: String(error.message || error) });
    return undefined;
  }
}
