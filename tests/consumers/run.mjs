// Consumer-app tests (issue 10): the package as an app gets it from npm, built
// and run by each toolchain with zero configuration.
//
//   bash scripts/build.sh && node tests/consumers/run.mjs [fixture-name ...]
//
// 1. install: `npm ci` here (tests/consumers/node_modules, pinned toolchains) when
//    package-lock.json is newer than the install; `npm pack ./pkg`, and the tarball
//    `npm install --no-save`d into the same node_modules when its sha256 changed.
//    So `oidc-wasm` resolves from every fixture directory as from a real install.
// 2. every fixture (sequentially: the machine has 2 cores), then one line each,
//    `ok - consumers: NAME` or `not ok - consumers: NAME` with the reason, and
//    `consumers: N passed, N failed`. Exit 1 on any failure or when none ran.
//
// Browser fixtures run the README quickstart (explicit metadata, no provider) in
// Debian's Chromium and must put a sign-in URL on <body data-signin-url> with no
// page error and no console error. The `react` fixture signs in for real, against
// provider/op.mjs started here on a free port.
//
// Servers listen on 127.0.0.1 only (the `react` fixture's app and provider on
// `localhost`, one site); ports from the environment:
//   CONSUMERS_VITE_DEV_PORT (8540), CONSUMERS_VITE_PREVIEW_PORT (8541),
//   CONSUMERS_STATIC_PORT (8542), CONSUMERS_NODE_PORT (8543), CONSUMERS_PARCEL_PORT (8544),
//   CONSUMERS_VITE7_DEV_PORT (8545), CONSUMERS_REACT_PORT (8546).
// CONSUMERS_PKG packs another directory than ./pkg. Build logs go to test-output/consumers/.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { launchChromium, portFromEnv } from "../support/local.mjs";
import { startStaticServer } from "./static-server.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const REPO = resolve(HERE, "../..");
const BIN = join(HERE, "node_modules", ".bin");
// Both Vites install a `vite` bin: each is started by its own path.
const VITE = join(HERE, "node_modules", "vite", "bin", "vite.js");
const VITE7 = join(HERE, "node_modules", "vite7", "bin", "vite.js");
// TypeScript 7 (the native compiler) here, 5.x from the repo root's install.
const TSC5 = join(REPO, "node_modules", "typescript", "bin", "tsc");
const LOGS = join(REPO, "test-output", "consumers");
const INSTALLED = join(HERE, "node_modules", "oidc-wasm");
// The package directory to pack, relative to the repo ("./pkg": a bare `pkg` names a registry package).
const PKG = process.env.CONSUMERS_PKG ?? "./pkg";

const PORTS = {
  viteDev: portFromEnv("CONSUMERS_VITE_DEV_PORT", 8540),
  vitePreview: portFromEnv("CONSUMERS_VITE_PREVIEW_PORT", 8541),
  static: portFromEnv("CONSUMERS_STATIC_PORT", 8542),
  node: portFromEnv("CONSUMERS_NODE_PORT", 8543),
  parcel: portFromEnv("CONSUMERS_PARCEL_PORT", 8544),
  vite7Dev: portFromEnv("CONSUMERS_VITE7_DEV_PORT", 8545),
  react: portFromEnv("CONSUMERS_REACT_PORT", 8546),
};

const PAGE_TIMEOUT_MS = 20_000;
const ERROR_GRACE_MS = 3_000;
const BUILD_TIMEOUT_MS = 180_000;
const SERVER_START_TIMEOUT_MS = 60_000;

const SIGNIN_PREFIX = "https://op.example.com/authorize?response_type=code&client_id=spa";

// ---------------------------------------------------------------- processes

const ENV = { ...process.env, PATH: `${BIN}:${process.env.PATH}`, NO_COLOR: "1", FORCE_COLOR: "0" };

/** Every child still running; each is its own process group, ended by its id. */
const running = new Set();

function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    /* already gone */
  }
}

