// A fake of the National Public Service Portal's side that pushes dossiers filed there: it serves file links on
// loopback and signs a push as the portal does (shared/adapters/national-portal/inbound.ts). The tests use it, and
// `npx tsx local/national-portal-push.ts` pushes a birth registration with two PDFs to a running `npm start`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import {
  portalSignature,
  PUSH_SERVICE,
  SIGNATURE_HEADER,
} from '../shared/adapters/national-portal/inbound.js';

/** The local stack's defaults: the runner uses this secret and expects file links on this port's loopback host. */
export const LOCAL_NATIONAL_PORTAL = {
  secret: 'mot-cua-local-national-portal-secret',
  filesPort: 4580,
};

/** A file the fake serves: its bytes, a status to answer with, bytes sent slowly or streamed without a length, or a dropped connection. */
export type ServedFile =
  Buffer | { status: number } | { delayMs: number; bytes: Buffer } | { chunked: Buffer } | { drop: true };

export interface PortalFileServer {
  origin: string;
  url: (name: string) => string;
  /** How many times each file was asked for. */
  hits: Map<string, number>;
  close: () => Promise<void>;
}

export async function servePortalFiles(files: Map<string, ServedFile>, port = 0): Promise<PortalFileServer> {
  const hits = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname.slice('/files/'.length));
    hits.set(name, (hits.get(name) ?? 0) + 1);
    const file = files.get(name);
    if (!file) return void response.writeHead(404).end();
    if (Buffer.isBuffer(file))
      return void response.writeHead(200, { 'content-length': file.length }).end(file);
    if ('status' in file) return void response.writeHead(file.status).end();
    if ('drop' in file) return void request.socket.destroy();
    if ('chunked' in file) {
      response.writeHead(200);
      response.write(file.chunked.subarray(0, 1));
      return void response.end(file.chunked.subarray(1));
    }
    const timer = setTimeout(() => response.writeHead(200).end(file.bytes), file.delayMs);
    response.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (name) => `${origin}/files/${encodeURIComponent(name)}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The envelope of a push of one dossier. */
export const pushOf = (data: Record<string, unknown>, madonvi = '000.00.00.H56') => ({
  session: `local-${Date.now()}`,
  madonvi,
  service: PUSH_SERVICE,
  isUpdating: false,
  data: [data],
});

/** The body and the headers the portal sends it with. */
export function signedPush(push: unknown, secret = LOCAL_NATIONAL_PORTAL.secret) {
  const body = JSON.stringify(push);
  return {
    body,
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: portalSignature(body, secret) },
  };
}

/** `yyyyMMddHHmmss` in Vietnam time. */
export const portalTime = (epoch: number) =>
  new Date(epoch + 7 * 3_600_000).toISOString().replace(/[-T:]/g, '').slice(0, 14);

async function main() {
  const api = process.env.API_URL ?? 'http://localhost:3000';
  const pdf = Buffer.from(
    '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  );
  const files = await servePortalFiles(
    new Map([
      ['to-khai.pdf', pdf],
      ['giay-chung-sinh.pdf', pdf],
    ]),
    LOCAL_NATIONAL_PORTAL.filesPort,
  );
  const nationalCode = `G22.99.${Date.now()}`;
  const { body, headers } = signedPush(
    pushOf({
      MaHoSo: nationalCode,
      MaTTHC: '1.001193',
      ChuHoSo: 'Nguyễn Thị Bình',
      SoGiayToChuHoSo: '079203001234',
      SoDienThoai: '0912345678',
      DiaChiChuHoSo: '12 Lê Lợi, phường Long An',
      TrichYeuHoSo: 'Đăng ký khai sinh',
      NgayNopHoSo: portalTime(Date.now()),
      TaiLieuNop: [
        {
          TenTepDinhKem: 'to-khai.pdf',
          MaThanhPhanHoSo: 'to-khai-khai-sinh',
          DuongDanTaiTepTin: files.url('to-khai.pdf'),
        },
        {
          TenTepDinhKem: 'giay-chung-sinh.pdf',
          MaThanhPhanHoSo: 'giay-chung-sinh',
          DuongDanTaiTepTin: files.url('giay-chung-sinh.pdf'),
        },
      ],
    }),
    process.env.NATIONAL_PORTAL_PUSH_SECRET,
  );
  const answer = await fetch(`${api}/webhooks/national-portal`, { method: 'POST', headers, body });
  console.log(answer.status, await answer.text());
  // The documents are fetched after the answer: the files stay served a while.
  await new Promise((resolve) => setTimeout(resolve, 30_000));
  await files.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
