// oidc-wasm/react: <AuthProvider> and useAuth() (React 18 and 19; @types/react for TypeScript).
import type { ReactElement, ReactNode } from "react";
import type {
  AccessTokenOptions,
  DescopeOptions,
  OidcClient,
  OidcClientOptions,
  OidcError,
  OidcSession,
  SigninOptions,
  SigninPopupOptions,
  SignoutOptions,
} from "./index.js";

interface AuthProviderCommonProps {
  /**
   * Called once after the provider completed a sign-in callback, with the new session
   * (e.g. to navigate to `session.appState`). The address bar is already clean.
   */
  onRedirectCallback?: (session: OidcSession) => void;
  /**
   * The only path whose URL is taken as a callback (e.g. "/callback"). Default: any URL
   * with `code` or `error`, plus `state`, in the query or the fragment.
   */
  callbackPath?: string;
  children?: ReactNode;
}

/**
 * `options` for `OidcClient.create`, or `descope` for `OidcClient.descope`: read once per
 * mount (give the provider a new `key` to change them).
 */
export type AuthProviderProps = AuthProviderCommonProps &
  ({ options: OidcClientOptions; descope?: undefined } | { descope: DescopeOptions; options?: undefined });

export interface AuthContextValue {
  /** The current session, kept in sync with `renewed`, `signed_out` and `expired`; null when signed out. */
  session: OidcSession | null;
  /** True until the client is created and the callback (or the stored session) has been read. */
  isLoading: boolean;
  /** Why the client could not be created or the callback failed; null otherwise. */
  error: OidcError | null;
  /** The client, once created (for `getUserInfo()`, `revoke()`, `on()`, …). */
  client: OidcClient | null;
  /** Sends the browser to the provider's sign-in page. */
  signinRedirect(options?: SigninOptions): Promise<void>;
  /** Signs in through a popup: call it straight from a click handler, with no await before it. */
  signinPopup(options?: SigninPopupOptions): Promise<OidcSession>;
  /** Removes the session (emits `signed_out`) and sends the browser to the provider's logout. */
  signoutRedirect(options?: SignoutOptions): Promise<void>;
  /** A valid access token, renewed first if needed. */
  getAccessToken(options?: AccessTokenOptions): Promise<string>;
}

/** Creates the client once per mount, handles a sign-in callback once (also under StrictMode). */
export declare function AuthProvider(props: AuthProviderProps): ReactElement;

/** The nearest <AuthProvider>'s state and calls; throws outside one. */
export declare function useAuth(): AuthContextValue;
