//! base64 (RFC 4648 §4) and base64url without padding (§5), as JWS (RFC 7515 §2)
//! and PKCE (RFC 7636 §4.2) use it. Written out here because the `base64` crate's
//! general-purpose engine cost more wasm bytes than all of this.

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn encode(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    // `& 63` keeps the index in range; `get` keeps the panic path out of the wasm.
    let symbol =
        |index: u32| char::from(alphabet.get((index & 63) as usize).copied().unwrap_or(b'A'));
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let group = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(symbol(group >> 18));
        out.push(symbol(group >> 12));
        if chunk.len() > 1 {
            out.push(symbol(group >> 6));
        } else if pad {
            out.push('=');
        }
        if chunk.len() > 2 {
            out.push(symbol(group));
        } else if pad {
            out.push('=');
        }
    }
    out
}

/// base64url without padding.
pub fn encode_url_safe(bytes: &[u8]) -> String {
    encode(bytes, URL_SAFE, false)
}

/// base64 with padding.
pub fn encode_standard(bytes: &[u8]) -> String {
    encode(bytes, STANDARD, true)
}

fn url_safe_value(symbol: u8) -> Option<u32> {
    let value = match symbol {
        b'A'..=b'Z' => symbol - b'A',
        b'a'..=b'z' => symbol - b'a' + 26,
        b'0'..=b'9' => symbol - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

/// Strict base64url without padding: any other symbol (`=`, `+`, `/`, space), a
/// length that leaves one lone symbol, or non-zero bits left over in the last
/// symbol is refused, so each byte string has exactly one encoding (RFC 4648 §3.5).
pub fn decode_url_safe(text: &str) -> Option<Vec<u8>> {
    let symbols = text.as_bytes();
    if symbols.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(symbols.len() / 4 * 3 + 2);
    for chunk in symbols.chunks(4) {
        let mut group = 0u32;
        for symbol in chunk {
            group = (group << 6) | url_safe_value(*symbol)?;
        }
        // Left-align a short final chunk to 24 bits.
        let bits = 6 * chunk.len() as u32;
        group <<= 24 - bits;
        let bytes = [(group >> 16) as u8, (group >> 8) as u8, group as u8];
        let keep = (bits / 8) as usize;
        let leftover = group & ((1u32 << (24 - 8 * keep as u32)) - 1);
        if leftover != 0 {
            return None;
        }
        out.extend(bytes.iter().take(keep));
    }
    Some(out)
}
