//! The wasm-bindgen surface: the `OidcClient` class and the free functions.
//! It decodes options, calls the shell, encodes results and maps errors; nothing else.

mod options;
#[cfg(test)]
mod tests;
mod types;

use crate::browser::client::{discover, Client};
use crate::browser::window_signin::Opening;
use crate::browser::{
    app_fetch, crypto, from_js, js, js_error, location, machine, renew, schedule, session_store,
    signin, signout, to_js, userinfo, verify, watch, window_signin,
};
use crate::core::url::is_cross_site;
use crate::core::{
    code_verifier_from_random, descope_metadata, is_valid_code_verifier, validate_metadata,
    DescopeProject, Error, IdToken,
};
use js_sys::Promise;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// An OpenID Connect client for one provider and one `clientId`.
#[wasm_bindgen]
pub struct OidcClient {
    inner: Rc<Client>,
}

/// The preset's scope when the provider is on another site: renewal by refresh token.
const DESCOPE_DEFAULT_SCOPE: &str = "openid offline_access";

fn reject(error: Error) -> JsValue {
    js_error::to_js(&error)
}

async fn build(
    mut options: options::ClientOptions,
    descope: bool,
    early: JsValue,
) -> Result<OidcClient, JsValue> {
    #[cfg(feature = "debug-panics")]
    js::install_panic_hook();
    let (meta, default_client_id, default_scope) = if descope {
        if options.authority.is_some() || options.metadata.is_some() {
            return Err(reject(Error::InvalidConfig(
                "OidcClient.descope takes projectId, not authority or metadata",
            )));
        }
        let project_id = options
            .project_id
            .clone()
            .ok_or(Error::InvalidConfig("projectId is required"))
            .map_err(reject)?;
        let project = DescopeProject {
            project_id: &project_id,
            base_url: options.base_url.as_deref(),
            app_id: options.app_id.as_deref(),
        };
        let meta = descope_metadata(&project).map_err(reject)?;
        // On another site than the app's (Descope's own hosts, or a custom domain elsewhere)
        // browsers keep the provider's cookie out of the silent-renew iframe, so renewal
        // needs a refresh token. On a custom domain of the app's site the iframe works.
        let page = location::current_url().ok();
        let cross_site = page.is_none_or(|page| is_cross_site(&meta.authorization_endpoint, &page));
        let scope = cross_site.then_some(DESCOPE_DEFAULT_SCOPE);
        (meta.into(), Some(project_id), scope)
    } else if options.project_id.is_some() || options.base_url.is_some() || options.app_id.is_some()
    {
        return Err(reject(Error::InvalidConfig(
            "projectId, baseUrl and appId belong to OidcClient.descope",
        )));
    } else if let Some(meta) = options.metadata.take() {
        validate_metadata(&meta, None).map_err(reject)?;
        (meta.into(), None, None)
    } else if let Some(authority) = options.authority.as_deref() {
        let timeout_ms = options.shell().request_timeout_ms;
        (
            discover(authority, timeout_ms, early)
                .await
                .map_err(reject)?,
            None,
            None,
        )
    } else {
        return Err(reject(Error::InvalidConfig(
            "authority or metadata is required",
        )));
    };
    let cfg = options
        .config(default_client_id.as_deref(), default_scope)
        .map_err(reject)?;
    let shell = options.shell();
    let client = Rc::new(Client::new(cfg, meta, shell).map_err(reject)?);
    schedule::start(&client);
    Ok(OidcClient { inner: client })
}

/// `create` and `descope` share one async body (less wasm than two).
fn start_build(options: JsValue, descope: bool, early: JsValue) -> Promise {
    js::promise(async move {
        let options = options::decode_client_options(options)?;
        build(options, descope, early).await.map(JsValue::from)
    })
}

#[wasm_bindgen]
impl OidcClient {
    /// Creates a client; discovers the provider unless `metadata` is given.
    #[wasm_bindgen(unchecked_return_type = "Promise<OidcClient>")]
    /// (`early`: the browser entry's discovery request, sent while the wasm loaded; not
    /// part of the typed API.)
    pub fn create(
        #[wasm_bindgen(unchecked_param_type = "OidcClientOptions")] options: JsValue,
        early: JsValue,
    ) -> Promise {
        start_build(options, false, early)
    }

    /// A client for a Descope project: issuer `<base>/<projectId>` (or `…/<appId>`), the
    /// base being the project's regional host or the custom domain `baseUrl`.
    #[wasm_bindgen(unchecked_return_type = "Promise<OidcClient>")]
    pub fn descope(
        #[wasm_bindgen(unchecked_param_type = "DescopeOptions")] options: JsValue,
    ) -> Promise {
        start_build(options, true, JsValue::UNDEFINED)
    }

    /// The provider metadata in use (discovered or given).
    #[wasm_bindgen(getter, unchecked_return_type = "ProviderMetadata")]
    pub fn metadata(&self) -> JsValue {
        to_js::metadata(&self.inner.meta).into()
    }

