//! wasm-bindgen-test suites for the shell, run in headless Chrome by `wasm-pack test`.

mod executor_tests;
mod idb_tests;
mod iframe_tests;
mod json_tests;
mod lock_tests;
mod schedule_tests;
mod storage_tests;
mod webcrypto_tests;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
