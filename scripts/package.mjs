// Completes pkg/ after wasm-pack: our entries and package files from js/, the
// version from Cargo.toml, LICENSE files, and two fixes to the generated types.
//   node scripts/package.mjs   (scripts/build.sh runs it)
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PKG = join(ROOT, "pkg");

const cargo = readFileSync(join(ROOT, "Cargo.toml"), "utf8");
const version = /^version = "([^"]+)"/m.exec(cargo)?.[1];
if (!version) throw new Error("no version in Cargo.toml");

const manifest = JSON.parse(readFileSync(join(ROOT, "js/package.json"), "utf8"));
manifest.version = version;
writeFileSync(join(PKG, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);

for (const file of ["index.js", "lazy.js", "node.mjs", "index.cjs", "index.d.ts", "README.md"]) {
  copyFileSync(join(ROOT, "js", file), join(PKG, file));
}
for (const file of ["LICENSE-MIT", "LICENSE-APACHE"]) copyFileSync(join(ROOT, file), join(PKG, file));
// wasm-pack's own ignore file would hide the package from `npm pack`.
rmSync(join(PKG, ".gitignore"), { force: true });

const typesPath = join(PKG, "oidc_wasm.d.ts");
let types = readFileSync(typesPath, "utf8");
const fixes = [
  // Needs lib "esnext.disposable"; an app compiling with lib ES2022 + DOM fails on it.
  ["    [Symbol.dispose](): void;\n", ""],
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
