// The Descope preset's default scope, decided by where the provider is (issue 12): on
// another site than the page, browsers keep its cookie out of the silent-renew iframe,
// so the preset asks for a refresh token. No request leaves the page: no discovery.

import assert from "node:assert/strict";

import { openApp } from "./app-driver.mjs";
import { APP_ORIGIN, test } from "./harness.mjs";

const PROJECT = "Peuw1" + "A".repeat(27);

test("descope preset: offline_access by default whenever the provider is on another site than the page", async ({ page }) => {
  await openApp(page, "/");
  const scopeFor = async (extra) => {
    const url = await page.evaluate(async ({ project, origin, extra }) => {
      const client = await window.oidcWasm.OidcClient.descope({ projectId: project, redirectUri: `${origin}/callback`, ...extra });
      return client.createSigninUrl();
    }, { project: PROJECT, origin: APP_ORIGIN, extra });
    return { host: new URL(url).host, scope: new URL(url).searchParams.get("scope") };
  };
  // The region's host, implied or written out as baseUrl, is another site than localhost.
  assert.deepEqual(await scopeFor({}), { host: "api.euw1.descope.com", scope: "openid offline_access" });
  assert.deepEqual(await scopeFor({ baseUrl: "https://api.euw1.descope.com" }), {
    host: "api.euw1.descope.com",
    scope: "openid offline_access",
  });
  // A custom domain on the page's own site: the iframe works, no refresh token asked for.
  assert.deepEqual(await scopeFor({ baseUrl: "http://localhost:9999" }), { host: "localhost:9999", scope: "openid" });
  // The app's own scope always wins.
  assert.deepEqual(await scopeFor({ scope: "openid profile" }), { host: "api.euw1.descope.com", scope: "openid profile" });
});
