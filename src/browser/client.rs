//! One configured client: its provider metadata, its stores, and the page-wide
//! caches of discovery documents and key sets.

use crate::browser::broadcast::Channel;
use crate::browser::dpop::DpopKeys;
use crate::browser::events::Events;
use crate::browser::http::{self, HttpResponse};
use crate::browser::listener::Listener;
use crate::browser::storage::{StorageKind, Store};
use crate::browser::timer::Timer;
use crate::browser::{from_js, js};
use crate::core::{
    discovery_url, is_discovery_reusable, validate_metadata, Config, DpopNonces, Error,
    HttpRequest, JwkSet, Metadata, RenewSchedule, Session, TokenType,
};
use js_sys::Promise;
use std::cell::Cell;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    // Cached for the page's life, keyed by authority and by jwks_uri.
    static DISCOVERED: RefCell<js::Table<Rc<Metadata>>> = const { RefCell::new(js::Table::new()) };
    static KEY_SETS: RefCell<js::Table<Rc<JwkSet>>> = const { RefCell::new(js::Table::new()) };
    static JWKS_REFETCHED: RefCell<js::Table<u64>> = const { RefCell::new(js::Table::new()) };
}

/// Options that steer the shell, not the protocol.
#[derive(Clone, Debug)]
pub struct ShellOptions {
    pub storage: StorageKind,
    pub automatic_silent_renew: bool,
    pub renew_before_expiry_s: u64,
    pub silent_timeout_ms: u32,
    /// Every fetch is aborted after this long (`timeout`).
    pub request_timeout_ms: u32,
    /// RFC 9449: tokens bound to a key pair of this client.
    pub dpop: bool,
    pub load_user_info: bool,
}

pub struct Client {
    pub cfg: Config,
    pub meta: Rc<Metadata>,
    pub options: ShellOptions,
    /// Where the session lives (the `storage` option).
    pub sessions: Store,
    /// Pending sign-ins always live in sessionStorage: they must survive the
    /// redirect and must not leak into other tabs.
    pub transactions: Store,
    pub events: Events,
    /// The renewal under way in this tab: concurrent callers share it.
    pub renewing: RefCell<Option<Promise>>,
    /// The next wake-up of the renew/expiry schedule.
    pub timer: RefCell<Option<Timer>>,
    /// Failed automatic renewals in a row and when to retry (the core's memory).
    pub renew_schedule: Cell<RenewSchedule>,
    /// The session this tab last stored or adopted.
    pub known_session: RefCell<Option<Session>>,
    /// Other tabs' "newer session stored" messages (localStorage only).
    pub channel: RefCell<Option<Channel>>,
    /// The newest session another tab sent; may be ahead of this tab's view of
    /// localStorage for a moment.
    pub heard_session: RefCell<Option<JsValue>>,
    /// The DPoP key pair, once loaded or made.
    pub dpop_keys: RefCell<Option<Rc<DpopKeys>>>,
    /// The DPoP nonces servers gave.
    pub dpop_nonces: RefCell<DpopNonces>,
    /// `visibilitychange`, `online`, `pageshow`: timers sleep with the laptop.
    pub wake_listeners: RefCell<Vec<Listener>>,
}

const PREFIX: &str = "oidc-wasm:";

impl Client {
    pub fn new(cfg: Config, meta: Rc<Metadata>, options: ShellOptions) -> Result<Client, Error> {
        cfg.validate()?;
        let sessions = Store::open(options.storage)?;
        let transactions = Store::open(StorageKind::Session)?;
        Ok(Client {
            cfg,
            meta,
            options,
            sessions,
            transactions,
            events: Events::default(),
            renewing: RefCell::new(None),
            timer: RefCell::new(None),
            renew_schedule: Cell::new(RenewSchedule::default()),
            known_session: RefCell::new(None),
            channel: RefCell::new(None),
            heard_session: RefCell::new(None),
            wake_listeners: RefCell::new(Vec::new()),
            dpop_keys: RefCell::new(None),
            dpop_nonces: RefCell::new(DpopNonces::default()),
        })
    }

    fn namespace(&self, kind: &str) -> String {
        let mut key = String::from(PREFIX);
        key.push_str(kind);
        key.push(':');
        key.push_str(&self.meta.issuer);
        key.push(' ');
        key.push_str(&self.cfg.client_id);
        key
    }

    /// The storage key of this client's session (authority + client id).
    pub fn session_key(&self) -> String {
        self.namespace("session")
    }

    /// The prefix of this client's pending sign-ins; the state completes the key.
    pub fn transaction_prefix(&self) -> String {
        let mut key = self.namespace("tx");
        key.push(' ');
        key
    }

    /// The Web Lock and BroadcastChannel name of this client (authority + client id).
    pub fn renew_lock_name(&self) -> String {
        self.namespace("renew")
    }

    /// The access token type this client asks for.
    pub fn token_type(&self) -> TokenType {
        if self.options.dpop {
            TokenType::Dpop
        } else {
            TokenType::Bearer
        }
    }

