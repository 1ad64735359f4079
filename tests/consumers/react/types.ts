// oidc-wasm/react as a TypeScript app sees it, checked (never run) by `tsc --strict` with
// skipLibCheck off. The @ts-expect-error lines fail the check if the mistakes they hold
// stop being errors.
import { createElement, type ReactElement } from "react";
import type { OidcError, OidcSession } from "oidc-wasm";
import { AuthProvider, useAuth, type AuthContextValue, type AuthProviderProps } from "oidc-wasm/react";

export function Profile(): ReactElement {
  const auth: AuthContextValue = useAuth();
  const session: OidcSession | null = auth.session;
  const error: OidcError | null = auth.error;
  const loading: boolean = auth.isLoading;
  const onClick = (): void => {
    void auth.signinRedirect({ appState: { returnTo: "/" }, prompt: "login" });
    void auth.signinPopup().then((s: OidcSession) => s.claims.sub);
    void auth.getAccessToken({ minValiditySeconds: 30 }).then((token: string) => token.length);
    void auth.signoutRedirect({ postLogoutRedirectUri: "/" });
    // @ts-expect-error signinRedirect takes options, not a URL
    void auth.signinRedirect("https://elsewhere.example");
  };
  const sub: string | undefined = session?.claims.sub;
  return createElement("button", { onClick }, loading ? "…" : (sub ?? error?.code ?? "sign in"));
}

const options = { authority: "https://op.example.com", clientId: "spa", redirectUri: "https://app.example/callback" };

export const withOptions: ReactElement = createElement(AuthProvider, {
  options,
  onRedirectCallback: (session: OidcSession) => void session.appState,
  callbackPath: "/callback",
  children: createElement(Profile),
});
export const withDescope: ReactElement = createElement(AuthProvider, {
  descope: { projectId: "P2abc", redirectUri: "https://app.example/callback" },
});

// @ts-expect-error one of options and descope, not both
export const both: AuthProviderProps = { options, descope: { projectId: "P2abc", redirectUri: "x" } };
// @ts-expect-error options or descope is required
export const neither: AuthProviderProps = { callbackPath: "/callback" };
