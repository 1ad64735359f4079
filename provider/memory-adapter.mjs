// oidc-provider storage in a Map, one per provider instance. oidc-provider's
// own quick-start adapter is shared by every provider in the process and keeps
// at most 1000 entries (sessions could vanish mid-run); this one keeps all
// entries until they expire, which is fine for a test or demo run.

export function createMemoryAdapter() {
  const store = new Map(); // key -> { value, expiresAt (ms, 0 = never) }

  const read = (key) => {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt && entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.value;
  };
  const write = (key, value, expiresIn) => {
    store.set(key, { value, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : 0 });
  };

  // Token kinds that are revoked together with their grant.
  const grantable = new Set(["AccessToken", "AuthorizationCode", "RefreshToken", "DeviceCode",
    "BackchannelAuthenticationRequest"]);

  return class MemoryAdapter {
    constructor(model) {
      this.model = model;
    }

    key(id) {
      return `${this.model}:${id}`;
    }

    async upsert(id, payload, expiresIn) {
      const key = this.key(id);
      if (this.model === "Session") write(`sessionUid:${payload.uid}`, id, expiresIn);
      if (payload.userCode) write(`userCode:${payload.userCode}`, id, expiresIn);
      if (grantable.has(this.model) && payload.grantId) {
        const grantKey = `grant:${payload.grantId}`;
        const members = read(grantKey) ?? [];
        members.push(key);
        write(grantKey, members, 0);
      }
      write(key, payload, expiresIn);
    }

    async find(id) {
      return read(this.key(id));
    }

    async findByUid(uid) {
      const id = read(`sessionUid:${uid}`);
      return id === undefined ? undefined : this.find(id);
    }

    async findByUserCode(userCode) {
      const id = read(`userCode:${userCode}`);
      return id === undefined ? undefined : this.find(id);
    }

    async consume(id) {
      const payload = read(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id) {
      store.delete(this.key(id));
    }

    async revokeByGrantId(grantId) {
      const grantKey = `grant:${grantId}`;
      for (const key of read(grantKey) ?? []) store.delete(key);
      store.delete(grantKey);
    }
  };
}
