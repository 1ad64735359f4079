//! The browser shell: every call that touches the page, the network or WebCrypto.
//!
//! Nothing here decides a protocol question; each file wraps one web API, and
//! the flow files (`signin.rs`, `verify.rs`) only sequence core decisions and I/O.

pub mod client;
pub mod crypto;
pub mod http;
pub mod js;
pub mod location;
pub mod session_store;
pub mod signin;
pub mod storage;
pub mod verify;

#[cfg(test)]
mod tests;
