// Small DOM and formatting helpers. Everything the page shows goes through
// textContent (never innerHTML): claims and provider errors are untrusted text.

/** h("div", { class: "x", onClick }, child, "text", [more]) */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === "disabled" || key === "checked" || key === "hidden") el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** An inline SVG icon from a path list (24×24, stroked). */
const ICONS = {
  check: ["M20 6 9 17l-5-5"],
  shield: ["M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10z", "m9 12 2 2 4-4"],
  refresh: ["M21 12a9 9 0 1 1-3-6.7L21 8", "M21 3v5h-5"],
  user: ["M20 21a8 8 0 0 0-16 0", "M12 13a4 4 0 1 0 0-8 4 4 0 0 0 0 8z"],
  ban: ["M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z", "m4.9 4.9 14.2 14.2"],
  logout: ["M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4", "m16 17 5-5-5-5", "M21 12H9"],
  login: ["M15 3h4a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-4", "m10 17 5-5-5-5", "M15 12H3"],
  alert: ["M12 9v4", "M12 17h.01", "M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z"],
  info: ["M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z", "M12 16v-4", "M12 8h.01"],
  x: ["M18 6 6 18", "M6 6l12 12"],
  clock: ["M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z", "M12 6v6l4 2"],
  key: ["M21 2l-2 2m-7.6 7.6a5.5 5.5 0 1 1-7.8 7.8 5.5 5.5 0 0 1 7.8-7.8zm0 0L15.5 7.5m0 0 3 3L22 7l-3-3m-3.5 3.5L19 4"],
  copy: ["M20 9h-9a2 2 0 0 0-2 2v9a2 2 0 0 0 2 2h9a2 2 0 0 0 2-2v-9a2 2 0 0 0-2-2z", "M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1"],
  list: ["M8 6h13", "M8 12h13", "M8 18h13", "M3 6h.01", "M3 12h.01", "M3 18h.01"],
};

export function icon(name, extraClass = "") {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", `icon ${extraClass}`.trim());
  for (const d of ICONS[name] ?? []) {
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  return svg;
}

/** Pretty JSON as highlighted DOM (keys, strings, numbers, literals). */
export function jsonView(value, { annotate } = {}) {
  const pre = h("pre", { class: "json" });
  const write = (v, indent) => {
    const pad = "  ".repeat(indent);
    if (Array.isArray(v)) {
      if (v.length === 0) return pre.append("[]");
      pre.append("[\n");
      v.forEach((item, i) => {
        pre.append(pad + "  ");
        write(item, indent + 1);
        pre.append(i < v.length - 1 ? ",\n" : "\n");
      });
      pre.append(pad + "]");
    } else if (v && typeof v === "object") {
      const entries = Object.entries(v);
      if (entries.length === 0) return pre.append("{}");
      pre.append("{\n");
      entries.forEach(([k, item], i) => {
        pre.append(pad + "  ", h("span", { class: "j-key" }, JSON.stringify(k)), ": ");
        write(item, indent + 1);
        pre.append(i < entries.length - 1 ? "," : "");
        const note = indent === 0 && annotate ? annotate(k, item) : null;
        if (note) pre.append(h("span", { class: "j-note" }, `  // ${note}`));
        pre.append("\n");
      });
      pre.append(pad + "}");
    } else if (typeof v === "string") {
      pre.append(h("span", { class: "j-str" }, JSON.stringify(v)));
    } else if (typeof v === "number") {
      pre.append(h("span", { class: "j-num" }, String(v)));
    } else {
      pre.append(h("span", { class: "j-lit" }, String(v)));
    }
  };
  write(value, 0);
  return pre;
}

/** Decodes a compact JWS's header and payload (display only: the library verified it). */
export function decodeJwt(jwt) {
  const parts = String(jwt ?? "").split(".");
  if (parts.length !== 3) return null;
  const decode = (segment) => {
    const base64 = segment.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(segment.length / 4) * 4, "=");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  };
  try {
    return { header: decode(parts[0]), payload: decode(parts[1]), parts };
  } catch {
    return null;
  }
}

export const nowSeconds = () => Date.now() / 1000;

export function clockTime(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
}

export function logTime(ms) {
  const d = new Date(ms);
  return `${clockTime(ms)}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}

/** 75 → "1:15", 3725 → "1:02:05" */
export function countdown(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

export function relative(seconds) {
  const s = Math.round(seconds);
  if (Math.abs(s) < 1) return "now";
  const abs = Math.abs(s);
  const text = abs < 90 ? `${abs} s` : abs < 5400 ? `${Math.round(abs / 60)} min` : `${Math.round(abs / 3600)} h`;
  return s > 0 ? `in ${text}` : `${text} ago`;
}

/** The last characters of a token: enough to see it change, too few to use. */
export function fingerprint(token) {
  if (typeof token !== "string" || token.length < 12) return "—";
  return `…${token.slice(-6)}`;
}

/** "Ada Lovelace" → "AL" */
export function initials(name) {
  const words = String(name ?? "").trim().split(/\s+/).filter(Boolean);
  if (!words.length) return "?";
  return (words[0][0] + (words.length > 1 ? words.at(-1)[0] : "")).toUpperCase();
}

export async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.dataset.copied = "true";
    setTimeout(() => delete button.dataset.copied, 1200);
  } catch {
    // no clipboard permission (plain http on a LAN address): the text is selectable anyway
  }
}
