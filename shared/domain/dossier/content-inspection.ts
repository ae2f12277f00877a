// What an uploaded document may not carry besides its content: active content in a PDF, or bytes after the end of
// its format, where a second file (an executable, an archive) rides along past every viewer.
import { constants, inflateSync } from 'node:zlib';

export type InspectionReason = 'active-content' | 'trailing-data' | 'uninspectable';

export type Inspection =
  | { ok: true }
  | {
      ok: false;
      reason: InspectionReason;
      /** For logs and the problem's field message: what was found, and where. */
      detail: string;
      /** For the applicant, in plain words. */
      message: { vi: string; en: string };
    };

/** What all object streams of one PDF may inflate to: far above any real one, far below a zip bomb. */
export const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

/** Inspects the bytes of a file whose magic bytes already matched `contentType`; types without a rule pass. */
export function inspectContent(bytes: Uint8Array, contentType: string): Inspection {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (contentType) {
    case 'application/pdf':
      return inspectPdf(buffer);
    case 'image/jpeg':
      return inspectJpeg(buffer);
    case 'image/png':
      return inspectPng(buffer);
    default:
      return { ok: true };
  }
}

const OK: Inspection = { ok: true };

const refused = (reason: InspectionReason, detail: string, vi: string, en: string): Inspection => ({
  ok: false,
  reason,
  detail,
  message: { vi, en },
});

const trailingData = (format: string, detail: string) =>
  refused(
    'trailing-data',
    detail,
    `Tệp ${format} có dữ liệu lạ gắn thêm sau phần cuối của tệp, không được chấp nhận; hãy lưu hoặc xuất lại tệp rồi nộp lại`,
    `The ${format} file has extra data attached after its end and cannot be accepted; save or export it again and upload that`,
  );

const malformed = (format: string, detail: string) =>
  refused(
    'uninspectable',
    detail,
    `Tệp ${format} bị hỏng hoặc không đầy đủ nên không kiểm tra được, không được chấp nhận; hãy lưu hoặc xuất lại tệp rồi nộp lại`,
    `The ${format} file is damaged or incomplete, so it cannot be checked or accepted; save or export it again and upload that`,
  );

// --- PDF ---------------------------------------------------------------------------------------------------------

/** Names that make a PDF do something besides being read, with what the applicant is told. */
const ACTIVE_NAMES: Record<string, { vi: string; en: string }> = {
  JavaScript: {
    vi: 'Tệp PDF chứa mã chạy tự động (JavaScript), không được chấp nhận',
    en: 'The PDF contains executable content (JavaScript) and cannot be accepted',
  },
  Launch: {
    vi: 'Tệp PDF chứa lệnh mở chương trình khác (Launch), không được chấp nhận',
    en: 'The PDF contains an action that starts other programs (Launch) and cannot be accepted',
  },
  EmbeddedFile: {
    vi: 'Tệp PDF có tệp khác đính kèm bên trong, không được chấp nhận; hãy nộp riêng từng tài liệu',
    en: 'The PDF has other files attached inside it and cannot be accepted; upload each document on its own',
  },
  RichMedia: {
    vi: 'Tệp PDF chứa nội dung đa phương tiện tương tác (RichMedia), không được chấp nhận',
    en: 'The PDF contains interactive media (RichMedia) and cannot be accepted',
  },
  XFA: {
    vi: 'Tệp PDF là biểu mẫu động (XFA), không được chấp nhận; hãy in ra thành PDF thường rồi nộp lại',
    en: 'The PDF is a dynamic form (XFA) and cannot be accepted; print it to an ordinary PDF and upload that',
  },
  // Actions that reach outside the file when it is opened or clicked: another file or share (a UNC path leaks the
  // reader's Windows credentials), a form posted elsewhere, data imported, media played, actions on page events.
  RemoteAction: {
    vi: 'Tệp PDF chứa lệnh tự mở tệp khác, gửi dữ liệu đi hoặc chạy khi mở trang, không được chấp nhận; hãy in ra thành PDF thường rồi nộp lại',
    en: 'The PDF contains actions that open other files, send data or run when a page opens, and cannot be accepted; print it to an ordinary PDF and upload that',
  },
};
const ACTIVE_ALIASES: Record<string, keyof typeof ACTIVE_NAMES> = {
  JS: 'JavaScript',
  JavaScript: 'JavaScript',
  Launch: 'Launch',
  EmbeddedFile: 'EmbeddedFile',
  EmbeddedFiles: 'EmbeddedFile',
  FileAttachment: 'EmbeddedFile',
  RichMedia: 'RichMedia',
  XFA: 'XFA',
  GoToR: 'RemoteAction',
  GoToE: 'RemoteAction',
  SubmitForm: 'RemoteAction',
  ImportData: 'RemoteAction',
  Rendition: 'RemoteAction',
  Sound: 'RemoteAction',
  Movie: 'RemoteAction',
  AA: 'RemoteAction',
};

