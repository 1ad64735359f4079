// Instantiates the wasm with the glue's imports, from what an entry or the `wasm` option
// gives: a URL (string, URL or Request) or a Response, compiled while it downloads; or its
// bytes, or a compiled WebAssembly.Module. wasm-bindgen's own init() does this too, with
// more cases and texts than an entry needs (bench/size-levers.md has what that cost).
import { finalize, imports } from "./oidc_wasm.js";

export async function instantiate(source) {
  if (typeof source == "string" || source instanceof URL || (typeof Request == "function" && source instanceof Request)) {
    source = fetch(source);
  }
  source = await source;
  if (typeof Response == "function" && source instanceof Response) {
    if (!source.ok) throw new Error(`failed to fetch ${source.url}: HTTP ${source.status}`);
    try {
      const { instance, module } = await WebAssembly.instantiateStreaming(source, imports());
      return finalize(instance, module);
    } catch (error) {
      // Streaming compilation needs the wasm MIME type; a server that sends another gets
      // the slower way. Any other failure (a CSP refusal, say) stands.
      if (source.headers.get("Content-Type") == "application/wasm") throw error;
      console.warn("oidc-wasm: serve .wasm as application/wasm to compile it while it downloads");
    }
    source = await source.arrayBuffer();
  }
  const made = await WebAssembly.instantiate(source, imports());
  return made instanceof WebAssembly.Instance ? finalize(made, source) : finalize(made.instance, made.module);
}
