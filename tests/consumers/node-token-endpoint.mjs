// A token endpoint for the Node fixtures, on loopback: client credentials for
// m2m / m2m-secret (HTTP Basic or form), invalid_client for anything else.

import { once } from "node:events";
import { createServer } from "node:http";

function credentials(req, form) {
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? "");
  if (basic) {
    const [id, secret] = Buffer.from(basic[1], "base64").toString().split(":").map(decodeURIComponent);
    return { id, secret };
  }
  return { id: form.get("client_id"), secret: form.get("client_secret") };
}

export async function startTokenEndpoint(port) {
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const form = new URLSearchParams(body);
    const { id, secret } = credentials(req, form);
    const ok =
      req.method === "POST" &&
      req.url === "/token" &&
      form.get("grant_type") === "client_credentials" &&
      id === "m2m" &&
      secret === "m2m-secret";
    res.writeHead(ok ? 200 : 401, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(
      JSON.stringify(
        ok
          ? { access_token: "at-m2m", token_type: "Bearer", expires_in: 3600, scope: form.get("scope") ?? "api:read" }
          : { error: "invalid_client" },
      ),
    );
  });
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return {
    tokenEndpoint: `http://127.0.0.1:${port}/token`,
    close() {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}
