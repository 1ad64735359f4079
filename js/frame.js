// The hidden iframe silent renew waits on (src/browser/watch.rs), made in one call: its
// document steps would each be an import and a shim in the wasm. The wasm gives the
// frame its address, watches it and removes it.

// Returns [frame, its window], appended to the body, hidden, still without an address;
// or a number saying what is missing: 0 no document, 1 no body, 2 the frame could not
// be made or attached, 3 it has no window (it is removed then).
export function hiddenFrame() {
  const body = globalThis.document?.body;
  if (!body) return globalThis.document ? 1 : 0;
  let frame;
  try {
    frame = document.createElement("iframe");
    frame.setAttribute("style", "display:none");
    frame.setAttribute("aria-hidden", "true");
    frame.setAttribute("title", "oidc-wasm silent renew");
    body.appendChild(frame);
  } catch {
    return 2;
  }
  if (frame.contentWindow) return [frame, frame.contentWindow];
  frame.remove();
  return 3;
}
