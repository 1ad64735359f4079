// Benchmark: oidc-wasm (pkg, the package scripts/build.sh builds) against
// oidc-client-ts (its minified browser bundle), in one headless Chromium run,
// against one local OpenID Provider (provider/op.mjs, autoLogin).
//
//   node bench/run.mjs [--rounds N] [--warmup N] [--verify-count N] [--check]
//
//   --rounds N        measured rounds (default 10); each round gives each library
//                     a fresh browser context and runs every step (driver.mjs)
//                     for oidc-wasm, then for oidc-client-ts (A B A B ...)
//   --warmup N        rounds run first and thrown away (default 1; 0 with --check)
//   --verify-count N  ID token checks per batch in the verify metric (default 200;
//                     batches repeat until 50 ms have passed, for timer resolution)
//   --check           1 round, no warm-up; writes nothing but test-output/bench/;
//                     for the test command: it asserts no time, only that every
//                     metric produced a number
//
// Metrics (see driver.mjs): bytes to load the library (files raw and gzip -9,
// and what the network carried), time to ready, callback time, silent renew
// through the iframe and through a refresh token, and ID token verification in
// isolation. Full runs write BENCHMARKS.md at the repo root; every run writes
// its raw samples to test-output/bench/samples.json. The last line is
// `bench: N passed, N failed` (one count per metric and library); the exit
// status is non-zero on any error.
//
// Ports (localhost, same site, so the provider's cookie reaches the iframe):
// BENCH_APP_PORT (8400), BENCH_OP_PORT (9400). The package comes from
// $OIDC_WASM_PKG (default <repo>/pkg): `npm run bench` builds it first.
// Chromium: $CHROMIUM (default /usr/bin/chromium).

import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";


import { startProvider } from "../provider/op.mjs";
import { launchChromium, portFromEnv } from "../tests/support/local.mjs";
import { STEPS, openLibraryRound } from "./driver.mjs";
import { describeRun, loadNow } from "./machine.mjs";
import { METRICS, renderReport } from "./report.mjs";
import { LIBRARIES, startBenchServer } from "./server.mjs";
import { fileSizes } from "./sizes.mjs";
import { summarize, summarizeTimeline } from "./stats.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const REPO = resolve(HERE, "..");
const OUTPUT_DIR = join(REPO, "test-output", "bench");
const OIDC_CLIENT_TS = join(REPO, "node_modules", "oidc-client-ts");



