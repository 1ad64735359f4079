// provider/op.mjs's `onAnswered` hook, which bench/callback-phases.mjs times the provider
// with: one report per answered request, its method, its path without the query, and a
// duration. The provider runs in this process on a free port.

import assert from "node:assert/strict";
import { test } from "node:test";

import { startProvider } from "../../provider/op.mjs";

test("provider: onAnswered reports each answered request (method, path without query, ms)", async () => {
  const answered = [];
  const op = await startProvider({ port: 0, onAnswered: (report) => answered.push(report) });
  try {
    const response = await fetch(`http://localhost:${op.port}/jwks?probe=1`);
    assert.equal(response.status, 200);
    await response.text();
    assert.equal(answered.length, 1);
    const [report] = answered;
    assert.deepEqual({ method: report.method, path: report.path }, { method: "GET", path: "/jwks" });
    assert.ok(Number.isFinite(report.ms) && report.ms >= 0, `ms: ${report.ms}`);
  } finally {
    await op.close();
  }
});
