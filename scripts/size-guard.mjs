// The size guard: the browser bytes of pkg/ (its browser entry, the modules it imports,
// and the wasm it loads), gzip -9, against size-budget.json. Bytes are deterministic, so
// this is a test; times never are.
//   node scripts/size-guard.mjs           asserts; ends on "size: N passed, N failed"
//   node scripts/size-guard.mjs --print   prints the figures only
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PKG = resolve(process.env.OIDC_WASM_PKG ?? join(ROOT, "pkg"));

/** The browser entry and every module it imports statically (relative specifiers). */
function modulesFrom(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    // `import … from "./x.js"`, `export … from "./x.js"`, `import "./x.js"`, minified or not.
    const specifiers = /\b(?:import|export)\b[^'";]*?\bfrom\s*["'](\.[^"']+)["']|\bimport\s*["'](\.[^"']+)["']/g;
    for (const [, from, bare] of text.matchAll(specifiers)) {
      visit(join(dirname(file), from ?? bare));
    }
  };
  visit(entry);
  return [...seen];
}

export function browserBytes() {
  const manifest = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
  const entry = join(PKG, manifest.exports["."].default);
  const files = [...modulesFrom(entry), join(PKG, "oidc_wasm_bg.wasm")];
  const rows = files.map((file) => {
    const body = readFileSync(file);
    return { file: file.slice(PKG.length + 1), raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
  return { rows, raw: rows.reduce((n, r) => n + r.raw, 0), gzip: rows.reduce((n, r) => n + r.gzip, 0) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { rows, raw, gzip } = browserBytes();
  const detail = rows.map((r) => `${r.file} ${r.gzip}`).join(", ");
  if (process.argv.includes("--print")) {
    console.log(`${gzip} B gzip -9 (${raw} B raw): ${detail}`);
  } else {
    const budget = JSON.parse(readFileSync(join(ROOT, "size-budget.json"), "utf8")).browserBytesGzip;
    const ok = gzip <= budget;
    console.log(`${ok ? "ok" : "not ok"} - browser bytes ${gzip} B gzip -9 within the budget of ${budget} B (${detail})`);
    console.log(`size: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
    process.exitCode = ok ? 0 : 1;
  }
}