function start(command, args, { cwd, env = {} }) {
  const child = spawn(command, args, { cwd, env: { ...ENV, ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((done) => {
    child.on("error", (error) => {
      output += `\n${error.message}`;
      done(-1);
    });
    child.on("close", (code, signal) => {
      running.delete(child);
      done(code ?? `signal ${signal}`);
    });
  });
  return {
    child,
    exited,
    output: () => output,
    async stop() {
      stopGroup(child);
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a command to its end (bounded); resolves { code, output }, never rejects. */
async function run(command, args, { cwd, env, timeoutMs = BUILD_TIMEOUT_MS, log }) {
  const proc = start(command, args, { cwd, env });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.stop();
  }, timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  const output = `$ ${[command, ...args].join(" ")}   (in ${cwd})\n${proc.output()}${timedOut ? `\n[timed out after ${timeoutMs} ms]` : ""}`;
  if (log) appendLog(log, output);
  return { code: timedOut ? "timeout" : code, output };
}

async function mustRun(command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0) throw new FixtureError(`${command} ${args.join(" ")} exited ${result.code}`, tail(result.output));
  return result.output;
}

function appendLog(name, text) {
  mkdirSync(LOGS, { recursive: true });
  writeFileSync(join(LOGS, `${name}.log`), text + "\n", { flag: "a" });
}

/** The start and the end of a long output: tools put the cause first or last. */
function tail(text, lines = 30) {
  const all = text.trimEnd().split("\n");
  if (all.length <= lines) return all.join("\n");
  const half = Math.floor(lines / 2);
  return [...all.slice(0, half), `[... ${all.length - 2 * half} lines, see test-output/consumers/ ...]`, ...all.slice(-half)].join("\n");
}

class FixtureError extends Error {
  constructor(message, details = "") {
    super(message);
    this.details = details;
  }
}

async function waitForHttp(url, proc, timeoutMs = SERVER_START_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new FixtureError(`the server exited (${proc.child.exitCode})`, tail(proc.output()));
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new FixtureError(`no answer from ${url} within ${timeoutMs} ms`, tail(proc.output()));
}

// ---------------------------------------------------------------- install

function sha256(file) {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** node_modules here, up to date, with the freshly packed ./pkg in it. */
async function install() {
  if (!existsSync(resolve(REPO, PKG, "package.json"))) {
    throw new FixtureError(`no ${PKG}/package.json to pack: run \`bash scripts/build.sh\` first`);
  }
  const lock = join(HERE, "package-lock.json");
  const installedLock = join(HERE, "node_modules", ".package-lock.json");
  if (!existsSync(installedLock) || statSync(lock).mtimeMs > statSync(installedLock).mtimeMs) {
    console.log("# consumers: npm ci (pinned toolchains)");
    await mustRun("npm", ["ci", "--no-audit", "--no-fund"], { cwd: HERE, log: "install", timeoutMs: 600_000 });
  }

  // `./pkg`, never `pkg`: a bare `pkg` is an unrelated package on the registry.
  const packed = await mustRun("npm", ["pack", PKG, "--json", "--pack-destination", HERE], {
    cwd: REPO,
    log: "install",
  });
  const json = packed.slice(packed.indexOf("["), packed.lastIndexOf("]") + 1);
  const { filename } = JSON.parse(json)[0];
  const tarball = join(HERE, filename);
  const digest = sha256(tarball);
  const stamp = join(HERE, "node_modules", ".oidc-wasm-tarball.sha256");
  const current = existsSync(stamp) ? readFileSync(stamp, "utf8").trim() : "";
  if (current !== digest || !existsSync(join(INSTALLED, "package.json"))) {
    console.log(`# consumers: npm install --no-save ${filename}`);
    await mustRun("npm", ["install", "--no-save", "--no-audit", "--no-fund", `./${filename}`], {
      cwd: HERE,
      log: "install",
      timeoutMs: 300_000,
    });
    // Caches keyed on the old package must not outlive it.
    rmSync(join(HERE, "node_modules", ".vite"), { recursive: true, force: true });
    rmSync(join(HERE, ".parcel-cache"), { recursive: true, force: true });
    writeFileSync(stamp, digest + "\n");
  }
  const version = JSON.parse(readFileSync(join(INSTALLED, "package.json"), "utf8")).version;
  console.log(`# consumers: oidc-wasm ${version} from ${filename} (sha256 ${digest.slice(0, 12)})`);
}

// ---------------------------------------------------------------- browser

let browser;

/** Opens `url`, waits (bounded) for the page to report; returns { dataset, errors }. */
async function openPage(url, { until = (d) => d.signinUrl, settleMs = 300 } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const wasmResponses = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("response", (response) => {
    if (/\.wasm($|\?)/.test(response.url())) {
      wasmResponses.push(`wasm request: ${response.status()} ${response.headers()["content-type"]} ${response.url()}`);
    }
  });
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const where = message.location()?.url;
    errors.push(`console error: ${message.text()}${where ? ` (${where})` : ""}`);
  });
  try {
    await page.goto(url, { timeout: PAGE_TIMEOUT_MS });
    const deadline = Date.now() + PAGE_TIMEOUT_MS;
    let dataset = {};
    let firstErrorAt;
    while (Date.now() < deadline) {
      dataset = await page.evaluate(() => ({ ...document.body?.dataset }));
      if (until(dataset) || errors.some((e) => e.startsWith("pageerror"))) break;
      // A failed load (console error) gets a moment to turn into the rejection it should be.
      if (errors.length && firstErrorAt === undefined) firstErrorAt = Date.now();
      if (firstErrorAt !== undefined && Date.now() - firstErrorAt > ERROR_GRACE_MS) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    // Errors logged right after the result still count.
    await new Promise((done) => setTimeout(done, settleMs));
    return { dataset, errors: [...errors], wasmResponses };
  } finally {
    await context.close();
  }
}

function checkSigninUrl(signinUrl, origin) {
  if (!signinUrl) throw new FixtureError("the page set no data-signin-url");
  if (!signinUrl.startsWith(SIGNIN_PREFIX)) throw new FixtureError(`sign-in URL does not start with ${SIGNIN_PREFIX}: ${signinUrl}`);
  const params = new URL(signinUrl).searchParams;
  if (params.get("code_challenge_method") !== "S256") throw new FixtureError(`no code_challenge_method=S256: ${signinUrl}`);
  if (!params.get("code_challenge")) throw new FixtureError(`no code_challenge: ${signinUrl}`);
  if (params.get("redirect_uri") !== `${origin}/callback`) throw new FixtureError(`redirect_uri is not ${origin}/callback: ${signinUrl}`);
}

/** The quickstart at `url` must produce a good sign-in URL and log no error. */
async function quickstart(url, serverOutput = () => "") {
  const { dataset, errors, wasmResponses } = await openPage(url);
  const details = () =>
    [errors.join("\n"), wasmResponses.join("\n") || "wasm request: none", tail(serverOutput(), 15)].filter(Boolean).join("\n");
  if (errors.length) throw new FixtureError(errors[0], details());
  if (!dataset.signinUrl) throw new FixtureError(`no data-signin-url within ${PAGE_TIMEOUT_MS} ms`, details());
  checkSigninUrl(dataset.signinUrl, new URL(url).origin);
}

function wasmFilesIn(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".wasm"));
}

function cleanDist(fixture) {
  rmSync(join(HERE, fixture, "dist"), { recursive: true, force: true });
}

/**
 * The one line a toolchain that emits no assets needs (esbuild, Rollup): the
 * package's wasm next to the bundle, where `new URL("oidc_wasm_bg.wasm",
 * import.meta.url)` looks for it. As an app writes it (README):
 *   cp node_modules/oidc-wasm/oidc_wasm_bg.wasm dist/
 */
function copyWasmNextToBundle(fixture) {
  copyFileSync(join(INSTALLED, "oidc_wasm_bg.wasm"), join(HERE, fixture, "dist", "oidc_wasm_bg.wasm"));
}

/** A free TCP port on localhost (the provider's issuer names its port before it listens). */
async function freePort() {
  const server = createServer();
  server.listen(0, "localhost");
  await once(server, "listening");
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/** `entry` and every module it imports statically by a relative specifier (as scripts/size-guard.mjs). */
function modulesFrom(entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(entry, "utf8");
  const specifiers = /\b(?:import|export)\b[^'";]*?\bfrom\s*["'](\.[^"']+)["']|\bimport\s*["'](\.[^"']+)["']/g;
  for (const [, from, bare] of text.matchAll(specifiers)) modulesFrom(join(dirname(entry), from ?? bare), seen);
  return seen;
}

/** The installed package's main entry imports no React: only `oidc-wasm/react` does. */
function assertMainEntryWithoutReact() {
  const manifest = JSON.parse(readFileSync(join(INSTALLED, "package.json"), "utf8"));
  for (const file of modulesFrom(join(INSTALLED, manifest.exports["."].default))) {
    if (/["']react(?:-dom)?(?:\/[^"']*)?["']/.test(readFileSync(file, "utf8"))) {
      throw new FixtureError(`the main entry's module ${file.slice(INSTALLED.length + 1)} imports React`);
    }
  }
}

/**
 * What React leaves in any bundle, minified or not: its element symbols
 * (`Symbol.for("react.transitional.element")`, 19; `"react.element"`, 18) and, unbundled,
 * an import of "react". (Not the bare word: webpack writes the build's own path into the
 * bundle, which may contain it.) The react fixture checks that this finds its bundle.
 */
const REACT_IN_BUNDLE = /["'`]react\.(?:transitional\.)?element["'`]|\bfrom\s*["']react(?:-dom)?(?:\/[^"']*)?["']/;

function reactIn(dir) {
  const scripts = readdirSync(dir, { recursive: true }).filter((f) => /\.m?js$/.test(String(f)));
  if (!scripts.length) throw new FixtureError(`no JavaScript in ${dir}`);
  return scripts.filter((file) => REACT_IN_BUNDLE.test(readFileSync(join(dir, String(file)), "utf8")));
}

/** A bundle of the main entry holds no React. */
function assertNoReactIn(dir) {
  const found = reactIn(dir);
  if (found.length) throw new FixtureError(`${join(dir, String(found[0]))} holds React: the main entry pulled it in`);
}

// ---------------------------------------------------------------- fixtures

let staticServer;
const staticUrl = (path) => `${staticServer.url}${path}`;

/** A Vite dev server (dependency pre-bundling on, as by default) serving vite/. */
function viteDev(id, label, bin, port) {
  return {
    name: `${id} (${label} dev server, dependency pre-bundling on)`,
    id,
    async run() {
      const cwd = join(HERE, "vite");
      // --force: the dependency optimizer starts from nothing, as on a fresh install.
      const dev = start("node", [bin, "--host", "127.0.0.1", "--port", String(port), "--strictPort", "--force"], { cwd });
      try {
        const url = `http://127.0.0.1:${port}/`;
        await waitForHttp(url, dev);
        await quickstart(url, dev.output);
      } finally {
        await dev.stop();
        appendLog(id, `$ ${label} dev --force\n${dev.output()}`);
      }
    },
  };
}

const FIXTURES = [
  {
    name: "typescript (tsc 7 and 5 --strict, bundler and nodenext resolution)",
    id: "typescript",
    async run() {
      const cwd = join(HERE, "typescript");
      const failures = [];
      for (const config of ["tsconfig.json", "tsconfig.nodenext.json"]) {
        for (const [label, command, args] of [
          ["tsc 7", "tsc", ["-p", config]],
          ["tsc 5", "node", [TSC5, "-p", config]],
        ]) {
          const { code, output } = await run(command, args, { cwd, log: "typescript" });
          if (code !== 0) failures.push(`${label} -p ${config}: exit ${code}\n${tail(output)}`);
        }
      }
      if (failures.length) throw new FixtureError(`${failures.length} of 4 checks failed`, failures.join("\n"));
    },
  },
  {
    name: "node-esm (import, client credentials)",
    id: "node-esm",
    async run() {
      await mustRun("node", ["main.mjs"], {
        cwd: join(HERE, "node-esm"),
        env: { CONSUMERS_NODE_PORT: String(PORTS.node) },
        timeoutMs: 30_000,
        log: "node-esm",
      });
    },
  },
  {
    name: "node-cjs (require, client credentials)",
    id: "node-cjs",
    async run() {
      await mustRun("node", ["main.cjs"], {
        cwd: join(HERE, "node-cjs"),
        env: { CONSUMERS_NODE_PORT: String(PORTS.node) },
        timeoutMs: 30_000,
        log: "node-cjs",
      });
    },
  },
  {
    name: "importmap (plain <script type=module>, import map to index.js)",
    id: "importmap",
    async run() {
      await quickstart(staticUrl("/importmap/"));
    },
  },
  {
    name: "csp (script-src 'self': rejects with wasm_load_failed)",
    id: "csp-strict",
    async run() {
      const { dataset, errors } = await openPage(staticUrl("/csp/?policy=strict"), {
        until: (d) => d.signinUrl || d.errorCode,
        settleMs: 500,
      });
      const pageErrors = errors.filter((e) => e.startsWith("pageerror"));
      if (pageErrors.length) throw new FixtureError(pageErrors[0], errors.join("\n"));
      if (dataset.signinUrl) throw new FixtureError("the wasm loaded although the CSP forbids compiling it");
      if (dataset.errorCode !== "wasm_load_failed") {
        throw new FixtureError(`expected code wasm_load_failed, got ${dataset.errorCode ?? "no rejection"}`, dataset.errorMessage);
      }
      if (dataset.errorIsError !== "true") throw new FixtureError("the rejection is not an Error");
      if (!dataset.errorMessage.includes("wasm-unsafe-eval")) {
        throw new FixtureError(`the message does not name 'wasm-unsafe-eval': ${dataset.errorMessage}`);
      }
    },
  },
  {
    name: "csp (script-src 'self' 'wasm-unsafe-eval': works)",
    id: "csp-wasm",
    async run() {
      await quickstart(staticUrl("/csp/?policy=wasm"));
    },
  },
  {
    name: "esbuild (CLI bundle + copy of the wasm)",
    id: "esbuild",
    async run() {
      cleanDist("esbuild");
      await mustRun("esbuild", ["main.js", "--bundle", "--format=esm", "--outfile=dist/main.js"], {
        cwd: join(HERE, "esbuild"),
        log: "esbuild",
      });
      copyWasmNextToBundle("esbuild");
      await quickstart(staticUrl("/esbuild/"));
    },
  },
  {
    name: "esbuild-iife (esbuild's default format, classic <script>, + copy of the wasm)",
    id: "esbuild-iife",
    async run() {
      cleanDist("esbuild-iife");
      await mustRun("esbuild", ["main.js", "--bundle", "--outfile=dist/main.js"], {
        cwd: join(HERE, "esbuild-iife"),
        log: "esbuild-iife",
      });
      copyWasmNextToBundle("esbuild-iife");
      await quickstart(staticUrl("/esbuild-iife/"));
    },
  },
  {
    name: "rollup (+ node-resolve, + copy of the wasm)",
    id: "rollup",
    async run() {
      cleanDist("rollup");
      await mustRun("rollup", ["main.js", "--plugin", "node-resolve", "--file", "dist/main.js"], {
        cwd: join(HERE, "rollup"),
        log: "rollup",
      });
      copyWasmNextToBundle("rollup");
      await quickstart(staticUrl("/rollup/"));
    },
  },
  {
    name: "webpack (5, production build, no config file)",
    id: "webpack",
    async run() {
      cleanDist("webpack");
      await mustRun("webpack", ["--mode", "production"], { cwd: join(HERE, "webpack"), log: "webpack" });
      if (!wasmFilesIn(join(HERE, "webpack", "dist")).length) throw new FixtureError("webpack emitted no .wasm");
      assertNoReactIn(join(HERE, "webpack", "dist"));
      await quickstart(staticUrl("/webpack/"));
    },
  },
  {
    name: "vite-build (vite build + vite preview)",
    id: "vite-build",
    async run() {
      cleanDist("vite");
      const cwd = join(HERE, "vite");
      await mustRun("node", [VITE, "build"], { cwd, log: "vite-build" });
      if (!wasmFilesIn(join(cwd, "dist")).length) throw new FixtureError("vite build emitted no .wasm");
      assertNoReactIn(join(cwd, "dist"));
      const preview = start("node", [VITE, "preview", "--host", "127.0.0.1", "--port", String(PORTS.vitePreview), "--strictPort"], { cwd });
      try {
        const url = `http://127.0.0.1:${PORTS.vitePreview}/`;
        await waitForHttp(url, preview);
        await quickstart(url, preview.output);
      } finally {
        await preview.stop();
        appendLog("vite-build", `$ vite preview\n${preview.output()}`);
      }
    },
  },
  viteDev("vite-dev", "Vite 8", VITE, PORTS.viteDev),
  // Vite 7 pre-bundles dependencies with esbuild, which moves a package's modules
  // away from its files; Vite 8 (Rolldown) rewrites their relative URLs. Both are in use.
  viteDev("vite7-dev", "Vite 7", VITE7, PORTS.vite7Dev),
  {
    name: "parcel (2, parcel build index.html)",
    id: "parcel",
    async run() {
      cleanDist("parcel");
      const cwd = join(HERE, "parcel");
      await mustRun("parcel", ["build", "index.html", "--dist-dir", "dist"], { cwd, log: "parcel", timeoutMs: 300_000 });
      const dist = join(cwd, "dist");
      if (!wasmFilesIn(dist).length) throw new FixtureError("parcel emitted no .wasm");
      const server = await startStaticServer({ root: dist, port: PORTS.parcel });
      try {
        await quickstart(`${server.url}/`);
      } finally {
        await server.close();
      }
    },
  },
];

// ---------------------------------------------------------------- react

/** The React fixture's page in a fresh context, with what it logs and counts. */
async function reactPage(origin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const callbackLoads = [];
  const watch = (target) => {
    target.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
    target.on("console", (message) => {
      if (message.type() === "error") errors.push(`console error: ${message.text()}`);
    });
  };
  watch(page);
  context.on("page", watch); // the sign-in popup
  context.on("request", (request) => {
    if (request.isNavigationRequest() && request.url().startsWith(`${origin}/callback`)) callbackLoads.push(request.url());
  });
  const seen = () => page.evaluate(() => window.__seen);
  const fail = async (message) =>
    new FixtureError(message, [
      `status: ${await page.evaluate(() => document.body.dataset.status).catch(() => "?")}`,
      `url: ${page.url()}`,
      `app failures: ${JSON.stringify((await seen().catch(() => null))?.failures ?? "?")}`,
      ...errors,
    ].join("\n"));
  /** Waits (bounded) for `#sub`, or `#error`, and says which. */
  const signedIn = async (what) => {
    await page.waitForSelector("#sub, #error", { timeout: PAGE_TIMEOUT_MS }).catch(() => {});
    if (!(await page.$("#sub"))) throw await fail(`${what}: not signed in: ${(await page.textContent("#error").catch(() => null)) ?? "no #sub"}`);
    await new Promise((done) => setTimeout(done, 500)); // a second token request or a late error would show by now
    const sub = await page.textContent("#sub");
    if (sub !== "user-1") throw await fail(`${what}: useAuth().session.claims.sub is ${JSON.stringify(sub)}, not "user-1"`);
  };
  const signedOutFirst = async () => {
    await page.goto(`${origin}/`, { timeout: PAGE_TIMEOUT_MS });
    await page.waitForSelector("#signin:not([disabled])", { timeout: PAGE_TIMEOUT_MS }).catch(async () => {
      throw await fail("no enabled Sign in button (signed-out state)");
    });
    const first = await seen();
    if (first.effects !== 2) throw await fail(`effects ran ${first.effects} times, not twice: not StrictMode's development build`);
    if (first.creates !== 1) throw await fail(`the start page created ${first.creates} clients, not 1`);
  };
  return { context, page, errors, callbackLoads, seen, fail, signedIn, signedOutFirst };
}

/**
 * The silent-renew iframe and the sign-in popup land on the app's /callback, and their
 * parent or opener reads that address: <AuthProvider> there must create no client and
 * redeem nothing. Checked on a made-up callback in both (the real popup is usually
 * closed before its app even starts). Its effects have run once App's have (children
 * first, in one commit), so the count of clients is final by then: no waiting on time.
 */
async function reactStandsAside(app, origin) {
  const { page, fail } = app;
  const href = `${origin}/callback?code=made-up&state=made-up`;
  const frameHandle = await page.evaluateHandle((src) => {
    const frame = document.createElement("iframe");
    frame.src = src;
    document.body.append(frame);
    return frame;
  }, href);
  const frame = await frameHandle.asElement().contentFrame();
  const opened = app.context.waitForEvent("page", { timeout: PAGE_TIMEOUT_MS });
  await page.evaluate((src) => void window.open(src, "_blank", "popup"), href);
  const popup = await opened;
  for (const [where, target] of [["iframe", frame], ["popup", popup]]) {
    await target.waitForFunction(() => window.__seen?.effects === 2, null, { timeout: PAGE_TIMEOUT_MS }).catch(async () => {
      throw await fail(`the app in the ${where} did not render`);
    });
    const inside = await target.evaluate(() => ({ ...window.__seen, href: location.href }));
    if (inside.creates !== 0 || inside.callbacks !== 0) {
      throw await fail(`the app in the ${where} created ${inside.creates} clients and redeemed ${inside.callbacks} callbacks, not none`);
    }
    if (inside.href !== href) throw await fail(`the app in the ${where} changed its address to ${inside.href}`);
  }
  await popup.close();
  await frameHandle.evaluate((frame) => frame.remove());
}

/** Exactly one token request since the last reset, an authorization_code one by "spa". */
function oneTokenRequest(op) {
  const token = op.stats.counts.token;
  return token.total === 1 && token.byClient.spa?.authorization_code === 1 ? null : JSON.stringify(token);
}

/**
 * Sign-in by redirect, as a person does it: open the app, click "Sign in", let the
 * provider (autoLogin) send the browser back to /callback, where <AuthProvider> under
 * StrictMode (React's development build: effects run twice, mount/unmount/mount)
 * redeems the code. Then getAccessToken(), and a reload.
 */
async function reactRedirectSignIn(origin, op) {
  op.stats.reset();
  const app = await reactPage(origin);
  const { page, fail, seen } = app;
  try {
    await app.signedOutFirst();
    await reactStandsAside(app, origin);
    app.callbackLoads.length = 0;
    await page.click("#signin");
    await app.signedIn("redirect");
    const twice = oneTokenRequest(op);
    if (twice) throw await fail(`not one token request: ${twice}`);
    if (app.callbackLoads.length !== 1 || !/[?&]code=/.test(app.callbackLoads[0])) {
      throw await fail(`the provider did not send one code to /callback: ${JSON.stringify(app.callbackLoads)}`);
    }
    const after = await seen();
    if (after.effects !== 2) throw await fail(`the callback page ran effects ${after.effects} times, not twice`);
    if (after.creates !== 1) throw await fail(`the callback page created ${after.creates} clients, not 1`);
    if (after.callbacks !== 1) throw await fail(`handleRedirectCallback ran ${after.callbacks} times, not once`);
    if (after.redirects.length !== 1) throw await fail(`onRedirectCallback ran ${after.redirects.length} times, not once`);
    if (after.redirects[0] !== `${origin}/callback`) {
      throw await fail(`the address bar at onRedirectCallback is ${after.redirects[0]}, not a clean ${origin}/callback`);
    }
    if (page.url() !== `${origin}/account`) throw await fail(`onRedirectCallback did not go to appState's /account: ${page.url()}`);

    // getAccessToken(): the session's token (an hour left), no renewal.
    await page.click("#token");
    await page.waitForFunction(() => document.body.dataset.tokenIsSessions, null, { timeout: PAGE_TIMEOUT_MS }).catch(() => {});
    const same = await page.evaluate(() => document.body.dataset.tokenIsSessions);
    if (same !== "true") throw await fail(`getAccessToken() did not give the session's access token (${same})`);

    // A reload keeps the session (session storage) with no callback and no token request.
    await page.reload({ timeout: PAGE_TIMEOUT_MS });
    await app.signedIn("after a reload");
    const reloaded = await seen();
    if (reloaded.callbacks !== 0 || reloaded.redirects.length !== 0) throw await fail("a reload handled a callback");
    if (op.stats.counts.token.total !== 1) throw await fail(`more token requests: ${JSON.stringify(op.stats.counts.token)}`);
    if (app.errors.length) throw await fail(app.errors[0]);
  } finally {
    await app.context.close();
  }
}

/**
 * Sign-in through the popup: signinPopup() from the click opens it (no await before
 * it); the popup lands on the app's /callback, where <AuthProvider> must leave the code
 * to the opener, which redeems it once.
 */
async function reactPopupSignIn(origin, op) {
  op.stats.reset();
  const app = await reactPage(origin);
  const { page, fail, seen } = app;
  try {
    await app.signedOutFirst();
    const opened = app.context.waitForEvent("page", { timeout: PAGE_TIMEOUT_MS }).catch(() => null);
    await page.click("#popup");
    const popup = await opened;
    if (!popup) throw await fail("signinPopup() opened no popup from the click");
    await app.signedIn("popup");
    const twice = oneTokenRequest(op);
    if (twice) throw await fail(`not one token request: ${twice}`);
    if (app.callbackLoads.length !== 1) throw await fail(`the popup did not land on /callback once: ${JSON.stringify(app.callbackLoads)}`);
    if (!popup.isClosed()) throw await fail("the popup is still open");
    const after = await seen();
    if (after.creates !== 1) throw await fail(`the page created ${after.creates} clients, not 1`);
    if (after.callbacks !== 0 || after.redirects.length !== 0) throw await fail("the opener handled a redirect callback");
    if (page.url() !== `${origin}/`) throw await fail(`the opener left its page: ${page.url()}`);
    if (app.errors.length) throw await fail(app.errors[0]);
  } finally {
    await app.context.close();
  }
}

/** Every JavaScript file of `dir` together: how often `text` occurs in the bundle. */
function occurrencesIn(dir, text) {
  let count = 0;
  for (const file of readdirSync(dir, { recursive: true }).filter((f) => /\.m?js$/.test(String(f)))) {
    count += readFileSync(join(dir, String(file)), "utf8").split(text).length - 1;
  }
  return count;
}

FIXTURES.push({
  name: "react (Vite, React 19 StrictMode, oidc-wasm/react: real sign-ins by redirect and popup against the local provider)",
  id: "react",
  async run() {
    const cwd = join(HERE, "react");
    assertMainEntryWithoutReact();
    const failures = [];
    for (const [label, command, args] of [
      ["tsc 7", "tsc", ["-p", "tsconfig.json"]],
      ["tsc 5", "node", [TSC5, "-p", "tsconfig.json"]],
    ]) {
      const { code, output } = await run(command, args, { cwd, log: "react" });
      if (code !== 0) failures.push(`${label}: exit ${code}\n${tail(output)}`);
    }
    if (failures.length) throw new FixtureError("types.ts does not type-check against oidc-wasm/react", failures.join("\n"));

    // The provider's issuer is built into the app (VITE_*); NODE_ENV=development keeps
    // React's development build, where StrictMode runs effects twice.
    const authority = `http://localhost:${await freePort()}`;
    cleanDist("react");
    await mustRun("node", [VITE, "build"], {
      cwd,
      env: { NODE_ENV: "development", VITE_OIDC_AUTHORITY: authority },
      log: "react",
    });
    const dist = join(cwd, "dist");
    if (!wasmFilesIn(dist).length) throw new FixtureError("vite build emitted no .wasm");
    if (!reactIn(dist).length) throw new FixtureError("the React detector finds no React in a React app's bundle");
    // oidc-wasm/react imports the main entry, never a copy of it.
    const copies = occurrencesIn(dist, "wasm-unsafe-eval");
    if (copies !== 1) throw new FixtureError(`the bundle holds the main entry ${copies} times, not once`);

    const app = await startStaticServer({ root: dist, port: PORTS.react, host: "localhost", fallback: "index.html" });
    let op;
    try {
      const { startProvider } = await import("../../provider/op.mjs");
      op = await startProvider({ port: Number(new URL(authority).port), appOrigin: app.url, autoLogin: true });
      await reactRedirectSignIn(app.url, op);
      await reactPopupSignIn(app.url, op);
    } finally {
      await op?.close();
      await app.close();
    }
  },
});

// ---------------------------------------------------------------- main

function cspHeaders(url) {
  if (url.pathname !== "/csp/" && url.pathname !== "/csp/index.html") return {};
  const policy = url.searchParams.get("policy") === "wasm" ? "script-src 'self' 'wasm-unsafe-eval'" : "script-src 'self'";
  return { "Content-Security-Policy": policy };
}

async function main() {
  const only = process.argv.slice(2);
  const unknown = only.filter((id) => !FIXTURES.some((f) => f.id === id));
  if (unknown.length) {
    console.log(`not ok - consumers: no fixture ${unknown.join(", ")} (there are: ${FIXTURES.map((f) => f.id).join(", ")})`);
    return { passed: 0, failed: unknown.length };
  }
  const selected = only.length ? FIXTURES.filter((f) => only.includes(f.id)) : FIXTURES;
  rmSync(LOGS, { recursive: true, force: true });
  const started = Date.now();
  let passed = 0;
  let failed = 0;
  try {
    try {
      await install();
    } catch (error) {
      console.log("not ok - consumers: install");
      for (const line of `${error.message}\n${error.details ?? ""}`.trim().split("\n")) console.log(`#   ${line}`);
      failed += 1;
      return { passed, failed };
    }
    staticServer = await startStaticServer({ root: HERE, port: PORTS.static, headers: cspHeaders });
    browser = await launchChromium();
    for (const fixture of selected) {
      const t0 = Date.now();
      try {
        await fixture.run();
        passed += 1;
        console.log(`ok - consumers: ${fixture.name} (${Date.now() - t0} ms)`);
      } catch (error) {
        failed += 1;
        console.log(`not ok - consumers: ${fixture.name} (${Date.now() - t0} ms)`);
        const text = `${error.message}\n${error.details ?? ""}`.trim();
        for (const line of text.split("\n")) console.log(`#   ${line}`);
      }
    }
  } finally {
    await browser?.close();
    await staticServer?.close();
    await Promise.all([...running].map((child) => stopGroup(child)));
    console.log(`# consumers: ${((Date.now() - started) / 1000).toFixed(1)} s, logs in test-output/consumers/`);
  }
  return { passed, failed };
}

const { passed, failed } = await main();
console.log(`consumers: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
