// HTTP client of the national portal's adapter: logs in for a session (kept until the portal says it expired), posts
// envelopes and reads the answers as verdicts. Nothing it sends or receives is logged: messages carry personal data.
import * as z from 'zod/mini';
import {
  answer,
  lookupAnswer,
  loginAnswer,
  verdictOf,
  type Answer,
  type DossierSync,
  type ProgressUpdate,
  type Verdict,
} from './messages.js';

export interface NationalPortalSettings {
  /** The adapter's base URL: `<url>/auth` opens a session, `<url>/api` takes every service call (ASSUMED paths). */
  url: string;
  /** This province's unit code at the portal (madonvi). */
  unitCode: string;
  username: string;
  password: string;
  timeoutMs: number;
}

export type Outcome =
  | { verdict: Exclude<Verdict, 'session-expired'>; answer: Answer }
  /** No answer the portal wrote: a network failure, a timeout, a status other than 2xx, a body that is not one. */
  | { verdict: 'transport'; error: string };

export interface NationalPortal {
  sync(data: DossierSync[], isUpdating: boolean): Promise<Outcome>;
  progress(data: ProgressUpdate[]): Promise<Outcome>;
  /** The portal's status code of a dossier (1–10), null when it does not know the dossier. */
  lookup(code: string): Promise<{ verdict: 'found'; status: string } | { verdict: 'unknown' } | Outcome>;
}

class TransportError extends Error {}

export function httpNationalPortal(settings: NationalPortalSettings, fetcher = fetch): NationalPortal {
  let session: string | null = null;

  async function post(path: string, body: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetcher(`${settings.url.replace(/\/$/, '')}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
    } catch (error) {
      throw new TransportError((error as Error).name === 'TimeoutError' ? 'timeout' : 'network error');
    }
    if (!response.ok) throw new TransportError(`HTTP ${response.status}`);
    try {
      return await response.json();
    } catch {
      throw new TransportError('answer is not JSON');
    }
  }

  async function login(): Promise<string> {
    const parsed = loginAnswer.safeParse(
      await post('/auth', { username: settings.username, password: settings.password }),
    );
    if (!parsed.success || verdictOf(parsed.data.error_code) !== 'accepted' || !parsed.data.session)
      throw new TransportError('login refused');
    return parsed.data.session;
  }

  /** One service call; a session the portal calls expired is opened again once. */
  async function call<S extends z.ZodMiniType>(schema: S, fields: Record<string, unknown>) {
    for (let attempt = 0; ; attempt += 1) {
      session ??= await login();
      const body = { session, madonvi: settings.unitCode, ...fields };
      const parsed = schema.safeParse(await post('/api', body));
      if (!parsed.success) throw new TransportError('answer is not one of the portal');
      const data = parsed.data as { error_code: string };
      if (verdictOf(data.error_code) === 'session-expired' && attempt === 0) {
        session = null;
        continue;
      }
      return parsed.data as z.output<S>;
    }
  }

  async function send(fields: Record<string, unknown>): Promise<Outcome> {
    try {
      const answered = await call(answer, fields);
      const verdict = verdictOf(answered.error_code);
      return { verdict: verdict === 'session-expired' ? 'retry' : verdict, answer: answered };
    } catch (error) {
      if (error instanceof TransportError) return { verdict: 'transport', error: error.message };
      throw error;
    }
  }

  return {
    sync: (data, isUpdating) =>
      send({ service: 'DongBoHoSoMC', isUpdating: isUpdating ? 'True' : 'False', data }),
    progress: (data) => send({ service: 'CapNhatTienDoHoSoMC', data }),
    async lookup(code) {
      try {
        const answered = await call(lookupAnswer, { service: 'TraCuuHoSo', mahoso: code });
        const verdict = verdictOf(answered.error_code);
        if (verdict !== 'accepted')
          return { verdict: verdict === 'session-expired' ? 'retry' : verdict, answer: answered };
        const found = answered.result.find((item) => item.MaHoSo === code);
        return found ? { verdict: 'found', status: String(found.TrangThaiHoSo) } : { verdict: 'unknown' };
      } catch (error) {
        if (error instanceof TransportError) return { verdict: 'transport', error: error.message };
        throw error;
      }
    },
  };
}