const uninspectablePdf = (detail: string) =>
  refused(
    'uninspectable',
    detail,
    'Không kiểm tra được phần nén bên trong tệp PDF (tệp bị mã hóa, đặt mật khẩu hoặc bị hỏng), nên không được chấp nhận; hãy lưu hoặc in lại thành PDF thường rồi nộp lại',
    'Part of the PDF cannot be unpacked to check it (it is encrypted, password-protected or damaged), so it cannot be accepted; save or print it again as an ordinary PDF and upload that',
  );

const PDF_WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const PDF_DELIMITERS = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

type Token =
  | { type: 'name'; value: string; at: number }
  | { type: 'number' | 'keyword'; value: string; at: number }
  | { type: 'string' | '<<' | '>>' | '[' | ']' | '{' | '}' | 'eof'; at: number };

type PdfValue =
  | { type: 'dict'; entries: Map<string, PdfValue> }
  | { type: 'array'; items: PdfValue[] }
  | { type: 'ref' }
  | Token;

/** Thrown inside the PDF walk; the public function turns it into a refusal. */
class Refusal extends Error {
  constructor(readonly inspection: Inspection) {
    super(inspection.ok ? '' : inspection.detail);
  }
}

/**
 * The PDF lexer of ISO 32000 §7.2–7.3: comments, literal strings with nesting and escapes, hex strings, names with
 * their `#xx` escapes decoded (`/J#61vaScript` is `/JavaScript`), numbers and keywords. It records every name it
 * meets, so a name counts wherever a viewer would read one as a name, and never inside a string or a comment.
 */
class Lexer {
  pos = 0;
  constructor(
    readonly bytes: Buffer,
    readonly onName: (name: string, at: number) => void,
  ) {}

  next(): Token {
    const b = this.bytes;
    for (;;) {
      while (this.pos < b.length && PDF_WHITESPACE.has(b[this.pos]!)) this.pos++;
      if (b[this.pos] !== 0x25 /* % */) break;
      while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
    }
    const at = this.pos;
    if (at >= b.length) return { type: 'eof', at };
    const c = b[at]!;
    switch (String.fromCharCode(c)) {
      case '(':
        this.skipLiteralString();
        return { type: 'string', at };
      case '<':
        if (b[at + 1] === 0x3c) {
          this.pos += 2;
          return { type: '<<', at };
        }
        this.pos = b.indexOf(0x3e, at);
        this.pos = this.pos < 0 ? b.length : this.pos + 1;
        return { type: 'string', at };
      case '>':
        this.pos += b[at + 1] === 0x3e ? 2 : 1;
        return b[at + 1] === 0x3e ? { type: '>>', at } : { type: 'keyword', value: '>', at };
      case '[':
      case ']':
      case '{':
      case '}':
        this.pos++;
        return { type: String.fromCharCode(c) as '[' | ']' | '{' | '}', at };
      case '/': {
        this.pos++;
        const name = decodeName(this.regular());
        this.onName(name, at);
        return { type: 'name', value: name, at };
      }
      default: {
        const word = this.regular() || String.fromCharCode(b[this.pos++]!);
        return { type: /^[+-]?(\d+\.?\d*|\.\d+)$/.test(word) ? 'number' : 'keyword', value: word, at };
      }
    }
  }

