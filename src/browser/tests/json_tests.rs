//! Provider JSON read from bytes (JWS header and payload): UTF-8 checked by our own
//! validator (core/utf8.rs) before `JSON.parse` sees it.

use crate::browser::js;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn json_from_bytes_reads_utf8_and_refuses_the_rest() {
    let value = js::parse_json_bytes(r#"{"name":"Zoë 日本 🦀"}"#.as_bytes()).expect("valid JSON");
    assert_eq!(
        js::string(&js::get(&value, "name")).as_deref(),
        Some("Zoë 日本 🦀")
    );
    for bad in [
        &b"{\"name\":\"\xff\"}"[..],
        b"{\"name\":\"\xc0\xaf\"}",     // overlong '/'
        b"{\"name\":\"\xed\xa0\x80\"}", // a surrogate
        b"{\"name\":\"\xe6\x97\"}",     // cut short
    ] {
        assert!(js::parse_json_bytes(bad).is_none(), "{bad:02x?}");
    }
    assert!(js::parse_json_bytes(b"{not json").is_none());
}

/// `js::string` reads only well-formed strings: a lone surrogate would become U+FFFD
/// in Rust, so two different `sub`s could compare equal.
#[wasm_bindgen_test]
fn strings_with_a_lone_surrogate_are_refused() {
    let value = js::parse_json(
        r#"{"lone":"a\ud800b","trailing":"x\udc00","pair":"\ud83e\udd80","text":"Zoë","n":5,
            "reversed":"\udd80\ud83e","highs":"\ud83e\ud83e","pairThenLone":"\ud83e\udd80\udc00"}"#,
    )
    .expect("valid JSON");
    let read = |key| js::string(&js::get(&value, key));
    assert_eq!(read("lone"), None);
    assert_eq!(read("trailing"), None);
    assert_eq!(
        read("reversed"),
        None,
        "a low then a high surrogate are two lone ones"
    );
    assert_eq!(read("highs"), None);
    assert_eq!(read("pairThenLone"), None);
    assert_eq!(read("pair").as_deref(), Some("🦀"));
    assert_eq!(read("text").as_deref(), Some("Zoë"));
    assert_eq!(read("n"), None, "not a string");
    assert_eq!(read("missing"), None);
}

/// Arrays are read by `length` and index through `Reflect`: absent items and
/// non-arrays read as empty, never as a throw out of the wasm.
#[wasm_bindgen_test]
fn arrays_read_by_length_and_index() {
    let value = js::parse_json(r#"{"list":["a",2,null],"text":"abc"}"#).expect("valid JSON");
    let list = js::get(&value, "list");
    assert_eq!(js::length(&list), 3);
    assert_eq!(js::item(&list, 0).as_string().as_deref(), Some("a"));
    assert_eq!(js::item(&list, 1).as_f64(), Some(2.0));
    assert!(js::item(&list, 2).is_null());
    assert!(js::item(&list, 3).is_undefined());
    assert_eq!(js::length(&js::get(&value, "missing")), 0);
    assert!(js::item(&JsValue::UNDEFINED, 0).is_undefined());
}
