// The `storage: "memory"` store (src/browser/storage.rs): shared by every client of the
// page and lost on reload, with the part of the Web Storage interface the shell uses, so
// that one code path in the wasm serves it and sessionStorage and localStorage alike.

const entries = new Map();

export const memoryStorage = {
  getItem: (key) => entries.get(key) ?? null,
  setItem: (key, value) => void entries.set(key, String(value)),
  removeItem: (key) => void entries.delete(key),
  key: (index) => [...entries.keys()][index] ?? null,
  get length() {
    return entries.size;
  },
};
