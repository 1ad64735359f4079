//! Where sessions and pending sign-ins are kept: sessionStorage, localStorage or memory.

use crate::browser::js;
use crate::core::Error;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/js/shell.js")]
extern "C" {
    /// Memory storage, shared by every client of the page and lost on reload: a JS `Map`
    /// behind the Web Storage methods the store calls.
    #[wasm_bindgen(thread_local_v2, js_name = memoryStorage)]
    static MEMORY_STORAGE: web_sys::Storage;

    /// The JSON value stored under `key`; undefined when there is none or it is not JSON.
    #[wasm_bindgen(js_name = readJson)]
    fn read_json(storage: &web_sys::Storage, key: &str) -> JsValue;

    /// The keys of `storage` that start with `prefix`, as an array.
    #[wasm_bindgen(js_name = keysWithPrefix)]
    fn keys_with_prefix_js(storage: &web_sys::Storage, prefix: &str) -> JsValue;

    /// Stores `value` as JSON under `key`: 0 stored, 1 it has no JSON form, 2 refused.
    #[wasm_bindgen(js_name = writeJson)]
    fn write_json(storage: &web_sys::Storage, key: &str, value: &JsValue) -> u8;
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

/// One string-to-string store: sessionStorage, localStorage, or the page's memory
/// (js/shell.js), all through the Web Storage methods.
#[derive(Clone, Debug)]
pub struct Store(web_sys::Storage);

impl Store {
    pub fn open(kind: StorageKind) -> Result<Store, Error> {
        let window = match kind {
            StorageKind::Memory => return Ok(Store(MEMORY_STORAGE.with(Clone::clone))),
            _ => js::window().ok_or(Error::Storage("web storage needs a browser window"))?,
        };
        // Reading the property throws where storage is denied (sandboxed frames).
        let name = match kind {
            StorageKind::Local => "localStorage",
            _ => "sessionStorage",
        };
        match js::get_present(&window, name) {
            Some(storage) => Ok(Store(storage.unchecked_into())),
            None => Err(Error::Storage("web storage is not available on this page")),
        }
    }

    /// The JSON value stored under `key`, parsed in JS: the text never crosses into the
    /// wasm. None when there is none or it is not JSON.
    pub fn get_json(&self, key: &str) -> Option<JsValue> {
        let value = read_json(&self.0, key);
        (!value.is_undefined()).then_some(value)
    }

    /// Stores `value` as JSON under `key`, made in JS: the text never crosses into the wasm.
    pub fn set_json(&self, key: &str, value: &JsValue) -> Result<(), Error> {
        match write_json(&self.0, key, value) {
            0 => Ok(()),
            1 => Err(Error::Storage("the value could not be serialised")),
            _ => Err(Error::Storage(
                "the browser refused to store the value (quota?)",
            )),
        }
    }

    pub fn remove(&self, key: &str) {
        let _ = self.0.remove_item(key);
    }

    /// Every key that starts with `prefix`.
    pub fn keys_with_prefix(&self, prefix: &str) -> Vec<String> {
        // Plain loops and push: iterator `collect` costs more code (measured).
        let found = keys_with_prefix_js(&self.0, prefix);
        let mut keys = Vec::new();
        for i in 0..js::length(&found) {
            if let Some(key) = js::string(&js::item(&found, i)) {
                keys.push(key);
            }
        }
        keys
    }
}
