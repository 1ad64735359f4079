// The debug package (`bash scripts/build.sh --debug`, see the README) is the
// one a bug report asks for: it must be a debug build, not the shipped one under another
// name. Its glue binds console.error for the panic hook and its wasm keeps the places
// panics name; the shipped package has neither. The debug suite in scripts/test.sh builds
// it into $OIDC_WASM_PKG, runs this, then the Node tests and the browser DPoP tests on it.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { it } from "node:test";
import { fileURLToPath } from "node:url";

const REPO = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const SHIPPED = join(REPO, "pkg");
const DEBUG = process.env.OIDC_WASM_PKG && resolve(process.env.OIDC_WASM_PKG);

const ENTRIES = ["index.js", "node.mjs", "oidc_wasm.cjs"];
const read = (dir, file) => readFileSync(join(dir, file));

it("the debug package is another directory than the shipped one", () => {
  assert.ok(DEBUG, "set OIDC_WASM_PKG to the debug package's directory");
  assert.notEqual(DEBUG, SHIPPED);
});

for (const entry of ENTRIES) {
  it(`${entry}: the debug glue hands panic messages to console.error, the shipped one has no such import`, () => {
    assert.match(read(DEBUG, entry).toString("utf8"), /console\.error\(/);
    assert.doesNotMatch(read(SHIPPED, entry).toString("utf8"), /console\.error\(/);
  });
}

it("the debug wasm keeps the source places a panic message names; the shipped one drops them", () => {
  // -Zlocation-detail=none in the shipped build; the debug build keeps file names.
  assert.ok(read(DEBUG, "oidc_wasm_bg.wasm").includes("src/api/"), "no source path in the debug wasm");
  assert.ok(!read(SHIPPED, "oidc_wasm_bg.wasm").includes("src/api/"), "a source path in the shipped wasm");
});

it("the same package apart from the build: version, exports and files", () => {
  const manifest = (dir) => JSON.parse(read(dir, "package.json").toString("utf8"));
  assert.deepEqual(manifest(DEBUG), manifest(SHIPPED));
});