    /// Builds the authorization URL (PKCE S256, state, nonce) and stores the pending sign-in.
    #[wasm_bindgen(js_name = createSigninUrl, unchecked_return_type = "Promise<string>")]
    pub fn create_signin_url(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SigninOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> Promise {
        let client = self.inner.clone();
        js::promise(async move {
            let options = options::decode_signin_options(options)?;
            let (options, pkce) = signin::prepare(&client, options, false)
                .await
                .map_err(reject)?;
            signin::create_signin_url(&client, options, pkce)
                .map(JsValue::from)
                .map_err(reject)
        })
    }

    /// Sends the browser to the provider's sign-in page.
    #[wasm_bindgen(js_name = signinRedirect, unchecked_return_type = "Promise<void>")]
    pub fn signin_redirect(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SigninOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> Promise {
        let client = self.inner.clone();
        js::promise(async move {
            let options = options::decode_signin_options(options)?;
            let (options, pkce) = signin::prepare(&client, options, false)
                .await
                .map_err(reject)?;
            let url = signin::create_signin_url(&client, options, pkce).map_err(reject)?;
            location::navigate(&url).map_err(reject)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Completes the sign-in on the redirect page: checks, exchanges, verifies, stores.
    /// Calling it again on the same callback in the same page (React StrictMode runs
    /// effects twice) gives the same outcome, with one token request.
    #[wasm_bindgen(js_name = handleRedirectCallback, unchecked_return_type = "Promise<OidcSession>")]
    pub fn handle_redirect_callback(&self, url: Option<String>) -> Promise {
        let client = self.inner.clone();
        signin::once_per_callback(&client, url, |client, url| {
            js::promise(async move { signin::handle_callback(&client, url).await.map_err(reject) })
        })
    }

    /// Signs in through a popup: call it straight from a click, with no await before it,
    /// or the browser blocks the popup (`popup_blocked`).
    #[wasm_bindgen(js_name = signinPopup, unchecked_return_type = "Promise<OidcSession>")]
    pub fn signin_popup(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SigninPopupOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> Promise {
        let client = self.inner.clone();
        // Opened now, synchronously, while the click's user activation lasts.
        let opened = options::decode_popup_options(options).and_then(|(options, timeout_ms)| {
            watch::open_popup()
                .map(|popup| (popup, options, timeout_ms))
                .map_err(reject)
        });
        js::promise(async move {
            let (popup, options, timeout_ms) = opened?;
            window_signin::signin_in(&client, Opening::Popup(popup), options, timeout_ms, None)
                .await
                .map_err(reject)
        })
    }

    /// `fetch(input, init)` for the app's API: the access token (renewed first if needed)
    /// as `Authorization: DPoP …` with a fresh proof when DPoP is on, else `Bearer …`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Response>")]
    pub fn fetch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | URL")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestInit")] init: Option<js_sys::Object>,
    ) -> Promise {
        let client = self.inner.clone();
        js::promise(async move { app_fetch::fetch(&client, input, init).await })
    }

    /// An access token valid for at least `minValiditySeconds` (default
    /// `renewBeforeExpirySeconds`), renewed first when needed (one renewal for
    /// concurrent calls, one tab at a time).
    #[wasm_bindgen(js_name = getAccessToken, unchecked_return_type = "Promise<string>")]
    pub fn get_access_token(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AccessTokenOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> Promise {
        let client = self.inner.clone();
        js::promise(async move {
            let min_validity_s =
                options::decode_token_options(options, client.options.renew_before_expiry_s)?;
            renew::access_token(&client, min_validity_s).await
        })
    }

    /// The stored session while it is unexpired, else null.
    #[wasm_bindgen(js_name = getSession, unchecked_return_type = "Promise<OidcSession | null>")]
    pub fn get_session(&self) -> Promise {
        let client = self.inner.clone();
        js::promise(async move {
            Ok(session_store::load_live(&client, js::now_s())
                .map(|(_, object)| object)
                .unwrap_or(JsValue::NULL))
        })
    }

    /// Forgets the session locally (the provider's session is untouched), stops
    /// its timers and emits `signed_out`.
    #[wasm_bindgen(js_name = removeSession, unchecked_return_type = "Promise<void>")]
    pub fn remove_session(&self) -> Promise {
        let client = self.inner.clone();
        js::promise(async move {
            session_store::sign_out_locally(&client).await;
            schedule::schedule(&client);
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Fetches userinfo with the session's access token; its `sub` must be the ID token's.
    #[wasm_bindgen(js_name = getUserInfo, unchecked_return_type = "Promise<Record<string, unknown>>")]
    pub fn get_user_info(&self) -> Promise {
        let client = self.inner.clone();
        js::promise(async move {
            let (session, object) = session_store::load_live(&client, js::now_s())
                .ok_or_else(|| reject(Error::NoSession))?;
            let sub = from_js::string(&js::get(&object, "claims"), "sub")
                .ok_or_else(|| reject(Error::MissingSub))?;
            userinfo::fetch_user_info(&client, &session.access_token, &sub)
                .await
                .map_err(reject)
        })
    }

    /// Verifies an ID token obtained elsewhere exactly as a sign-in would (signature
    /// against the JWKS, then iss, aud, azp, exp, iat, sub, and `nonce` when given);
    /// resolves to its claims.
    #[wasm_bindgen(js_name = verifyIdToken, unchecked_return_type = "Promise<IdTokenClaims>")]
    pub fn verify_id_token(&self, token: String, nonce: Option<String>) -> Promise {
        let client = self.inner.clone();
        js::promise(async move {
            let token = IdToken::new(token);
            verify::verify_id_token(&client, &token, nonce.as_deref(), None, None, js::now_s())
                .await
                .map(|verified| verified.claims_js)
                .map_err(reject)
        })
    }

    /// The end-session URL (RP-Initiated Logout) with `id_token_hint`; no navigation.
    #[wasm_bindgen(js_name = createSignoutUrl, unchecked_return_type = "Promise<string>")]
    pub fn create_signout_url(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SignoutOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> Promise {
        let client = self.inner.clone();
        js::promise(async move {
            let options = options::decode_signout_options(options)?;
            signout::create_signout_url(&client, options)
                .map(JsValue::from)
                .map_err(reject)
        })
    }

    /// Removes the session, emits `signed_out`, and sends the browser to the
    /// provider's end-session endpoint.
    #[wasm_bindgen(js_name = signoutRedirect, unchecked_return_type = "Promise<void>")]
    pub fn signout_redirect(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SignoutOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> Promise {
        let client = self.inner.clone();
        js::promise(async move {
            let options = options::decode_signout_options(options)?;
            signout::signout_redirect(&client, options)
                .await
                .map_err(reject)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// RFC 7009. With a token: revokes it, the session stays. Without: revokes the
    /// session's access and refresh tokens, removes the session, emits `signed_out`.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn revoke(&self, token: Option<String>, hint: Option<String>) -> Promise {
        let client = self.inner.clone();
        js::promise(async move {
            signout::revoke(&client, token, hint)
                .await
                .map_err(reject)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// The client-credentials grant (HTTP Basic). For servers, workers and Node:
    /// a client secret never belongs in a browser bundle.
    #[wasm_bindgen(js_name = clientCredentials, unchecked_return_type = "Promise<MachineToken>")]
    pub fn client_credentials(
        #[wasm_bindgen(unchecked_param_type = "ClientCredentialsOptions")] options: JsValue,
    ) -> Promise {
        js::promise(async move {
            let (endpoint, credentials, timeout_ms) = options::decode_client_credentials(options)?;
            machine::client_credentials(endpoint, credentials, timeout_ms)
                .await
                .map_err(reject)
        })
    }

    /// Renews without user interaction: the refresh-token grant when one is held,
    /// else a hidden iframe with `prompt=none`. Concurrent calls share one renewal.
    #[wasm_bindgen(js_name = signinSilent, unchecked_return_type = "Promise<OidcSession>")]
    pub fn signin_silent(&self) -> Promise {
        renew::signin_silent(&self.inner)
    }

    /// Listens to `renewed`, `renew_error`, `expiring`, `expired` or `signed_out`;
    /// returns the function that stops listening.
    #[wasm_bindgen(unchecked_return_type = "() => void")]
    pub fn on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OidcEventName")] name: &str,
        #[wasm_bindgen(unchecked_param_type = "OidcEventListener")] callback: js_sys::Function,
    ) -> Result<js_sys::Function, JsValue> {
        let id = self.inner.events.add(name, callback).map_err(reject)?;
        let client = Rc::downgrade(&self.inner);
        let off = Closure::<dyn FnMut()>::new(move || {
            if let Some(client) = client.upgrade() {
                client.events.remove(id);
            }
        });
        Ok(off.into_js_value().unchecked_into())
    }
}

/// A fresh PKCE code verifier (43 characters from 32 random bytes, RFC 7636 §4.1).
#[wasm_bindgen(js_name = generateCodeVerifier)]
pub fn generate_code_verifier() -> Result<String, JsValue> {
    let mut random = [0u8; 32];
    crypto::fill_random(&mut random).map_err(reject)?;
    Ok(code_verifier_from_random(&random).secret().into())
}

/// The S256 code challenge of a verifier (RFC 7636 §4.2).
#[wasm_bindgen(js_name = codeChallengeS256, unchecked_return_type = "Promise<string>")]
pub fn code_challenge(verifier: String) -> Promise {
    js::promise(async move {
        if !is_valid_code_verifier(&verifier) {
            return Err(reject(Error::InvalidConfig(
                "a code verifier is 43 to 128 characters of A-Z a-z 0-9 - . _ ~",
            )));
        }
        crypto::s256(&verifier)
            .await
            .map(JsValue::from)
            .map_err(reject)
    })
}
