// Sums twiggy's `top -f csv` rows by area of the crate (scripts/size-report.sh), as the
// table in bench/size-levers.md gives them. The names section is left out: the package
// ships without it.
import { readFileSync } from "node:fs";

const AREAS = [
  ["browser shell (src/browser: async flows, web-API wrappers)", /^(<)?oidc_wasm::browser/],
  ["JS API (src/api: exported methods, option decoding)", /^(<)?oidc_wasm::api|^oidcclient_|^(generatecodeverifier|codechallenges256|isoidcerror)/i],
  ["protocol core (src/core)", /^(<)?oidc_wasm::core/],
  ["wasm-bindgen, js-sys, web-sys, futures (runtime, closures, shims)", /wasm_bindgen|js_sys|web_sys|futures_|shim|^__wbindgen|^__externref|^closure/],
  ["std and core generics (strings, iterators, collections, allocator)", /^(<)?(core|alloc|std|lol_alloc|hashbrown|compiler_builtins)::|^<(core|alloc|std|lol_alloc|&|\[|T |F |char|str|u8)/],
  ["data (texts, tables)", /^data segment/],
  ["imports, exports, types, tables, sections", /^(import |export |type\[|elem\[|table\[|custom section|"|code\[|global\[|memory\[)/],
];

const rows = readFileSync(process.argv[2], "utf8").trim().split("\n").slice(1);
const totals = new Map(AREAS.map(([name]) => [name, 0]));
let other = 0;
let all = 0;
for (const line of rows) {
  // Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent: the name may
  // hold commas and quotes; the retained columns are empty for `top`.
  const match = /^(.*),(\d+),([\d.]+),[\d.]*,[\d.]*$/.exec(line);
  if (!match) continue;
  const name = match[1].replace(/^"|"$/g, "").replace(/""/g, '"');
  const bytes = Number(match[2]);
  if (/names" subsection$/.test(name)) continue;
  all += bytes;
  const area = AREAS.find(([, pattern]) => pattern.test(name));
  if (area) totals.set(area[0], totals.get(area[0]) + bytes);
  else other += bytes;
}
totals.set("other", other);
console.log("| area | raw bytes | share |\n|---|---:|---:|");
for (const [name, bytes] of [...totals].sort((a, b) => b[1] - a[1])) {
  console.log(`| ${name} | ${bytes.toLocaleString("en-US")} | ${((100 * bytes) / all).toFixed(1)}% |`);
}
console.log(`| **total** (names section left out) | ${all.toLocaleString("en-US")} | |`);
