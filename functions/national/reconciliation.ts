// National reconciliation: each dossier a unit received in a range of days, its status here against the portal's
// (TraCuuHoSo); one that differs, or that the portal does not know, is sent again (its current state, forced).
import type { NationalPortal } from '../../shared/adapters/national-portal/client.js';
import type { SubmittedDossier } from '../../shared/adapters/national-portal/index-keys.js';
import { portalCode, portalStatus } from '../../shared/adapters/national-portal/mapping.js';
import { inParallel } from '../../shared/dossier/statistics.js';

export interface ReconcileDeps {
  units: () => Promise<string[]>;
  submitted: (unit: string, from: string, to: string) => Promise<SubmittedDossier[]>;
  portal: NationalPortal;
  /** Sends a dossier's current state again, whatever was sent before: the sync's outcome. */
  resend: (dossierId: string) => Promise<string>;
}

export interface Difference {
  code: string;
  local: string;
  /** The portal's status, or null when it does not know the dossier. */
  portal: string | null;
  outcome: string;
}

export interface ReconcileSummary {
  from: string;
  to: string;
  units: number;
  checked: number;
  same: number;
  differences: Difference[];
  /** Dossiers the portal could not be asked about (an error, a refusal): checked again by the next run. */
  unanswered: { code: string; reason: string }[];
}

export async function reconcile(deps: ReconcileDeps, from: string, to: string): Promise<ReconcileSummary> {
  const units = await deps.units();
  const summary: ReconcileSummary = {
    from,
    to,
    units: units.length,
    checked: 0,
    same: 0,
    differences: [],
    unanswered: [],
  };
  for (const unit of units) {
    const dossiers = await deps.submitted(unit, from, to);
    await inParallel(
      dossiers.map((dossier) => async () => {
        const code = portalCode(dossier);
        const local = portalStatus(dossier.status);
        if (!code || !local) return;
        summary.checked += 1;
        const found = await deps.portal.lookup(code);
        if (found.verdict === 'found' && found.status === local) {
          summary.same += 1;
          return;
        }
        if (found.verdict !== 'found' && found.verdict !== 'unknown') {
          const reason =
            found.verdict === 'transport' ? found.error : `error_code ${found.answer.error_code}`;
          summary.unanswered.push({ code, reason });
          return;
        }
        const portal = found.verdict === 'found' ? found.status : null;
        summary.differences.push({ code, local, portal, outcome: await deps.resend(dossier.dossierId) });
      }),
      8,
    );
  }
  summary.differences.sort((a, b) => a.code.localeCompare(b.code));
  return summary;
}

/** The summary an operator reads: one line per difference, then the counts. */
export function summaryLines(summary: ReconcileSummary): string[] {
  return [
    ...summary.differences.map(
      (d) => `${d.code}: here ${d.local}, portal ${d.portal ?? 'unknown'} → sent again (${d.outcome})`,
    ),
    ...summary.unanswered.map((u) => `${u.code}: the portal did not answer (${u.reason})`),
    `${summary.checked} dossier(s) of ${summary.units} unit(s) submitted from ${summary.from} to ${summary.to}: ` +
      `${summary.same} as at the portal, ${summary.differences.length} sent again, ${summary.unanswered.length} unanswered.`,
  ];
}
