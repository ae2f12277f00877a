// Each container keeps what it read of the catalog briefly, so an operator's change reaches new requests within
// seconds; a procedure's versions never change once written, so those are kept for the container's life.
import type { Agency, StoredProcedure } from './model.js';
import type { CatalogRepository } from './repository.js';

export function cachedCatalog(
  repo: CatalogRepository,
  ttlMs: number,
  now: () => number = Date.now,
): CatalogRepository {
  const procedures = new Map<string, { at: number; value: Promise<StoredProcedure | null> }>();
  const versions = new Map<string, Promise<StoredProcedure | null>>();
  const agencies = new Map<string, { at: number; value: Agency | undefined }>();
  return {
    ...repo,
    getProcedure(code) {
      const hit = procedures.get(code);
      if (hit && now() - hit.at < ttlMs) return hit.value;
      const value = repo.getProcedure(code);
      procedures.set(code, { at: now(), value });
      value.catch(() => procedures.delete(code));
      return value;
    },
    getProcedureVersion(code, version) {
      const key = `${code}@${version}`;
      const hit = versions.get(key);
      if (hit) return hit;
      const value = repo.getProcedureVersion(code, version);
      versions.set(key, value);
      // Only a version that exists is kept: a miss (or a failed read) is asked again next time.
      value.then((found) => found ?? versions.delete(key)).catch(() => versions.delete(key));
      return value;
    },
    async getAgencies(codes) {
      const fresh = (code: string) => {
        const hit = agencies.get(code);
        return hit && now() - hit.at < ttlMs;
      };
      const missing = codes.filter((code) => !fresh(code));
      if (missing.length > 0) {
        const found = await repo.getAgencies(missing);
        for (const code of missing) agencies.set(code, { at: now(), value: found.get(code) });
      }
      const result = new Map<string, Agency>();
      for (const code of codes) {
        const agency = agencies.get(code)?.value;
        if (agency) result.set(code, agency);
      }
      return result;
    },
  };
}
