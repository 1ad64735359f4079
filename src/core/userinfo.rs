//! The UserInfo request and its response checks (OIDC Core §5.3, §5.3.2, §5.3.3;
//! RFC 6750 §2.1 and §3 for the Bearer token and its errors).

use super::error::Error;
use super::http::HttpRequest;
use super::id_token::Audience;
use super::metadata::Metadata;
use super::secret::AccessToken;
use super::text::before_any;
use super::token::TokenType;

/// Claims the ID token keeps when userinfo is merged into the profile.
pub const ID_TOKEN_CLAIMS_WIN: [&str; 3] = ["sub", "iss", "aud"];

/// The UserInfo request: GET with the access token as a Bearer credential.
///
/// RFC 6750 §2.1: the header, never the query (DESIGN.md: tokens stay out of URLs).
///
/// # Errors
/// `unsupported` when the provider has no `userinfo_endpoint`.
pub fn userinfo_request(
    meta: &Metadata,
    access_token: &AccessToken,
    token_type: TokenType,
) -> Result<HttpRequest, Error> {
    let Some(endpoint) = &meta.userinfo_endpoint else {
        return Err(Error::Unsupported("the provider has no userinfo_endpoint"));
    };
    // RFC 6750 §2.1 `Bearer`, or RFC 9449 §7.1 `DPoP` for a DPoP-bound token.
    let mut authorization = String::from(token_type.name());
    authorization.push(' ');
    authorization.push_str(access_token.secret());
    Ok(HttpRequest {
        method: "GET",
        url: endpoint.clone(),
        headers: vec![
            ("Authorization", authorization),
            ("Accept", "application/json".into()),
        ],
        body: None,
    })
}

/// The UserInfo claims the client checks; the rest of the object stays opaque JSON in the
/// shell. Every member is optional so a missing one gets its own error code.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
pub struct UserInfoClaims {
    #[serde(default)]
    pub sub: Option<String>,
    #[serde(default)]
    pub iss: Option<String>,
    #[serde(default)]
    pub aud: Option<Audience>,
}

/// The Bearer error in a `WWW-Authenticate` header (RFC 6750 §3), as `(error, description)`.
///
/// Tolerant: any spacing, quoted or bare values, backslash escapes in quoted ones, scheme
/// and parameter names in any case, other challenges (`Basic realm="x", Bearer ...`) before
/// or after. `None` when no Bearer challenge carries a non-empty `error`.
pub fn parse_www_authenticate(header: &str) -> Option<(String, Option<String>)> {
    let mut it = header.chars().peekable();
    let mut in_bearer = false;
    let mut error: Option<String> = None;
    let mut description: Option<String> = None;
    loop {
        skip_while(&mut it, |c| c == ',' || c.is_ascii_whitespace());
        let name = take_while(&mut it, |c| {
            c != ',' && c != '=' && !c.is_ascii_whitespace()
        });
        skip_while(&mut it, |c| c.is_ascii_whitespace());
        if it.peek() == Some(&'=') {
            // RFC 7235 §2.1: auth-param = token BWS "=" BWS ( token / quoted-string ).
            it.next();
            skip_while(&mut it, |c| c.is_ascii_whitespace());
            let value = read_value(&mut it);
            // RFC 7235 §2.1: parameter names are case-insensitive; the first one counts.
            if in_bearer && name.eq_ignore_ascii_case("error") && error.is_none() {
                error = Some(value);
            } else if in_bearer
                && name.eq_ignore_ascii_case("error_description")
                && description.is_none()
            {
                description = Some(value);
            }
        } else if name.is_empty() {
            break;
        } else {
            // A bare token starts the next challenge (or is a token68, which no scheme we
            // read uses); a Bearer challenge with an error is complete.
            if in_bearer && error.as_deref().is_some_and(|e| !e.is_empty()) {
                break;
            }
            // RFC 7235 §2.1: auth-scheme is case-insensitive.
            in_bearer = name.eq_ignore_ascii_case("bearer");
            error = None;
            description = None;
        }
    }
    match error {
        Some(e) if in_bearer && !e.is_empty() => Some((e, description)),
        _ => None,
    }
}

type Chars<'a> = ::core::iter::Peekable<::core::str::Chars<'a>>;