  peek(): Token {
    const saved = this.pos;
    const token = this.next();
    this.pos = saved;
    return token;
  }

  private regular(): string {
    const b = this.bytes;
    const start = this.pos;
    while (this.pos < b.length && !PDF_WHITESPACE.has(b[this.pos]!) && !PDF_DELIMITERS.has(b[this.pos]!))
      this.pos++;
    return b.toString('latin1', start, this.pos);
  }

  private skipLiteralString() {
    const b = this.bytes;
    let depth = 0;
    while (this.pos < b.length) {
      const c = b[this.pos++]!;
      if (c === 0x5c /* \ */) this.pos++;
      else if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) return;
    }
  }

  /** One value; a dictionary keeps its entries, so a stream's /Type and /Filter can be read. */
  value(): PdfValue {
    const token = this.next();
    if (token.type === '<<') {
      const entries = new Map<string, PdfValue>();
      for (;;) {
        const key = this.next();
        if (key.type === '>>' || key.type === 'eof') return { type: 'dict', entries };
        if (key.type === 'name') entries.set(key.value, this.value());
      }
    }
    if (token.type === '[') {
      const items: PdfValue[] = [];
      while (this.peek().type !== ']' && this.peek().type !== 'eof') items.push(this.value());
      this.next();
      return { type: 'array', items };
    }
    if (token.type === 'number') {
      const saved = this.pos;
      const generation = this.next();
      const r = this.next();
      if (generation.type === 'number' && r.type === 'keyword' && r.value === 'R') return { type: 'ref' };
      this.pos = saved;
    }
    return token;
  }
}

