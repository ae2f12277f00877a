// Procedures and agencies change by decree, not by the second: each container keeps what it read for a minute.
import type { Agency, Procedure } from './model.js';
import type { CatalogRepository } from './repository.js';

export function cachedCatalog(
  repo: CatalogRepository,
  ttlMs: number,
  now: () => number = Date.now,
): CatalogRepository {
  const procedures = new Map<string, { at: number; value: Promise<Procedure | null> }>();
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
