// Completes pkg/ after wasm-pack: our entries and package files from js/, the
// version from Cargo.toml, LICENSE files, two fixes to the generated types, short wasm
// import and export names, and each ES-module entry bundled into one file (the browser's
// minified). Each lever is measured in BENCHMARKS.md.
//   node scripts/package.mjs   (scripts/build.sh runs it)
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { build, transform } from "esbuild";
import { minify as terser } from "terser";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PKG = resolve(process.env.OIDC_WASM_PKG ?? join(ROOT, "pkg"));

const cargo = readFileSync(join(ROOT, "Cargo.toml"), "utf8");
const version = /^version = "([^"]+)"/m.exec(cargo)?.[1];
if (!version) throw new Error("no version in Cargo.toml");

const manifest = JSON.parse(readFileSync(join(ROOT, "js/package.json"), "utf8"));
manifest.version = version;
writeFileSync(join(PKG, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);

for (const file of ["index.cjs", "index.d.ts", "react.d.ts", "README.md"]) {
  copyFileSync(join(ROOT, "js", file), join(PKG, file));
}
// wasm-pack's own ignore file would hide the package from `npm pack`.
rmSync(join(PKG, ".gitignore"), { force: true });

const typesPath = join(PKG, "oidc_wasm.d.ts");
let types = readFileSync(typesPath, "utf8");
const fixes = [
  // Needs lib "esnext.disposable"; an app compiling with lib ES2022 + DOM fails on it.
  ["    [Symbol.dispose](): void;\n", ""],
  // create's second argument is the browser entry's early discovery request (js/index.js).
  ["    static create(options: OidcClientOptions, early: any): Promise<OidcClient>;",
   "    static create(options: OidcClientOptions): Promise<OidcClient>;"],
  // One listener type per event: `renewed` gets a session, `renew_error` an error.
  [
    "    on(name: OidcEventName, callback: OidcEventListener): () => void;",
    "    on<E extends OidcEventName>(name: E, callback: (payload: OidcEventPayload[E]) => void): () => void;",
  ],
];
for (const [from, to] of fixes) {
  if (!types.includes(from)) throw new Error(`oidc_wasm.d.ts: expected to find ${JSON.stringify(from)}`);
  types = types.replace(from, to);
}
writeFileSync(typesPath, types);

// Short names for the wasm's ~90 imports and ~50 exports (`__wbg_set_onmessage_62a5679a…`
// becomes `$`): wasm-opt renames them and prints the mapping, and both glues follow it.
// Measured in BENCHMARKS.md.
const wasmPath = join(PKG, "oidc_wasm_bg.wasm");
// Before the renaming, a second optimisation of wasm-pack's -Oz output: `--flatten
// --rereloop` rebuilds each function's control flow from its basic blocks, which untangles
// the nested blocks of the async state machines, and `-Os -Oz` cleans up after it
// (-489 B gzipped; -Oz alone again bought -46, -O3/-O4 grow it; bench/size-levers.md).
// `--low-memory-unused` as in Cargo.toml's first run (see there why it holds).
// (The wasm's features come from its target_features section, dropped only on the way out.)
const reshape = ["--low-memory-unused", "--flatten", "--rereloop", "-Os", "-Oz"];
const mapping = JSON.parse(
  // Also drops the `producers` and `target_features` sections: build facts for linkers
  // and tools (rustc's version, wasm-bindgen's), which browsers never read.
  execFileSync(
    "wasm-opt",
    [wasmPath, ...reshape, "--minify-imports-and-exports-and-modules", "--strip-producers", "--strip-target-features", "-o", wasmPath],
    { encoding: "utf8" },
  ),
);
const module = await WebAssembly.compile(readFileSync(wasmPath));
const importModules = [...new Set(WebAssembly.Module.imports(module).map((i) => i.module))];
const oldModules = [...new Set(mapping.imports.map(([m]) => m))];
// The shipped build imports everything through wasm-bindgen's own module. The debug build
// (stable Rust, whose std has reference types on) also imports js/shell.js's functions
// straight from their snippet module: wasm-opt folds every module into one, and the glue
// hands those functions on under their new names in the one module's object.
const glueModule = oldModules.find((m) => m.endsWith("_bg.js"));
const snippetImports = mapping.imports.filter(([m]) => m !== glueModule);
if (importModules.length !== 1 || !glueModule || snippetImports.some(([m]) => !m.startsWith("./snippets/"))) {
  throw new Error(`expected one import module, got ${importModules} for ${oldModules}`);
}
const importNames = new Map(mapping.imports.filter(([m]) => m === glueModule).map(([, from, to]) => [from, to]));
const exportNames = new Map(mapping.exports);
const exportsNow = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
for (const glueFile of ["oidc_wasm.js", "oidc_wasm.cjs"]) {
  const path = join(PKG, glueFile);
  let glue = readFileSync(path, "utf8");
  const bound = new Map(); // a snippet module -> the name the glue binds its exports to
  glue = glue.replace(/^\s+("\.\/snippets\/[^"]+"): (\w+),\n/gm, (_, module, name) => {
    bound.set(JSON.parse(module), name);
    return "";
  });
  const handedOn = snippetImports.map(([m, from, to]) => {
    if (!bound.has(m)) throw new Error(`${glueFile}: no binding for ${m}`);
    return `${JSON.stringify(to)}: ${bound.get(m)}.${from}`;
  });
  const glueEntry = `${JSON.stringify(glueModule)}: import0,`;
  if (glue.split(glueEntry).length !== 2) throw new Error(`${glueFile}: expected ${glueEntry} once`);
  glue = glue.replace(
    glueEntry,
    `${JSON.stringify(importModules[0])}: ${handedOn.length ? `Object.assign(import0, { ${handedOn.join(", ")} })` : "import0"},`,
  );
  glue = glue.replace(/^(\s+)(\w+)(: function\b)/gm, (line, indent, name, rest) =>
    importNames.has(name) ? indent + JSON.stringify(importNames.get(name)) + rest : line,
  );
  glue = glue.replace(/\bwasm\.(\w+)/g, (use, name) => (exportNames.has(name) ? `wasm.${exportNames.get(name)}` : use));
  // Every name the glue still uses must exist: a miss would fail at load, not here.
  for (const [, name] of glue.matchAll(/\bwasm\.(\w+)/g)) {
    if (!exportsNow.has(name)) throw new Error(`${glueFile}: wasm.${name} is not an export any more`);
  }
  // Every call into the wasm goes through js/guard.js: the first exception out of it (a
  // trap) rejects the calls in flight and refuses the next ones, with internal_error.
  const [anchor, guarded] = glueFile.endsWith(".cjs")
    ? ["let wasm = wasmInstance.exports;", 'let wasm = require("./guard.cjs").guardExports(wasmInstance.exports);']
    : ["wasm = instance.exports;", "wasm = guardExports(instance.exports);"];
  if (glue.split(anchor).length !== 2) throw new Error(`${glueFile}: expected ${JSON.stringify(anchor)} once`);
  glue = glue.replace(anchor, guarded);
  if (!glueFile.endsWith(".cjs")) {
    glue = `import { guardExports } from "./guard.js";\n${glue}`;
    // js/instantiate.js loads the wasm with the glue's imports and hands the instance
    // back; wasm-bindgen's init() and initSync() are then left out of the entries.
    for (const name of ["__wbg_get_imports", "__wbg_finalize_init"]) {
      if (!glue.includes(`function ${name}(`)) throw new Error(`${glueFile}: expected function ${name}`);
    }
    glue += "\nexport { __wbg_get_imports as imports, __wbg_finalize_init as finalize };\n";
  }
  // A snippet's path as a plain literal, which bundlers follow (a template is not).
  glue = glue.replace(/require\(String\.raw`([^`]+)`\)/g, (_, path) => `require(${JSON.stringify(path)})`);
  const keys = glue.match(/^\s+(?:"[^"]+"|\w+): function\b/gm) ?? [];
  if (keys.some((key) => /__wbg_|__wbindgen_/.test(key))) throw new Error(`${glueFile}: an import kept its long name`);
  writeFileSync(path, glue);
}

// The CommonJS glue requires the shell's own JS (js/shell.js), which wasm-bindgen
// copies under snippets/ as ES modules that require() cannot load on Node 20: folded in
// here, as the ES-module entries fold it in below; snippets/ is then not shipped.
await build({
  entryPoints: [join(PKG, "oidc_wasm.cjs")],
  outfile: join(PKG, "oidc_wasm.cjs"),
  allowOverwrite: true,
  bundle: true,
  external: ["./guard.cjs"],
  platform: "node",
  format: "cjs",
  target: "es2022",
  logLevel: "warning",
});

// terser's safe compress options, twice over, after esbuild's minifier: it folds more than
// esbuild does (the browser entry -259 B gzipped; a third pass -4 B; on esbuild's
// unminified bundle instead -210 B; bench/size-levers.md).
async function minifyMore(code) {
  return (await terser(code, { module: true, ecma: 2020, compress: { passes: 2 } })).code;
}

// The ES-module entries, each one file with js/lazy.js and the glue folded in: a page
// then fetches the entry and the wasm, not a chain of three modules (measured in
// BENCHMARKS.md). Built after the glue follows the wasm's short names.
const glueFromPkg = {
  name: "glue-from-pkg",
  setup(build) {
    build.onResolve({ filter: /^\.\/oidc_wasm\.js$/ }, () => ({ path: join(PKG, "oidc_wasm.js") }));
    build.onResolve({ filter: /^\.\/guard\.js$/ }, () => ({ path: join(ROOT, "js", "guard.js") }));
  },
};
for (const [file, minify] of [["index.js", true], ["node.mjs", false]]) {
  await build({
    entryPoints: [join(ROOT, "js", file)],
    outfile: join(PKG, file),
    bundle: true,
    plugins: [glueFromPkg],
    external: ["node:*"],
    format: "esm",
    target: "es2022",
    minify,
    logLevel: "warning",
  });
  if (minify) writeFileSync(join(PKG, file), await minifyMore(readFileSync(join(PKG, file), "utf8")));
}
// The CommonJS glue and index.cjs require js/guard.js as CommonJS.
await build({
  entryPoints: [join(ROOT, "js", "guard.js")],
  outfile: join(PKG, "guard.cjs"),
  format: "cjs",
  target: "es2022",
  logLevel: "warning",
});
// Folded into both entries; its types stay (oidc_wasm.d.ts).
rmSync(join(PKG, "oidc_wasm.js"));
rmSync(join(PKG, "snippets"), { recursive: true, force: true });
// The React entry, minified on its own: it imports "react" and "./index.js" (the main
// entry, shared with an app that imports both, never a second copy of it).
{
  const { code: esbuilt } = await transform(readFileSync(join(ROOT, "js/react.js"), "utf8"), {
    minify: true,
    format: "esm",
    target: "es2022",
  });
  const code = await minifyMore(esbuilt); // 1,334 -> 1,288 B gzipped
  if (!/from\s*"\.\/index\.js"/.test(code)) throw new Error('react.js: expected `from "./index.js"` to stay');
  writeFileSync(join(PKG, "react.js"), code);
}
for (const file of ["LICENSE-MIT", "LICENSE-APACHE"]) copyFileSync(join(ROOT, file), join(PKG, file));
