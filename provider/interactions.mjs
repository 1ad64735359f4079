// The provider's login and consent steps ("interactions"), served by the
// provider itself under /interaction/:uid.
//
// autoLogin: the test user is signed in and every requested scope and claim is
// granted at once, with no page shown (for the e2e tests).
// Otherwise a person sees a login form (user "ada", any password), then a
// consent page (for the demo).

import { TEST_USER, accountIdForLogin } from "./account.mjs";
import { consentPage, errorPage, loginPage } from "./pages.mjs";

const ROUTE = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/;

export function interactionsMiddleware(provider, { autoLogin }) {
  return async function interactions(ctx, next) {
    const match = ROUTE.exec(ctx.path);
    if (!match) return next();
    const [, , action] = match;
    ctx.set("Cache-Control", "no-store");

    let details;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch (err) {
      if (err.name !== "SessionNotFound") throw err;
      ctx.status = 400; // an old or foreign interaction page (e.g. reloaded after use)
      ctx.type = "html";
      ctx.body = errorPage({
        error: "invalid_request",
        error_description: "this sign-in has expired; start again from the app",
      });
      return;
    }
    const step = details.prompt.name; // "login" or "consent"

    if (ctx.method === "GET" && !action) {
      if (autoLogin) return finish(ctx, provider, await autoResult(provider, details));
      ctx.type = "html";
      ctx.body = step === "login" ? loginPage(details) : consentPage(details);
      return;
    }

    if (ctx.method !== "POST") {
      ctx.status = 405;
      return;
    }

    if (action === "abort") {
      return finish(ctx, provider, {
        error: "access_denied",
        error_description: "End-User aborted interaction",
      });
    }

    if (action === "login" && step === "login") {
      const form = await readForm(ctx);
      const accountId = accountIdForLogin(form.get("login"), form.get("password"));
      if (!accountId) {
        ctx.type = "html";
        ctx.body = loginPage(details, "Unknown user or empty password. Try user “ada” with any password.");
        return;
      }
      return finish(ctx, provider, { login: { accountId } });
    }

    if (action === "confirm" && step === "consent") {
      return finish(ctx, provider, { consent: { grantId: await grantEverything(provider, details) } });
    }

    ctx.status = 400;
    ctx.body = `unexpected ${action} during the ${step} step`;
  };
}

async function autoResult(provider, details) {
  if (details.prompt.name === "login") return { login: { accountId: TEST_USER.sub } };
  return { consent: { grantId: await grantEverything(provider, details) } };
}

/** Grants whatever the consent prompt reports missing: OIDC scopes, claims, API scopes. */
async function grantEverything(provider, details) {
  const { prompt, params, session, grantId } = details;
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const missing = prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes.join(" "));
  }
  return grant.save();
}

async function finish(ctx, provider, result) {
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission: true,
  });
  ctx.status = 303;
  ctx.redirect(returnTo);
}

async function readForm(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
