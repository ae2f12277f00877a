// The key a dossier filed on the national portal is listed under among its applicant's dossiers: an HMAC of the
// owner's ID number (SoGiayToChuHoSo) with APPLICANT_LINK_SECRET, so the applicants' index never holds an ID number,
// and a token's `citizen_id` claim finds the same key. Changing the secret unlists (never unlinks) earlier dossiers.
import { createHmac } from 'node:crypto';
import { readSigningKey } from '../secrets.js';

const PREFIX = 'citizen-id#';

export const linkedApplicantId = (secret: string, citizenId: string) =>
  PREFIX + createHmac('sha256', secret).update(citizenId).digest('base64url');

/**
 * The key of a citizen ID, or null while the secret is not configured or shorter than 32 bytes (then no push is
 * taken: none is linked).
 */
export async function linkedApplicantIdOf(citizenId: string): Promise<string | null> {
  const secret = await readSigningKey('APPLICANT_LINK_SECRET');
  return secret ? linkedApplicantId(secret, citizenId) : null;
}
