// Compiled (never run) by `tsc -p tests/types` in the test command: the
// generated declarations must type an ordinary app's use of the package, and
// must reject obvious mistakes (the @ts-expect-error lines fail if they stop failing).
import init, {
  OidcClient,
  codeChallengeS256,
  generateCodeVerifier,
  type OidcError,
  type OidcSession,
} from "../../pkg-web/oidc_wasm.js";

export async function app(): Promise<void> {
  await init();
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

  const off: () => void = client.on("renewed", (payload) => {
    if (payload && "accessToken" in payload) console.log(payload.expiresAt);
  });
  off();

  try {
    await client.signinSilent();
  } catch (e) {
    const error = e as OidcError;
    const code: string = error.code;
    console.log(code, error.error, error.error_description);
  }

  const signout: string = await client.createSignoutUrl({ state: "s" });
  await client.revoke();
  await client.revoke(session.accessToken, "access_token");
  const machine = await OidcClient.clientCredentials({
    tokenEndpoint: "http://localhost:9000/token",
    clientId: "m2m",
    clientSecret: "secret",
  });
  const token: string = machine.accessToken;
  const challenge: string = codeChallengeS256(generateCodeVerifier());
  console.log(url, expiresAt, sub, stored, signout, token, challenge, client.metadata.issuer);

  // @ts-expect-error storage is one of three words
  await OidcClient.create({ clientId: "spa", redirectUri: "x", storage: "cookie" });
  // @ts-expect-error no such event
  client.on("renew", () => {});
  // @ts-expect-error expiresAt is a number, not a string
  const wrong: string = session.expiresAt;
  console.log(wrong);
}
