// A minimal browserless user agent for checking the providers from Node: fetch
// with a cookie jar that follows redirects by hand, so a test can see every
// hop (e.g. the redirect to the app's callback with code, state and iss).

export function createUserAgent() {
  const jar = new Map(); // "host|name" -> value (path and expiry ignored: tests are short)

  function cookieHeader(url) {
    const host = new URL(url).host;
    const pairs = [];
    for (const [key, value] of jar) {
      const [cookieHost, name] = key.split("|");
      if (cookieHost === host) pairs.push(`${name}=${value}`);
    }
    return pairs.join("; ");
  }

  function storeCookies(url, response) {
    const host = new URL(url).host;
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(`${host}|${name}`);
      else jar.set(`${host}|${name}`, value);
    }
  }

  /** One request, cookies sent and stored, no redirect following. */
  async function request(url, init = {}) {
    const headers = new Headers(init.headers);
    const cookies = cookieHeader(url);
    if (cookies) headers.set("cookie", cookies);
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    storeCookies(url, response);
    return response;
  }

  /**
   * Follows redirects until `stop(url)` says a location is the destination (not
   * fetched), or a non-redirect response arrives. Returns { url, response, hops }.
   */
  async function navigate(url, { stop = () => false, init, maxHops = 20 } = {}) {
    const hops = [];
    let current = url;
    let options = init;
    for (let i = 0; i < maxHops; i += 1) {
      if (stop(current)) return { url: current, response: null, hops };
      const response = await request(current, options);
      hops.push({ url: current, status: response.status });
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) {
        return { url: current, response, hops };
      }
      current = new URL(location, current).href;
      options = undefined; // a redirect after a POST (303) is a GET
    }
    throw new Error(`too many redirects from ${url}`);
  }

  return { request, navigate, jar };
}
