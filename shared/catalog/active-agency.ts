// An officer acts for an agency their token names: once an operator closed or merged it, the token is refused. The
// agency is read through the catalog cache, so this costs a read per container every few seconds, not per request.
import type { Caller } from '../http/handler.js';
import { HttpProblem } from '../http/problem.js';
import type { CatalogRepository } from './repository.js';

export const refuseClosedAgency =
  (catalog: Pick<CatalogRepository, 'getAgencies'>) =>
  async (caller: Caller): Promise<void> => {
    if (!caller.agency || !caller.roles.includes('officer')) return;
    const agency = (await catalog.getAgencies([caller.agency])).get(caller.agency);
    if (agency?.active !== false) return;
    const merged = agency.mergedInto;
    throw new HttpProblem('forbidden', {
      vi: `Cơ quan ${agency.code} ghi trong mã thông báo đã ngừng hoạt động${merged ? ` (đã sáp nhập vào ${merged})` : ''}; hãy đăng nhập lại với cơ quan công tác hiện nay`,
      en: `The agency ${agency.code} your token names is no longer active${merged ? ` (merged into ${merged})` : ''}; sign in again with your current agency`,
    });
  };
