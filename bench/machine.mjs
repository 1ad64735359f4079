// The facts a benchmark report needs to be read later: machine, load, browser,
// versions, build.

/** The 1-minute load average now. */
export function loadNow() {
  return loadavg()[0];
}

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";

function run(command, args, cwd) {
  try {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

async function cpuModel() {
  try {
    const info = await readFile("/proc/cpuinfo", "utf8");
    return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * { nproc, load: { start, end }, cpu, node, chromium, date, commit, wasm: { sha256, built }, oidcClientTs };
 * `wasm` is { path, body }: the served bytes and the file they came from.
 */
export async function describeRun({ browser, repoDir, wasm, oidcClientTsPackageJson }) {
  const commit = run("git", ["rev-parse", "--short", "HEAD"], repoDir);
  const dirty = run("git", ["status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock"], repoDir);
  return {
    nproc: Number(run("nproc", [])) || availableParallelism(),
    load: { start: loadavg()[0], end: NaN }, // the runner fills `end` in
    cpu: await cpuModel(),
    node: process.version,
    chromium: browser.version(),
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    commit: commit ? `${commit}${dirty ? " (src/Cargo changes not committed)" : ""}` : "unknown",
    wasm: {
      sha256: createHash("sha256").update(wasm.body).digest("hex").slice(0, 16),
      built: (await stat(wasm.path)).mtime.toISOString().replace(/\.\d+Z$/, "Z"),
    },
    oidcClientTs: JSON.parse(await readFile(oidcClientTsPackageJson, "utf8")).version,
  };
}
