// The page's entry point: the error banner first, so that nothing (a provider
// that is down, a .wasm that does not load, a bug) ends as a blank page; then
// the app, which loads oidc-wasm (and its WebAssembly) as a separate chunk.

import "./styles.css";

import { setStatus, showError } from "./ui.js";

window.addEventListener("unhandledrejection", (event) => showError(event.reason, { title: "Unexpected error" }));
window.addEventListener("error", (event) => showError(event.error ?? event.message, { title: "Unexpected error" }));

import(/* webpackChunkName: "client" */ "./app.js")
  .then((app) => app.start())
  .catch((error) => {
    document.getElementById("boot")?.remove();
    setStatus("error", "Not loaded");
    showError(error, {
      title: "The OpenID Connect client could not start",
      hint: "The page's JavaScript or its WebAssembly module failed to load. Rebuild with `bash scripts/build-www.sh` and serve www/dist with application/wasm for .wasm files.",
    });
  });
