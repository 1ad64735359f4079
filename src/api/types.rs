//! TypeScript declarations for the plain objects that cross the boundary.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Provider metadata (OpenID Connect Discovery 1.0 §3 member names). */
export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint?: string;
  jwks_uri: string;
  end_session_endpoint?: string;
  revocation_endpoint?: string;
  introspection_endpoint?: string;
  authorization_response_iss_parameter_supported?: boolean;
  code_challenge_methods_supported?: string[];
}

export type StorageKind = "session" | "local" | "memory";

export interface CommonOptions {
  redirectUri: string;
  silentRedirectUri?: string;
  /** Where the sign-in popup lands (a static page is enough); default redirectUri. */
  popupRedirectUri?: string;
  postLogoutRedirectUri?: string;
  /** Default "openid"; must contain "openid". */
  scope?: string;
  /** Default "session". */
  storage?: StorageKind;
  /** Default true. */
  automaticSilentRenew?: boolean;
  /** Default 60. */
  renewBeforeExpirySeconds?: number;
  /** Default 300; applies to exp and iat in tokens, not to our own clock. */
  clockSkewSeconds?: number;
  /** Default 10000; 1 to 600000. How long the silent-renew iframe may take. */
  silentTimeoutMs?: number;
  /** Default 10000; 1 to 600000. Every request to the provider is aborted after this (code "timeout"). */
  requestTimeoutMs?: number;
  /** Default false. */
  loadUserInfo?: boolean;
  /** Sent as-is on every authorization request. */
  extraAuthorizeParams?: Record<string, string>;
  /** Where to load the wasm from (read by the package's entry, on the first call). */
  wasm?: WasmSource;
  /**
   * Sender-constrained tokens (RFC 9449): an ES256 key pair made with WebCrypto,
   * non-extractable, kept in IndexedDB (in memory with storage "memory"); every token,
   * userinfo and revocation request carries a proof, and client.fetch() too.
   */
  dpop?: boolean;
}

export interface OidcClientOptions extends CommonOptions {
  /** The issuer; discovery at authority + "/.well-known/openid-configuration". */
  authority?: string;
  /** Explicit endpoints instead of discovery. */
  metadata?: ProviderMetadata;
  clientId: string;
}

export interface DescopeOptions extends CommonOptions {
  /** The project ID; a regional one (e.g. "Peuw1…") selects https://api.<region>.descope.com. */
  projectId: string;
  /** A custom domain serving the project's API (https://auth.example.com); moves every URL there. */
  baseUrl?: string;
  /** A federated OIDC application of the project: issuer <base>/<projectId>/<appId>. */
  appId?: string;
  /** Defaults to projectId. */
  clientId?: string;
}

export interface SigninOptions {
  /** Any JSON value; comes back as session.appState. */
  appState?: unknown;
  prompt?: string;
  loginHint?: string;
  extraParams?: Record<string, string>;
  responseMode?: "query" | "fragment";
}

export interface SigninPopupOptions extends SigninOptions {
  /** Default: the client's popupRedirectUri, else redirectUri. */
  popupRedirectUri?: string;
  /** Default 600000 (ten minutes at the login page); then the call rejects with "timeout". */
  timeoutMs?: number;
}

export interface AccessTokenOptions {
  /** Renew first when the token has less left than this; default renewBeforeExpirySeconds. */
  minValiditySeconds?: number;
}

export interface SignoutOptions {
  /** Default: the client's postLogoutRedirectUri. */
  postLogoutRedirectUri?: string;
  state?: string;
  extraParams?: Record<string, string>;
}

/** Machine to machine: never ship a client secret to a browser. */
export interface ClientCredentialsOptions {
  /** Exactly one of tokenEndpoint and authority (discovery). */
  tokenEndpoint?: string;
  authority?: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  extraParams?: Record<string, string>;
  /** Default 10000; 1 to 600000. */
  requestTimeoutMs?: number;
  /** Where to load the wasm from (ES-module entries). */
  wasm?: WasmSource;
}

export interface MachineToken {
  accessToken: string;
  tokenType: string;
  /** Unix seconds, when the provider sent expires_in. */
  expiresAt?: number;
  scope?: string;
}

/** The verified ID token's claims (OpenID Connect Core §2) and any others the provider sent. */
export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  nonce?: string;
  azp?: string;
  auth_time?: number;
  /** Authentication methods used (Descope and others). */
  amr?: string[];
  /** Descope: the current tenant chosen for this session. */
  dct?: string;
  /** Descope: the user's tenants, each with its roles and permissions. */
  tenants?: Record<string, { roles?: string[]; permissions?: string[]; [claim: string]: unknown }>;
  /** Descope: project-level roles. */
  roles?: string[];
  /** Descope: project-level permissions. */
  permissions?: string[];
  /** Descope: the token's kind ("DS" session, "DSR" refresh). */
  drn?: string;
  [claim: string]: unknown;
}

export interface OidcSession {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  tokenType: string;
  scope?: string;
  /** Unix seconds: token response time + expires_in. */
  expiresAt: number;
  claims: IdTokenClaims;
  profile: Record<string, unknown>;
  appState?: unknown;
}

export type OidcEventName = "renewed" | "renew_error" | "expiring" | "expired" | "signed_out";

/** What each event's listener receives. */
export interface OidcEventPayload {
  renewed: OidcSession;
  expiring: OidcSession;
  renew_error: OidcError;
  expired: null;
  signed_out: null;
}

/** renewed/expiring: the session; renew_error: the error; expired/signed_out: null. */
export type OidcEventListener = (payload: OidcSession | OidcError | null) => void;

/**
 * Where the wasm comes from, for the `wasm` option of the ES-module entries: a URL, the
 * bytes, or a compiled module. Default: `oidc_wasm_bg.wasm` next to the package's entry.
 */
export type WasmSource = URL | string | BufferSource | WebAssembly.Module;

export type OidcErrorCode =
  | "invalid_config" | "invalid_metadata" | "issuer_mismatch" | "invalid_callback"
  | "state_mismatch" | "signin_expired" | "iss_mismatch" | "iss_missing" | "missing_code"
  | "oauth_error" | "http_error" | "network_error" | "timeout" | "iframe_error"
  | "popup_blocked" | "popup_closed" | "invalid_response" | "invalid_token_type"
  | "missing_id_token" | "invalid_jwt" | "unsupported_alg" | "key_not_found"
  | "invalid_signature" | "aud_mismatch" | "azp_mismatch" | "missing_exp" | "missing_iat"
  | "missing_sub" | "token_expired" | "iat_in_future" | "nonce_mismatch" | "missing_auth_time"
  | "auth_time_too_old" | "sub_mismatch"
  | "storage_error" | "unsupported" | "no_session" | "crypto_error" | "wasm_load_failed"
  | "internal_error";

/** Every rejection of this library is an Error with a stable `code`. */
export interface OidcError extends Error {
  name: "OidcError";
  code: OidcErrorCode;
  /** oauth_error: the provider's `error`. */
  error?: string;
  error_description?: string;
  /**
   * oauth_error from a silent renew through the iframe (login_required, interaction_required)
   * against a provider on another site: the browser likely withheld the provider's cookie from
   * the iframe. Renew with a refresh token (offline_access) or serve the provider from your site.
   */
  thirdPartyCookiesLikely?: boolean;
  /** http_error: the HTTP status. */
  status?: number;
}
"#;