fn skip_while(it: &mut Chars<'_>, keep: impl Fn(char) -> bool) {
    while it.next_if(|c| keep(*c)).is_some() {}
}

fn take_while(it: &mut Chars<'_>, keep: impl Fn(char) -> bool) -> String {
    let mut s = String::new();
    while let Some(c) = it.next_if(|c| keep(*c)) {
        s.push(c);
    }
    s
}

/// A token, or a quoted-string with its quoted-pairs undone (RFC 7230 §3.2.6); an
/// unterminated quoted-string runs to the end.
fn read_value(it: &mut Chars<'_>) -> String {
    if it.next_if_eq(&'"').is_none() {
        return take_while(it, |c| c != ',' && !c.is_ascii_whitespace());
    }
    let mut s = String::new();
    while let Some(c) = it.next() {
        match c {
            '"' => break,
            '\\' => s.extend(it.next()),
            _ => s.push(c),
        }
    }
    s
}

/// Checks a UserInfo response. `body_error` is the JSON body's `error` and
/// `error_description`; `claims` is `None` when the body is not a JSON object.
///
/// # Errors
/// Non-2xx: `oauth_error` (Bearer error in `WWW-Authenticate`, else an `error` in the
/// body), else `http_error`. 2xx: `invalid_response` (not a JSON object), `missing_sub`,
/// `sub_mismatch`.
pub fn validate_userinfo_response(
    status: u16,
    www_authenticate: Option<&str>,
    body_error: Option<(&str, Option<&str>)>,
    claims: Option<&UserInfoClaims>,
    expected_sub: &str,
) -> Result<(), Error> {
    if !(200..300).contains(&status) {
        // RFC 6750 §3: a protected resource reports token errors in WWW-Authenticate.
        if let Some((error, error_description)) = www_authenticate.and_then(parse_www_authenticate)
        {
            return Err(Error::OAuth {
                error,
                error_description,
            });
        }
        // Some providers put an OAuth-style error in the body instead.
        if let Some((error, description)) = body_error {
            return Err(Error::OAuth {
                error: error.into(),
                error_description: description.map(Into::into),
            });
        }
        return Err(Error::Http { status });
    }
    // OIDC Core §5.3.2: the claims come back as a JSON object.
    let Some(claims) = claims else {
        return Err(Error::InvalidResponse(
            "userinfo response is not a JSON object",
        ));
    };
    // §5.3.2: sub is always returned ...
    let sub = match claims.sub.as_deref() {
        Some(s) if !s.is_empty() => s,
        _ => return Err(Error::MissingSub),
    };
    // ... and must be the ID token's sub, else the response must not be used (token substitution).
    if sub != expected_sub {
        return Err(Error::SubMismatch);
    }
    Ok(())
}

/// Whether a UserInfo answer is a signed JWT to verify (OIDC Core §5.3.2): a 2xx
/// with media type `application/jwt`, compared case-insensitively and without its
/// parameters (RFC 9110 §8.3.1). Anything else is read as JSON.
pub fn is_signed_userinfo(status: u16, content_type: Option<&str>) -> bool {
    let media_type = content_type
        .map(|t| before_any(t, b";").trim_ascii())
        .unwrap_or_default();
    (200..300).contains(&status) && media_type.eq_ignore_ascii_case("application/jwt")
}

/// Checks a signed UserInfo response (`application/jwt`) after its signature verified.
///
/// # Errors
/// `iss_mismatch` (iss not the issuer exactly), `aud_mismatch` (aud does not list client_id).
pub fn validate_signed_userinfo(
    claims: &UserInfoClaims,
    issuer: &str,
    client_id: &str,
) -> Result<(), Error> {
    // OIDC Core §5.3.2: a signed response should carry iss, the OP's issuer, exactly.
    if claims.iss.as_deref() != Some(issuer) {
        return Err(Error::IssMismatch {
            expected: issuer.into(),
            got: claims.iss.clone().unwrap_or_default(),
        });
    }
    // §5.3.2: ... and aud naming the client (a string or an array holding it).
    let aud_ok = match &claims.aud {
        Some(Audience::One(a)) => a == client_id,
        Some(Audience::Many(v)) => v.iter().any(|a| a == client_id),
        None => false,
    };
    if !aud_ok {
        return Err(Error::AudMismatch {
            expected: client_id.into(),
        });
    }
    Ok(())
}
