use super::s256;
use crate::core::{code_verifier_from_random, is_valid_code_verifier};

/// The tests' reference hash gives RFC 7636's own example (the shell's WebCrypto hash is
/// checked against the same vector in the browser tests).
#[test]
fn rfc7636_appendix_b() {
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    assert!(is_valid_code_verifier(verifier));
    assert_eq!(
        s256(verifier),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}

#[test]
fn verifier_from_random() {
    // Appendix B's octets give Appendix B's verifier.
    let octets: [u8; 32] = [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37,
        77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    let v = code_verifier_from_random(&octets);
    assert_eq!(v.secret(), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    let v = code_verifier_from_random(&[0xff; 32]);
    assert_eq!(v.secret().len(), 43);
    assert!(is_valid_code_verifier(v.secret()));
}

#[test]
fn verifier_syntax() {
    assert!(!is_valid_code_verifier(&"a".repeat(42)));
    assert!(is_valid_code_verifier(&"a".repeat(43)));
    assert!(is_valid_code_verifier(&"-._~".repeat(32)));
    assert!(!is_valid_code_verifier(&"a".repeat(129)));
    assert!(!is_valid_code_verifier(&format!("{}+", "a".repeat(43))));
    assert!(!is_valid_code_verifier(&format!("{}=", "a".repeat(43))));
    assert!(!is_valid_code_verifier(&"é".repeat(30)));
}
