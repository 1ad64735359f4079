//! Our UTF-8 validator against std's, over every short sequence where the two could
//! disagree, and on longer mixed input.

use proptest::prelude::*;

use crate::core::utf8::utf8;

/// (Compares verdicts: a wrong `Some` would hold invalid text, which must not be printed.)
fn agrees(bytes: &[u8]) {
    assert_eq!(
        utf8(bytes).is_some(),
        core::str::from_utf8(bytes).is_ok(),
        "bytes {bytes:02x?}"
    );
}

#[test]
fn known_sequences() {
    assert_eq!(utf8(b""), Some(""));
    assert_eq!(utf8("sub é 日本 🦀".as_bytes()), Some("sub é 日本 🦀"));
    for bad in [
        &[0x80][..],                     // a continuation byte alone
        &[0xc3],                         // cut short
        &[0xc0, 0xaf],                   // overlong '/'
        &[0xe0, 0x80, 0xaf],             // overlong '/', three bytes
        &[0xed, 0xa0, 0x80],             // U+D800, a surrogate
        &[0xf4, 0x90, 0x80, 0x80],       // U+110000, past the last code point
        &[0xf8, 0x88, 0x80, 0x80, 0x80], // a five-byte form
        &[0xe2, 0x82, 0x41],             // a continuation that is not one
    ] {
        assert!(utf8(bad).is_none(), "bytes {bad:02x?}");
    }
}

#[test]
fn every_one_and_two_byte_sequence() {
    for a in 0..=255u8 {
        agrees(&[a]);
        for b in 0..=255u8 {
            agrees(&[a, b]);
        }
    }
}

#[test]
fn every_three_byte_sequence_with_a_multibyte_lead() {
    for a in 0xc0..=0xffu8 {
        for b in 0..=255u8 {
            for c in 0..=255u8 {
                agrees(&[a, b, c]);
            }
        }
    }
}

#[test]
fn four_byte_sequences_around_every_boundary() {
    let edges = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0xbf, 0xc0, 0xff];
    for a in 0xf0..=0xffu8 {
        for b in 0..=255u8 {
            for c in edges {
                for d in edges {
                    agrees(&[a, b, c, d]);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn agrees_with_std_on_mixed_input(
        text in "\\PC{0,12}",
        noise in prop::collection::vec(any::<u8>(), 0..6),
        at in any::<prop::sample::Index>(),
    ) {
        let mut bytes = text.into_bytes();
        let at = at.index(bytes.len() + 1);
        bytes.splice(at..at, noise);
        agrees(&bytes);
    }
}