    /// A renewal succeeded or the session changed: retries start over.
    pub fn reset_renew_schedule(&self) {
        self.renew_schedule.set(RenewSchedule::default());
    }

    pub fn transaction_key(&self, state: &str) -> String {
        let mut key = self.transaction_prefix();
        key.push_str(state);
        key
    }
}

fn get_request(url: &str) -> HttpRequest {
    HttpRequest {
        method: "GET",
        url: url.into(),
        headers: vec![("Accept", "application/json".into())],
        body: None,
    }
}

fn expect_ok(response: &HttpResponse) -> Result<(), Error> {
    if (200..300).contains(&response.status) {
        Ok(())
    } else {
        Err(Error::Http {
            status: response.status,
        })
    }
}

fn discovery_key(authority: &str) -> String {
    let mut key = String::from(PREFIX);
    key.push_str("discovery:");
    key.push_str(authority);
    key
}

/// A document an earlier page of this tab fetched, if still reusable and valid.
fn reuse_discovered(authority: &str) -> Option<Rc<Metadata>> {
    let store = Store::open(StorageKind::Session).ok()?;
    let saved = store.get_json(&discovery_key(authority))?;
    let fetched_at = from_js::seconds(&saved, "fetchedAt")?;
    if !is_discovery_reusable(fetched_at, js::now_s()) {
        return None;
    }
    let meta = from_js::metadata(&js::get(&saved, "document"))?;
    validate_metadata(&meta, Some(authority)).ok()?;
    Some(meta.into())
}

fn save_discovered(authority: &str, document: &JsValue) {
    let Ok(store) = Store::open(StorageKind::Session) else {
        return; // Node, workers: no sessionStorage, no reuse across pages.
    };
    let saved = js_sys::Object::new();
    js::set(&saved, "fetchedAt", &JsValue::from_f64(js::now_s() as f64));
    js::set(&saved, "document", document);
    let _ = store.set_json(&discovery_key(authority), &saved);
}

/// Discovery (OIDC Discovery §4): once per authority per page, and reused by the
/// tab's next pages for a while (`DISCOVERY_REUSE_S`). `early`: `{ url, response }`, the
/// same request the browser entry sent while the wasm loaded (see js/index.js); used
/// when it asked for the very URL this would, else this sends its own.
pub async fn discover(
    authority: &str,
    timeout_ms: u32,
    early: JsValue,
) -> Result<Rc<Metadata>, Error> {
    if let Some(meta) = DISCOVERED.with(|d| d.borrow().get(authority)) {
        return Ok(meta);
    }
    if let Some(meta) = reuse_discovered(authority) {
        DISCOVERED.with(|d| d.borrow_mut().insert(authority, meta.clone()));
        return Ok(meta);
    }
    let url = discovery_url(authority)?;
    let answering = match js::get(&early, "response").dyn_into::<Promise>() {
        Ok(response) if js::get(&early, "url").as_string() == Some(url.clone()) => {
            http::receive(&response)
        }
        _ => http::start(&get_request(&url), timeout_ms),
    };
    let response = http::answer(answering).await?;
    expect_ok(&response)?;
    let document = response
        .json()
        .ok_or(Error::InvalidMetadata("the discovery document is not JSON"))?;
    let meta: Metadata = from_js::metadata(&document).ok_or(Error::InvalidMetadata(
        "the discovery document lacks a required member",
    ))?;
    validate_metadata(&meta, Some(authority))?;
    let meta = Rc::new(meta);
    DISCOVERED.with(|d| d.borrow_mut().insert(authority, meta.clone()));
    save_discovered(authority, &document);
    Ok(meta)
}

/// The provider's key set: from the page cache unless `refresh` (key rotation).
pub async fn key_set(client: &Client, refresh: bool) -> Result<Rc<JwkSet>, Error> {
    let jwks_uri = &client.meta.jwks_uri;
    if !refresh {
        if let Some(keys) = KEY_SETS.with(|k| k.borrow().get(jwks_uri)) {
            return Ok(keys);
        }
    }
    let request = get_request(jwks_uri);
    let response = http::send(&request, client.options.request_timeout_ms).await?;
    expect_ok(&response)?;
    let keys: Rc<JwkSet> = response
        .json()
        .and_then(|document| from_js::jwk_set(&document))
        .ok_or(Error::InvalidResponse("the JWKS document is not a key set"))?
        .into();
    KEY_SETS.with(|k| k.borrow_mut().insert(jwks_uri, keys.clone()));
    Ok(keys)
}

/// When an unknown `kid` last refetched this client's key set (the cooldown's clock).
pub fn last_jwks_refetch(client: &Client) -> Option<u64> {
    JWKS_REFETCHED.with(|r| r.borrow().get(&client.meta.jwks_uri))
}

pub fn note_jwks_refetch(client: &Client, now: u64) {
    JWKS_REFETCHED.with(|r| r.borrow_mut().insert(&client.meta.jwks_uri, now));
}
