//! Just enough absolute-URL inspection (RFC 3986 §3, §6.2) for our checks, without the url
//! crate: scheme, host, query and fragment, and whether two URLs name the same endpoint.

use super::text::{before_any, contains, find_str, split_once};

/// The parts of an absolute `scheme://authority...` URL that the core looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlParts<'a> {
    pub scheme: &'a str,
    /// The host as written, IPv6 literals with their brackets (`[::1]`).
    pub host: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

/// Splits an absolute URL with an authority; `None` for relative URLs, URLs with userinfo,
/// whitespace or control characters, an empty host or a non-numeric port.
pub fn parse_absolute(url: &str) -> Option<UrlParts<'_>> {
    if url.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return None;
    }
    let (scheme, rest) = split_once(url, "://")?;
    let mut sb = scheme.bytes();
    let first_ok = sb.next().is_some_and(|b| b.is_ascii_alphabetic());
    if !first_ok || !sb.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) {
        return None;
    }
    let (rest, fragment) = match split_once(rest, "#") {
        Some((r, f)) => (r, Some(f)),
        None => (rest, None),
    };
    let (rest, query) = match split_once(rest, "?") {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let authority = split_once(rest, "/").map_or(rest, |(a, _)| a);
    // Userinfo (`https://localhost@evil.example`) only serves to disguise the host.
    if contains(authority, "@") {
        return None;
    }
    let host = host_of(authority)?;
    Some(UrlParts {
        scheme,
        host,
        query,
        fragment,
    })
}

fn host_of(authority: &str) -> Option<&str> {
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let (literal, after) = split_once(inner, "]")?;
        if literal.is_empty()
            || !literal
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return None;
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (authority.get(..literal.len() + 2)?, port)
    } else {
        match split_once(authority, ":") {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() || !port.unwrap_or("").bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // RFC 3986 §3.2.3 allows any digits, but a TCP port ends at 65535: a larger one could
    // never be compared (`same_endpoint`) nor reached.
    if port.is_some_and(|p| p.len() > 5 || (p.len() == 5 && p > "65535")) {
        return None;
    }
    Some(host)
}

/// True for `localhost`, `127.0.0.1` and `[::1]`, the hosts where plain http is tolerated.
pub fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost") || host == "127.0.0.1" || host == "[::1]"
}

/// True when `url` is an absolute `http:` or `https:` URL.
pub fn is_http_url(url: &str) -> bool {
    parse_absolute(url).is_some_and(|p| {
        p.scheme.eq_ignore_ascii_case("https") || p.scheme.eq_ignore_ascii_case("http")
    })
}

/// True when `url` is https, or http on a loopback host, and has no fragment.
pub fn is_secure_endpoint(url: &str) -> bool {
    parse_absolute(url).is_some_and(|p| {
        p.fragment.is_none()
            && (p.scheme.eq_ignore_ascii_case("https")
                || (p.scheme.eq_ignore_ascii_case("http") && is_loopback(p.host)))
    })
}

/// Whether two URLs are on different sites, as browsers partition cookies: another scheme,
/// or another registrable domain. Without the Public Suffix List the registrable domain is
/// approximated: the last two labels, or three under a two-letter country code whose
/// second label is short (`example.co.uk`); IP literals and single labels stand for
/// themselves. A guess, used only to explain a refusal, never to allow anything.
pub fn is_cross_site(a: &str, b: &str) -> bool {
    match (parse_absolute(a), parse_absolute(b)) {
        (Some(x), Some(y)) => {
            !x.scheme.eq_ignore_ascii_case(y.scheme)
                || !site_of(x.host).eq_ignore_ascii_case(site_of(y.host))
        }
        _ => true,
    }
}

fn site_of(host: &str) -> &str {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.starts_with('[') || host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return host;
    }
    // The dots from the right: the last two labels, or three under `xx` with a short second.
    // Bytes and push, not match_indices + collect (code size).
    let mut dots: Vec<usize> = Vec::new();
    for (i, byte) in host.bytes().enumerate() {
        if byte == b'.' {
            dots.push(i);
        }
    }
    let label = |from: usize, to: usize| to.saturating_sub(from);
    let country_second =
        |second: usize, tld: usize| label(tld + 1, host.len()) == 2 && label(second + 1, tld) <= 3;
    let keep = match dots.as_slice() {
        [.., second, tld] if country_second(*second, *tld) => {
            dots.len().checked_sub(3).and_then(|i| dots.get(i)).copied()
        }
        [.., second, _] => Some(*second),
        _ => None,
    };
    keep.and_then(|i| host.get(i + 1..)).unwrap_or(host)
}

/// `s` with one trailing `/` removed, for issuer comparisons.
pub fn strip_one_slash(s: &str) -> &str {
    s.strip_suffix('/').unwrap_or(s)
}

/// True when two absolute URLs name the same resource with query and fragment set aside:
/// same scheme and host (ASCII case-insensitive, RFC 3986 §6.2.2.1), same port once the
/// default one is filled in (§6.2.3: `:443` on https is no port), same path (an empty path
/// is `/`). False when either URL does not parse.
pub fn same_endpoint(a: &str, b: &str) -> bool {
    match (endpoint_of(a), endpoint_of(b)) {
        (Some(x), Some(y)) => {
            x.scheme.eq_ignore_ascii_case(y.scheme)
                && x.host.eq_ignore_ascii_case(y.host)
                && x.port == y.port
                && x.path == y.path
        }
        _ => false,
    }
}

struct Endpoint<'a> {
    scheme: &'a str,
    host: &'a str,
    /// The explicit port, else the scheme's default; `None` when neither is known.
    port: Option<u32>,
    path: &'a str,
}

fn endpoint_of(url: &str) -> Option<Endpoint<'_>> {
    let parts = parse_absolute(url)?;
    let (_, rest) = split_once(url, "://")?;
    let rest = before_any(rest, b"?#");
    let (authority, path) = match find_str(rest, "/") {
        Some(i) => (rest.get(..i)?, rest.get(i..)?),
        None => (rest, "/"),
    };
    // `host_of` returns a prefix of the authority; what follows it is `:port` or nothing.
    let port_text = authority.get(parts.host.len()..)?.strip_prefix(':');
    let port = match port_text {
        Some(p) if !p.is_empty() => Some(p.bytes().try_fold(0u32, |n, d| {
            n.checked_mul(10)?
                .checked_add(u32::from(d.checked_sub(b'0')?))
        })?),
        _ => default_port(parts.scheme),
    };
    Some(Endpoint {
        scheme: parts.scheme,
        host: parts.host,
        port,
        path,
    })
}

fn default_port(scheme: &str) -> Option<u32> {
    if scheme.eq_ignore_ascii_case("https") {
        Some(443)
    } else if scheme.eq_ignore_ascii_case("http") {
        Some(80)
    } else {
        None
    }
}
