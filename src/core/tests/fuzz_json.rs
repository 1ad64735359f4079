//! JSON text generators for the property tests: the shell reads provider JSON with
//! `JSON.parse` in the wasm build; natively these strings go through serde_json into the
//! core's structs, as hostile providers might send them (wrong types, cut short, not JSON).

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value};

use super::fuzz::text;

/// Any JSON value, a few levels deep.
pub(super) fn json_value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{0,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

/// A JSON object member: absent, of the type its field wants, or any value at all.
pub(super) type Member = Option<(&'static str, Value)>;

pub(super) fn member(
    name: &'static str,
    typed: impl Strategy<Value = Value> + 'static,
) -> BoxedStrategy<Member> {
    prop_oneof![
        1 => Just(None),
        12 => typed.prop_map(move |v| Some((name, v))),
        1 => json_value().prop_map(move |v| Some((name, v))),
    ]
    .boxed()
}

/// An object of these members plus, now and then, a stray one.
pub(super) fn json_object(members: Vec<BoxedStrategy<Member>>) -> BoxedStrategy<Value> {
    (members, prop::option::of(("[a-z_]{1,8}", json_value())))
        .prop_map(|(members, stray)| {
            let mut m = Map::new();
            if let Some((k, v)) = stray {
                m.insert(k, v);
            }
            for (k, v) in members.into_iter().flatten() {
                m.insert(k.into(), v);
            }
            Value::Object(m)
        })
        .boxed()
}

/// JSON text for a struct: an object of these members, sometimes cut short, sometimes
/// another JSON value, sometimes not JSON at all.
pub(super) fn json_text(members: Vec<BoxedStrategy<Member>>) -> BoxedStrategy<String> {
    mangled(json_object(members))
}

/// `value` as JSON text, or that text cut short, or other JSON, or any text.
pub(super) fn mangled(value: BoxedStrategy<Value>) -> BoxedStrategy<String> {
    let text_of = value.prop_map(|v| v.to_string());
    prop_oneof![
        8 => text_of.clone(),
        1 => (text_of, any::<Index>()).prop_map(|(t, i)| cut(&t, i)),
        1 => json_value().prop_map(|v| v.to_string()),
        1 => text(),
    ]
    .boxed()
}

fn cut(text: &str, at: Index) -> String {
    let mut end = at.index(text.len() + 1);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].into()
}

/// A JSON string from `s`.
pub(super) fn json_string(s: impl Strategy<Value = String> + 'static) -> BoxedStrategy<Value> {
    s.prop_map(Value::String).boxed()
}
