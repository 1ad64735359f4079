// What every browser-driving script here shares: Chromium launched the way this
// offline machine needs (TOOLCHAIN.md), and loopback ports taken from the environment.

import { chromium } from "playwright-core";

// Without the background-networking flags Chromium floods the closed network.
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Debian's Chromium (or $CHROMIUM), never a downloaded browser. */
export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** A TCP port from the environment variable `name`, or `fallback`. */
export function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a TCP port number, not ${JSON.stringify(raw)}`);
  }
  return port;
}