function decodeName(raw: string): string {
  return raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const isKeyword = (token: Token, ...words: string[]) =>
  token.type === 'keyword' && words.includes(token.value);

function inspectPdf(bytes: Buffer): Inspection {
  // Incremental updates append sections that each end in %%EOF: only the last one ends the file.
  const eof = bytes.lastIndexOf('%%EOF');
  if (eof < 0) return malformed('PDF', 'no %%EOF marker: the file is cut short');
  for (let i = eof + 5; i < bytes.length; i++) {
    if (!PDF_WHITESPACE.has(bytes[i]!))
      return trailingData('PDF', `${bytes.length - i} bytes after the last %%EOF, at byte ${i}`);
  }
  const found: { name: string; at: string }[] = [];
  const record = (where: string) => (name: string, at: number) => {
    if (ACTIVE_ALIASES[name]) found.push({ name, at: `byte ${at}${where}` });
  };
  try {
    walkPdf(bytes, record);
  } catch (error) {
    if (error instanceof Refusal) return error.inspection;
    throw error;
  }
  const first = found[0];
  if (!first) return OK;
  const message = ACTIVE_NAMES[ACTIVE_ALIASES[first.name]!]!;
  return refused(
    'active-content',
    `/${first.name} at ${first.at}${found.length > 1 ? ` (and ${found.length - 1} more)` : ''}`,
    message.vi,
    message.en,
  );
}

/**
 * Walks the file's top level as a viewer reads it: indirect objects, cross-reference tables, trailers and
 * `startxref`. Anything else between them is data no viewer shows, where another file can hide (an executable
 * between two sections that each end in %%EOF), so it is refused as trailing data. Stream contents are skipped,
 * except object streams, whose objects are inflated and read as well.
 */
function walkPdf(bytes: Buffer, record: (where: string) => (name: string, at: number) => void) {
  const budget = { inflated: 0, encrypted: false };
  const recordInFile = record('');
  const topLevel = new Lexer(bytes, (name, at) => {
    if (name === 'Encrypt') budget.encrypted = true;
    recordInFile(name, at);
  });
  for (;;) {
    const token = topLevel.next();
    if (token.type === 'eof') return;
    if (token.type === 'number' && topLevel.peek().type === 'number') {
      topLevel.next();
      const obj = topLevel.next();
      if (isKeyword(obj, 'obj')) {
        readObject(topLevel, bytes, budget, record);
        continue;
      }
    } else if (isKeyword(token, 'xref')) {
      while (topLevel.peek().type === 'number' || isKeyword(topLevel.peek(), 'f', 'n')) topLevel.next();
      continue;
    } else if (isKeyword(token, 'trailer')) {
      topLevel.value();
      continue;
    } else if (isKeyword(token, 'startxref')) {
      if (topLevel.peek().type === 'number') topLevel.next();
      continue;
    }
    throw new Refusal(trailingData('PDF', `data outside any PDF object at byte ${token.at}`));
  }
}

/** An indirect object up to `endobj`; a stream's body is skipped to `endstream`, or read if it holds objects. */
function readObject(
  lexer: Lexer,
  bytes: Buffer,
  budget: { inflated: number; encrypted: boolean },
  record: (where: string) => (name: string, at: number) => void,
) {
  let last: PdfValue | null = null;
  for (;;) {
    const token = lexer.peek();
    if (token.type === 'eof' || isKeyword(token, 'xref', 'trailer', 'startxref')) return;
    if (isKeyword(token, 'endobj')) {
      lexer.next();
      return;
    }
    if (isKeyword(token, 'stream')) {
      lexer.next();
      let start = lexer.pos;
      if (bytes[start] === 0x0d) start++;
      if (bytes[start] === 0x0a) start++;
      const end = bytes.indexOf('endstream', start);
      if (end < 0) throw new Refusal(malformed('PDF', `stream at byte ${token.at} has no endstream`));
      if (last?.type === 'dict' && isObjectStream(last.entries))
        readObjectStream(bytes.subarray(start, end), last.entries, token.at, budget, record);
      // A viewer finds objects by their cross-reference offsets, even inside another stream's body: an object
      // written there is hidden from a walk that skips stream bodies, so its mere presence refuses the file.
      else if (HIDDEN_OBJECT.test(bytes.subarray(start, end).toString('latin1')))
        throw new Refusal(
          refused(
            'active-content',
            `an object hidden inside the stream at byte ${token.at}`,
            'Tệp PDF có nội dung được giấu bên trong dữ liệu khác, không được chấp nhận; hãy in ra thành PDF thường rồi nộp lại',
            'The PDF has content hidden inside other data and cannot be accepted; print it to an ordinary PDF and upload that',
          ),
        );
      lexer.pos = end + 'endstream'.length;
      last = null;
      continue;
    }
    last = lexer.value();
  }
}

/** An indirect object's header, as a viewer that followed a cross-reference offset into a stream would read it. */
const HIDDEN_OBJECT = /(?:^|[\s>\]])[0-9]{1,10}\s+[0-9]{1,5}\s+obj\s*<</;

/** A viewer reads a stream as one of objects when the cross-reference says so; /N and /First are what it needs. */
const isObjectStream = (dict: Map<string, PdfValue>) => {
  const type = dict.get('Type');
  return (type?.type === 'name' && type.value === 'ObjStm') || (dict.has('N') && dict.has('First'));
};

