//! The browser shell: every call that touches the page, the network or WebCrypto.
//!
//! Nothing here decides a protocol question; each file wraps one web API, and
//! the flow files (`signin.rs`, `verify.rs`) only sequence core decisions and I/O.

pub mod app_fetch;
pub mod broadcast;
pub mod client;
pub mod crypto;
pub mod dpop;
pub mod events;
pub mod executor;
pub mod from_js;
pub mod http;
pub mod idb;
pub mod js;
pub mod js_error;
pub mod listener;
pub mod location;
pub mod lock;
pub mod machine;
pub mod renew;
pub mod schedule;
pub mod session_store;
pub mod signin;
pub mod signout;
pub mod storage;
pub mod timer;
pub mod to_js;
pub mod userinfo;
pub mod verify;
pub mod watch;
pub mod window_signin;

#[cfg(test)]
mod tests;
