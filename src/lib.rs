//! oidc-wasm: OpenID Connect for single-page apps.
//!
//! `core` is the protocol, sans-IO, and builds and tests natively. `browser` (the
//! I/O shell) and `api` (the JS surface) exist only for wasm32.

pub mod core;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod browser;

// A free-list allocator a fraction of dlmalloc's size: the heap here holds a few
// small strings and futures at a time, and the page has one thread.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature runs one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
