//! Where sessions and pending sign-ins are kept: sessionStorage, localStorage or memory.

use crate::browser::js::{self, Table};
use crate::core::Error;
use std::cell::RefCell;
use wasm_bindgen::JsCast;

thread_local! {
    // Memory storage is shared by every client of the page and lost on reload.
    static MEMORY: RefCell<Table<String>> = const { RefCell::new(Table::new()) };
}

/// The storage kinds the `storage` option accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageKind {
    Session,
    Local,
    Memory,
}

impl StorageKind {
    pub fn parse(name: Option<&str>) -> Result<StorageKind, Error> {
        match name {
            None | Some("session") => Ok(StorageKind::Session),
            Some("local") => Ok(StorageKind::Local),
            Some("memory") => Ok(StorageKind::Memory),
            Some(_) => Err(Error::InvalidConfig(
                "storage must be \"session\", \"local\" or \"memory\"",
            )),
        }
    }
}

/// One string-to-string store.
#[derive(Clone, Debug)]
pub enum Store {
    Web(web_sys::Storage),
    Memory,
}

impl Store {
    pub fn open(kind: StorageKind) -> Result<Store, Error> {
        let window = match kind {
            StorageKind::Memory => return Ok(Store::Memory),
            _ => js::window().ok_or(Error::Storage("web storage needs a browser window"))?,
        };
        // Reading the property throws where storage is denied (sandboxed frames).
        let name = match kind {
            StorageKind::Local => "localStorage",
            _ => "sessionStorage",
        };
        match js::get_present(&window, name) {
            Some(storage) => Ok(Store::Web(storage.unchecked_into())),
            None => Err(Error::Storage("web storage is not available on this page")),
        }
    }

    pub fn get(&self, key: &str) -> Option<String> {
        match self {
            Store::Web(storage) => storage.get_item(key).ok().flatten(),
            Store::Memory => MEMORY.with(|m| m.borrow().get(key)),
        }
    }

    pub fn set(&self, key: &str, value: &str) -> Result<(), Error> {
        match self {
            Store::Web(storage) => storage
                .set_item(key, value)
                .map_err(|_| Error::Storage("the browser refused to store the value (quota?)")),
            Store::Memory => {
                MEMORY.with(|m| m.borrow_mut().insert(key, value.into()));
                Ok(())
            }
        }
    }

    pub fn remove(&self, key: &str) {
        match self {
            Store::Web(storage) => {
                let _ = storage.remove_item(key);
            }
            Store::Memory => {
                MEMORY.with(|m| m.borrow_mut().remove(key));
            }
        }
    }

    /// Every key that starts with `prefix`.
    pub fn keys_with_prefix(&self, prefix: &str) -> Vec<String> {
        // Plain loops and push: iterator `collect` costs more code (measured).
        let mut keys = Vec::new();
        match self {
            Store::Web(storage) => {
                for i in 0..js::get(storage, "length").as_f64().unwrap_or(0.0) as u32 {
                    if let Some(key) = storage.key(i).ok().flatten() {
                        if key.starts_with(prefix) {
                            keys.push(key);
                        }
                    }
                }
            }
            Store::Memory => MEMORY.with(|m| {
                for key in m.borrow().keys() {
                    if key.starts_with(prefix) {
                        keys.push(key.clone());
                    }
                }
            }),
        }
        keys
    }
}
