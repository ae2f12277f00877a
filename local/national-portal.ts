// A fake of the national portal's adapter for the local stack: it opens sessions, validates every envelope with the
// schemas the sync sends with (shared/adapters/national-portal/messages.ts), records what it accepted, answers
// TraCuuHoSo from what it was sent, and can be told to fail (a dropped connection, a "try again" code, a refusal).
// Kept in memory.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  envelope,
  loginRequest,
  type DossierSync,
  type Envelope,
  type ProgressEnvelope,
  type SyncEnvelope,
} from '../shared/adapters/national-portal/messages.js';
import type { OutgoingResponse } from './gateway.js';

/** The local adapter's account and this province's unit code there (madonvi). */
export const LOCAL_NATIONAL_PORTAL = {
  username: 'mot-cua-local',
  password: 'mot-cua-local-national-portal-password',
  unitCode: '000.00.00.H56',
};
export const NATIONAL_PORTAL_PATH = '/dev/national-portal';
/** The key the local stack signs partner file links with (PARTNER_FILES_SECRET), known to the local scripts too. */
export const LOCAL_PARTNER_FILES_SECRET = 'mot-cua-local-partner-files-secret';

/** How the next calls fail: the connection dropped, a "try again" code (-1), or a refusal of the data (code 2). */
export type PortalFailure = 'transport' | 'retry' | 'refuse';

export interface ReceivedCall {
  at: string;
  /** The envelope as it was received (DongBoHoSoMC or CapNhatTienDoHoSoMC). */
  envelope: SyncEnvelope | ProgressEnvelope;
  answered: { error_code: string; message: string } | 'dropped';
}

const json = (status: number, body: unknown): OutgoingResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify(body)),
});

const parseBody = (body: Buffer): unknown => {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
};

export function fakeNationalPortal(account = LOCAL_NATIONAL_PORTAL) {
  const sessions = new Set<string>();
  const calls: ReceivedCall[] = [];
  /** The last accepted state of each dossier, by MaHoSo: what TraCuuHoSo answers. */
  const dossiers = new Map<string, DossierSync>();
  /** A status the portal reports in place of the one it was sent (to exercise reconciliation). */
  const reported = new Map<string, string>();
  const failures: { mode: PortalFailure; matches: (envelope: Envelope) => boolean }[] = [];

  function login(body: Buffer): OutgoingResponse {
    const parsed = loginRequest.safeParse(parseBody(body));
    if (
      !parsed.success ||
      parsed.data.username !== account.username ||
      parsed.data.password !== account.password
    )
      return json(200, { error_code: '1', message: 'Sai tên đăng nhập hoặc mật khẩu' });
    const session = randomUUID();
    sessions.add(session);
    return json(200, { error_code: 0, session });
  }

  function api(request: IncomingMessage, body: Buffer): OutgoingResponse {
    const parsed = envelope.safeParse(parseBody(body));
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      return json(200, { error_code: '2', message: `Dữ liệu không hợp lệ: ${fields}` });
    }
    const message = parsed.data;
    if (!sessions.has(message.session))
      return json(200, { error_code: '401', message: 'Phiên làm việc hết hạn' });
    if (message.madonvi !== account.unitCode)
      return json(200, { error_code: '3', message: `Mã đơn vị ${message.madonvi} không được cấp quyền` });
    if (message.service === 'TraCuuHoSo') {
      const found = dossiers.get(message.mahoso);
      return json(200, {
        error_code: '0',
        message: 'Thành công',
        result: found
          ? [{ MaHoSo: found.MaHoSo, TrangThaiHoSo: reported.get(found.MaHoSo) ?? found.TrangThaiHoSo }]
          : [],
      });
    }
    const record = (answered: ReceivedCall['answered']) =>
      calls.push({ at: new Date().toISOString(), envelope: message, answered });
    const failure = failures.findIndex((f) => f.matches(message));
    if (failure >= 0) {
      const { mode } = failures.splice(failure, 1)[0]!;
      if (mode === 'transport') {
        record('dropped');
        request.socket.destroy();
        return json(502, {});
      }
      const answered =
        mode === 'retry'
          ? { error_code: '-1', message: 'Hệ thống đang bận, vui lòng thử lại' }
          : { error_code: '2', message: 'Dữ liệu không hợp lệ: MaTTHC không có trong CSDL quốc gia' };
      record(answered);
      return json(200, answered);
    }
    if (message.service === 'DongBoHoSoMC') {
      for (const item of message.data) {
        dossiers.set(item.MaHoSo, item);
        reported.delete(item.MaHoSo);
      }
    }
    const answered = { error_code: '0', message: 'Thành công' };
    record(answered);
    return json(200, answered);
  }

  return {
    handle(request: IncomingMessage, body: Buffer): Promise<OutgoingResponse> {
      const route = new URL(request.url ?? '/', 'http://localhost').pathname.slice(
        NATIONAL_PORTAL_PATH.length,
      );
      return Promise.resolve(route === '/auth' ? login(body) : api(request, body));
    },
    /** Every call but logins and lookups, oldest first, with how it was answered. */
    calls: () => [...calls],
    /** What the portal holds of a dossier now. */
    dossier: (code: string) => dossiers.get(code) ?? null,
    /** Makes the next call that `matches` (any, by default) fail so. */
    failNext(mode: PortalFailure, matches: (envelope: Envelope) => boolean = () => true) {
      failures.push({ mode, matches });
    },
    /** Makes TraCuuHoSo report this status for a dossier until it is sent again. */
    report(code: string, status: string) {
      reported.set(code, status);
    },
    /** Forgets every session, as the portal does when they expire. */
    expireSessions: () => sessions.clear(),
  };
}
export type FakeNationalPortal = ReturnType<typeof fakeNationalPortal>;
