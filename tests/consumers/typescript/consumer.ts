// An app written against the installed package's declarations, checked (never
// run) by `tsc --strict` with skipLibCheck off and no @types/node: the types must
// stand on their own in a browser project. The @ts-expect-error lines fail the
// check if the mistakes they hold stop being errors.
import {
  OidcClient,
  codeChallengeS256,
  generateCodeVerifier,
  isOidcError,
  type OidcSession,
} from "oidc-wasm";

export async function app(): Promise<string> {
  const client: OidcClient = await OidcClient.create({
    metadata: {
      issuer: "https://op.example.com",
      authorization_endpoint: "https://op.example.com/authorize",
      token_endpoint: "https://op.example.com/token",
      jwks_uri: "https://op.example.com/jwks",
    },
    clientId: "spa",
    redirectUri: location.origin + "/callback",
  });
  const url: string = await client.createSigninUrl();

  // Each event's payload has its own type: no casts, no null checks.
  const offRenewed: () => void = client.on("renewed", (s) => s.expiresAt);
  const offError: () => void = client.on("renew_error", (e) => e.code);
  offRenewed();
  offError();
  client.on("renewed", (s) => {
    const expiresAt: number = s.expiresAt;
    const session: OidcSession = s;
    console.log(expiresAt, session.accessToken);
  });
  client.on("renew_error", (e) => {
    const code: string = e.code;
    const message: string = e.message;
    console.log(code, message);
  });

  // Promises in every entry.
  const verifier: string = await generateCodeVerifier();
  const challenge: string = await codeChallengeS256(verifier);
  // @ts-expect-error codeChallengeS256 returns a Promise, not a string
  const notAString: string = codeChallengeS256(verifier);
  console.log(challenge, notAString);

  // The wasm can be given explicitly.
  await OidcClient.create({
    authority: "https://op.example.com",
    clientId: "spa",
    redirectUri: location.origin + "/callback",
    wasm: new URL("/assets/oidc_wasm_bg.wasm", location.href),
  });

  try {
    await OidcClient.descope({ projectId: "P2abc", redirectUri: location.origin + "/callback" });
  } catch (error: unknown) {
    if (isOidcError(error)) {
      const code: string = error.code;
      console.log(code, error.message);
    }
  }

  // @ts-expect-error clientId is required
  await OidcClient.create({ authority: "https://op.example.com", redirectUri: "https://app.example/cb" });
  // @ts-expect-error no such event
  client.on("no_such_event", () => {});

  return url;
}
