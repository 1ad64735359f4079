// The provider's own HTML pages: login, consent, logout confirmation, signed-out
// and error pages. Plain HTML, no external resources (the machine is offline).

export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 22rem; margin: 3rem auto; padding: 0 1rem; }
  label { display: block; margin: 0.75rem 0 0.25rem; }
  input { width: 100%; box-sizing: border-box; padding: 0.4rem; }
  button { margin-top: 1rem; padding: 0.5rem 1rem; }
  .error { color: #b00020; }
  .hint { color: #555; font-size: 0.9rem; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

function abortForm(uid) {
  return `<form method="post" action="/interaction/${escapeHtml(uid)}/abort">
  <button type="submit">Cancel</button>
</form>`;
}

export function loginPage({ uid, params }, error) {
  return page(
    "Sign in",
    `<h1>Sign in</h1>
<p>to continue to <strong>${escapeHtml(params.client_id)}</strong></p>
${error ? `<p class="error">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
  <label for="login">User name</label>
  <input id="login" name="login" autocomplete="username" autofocus required value="${escapeHtml(params.login_hint ?? "")}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>
</form>
<p class="hint">Test user: <code>ada</code>, any password.</p>
${abortForm(uid)}`,
  );
}

export function consentPage({ uid, params, prompt }) {
  const scopes = prompt.details.missingOIDCScope ?? [];
  const claims = prompt.details.missingOIDCClaims ?? [];
  const items = [...scopes.map((s) => `scope <code>${escapeHtml(s)}</code>`),
    ...claims.map((c) => `claim <code>${escapeHtml(c)}</code>`)];
  return page(
    "Allow access",
    `<h1>Allow access</h1>
<p><strong>${escapeHtml(params.client_id)}</strong> asks for:</p>
<ul>${items.map((i) => `<li>${i}</li>`).join("") || "<li>nothing new</li>"}</ul>
<form method="post" action="/interaction/${escapeHtml(uid)}/confirm">
  <button type="submit" autofocus>Allow</button>
</form>
${abortForm(uid)}`,
  );
}

/**
 * The RP-initiated logout confirmation. `form` is oidc-provider's hidden form
 * (id "op.logoutForm"); with autoSubmit the page confirms by itself so a test
 * needs no click.
 */
export function logoutPage({ host, form, autoSubmit }) {
  const submit = autoSubmit
    ? `<script>
  const form = document.getElementById("op.logoutForm");
  const yes = document.createElement("input");
  yes.type = "hidden"; yes.name = "logout"; yes.value = "yes";
  form.appendChild(yes);
  form.submit();
</script>`
    : "";
  return page(
    "Sign out",
    `<h1>Sign out of ${escapeHtml(host)}?</h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>
${submit}`,
  );
}

export function signedOutPage(clientId) {
  return page(
    "Signed out",
    `<h1>Signed out</h1><p>You signed out${clientId ? ` of ${escapeHtml(clientId)}` : ""}.</p>`,
  );
}

export function errorPage(out) {
  const rows = Object.entries(out)
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join("");
  return page("Error", `<h1>Something went wrong</h1><dl>${rows}</dl>`);
}