function count(name, raw, min) {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}, not ${raw}`);
  return value;
}

function options() {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string" },
      warmup: { type: "string" },
      "verify-count": { type: "string", default: "200" },
      check: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log("usage: node bench/run.mjs [--rounds N] [--warmup N] [--verify-count N] [--check]");
    process.exit(0);
  }
  const check = values.check;
  return {
    check,
    rounds: check ? 1 : count("rounds", values.rounds ?? "10", 1),
    warmup: check ? 0 : count("warmup", values.warmup ?? "1", 0),
    verifyCount: count("verify-count", values["verify-count"], 1),
  };
}

const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : "-");

function printRound(label, lib, result) {
  const s = result.samples;
  const parts = [
    `ready ${ms(s.ready)}`,
    `callback ${ms(s.callback)}`,
    `iframe ${ms(s.silentIframe)}`,
    `refresh ${ms(s.silentRefresh)}`,
    `verify ${Number.isFinite(s.verify) ? `${(s.verify * 1000).toFixed(1)} µs` : "-"}`,
    `network ${s.network ?? "-"} B`,
  ];
  console.log(`${label} ${lib.padEnd(14)} ${parts.join(", ")}`);
  for (const [step, message] of Object.entries(result.errors)) {
    console.log(`    ${step} FAILED: ${message.split("\n").join("\n      ")}`);
  }
}

async function main() {
  const opts = options();
  const started = Date.now();
  const appPort = portFromEnv("BENCH_APP_PORT", 8400);
  const opPort = portFromEnv("BENCH_OP_PORT", 9400);
  if (appPort === opPort) throw new Error("BENCH_APP_PORT and BENCH_OP_PORT must differ");
  const appOrigin = `http://localhost:${appPort}`;
  const pkgDir = resolve(process.env.OIDC_WASM_PKG ?? join(REPO, "pkg"));
  const oidcClientTsDir = join(OIDC_CLIENT_TS, "dist", "browser");
  for (const file of [join(pkgDir, "index.js"), join(pkgDir, "oidc_wasm_bg.wasm")]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build it with \`bash scripts/build.sh\``);
  }

  const rounds = [];
  let run;
  let op;
  let server;
  let browser;
  try {
    op = await startProvider({ port: opPort, appOrigin, autoLogin: true });
    server = await startBenchServer({
      port: appPort,
      pkgDir,
      oidcClientTsDir,
      config: {
        authority: op.issuer,
        appOrigin,
        clientId: "spa",
        scopes: { plain: "openid profile email", offline: "openid profile email offline_access" },
      },
    });
    browser = await launchChromium();
    run = await describeRun({
      browser,
      repoDir: REPO,
      wasm: { path: join(pkgDir, "oidc_wasm_bg.wasm"), body: server.libraryFile("/lib/oidc-wasm/oidc_wasm_bg.wasm") },
      oidcClientTsPackageJson: join(OIDC_CLIENT_TS, "package.json"),
    });
    console.log(
      `bench: ${opts.rounds} round(s)${opts.warmup ? ` + ${opts.warmup} warm-up` : ""}, Chromium ${run.chromium}, ` +
        `${run.nproc} × ${run.cpu}, app ${appOrigin}, provider ${op.issuer}, package ${pkgDir}`,
    );
    const roundOptions = {
      browser,
      appUrl: server.url,
      op,
      verify: { minCount: opts.verifyCount, minMs: 50 },
      timeoutMs: 30_000,
      screenshotDir: OUTPUT_DIR,
    };
    for (let r = 0; r < opts.warmup + opts.rounds; r += 1) {
      const warm = r < opts.warmup;
      const label = warm ? `warm-up ${r + 1}` : `round ${r - opts.warmup + 1}`;
      const sessions = [];
      for (const lib of LIBRARIES) sessions.push(await openLibraryRound({ ...roundOptions, lib }));
      for (const step of STEPS) {
        for (const session of sessions) await session.runStep(step.name);
      }
      const round = {};
      for (const session of sessions) {
        round[session.lib] = await session.finish();
        printRound(label.padEnd(9), session.lib, round[session.lib]);
      }
      if (!warm) rounds.push(round);
    }
  } finally {
    await browser?.close().catch(() => {});
    await Promise.all([server?.close(), op?.close()]);
  }

  // Sizes: exactly the /lib/ files the page fetched (first round that saw them).
  const sizes = {};
  const sizeErrors = {};
  for (const lib of LIBRARIES) {
    const urls = rounds.map((round) => round[lib].libraryUrls).find((list) => list.length > 0);
    try {
      if (!urls) throw new Error("no round recorded the files the page fetched (the ready step failed)");
      sizes[lib] = fileSizes(
        urls.map((url) => {
          const body = server.libraryFile(url);
          if (!body) throw new Error(`the page fetched ${url}, which the server does not hold`);
          return { url, body };
        }),
      );
    } catch (err) {
      sizeErrors[lib] = err.message;
    }
  }

  // Per metric and library: the samples, their summary, the errors.
  const results = {};
  let passed = 0;
  let failed = 0;
  const failures = [];
  for (const lib of LIBRARIES) {
    results[lib] = { summaries: {}, extras: {}, errors: [] };
    for (const metric of METRICS) {
      let ok;
      if (metric.key === "size") {
        ok = Boolean(sizes[lib]);
        if (!ok) failures.push(`${lib} size: ${sizeErrors[lib]}`);
      } else {
        const values = rounds.map((round) => round[lib].samples[metric.key]);
        const summary = summarize(values);
        results[lib].summaries[metric.key] = summary;
        const errs = rounds
          .map((round, i) => [i + 1, round[lib].errors[metric.key]])
          .filter(([, message]) => message);
        for (const [i, message] of errs) failures.push(`${lib} ${metric.key} (round ${i}): ${message.split("\n")[0]}`);
        ok = summary !== null && errs.length === 0;
      }
      if (ok) passed += 1;
      else failed += 1;
      console.log(`${ok ? "ok" : "not ok"} - ${metric.label} (${lib})`);
    }
    // Errors of steps that are not metrics themselves (offlineSignin).
    for (const [i, round] of rounds.entries()) {
      for (const [step, message] of Object.entries(round[lib].errors)) {
        if (!METRICS.some((m) => m.key === step)) failures.push(`${lib} ${step} (round ${i + 1}): ${message.split("\n")[0]}`);
      }
    }
    for (const key of ["verifyReference", "importAndVerifyReference", "verifyCount", "providerRedirects"]) {
      results[lib].extras[key] = summarize(rounds.map((round) => round[lib].extras[key]));
    }
    for (const key of ["readyTimeline", "callbackTimeline"]) {
      results[lib].extras[key] = summarizeTimeline(rounds.map((round) => round[lib].extras[key]));
    }
    results[lib].extras.alg = rounds.map((round) => round[lib].extras.alg).find(Boolean);
  }

  run.load.end = loadNow();
  const elapsedSeconds = (Date.now() - started) / 1000;
  const report = renderReport({
    run,
    rounds: opts.rounds,
    warmup: opts.warmup,
    verifyCount: opts.verifyCount,
    sizes,
    results,
    failures,
    elapsedSeconds,
    ports: { app: appPort, op: opPort },
    sizeLevers: await readFile(join(REPO, "bench", "size-levers.md"), "utf8"),
  });
  await mkdir(OUTPUT_DIR, { recursive: true });
  await writeFile(join(OUTPUT_DIR, "samples.json"), `${JSON.stringify({ run, opts, sizes, rounds }, null, 2)}\n`);
  const reportPath = opts.check ? join(OUTPUT_DIR, "BENCHMARKS.check.md") : join(REPO, "BENCHMARKS.md");
  await writeFile(reportPath, report);

  if (failures.length) {
    console.log("errors:");
    for (const failure of failures) console.log(`  ${failure}`);
  }
  console.log(`report: ${reportPath} (${elapsedSeconds.toFixed(0)} s)`);
  console.log(`bench: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || failures.length > 0 ? 1 : 0;
}

try {
  await main();
} catch (err) {
  console.error(err?.stack ?? err);
  console.log("bench: 0 passed, 1 failed");
  process.exitCode = 1;
}
