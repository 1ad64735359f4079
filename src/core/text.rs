//! Searching and splitting text at ASCII separators, by bytes. std's `str` searchers
//! (two-way for substrings, memchr and char decoding for char patterns) are built for
//! long haystacks and cost far more wasm than these loops; the core only ever looks
//! through URLs, parameters, headers and tokens of a few hundred bytes.

/// Where `needle` first occurs in `text` (`str::find`).
pub fn find_str(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    let needle = needle.as_bytes();
    text.as_bytes()
        .windows(needle.len())
        .position(|w| w == needle)
}

/// Whether `needle` occurs in `text` (`str::contains`).
pub fn contains(text: &str, needle: &str) -> bool {
    find_str(text, needle).is_some()
}

/// `text` split around the first `sep` (`str::split_once`).
pub fn split_once<'a>(text: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let at = find_str(text, sep)?;
    Some((text.get(..at)?, text.get(at + sep.len()..)?))
}

/// `text` up to the first of the ASCII bytes `stops`, all of it when none occurs
/// (`text.split(stops).next()`).
pub fn before_any<'a>(text: &'a str, stops: &[u8]) -> &'a str {
    let end = text.bytes().position(|b| stops.contains(&b));
    end.and_then(|end| text.get(..end)).unwrap_or(text)
}

/// The pieces of `text` between the ASCII byte `sep` (`str::split`).
pub fn pieces(text: &str, sep: u8) -> Pieces<'_> {
    Pieces {
        rest: Some(text),
        sep,
    }
}

/// The iterator [`pieces`] returns.
pub struct Pieces<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match rest.bytes().position(|b| b == self.sep) {
            Some(at) => {
                self.rest = rest.get(at + 1..);
                rest.get(..at)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// A decimal whole number, digits only (`str::parse::<u64>` without its `+` sign and
/// its speed-tuned loop); None when empty, not all digits, or past `u64::MAX`.
pub fn parse_u64(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for b in text.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    Some(n)
}
