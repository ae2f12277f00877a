// The local S3 port: a front before s3rver that holds each browser upload (a multipart POST to a bucket) until
// s3-post-policy.ts has verified its policy and signature as S3 does, then hands s3rver only the fields it verified.
// Every other request passes through to s3rver untouched.
import { randomBytes } from 'node:crypto';
import { createServer, request, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import {
  largestAllowedSize,
  s3ErrorXml,
  verifyPostUpload,
  type PostUpload,
  type S3Refusal,
  type SigningAccount,
} from './s3-post-policy.js';

/** busboy 0.3, the multipart parser s3rver itself uses (resolved from s3rver, whose dependency it is). */
interface MultipartParser extends NodeJS.WritableStream {
  on(event: 'field', listener: (name: string, value: string) => void): this;
  on(
    event: 'file',
    listener: (
      name: string,
      file: Readable,
      fileName: string | undefined,
      encoding: string,
      type: string,
    ) => void,
  ): this;
  on(event: 'finish', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
}
const fromS3rver = createRequire(createRequire(import.meta.url).resolve('s3rver'));
const Busboy = fromS3rver('busboy') as new (options: {
  headers: IncomingMessage['headers'];
  limits?: { fieldSize?: number };
}) => MultipartParser;

/** Fields that authorise the upload: S3 stores none of them, so s3rver is not handed them. */
const AUTHORISING = new Set([
  'policy',
  'bucket',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-signature',
  'x-amz-security-token',
]);

interface ReceivedUpload {
  upload: PostUpload;
  /** The file's bytes, or null once it outgrew what the policy allows (it is refused then). */
  bytes: Buffer | null;
  fileName: string | undefined;
  contentType: string;
}

const malformed: S3Refusal = {
  status: 400,
  code: 'MalformedPOSTRequest',
  message: 'The body of your POST request is not well-formed multipart/form-data.',
};

/** Reads the whole form: the fields before the file (S3 ignores the rest) and the file, kept while it may pass. */
function receive(req: IncomingMessage, bucket: string): Promise<ReceivedUpload | S3Refusal> {
  return new Promise((resolve) => {
    let parser: MultipartParser;
    try {
      parser = new Busboy({ headers: req.headers, limits: { fieldSize: 20 * 1024 ** 2 } });
    } catch {
      req.resume();
      req.once('end', () => resolve(malformed));
      return;
    }
    const fields: [string, string][] = [];
    const form: {
      file?: { size: number; chunks: Buffer[] | null; fileName: string | undefined; type: string };
    } = {};
    const fileEnded: Promise<void>[] = [];
    parser.on('field', (name, value) => {
      if (form.file) return;
      if (name === 'file') {
        // A file part without a file name and with a type other than application/octet-stream reads as a field.
        const bytes = Buffer.from(value);
        form.file = { size: bytes.length, chunks: [bytes], fileName: undefined, type: 'binary/octet-stream' };
      } else fields.push([name, value]);
    });
    parser.on('file', (name, stream, fileName, _encoding, type) => {
      if (name !== 'file' || form.file) {
        stream.resume();
        return;
      }
      const limit = largestAllowedSize(fields);
      const file = { size: 0, chunks: [] as Buffer[] | null, fileName, type };
      form.file = file;
      stream.on('data', (chunk: Buffer) => {
        file.size += chunk.length;
        if (file.chunks && file.size <= limit) file.chunks.push(chunk);
        else file.chunks = null;
      });
      fileEnded.push(new Promise((ended) => stream.once('end', () => ended())));
    });
    parser.on('error', () => {
      req.unpipe(parser);
      req.resume();
      resolve(malformed);
    });
    parser.on('finish', () => {
      void Promise.all(fileEnded).then(() => {
        const file = form.file;
        resolve({
          upload: { bucket, fields, file: file ? { size: file.size, fileName: file.fileName } : null },
          bytes: file?.chunks ? Buffer.concat(file.chunks) : null,
          fileName: file?.fileName,
          contentType: file?.type ?? 'binary/octet-stream',
        });
      });
    });
    req.pipe(parser);
  });
}

/** The form s3rver gets: the verified fields (names lower-cased, the key expanded) and the file, nothing else. */
function verifiedForm(fields: ReadonlyMap<string, string>, received: ReceivedUpload) {
  const boundary = `----s3-post-front-${randomBytes(12).toString('hex')}`;
  const quoted = (text: string) => text.replace(/["\r\n]/g, (c) => encodeURIComponent(c));
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    if (AUTHORISING.has(name) || name.startsWith('x-ignore-')) continue;
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(received.fileName ?? 'file')}"\r\n` +
        `Content-Type: ${received.contentType}\r\n\r\n`,
    ),
    received.bytes ?? Buffer.alloc(0),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function reply(res: ServerResponse, refusal: S3Refusal) {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const hostId = randomBytes(48).toString('base64');
  const body = s3ErrorXml(refusal, requestId, hostId);
  res.writeHead(refusal.status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    'x-amz-request-id': requestId,
    'x-amz-id-2': hostId,
  });
  res.end(body);
}

/**
 * The buckets are private: S3 answers a request that carries no signature 403, and a presigned URL past its
 * `X-Amz-Expires` 403 "Request has expired" (s3rver would serve both). The signature itself is not recomputed here
 * for requests other than browser uploads: what a portal relies on is that a link stops working, and that one
 * stripped of its signature never worked.
 */
function unsignedOrExpired(req: IncomingMessage, now: Date): S3Refusal | null {
  if (req.headers.authorization) return null;
  const query = new URL(req.url ?? '/', 'http://s3.local').searchParams;
  if (!query.has('X-Amz-Signature')) return { status: 403, code: 'AccessDenied', message: 'Access Denied' };
  const signedAt = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(query.get('X-Amz-Date') ?? '');
  const lifetime = Number(query.get('X-Amz-Expires'));
  if (!signedAt || !Number.isInteger(lifetime) || lifetime < 1) {
    return {
      status: 400,
      code: 'AuthorizationQueryParametersError',
      message: 'X-Amz-Date and X-Amz-Expires must be given with a presigned request.',
    };
  }
  const [, y, mo, d, h, mi, se] = signedAt.map(Number) as number[];
  const expires = Date.UTC(y!, mo! - 1, d!, h!, mi!, se!) + lifetime * 1000;
  if (now.getTime() <= expires) return null;
  return {
    status: 403,
    code: 'AccessDenied',
    message: 'Request has expired',
    detail: {
      'X-Amz-Expires': lifetime,
      Expires: new Date(expires).toISOString(),
      ServerTime: now.toISOString(),
    },
  };
}

/** s3rver's own reading of a virtual-hosted request (its `vhostBuckets` guessing is off, this pattern it keeps). */
const VIRTUAL_HOST = /^(?:(.+)\.)?s3(-website)?([-.].+)?\.amazonaws\.com$/;

/**
 * The bucket a POST Object request writes to, read as s3rver routes it (any POST to a bucket but DeleteObjects),
 * whatever its content type or query: none of them reaches s3rver's form upload unverified.
 */
function uploadBucket(req: IncomingMessage): string | undefined {
  if (req.method !== 'POST') return;
  const url = new URL(req.url ?? '/', 'http://s3');
  if (url.searchParams.has('delete')) return;
  const virtualBucket = VIRTUAL_HOST.exec((req.headers.host ?? '').replace(/:\d+$/, ''))?.[1];
  const target = virtualBucket ? `/${virtualBucket}${url.pathname}` : url.pathname;
  const bucket = /^\/([^/]+)\/?$/.exec(target)?.[1];
  return bucket === undefined ? undefined : decodeURIComponent(bucket);
}

const notMultipart: S3Refusal = {
  status: 412,
  code: 'PreconditionFailed',
  message: 'At least one of the pre-conditions you specified did not hold',
  detail: { Condition: 'Bucket POST must be of the enclosure-type multipart/form-data' },
};

export interface PostPolicyFront {
  endpoint: string;
  close(): Promise<void>;
}

export async function startPostPolicyFront(options: {
  port: number;
  upstream: { host: string; port: number };
  account: SigningAccount;
  clock?: () => Date;
}): Promise<PostPolicyFront> {
  const clock = options.clock ?? (() => new Date());
  // Idle sockets close after 2 s, before s3rver's 5 s keep-alive timeout, so a reused socket is not one it just closed.
  const agent = new Agent({ keepAlive: true, timeout: 2000 });
  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    body?: { body: Buffer; contentType: string },
    retried = false,
  ): void => {
    const headers = { ...req.headers };
    if (body) {
      delete headers['transfer-encoding'];
      delete headers.expect;
      headers['content-type'] = body.contentType;
      headers['content-length'] = String(body.body.length);
    }
    const upstream = request(
      { ...options.upstream, agent, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the emulator closed as it was reused: a buffered body can be sent once more, as the SDKs do.
      if (body && !retried && upstream.reusedSocket && !res.headersSent && error.code === 'ECONNRESET')
        return forward(req, res, body, true);
      if (!res.headersSent) reply(res, { status: 500, code: 'InternalError', message: error.message });
      else res.destroy(error);
    });
    if (body) upstream.end(body.body);
    else req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    const bucket = uploadBucket(req);
    if (bucket === undefined) {
      const refusal = unsignedOrExpired(req, clock());
      if (!refusal) return forward(req, res);
      req.resume();
      req.once('end', () => reply(res, refusal));
      return;
    }
    if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
      req.resume();
      req.once('end', () => reply(res, notMultipart));
      return;
    }
    void receive(req, bucket).then((received) => {
      if ('status' in received) return reply(res, received);
      const verdict = verifyPostUpload(received.upload, options.account, clock());
      if (!verdict.accepted) return reply(res, verdict.refusal);
      // Bytes are dropped only past the policy's bound, which verification refuses; never hand s3rver an empty file.
      if (!received.bytes)
        return reply(res, { status: 500, code: 'InternalError', message: 'The upload was not kept.' });
      forward(req, res, verifiedForm(verdict.fields, received));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
