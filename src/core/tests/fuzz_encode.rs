//! Properties of the byte-level readers: form-urlencoded parsing, base64url and JWS
//! splitting (RFC 3986 §2.1, RFC 4648 §5, RFC 7515 §7.1), on arbitrary input.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use proptest::prelude::*;

use super::fuzz::{check_code, config, text, CALLBACK_CODES, JWT_CODES};
use crate::core::base64::{decode_url_safe, encode_standard};
use crate::core::encode::{b64url_decode, b64url_encode, parse_params, push_pair};
use crate::core::split_jws;

/// A JWS part: mostly a real encoding, else text that may or may not be base64url.
fn part() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::collection::vec(any::<u8>(), 0..24).prop_map(|b| b64url_encode(&b)),
        1 => b64ish(),
    ]
    .boxed()
}

/// base64url-looking text: mostly the alphabet, sometimes a stray `=`, `+`, `/` or space.
fn b64ish() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[A-Za-z0-9_-]{0,16}",
        1 => "[A-Za-z0-9_=+/ -]{0,16}",
        1 => text(),
    ]
    .boxed()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parse_params_returns_what_push_pair_wrote(
        pairs in prop::collection::vec((any::<String>(), any::<String>()), 0..6),
    ) {
        let mut s = String::new();
        for (k, v) in &pairs {
            push_pair(&mut s, k, v);
        }
        prop_assert_eq!(parse_params(&s).unwrap(), pairs);
    }

    #[test]
    fn parse_params_reads_every_non_empty_piece_or_fails_as_a_callback(s in text()) {
        match parse_params(&s) {
            // One pair per non-empty piece: nothing merged, nothing dropped.
            Ok(pairs) => {
                let pieces = s.split('&').filter(|p| !p.is_empty()).count();
                prop_assert_eq!(pairs.len(), pieces);
            }
            Err(e) => check_code(&e, CALLBACK_CODES)?,
        }
    }

    #[test]
    fn b64url_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let text = b64url_encode(&bytes);
        prop_assert!(!text.contains(['=', '+', '/']));
        prop_assert_eq!(b64url_decode(&text).unwrap(), bytes);
    }

    #[test]
    fn b64url_decoding_is_strict_and_canonical(s in b64ish()) {
        match b64url_decode(&s) {
            // RFC 4648 §3.5: one encoding per byte string, so re-encoding gives the input back.
            Ok(bytes) => prop_assert_eq!(b64url_encode(&bytes), s),
            Err(e) => check_code(&e, JWT_CODES)?,
        }
    }

    #[test]
    fn base64_agrees_with_the_base64_crate(
        s in b64ish(),
        bytes in prop::collection::vec(any::<u8>(), 0..48),
    ) {
        // The crate's no-pad engine refuses padding and stray trailing bits as ours does.
        prop_assert_eq!(decode_url_safe(&s), URL_SAFE_NO_PAD.decode(&s).ok());
        prop_assert_eq!(encode_standard(&bytes), STANDARD.encode(&bytes));
    }

    #[test]
    fn split_jws_round_trips(
        header in prop::collection::vec(any::<u8>(), 1..40),
        payload in prop::collection::vec(any::<u8>(), 1..40),
        signature in prop::collection::vec(any::<u8>(), 0..40),
    ) {
        let (h, p) = (b64url_encode(&header), b64url_encode(&payload));
        let token = format!("{h}.{p}.{}", b64url_encode(&signature));
        let jws = split_jws(&token).unwrap();
        prop_assert_eq!(jws.header_json, header);
        prop_assert_eq!(jws.payload_json, payload);
        prop_assert_eq!(jws.signature, signature);
        // What was signed is the text as received, not a re-encoding.
        prop_assert_eq!(jws.signing_input, format!("{h}.{p}"));
    }

    #[test]
    fn split_jws_takes_exactly_three_parts(
        parts in prop_oneof![
            3 => prop::collection::vec(part(), 3),
            1 => prop::collection::vec(part(), 0..6),
        ],
    ) {
        let token = parts.join(".");
        match split_jws(&token) {
            Ok(jws) => {
                prop_assert_eq!(token.matches('.').count(), 2);
                prop_assert!(!jws.header_json.is_empty() && !jws.payload_json.is_empty());
                let (signed, signature) = token.rsplit_once('.').unwrap();
                prop_assert_eq!(jws.signing_input.as_str(), signed);
                prop_assert_eq!(b64url_encode(&jws.signature), signature);
            }
            Err(e) => check_code(&e, JWT_CODES)?,
        }
    }
}
