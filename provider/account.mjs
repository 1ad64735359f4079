// The one test user of the local provider.
//
// Sign in on the login form with user name "ada" (or "ada@example.com") and any
// non-empty password. Tests use autoLogin, which signs this user in without a form.

export const TEST_USER = Object.freeze({
  sub: "user-1",
  login: "ada",
  name: "Ada Lovelace",
  given_name: "Ada",
  family_name: "Lovelace",
  email: "ada@example.com",
  email_verified: true,
});

/** Maps what a person typed in the login form to an account id, or null. */
export function accountIdForLogin(login, password) {
  const name = String(login ?? "").trim().toLowerCase();
  if (!password) return null;
  if (name === TEST_USER.login || name === TEST_USER.email) return TEST_USER.sub;
  return null;
}

/** oidc-provider's `findAccount`: the claims it may release for `sub`. */
export async function findAccount(ctx, sub) {
  if (sub !== TEST_USER.sub) return undefined;
  return {
    accountId: sub,
    async claims() {
      const { login, ...claims } = TEST_USER;
      return claims;
    },
  };
}
