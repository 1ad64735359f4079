// Compiled (never run) by `tsc -p tests/types` in the test command: the
// generated declarations must type an ordinary app's use of the package, and
// must reject obvious mistakes (the @ts-expect-error lines fail if they stop failing).
import {
  OidcClient,
  codeChallengeS256,
  generateCodeVerifier,
  isOidcError,
  type OidcError,
  type OidcSession,
} from "../../pkg/index.js";

export async function app(): Promise<void> {
  const client: OidcClient = await OidcClient.create({
    authority: "http://localhost:9000",
    clientId: "spa",
    redirectUri: "http://localhost:8080/callback",
    storage: "local",
    extraAuthorizeParams: { ui_locales: "en" },
  });
  await OidcClient.descope({ projectId: "P2abc", redirectUri: "http://localhost:8080/callback" });

  await client.signinRedirect();
  await client.signinRedirect({ appState: { returnTo: "/x" }, prompt: "login" });
  const url: string = await client.createSigninUrl();

  const session: OidcSession = await client.handleRedirectCallback();
  const expiresAt: number = session.expiresAt;
  const sub: string = session.claims.sub;
  const stored: OidcSession | null = await client.getSession();

  // One payload type per event.
  const off: () => void = client.on("renewed", (session) => console.log(session.expiresAt));
  off();
  client.on("renew_error", (error) => console.log(error.code, error.thirdPartyCookiesLikely));
  client.on("expired", (nothing: null) => console.log(nothing));

  try {
    await client.signinSilent();
  } catch (e) {
    if (isOidcError(e)) {
      const code: string = e.code;
      console.log(code, e.error, e.error_description);
    }
    const error = e as OidcError;
    console.log(error.status);
  }
  // The wasm can be given explicitly (a CDN, a service worker).
  await OidcClient.create({ clientId: "spa", redirectUri: "x", wasm: new URL("https://cdn.example/o.wasm") });

  const fresh: string = await client.getAccessToken({ minValiditySeconds: 30 });
  const popped: OidcSession = await client.signinPopup({ popupRedirectUri: "http://localhost:8080/popup.html", timeoutMs: 60_000 });
  console.log(fresh, popped.expiresAt);
  const bound = await OidcClient.create({ clientId: "spa", redirectUri: "x", authority: "http://localhost:9000", dpop: true });
  const response: Response = await bound.fetch("https://api.example/orders", { method: "POST", body: "{}" });
  console.log(response.status);
  const signout: string = await client.createSignoutUrl({ state: "s" });
  await client.revoke();
  await client.revoke(session.accessToken, "access_token");
  const machine = await OidcClient.clientCredentials({
    tokenEndpoint: "http://localhost:9000/token",
    clientId: "m2m",
    clientSecret: "secret",
  });
  const token: string = machine.accessToken;
  const challenge: string = await codeChallengeS256(await generateCodeVerifier());
  console.log(url, expiresAt, sub, stored, signout, token, challenge, client.metadata.issuer);

  // @ts-expect-error storage is one of three words
  await OidcClient.create({ clientId: "spa", redirectUri: "x", storage: "cookie" });
  // @ts-expect-error no such event
  client.on("renew", () => {});
  // @ts-expect-error renew_error gets an error, not a session
  client.on("renew_error", (session) => console.log(session.expiresAt));
  // @ts-expect-error expiresAt is a number, not a string
  const wrong: string = session.expiresAt;
  console.log(wrong);
}