function readObjectStream(
  body: Buffer,
  dict: Map<string, PdfValue>,
  at: number,
  budget: { inflated: number; encrypted: boolean },
  record: (where: string) => (name: string, at: number) => void,
) {
  const cannot = (why: string) =>
    new Refusal(
      uninspectablePdf(
        `object stream at byte ${at}: ${why}${budget.encrypted ? ' (the PDF is encrypted)' : ''}`,
      ),
    );
  const filter = dict.get('Filter');
  const filters = filter === undefined ? [] : filter.type === 'array' ? filter.items : [filter];
  const names = filters.map((f) => (f.type === 'name' ? f.value : '?'));
  const parms = dict.get('DecodeParms');
  if (parms !== undefined && !(parms.type === 'keyword' && parms.value === 'null'))
    throw cannot('decode parameters (a predictor) are not supported');
  if (names.some((n) => n !== 'FlateDecode' && n !== 'Fl'))
    throw cannot(`filter ${names.join(', ')} is not supported`);
  let content = body;
  for (const _ of names) {
    try {
      content = inflateSync(content, {
        maxOutputLength: Math.max(1, MAX_INFLATED_BYTES - budget.inflated),
        // A stream cut short still yields what it holds, as viewers read it.
        finishFlush: constants.Z_SYNC_FLUSH,
      });
    } catch (error) {
      throw cannot(
        error instanceof RangeError
          ? `inflates to more than ${MAX_INFLATED_BYTES} bytes`
          : `cannot be inflated (${(error as Error).message})`,
      );
    }
    budget.inflated += content.length;
  }
  const inner = new Lexer(content, record(` of the object stream at byte ${at}`));
  while (inner.next().type !== 'eof');
}

// --- JPEG --------------------------------------------------------------------------------------------------------

/**
 * Walks the JPEG's segments (ITU T.81 Annex B) to the EOI of the main image: a thumbnail inside an APP1 (EXIF)
 * segment has its own FFD9, which a search for FFD9 would take for the end.
 */
function inspectJpeg(bytes: Buffer): Inspection {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return malformed('JPEG', 'no start-of-image marker');
  let pos = 2;
  for (;;) {
    if (bytes[pos] !== 0xff) return malformed('JPEG', `no marker at byte ${pos}`);
    while (bytes[pos] === 0xff) pos++; // fill bytes
    if (pos >= bytes.length) return malformed('JPEG', 'no end-of-image marker: the file is cut short');
    const marker = bytes[pos++]!;
    if (marker === 0xd9) break;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // markers without a length
    if (pos + 2 > bytes.length) return malformed('JPEG', 'no end-of-image marker: the file is cut short');
    const length = bytes.readUInt16BE(pos);
    if (length < 2)
      return malformed('JPEG', `segment FF${hex(marker)} at byte ${pos - 2} has length ${length}`);
    pos += length;
    if (marker === 0xda) pos = endOfScan(bytes, pos);
  }
  if (pos < bytes.length)
    return trailingData('JPEG', `${bytes.length - pos} bytes after the end-of-image marker, at byte ${pos}`);
  return OK;
}

/** Entropy-coded data runs to the next marker; FF00 is a stuffed FF and FFD0–FFD7 are restarts within the scan. */
function endOfScan(bytes: Buffer, from: number): number {
  let pos = from;
  for (;;) {
    pos = bytes.indexOf(0xff, pos);
    if (pos < 0) return bytes.length;
    const next = bytes[pos + 1];
    if (next === undefined) return bytes.length;
    if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) pos += next === 0xff ? 1 : 2;
    else return pos;
  }
}

const hex = (byte: number) => byte.toString(16).toUpperCase().padStart(2, '0');

// --- PNG ---------------------------------------------------------------------------------------------------------

/** Walks the PNG's chunks to IEND; nothing may follow it. */
function inspectPng(bytes: Buffer): Inspection {
  let pos = 8;
  while (pos + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    pos += 12 + length;
    if (pos > bytes.length) return malformed('PNG', `chunk ${type} runs past the end of the file`);
    if (type === 'IEND') {
      return pos < bytes.length
        ? trailingData('PNG', `${bytes.length - pos} bytes after the IEND chunk, at byte ${pos}`)
        : OK;
    }
  }
  return malformed('PNG', 'no IEND chunk: the file is cut short');
}
