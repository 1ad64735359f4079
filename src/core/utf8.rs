//! UTF-8 validation (RFC 3629 §3–4): a short loop of our own, because std's validator,
//! built for speed, costs more wasm than any other single function of std we use
//! (bench/size-levers.md). Only provider text passes through here (JWS parts, callback
//! parameters), never more than a few KB, so speed does not matter.

/// `bytes` as text, or None unless they are well-formed UTF-8: no stray continuation
/// bytes, no sequence cut short, no overlong form, no surrogate, nothing past U+10FFFF.
pub fn utf8(bytes: &[u8]) -> Option<&str> {
    let mut rest = bytes.iter();
    while let Some(&lead) = rest.next() {
        // How many continuation bytes follow, the lead byte's bits of the code point,
        // and the least code point that needs this many (less is an overlong form).
        let (continuations, mut code, least) = match lead {
            0x00..=0x7f => continue,
            0xc0..=0xdf => (1, u32::from(lead & 0x1f), 0x80),
            0xe0..=0xef => (2, u32::from(lead & 0x0f), 0x800),
            0xf0..=0xf7 => (3, u32::from(lead & 0x07), 0x1_0000),
            _ => return None,
        };
        for _ in 0..continuations {
            match rest.next() {
                Some(&byte) if byte & 0xc0 == 0x80 => code = code << 6 | u32::from(byte & 0x3f),
                _ => return None,
            }
        }
        // `char::from_u32` refuses surrogates and code points past U+10FFFF.
        if code < least || char::from_u32(code).is_none() {
            return None;
        }
    }
    // SAFETY: the loop above returned None for every byte sequence RFC 3629 forbids,
    // so `bytes` is valid UTF-8.
    Some(unsafe { core::str::from_utf8_unchecked(bytes) })
}
