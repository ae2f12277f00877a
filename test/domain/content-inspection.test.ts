// Upload inspection: PDFs with active content and files with data after their end are refused; real documents pass.
import { crc32, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { inspectContent, MAX_INFLATED_BYTES } from '../../shared/domain/dossier/content-inspection.js';
import { loadReceiptFont, renderReceipt } from '../../shared/dossier/receipt.js';

// --- builders ----------------------------------------------------------------------------------------------------

/** A PDF section: the objects given (as `N 0 obj … endobj` bodies), a cross-reference table, trailer and %%EOF. */
function pdf(objects: (string | Buffer)[], options: { header?: boolean; trailer?: string } = {}): Buffer {
  const parts: Buffer[] =
    options.header === false ? [] : [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts.reduce((sum, p) => sum + p.length, 0);
  objects.forEach((body, i) => {
    const object = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`),
      Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'),
      Buffer.from('\nendobj\n'),
    ]);
    offsets.push(length);
    parts.push(object);
    length += object.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    options.trailer ?? `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(length),
    '%%EOF',
    '',
  ].join('\n');
  return Buffer.concat([...parts, Buffer.from(xref, 'latin1')]);
}

const catalog = (extra = '') => `<< /Type /Catalog /Pages 2 0 R${extra} >>`;
const pages = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
const page = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>';
const minimalPdf = (catalogExtra = '', ...more: (string | Buffer)[]) =>
  pdf([catalog(catalogExtra), pages, page, ...more]);

/** A stream object: its dictionary entries, then the body between `stream` and `endstream`. */
const stream = (entries: string, body: Buffer) =>
  Buffer.concat([
    Buffer.from(`<< ${entries} /Length ${body.length} >>\nstream\n`),
    body,
    Buffer.from('\nendstream'),
  ]);

/** An object stream holding the objects given, numbered from `first`, compressed as most writers do. */
function objectStream(objects: string[], first: number, options: { typed?: boolean; body?: Buffer } = {}) {
  let offset = 0;
  const index: string[] = [];
  for (const [i, object] of objects.entries()) {
    index.push(`${first + i} ${offset}`);
    offset += object.length + 1;
  }
  const header = `${index.join(' ')} `;
  const content = Buffer.from(header + objects.join('\n'), 'latin1');
  const type = options.typed === false ? '' : '/Type /ObjStm ';
  return stream(
    `${type}/N ${objects.length} /First ${header.length} /Filter /FlateDecode`,
    options.body ?? deflateSync(content),
  );
}

const javaScriptAction = '<< /S /JavaScript /JS (app.alert\\(1\\)) >>';

function pdfkitDocument(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', info: { Title: 'Tờ khai (JavaScript /JS)' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fontSize(14).text('Tờ khai đăng ký khai sinh');
  doc.addPage().rect(50, 50, 200, 100).stroke();
  doc.end();
  return done;
}

const segment = (marker: number, payload: Buffer) => {
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
};
const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);
/** Entropy-coded data with a stuffed FF00 and a restart marker, which a scan may contain before its end. */
const scanData = Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0x00, 0x78]);

/** A baseline JPEG's segment structure (not a decodable picture: inspection reads structure, not pixels). */
function jpeg(options: { thumbnail?: boolean } = {}): Buffer {
  const thumbnail = Buffer.concat([
    SOI,
    segment(0xdb, Buffer.alloc(65)),
    segment(0xda, Buffer.alloc(10)),
    scanData,
    EOI,
  ]);
  const exif = Buffer.concat([Buffer.from('Exif\0\0MM\0\x2a', 'latin1'), Buffer.alloc(20), thumbnail]);
  return Buffer.concat([
    SOI,
    segment(0xe0, Buffer.from('JFIF\0\x01\x02\0\0\x01\0\x01\0\0', 'latin1')),
    ...(options.thumbnail ? [segment(0xe1, exif)] : []),
    segment(0xdb, Buffer.alloc(65)),
    segment(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
    segment(0xc4, Buffer.alloc(20)),
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    scanData,
    EOI,
  ]);
}

const chunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
};

/** A 1×1 PNG, as an image library writes it. */
const png = () =>
  Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0])),
    chunk('IDAT', deflateSync(Buffer.from([0, 0, 0, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);

const ELF = Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), Buffer.alloc(120, 0x41)]);
const ZIP = Buffer.concat([
  Buffer.from('PK\x03\x04', 'latin1'),
  Buffer.alloc(40, 0x42),
  Buffer.from('PK\x05\x06', 'latin1'),
  Buffer.alloc(18),
]);

const refusal = (bytes: Buffer, type: string) => {
  const result = inspectContent(bytes, type);
  return result.ok ? null : result.reason;
};

// --- PDF ---------------------------------------------------------------------------------------------------------

describe('PDF inspection', () => {
  it('passes a minimal PDF, and the PDFs pdfkit writes, the receipt among them', async () => {
    expect(inspectContent(minimalPdf(), 'application/pdf')).toEqual({ ok: true });
    expect(inspectContent(await pdfkitDocument(), 'application/pdf')).toEqual({ ok: true });
    const receipt = await renderReceipt(loadReceiptFont(), {
      agencyName: 'Ủy ban nhân dân phường Long An',
      place: 'Long An',
      code: '000.01.00.H56-260105-0001',
      procedureName: 'Đăng ký khai sinh',
      applicantName: 'Nguyễn Thị Bình',
      applicantPhone: '*******678',
      receivedAt: Date.UTC(2026, 0, 5, 2),
      dueAt: Date.UTC(2026, 0, 6, 10),
      processingDays: 1,
      documents: [{ name: 'Tờ khai', fileName: 'to-khai.pdf', sha256: 'a'.repeat(64) }],
      receivedBy: { kind: 'officer', name: 'Trần Văn Minh' },
      lookupUrl: 'https://dichvucong.example.vn/tra-cuu/000.01.00.H56-260105-0001',
      pin: 'K7M2QX',
    });
    expect(inspectContent(receipt, 'application/pdf')).toEqual({ ok: true });
  });

  it('refuses JavaScript run on opening, in words the applicant understands', () => {
    const result = inspectContent(minimalPdf(' /OpenAction 4 0 R', javaScriptAction), 'application/pdf');
    expect(result).toMatchObject({
      ok: false,
      reason: 'active-content',
      message: {
        vi: 'Tệp PDF chứa mã chạy tự động (JavaScript), không được chấp nhận',
        en: 'The PDF contains executable content (JavaScript) and cannot be accepted',
      },
    });
  });

  it('refuses actions that reach outside the file: another file or share, a form posted away, page-event actions', () => {
    for (const action of [
      '<< /S /GoToR /F (\\\\198.51.100.7\\s\\x.pdf) /D [0 /Fit] >>',
      '<< /S /SubmitForm /F (https://example.test/collect) >>',
      '<< /S /ImportData /F (data.fdf) >>',
      '<< /S /GoToE /T << /R /C /N (x) >> >>',
    ]) {
      expect(refusal(minimalPdf(' /OpenAction 4 0 R', action), 'application/pdf'), action).toBe(
        'active-content',
      );
    }
    expect(
      refusal(minimalPdf(' /AA << /O 4 0 R >>', '<< /S /GoTo /D [3 0 R /Fit] >>'), 'application/pdf'),
    ).toBe('active-content');
  });

  it('refuses an object hidden inside another stream, where a viewer following the cross-reference would find it', () => {
    const hidden = Buffer.from('0 0 0 rg\n5 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n');
    const bytes = minimalPdf(' /OpenAction 5 0 R', stream('', hidden));
    expect(refusal(bytes, 'application/pdf')).toBe('active-content');
  });

  it('refuses JavaScript whose names are hex-escaped', () => {
    const escaped = '<< /S /J#61va#53cript /J#53 (app.alert\\(1\\)) >>';
    expect(refusal(minimalPdf(' /OpenAction 4 0 R', escaped), 'application/pdf')).toBe('active-content');
  });

  it('finds JavaScript however its name is escaped', () => {
    const spellings = fc
      .array(fc.boolean(), { minLength: 10, maxLength: 10 })
      .map((escapes) =>
        [...'JavaScript'].map((c, i) => (escapes[i] ? `#${c.charCodeAt(0).toString(16)}` : c)).join(''),
      );
    fc.assert(
      fc.property(spellings, (name) => {
        const action = `<< /S /${name} /URI (https://example.vn) >>`;
        expect(refusal(minimalPdf(' /OpenAction 4 0 R', action), 'application/pdf')).toBe('active-content');
      }),
    );
  });

  it.each([
    ['a Launch action', ' /OpenAction << /S /Launch /F (cmd.exe) >>', []],
    [
      'embedded files',
      ' /Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>',
      ['<< /Type /Filespec >>'],
    ],
    ['a file attachment annotation', '', ['<< /Type /Annot /Subtype /FileAttachment /FS 5 0 R >>']],
    ['an XFA form', ' /AcroForm << /Fields [] /XFA 4 0 R >>', []],
    ['rich media', '', ['<< /Type /Annot /Subtype /RichMedia >>']],
    ['JavaScript in the document name tree', ' /Names << /JavaScript 4 0 R >>', []],
  ])('refuses %s', (_name, catalogExtra, more) => {
    expect(refusal(minimalPdf(catalogExtra, ...more), 'application/pdf')).toBe('active-content');
  });

  it('refuses an embedded file stream', () => {
    const file = stream('/Type /EmbeddedFile /Subtype /application#2Fx-msdownload', ELF);
    expect(refusal(minimalPdf('', file), 'application/pdf')).toBe('active-content');
  });

  it('does not count names inside strings, comments or page content', () => {
    const content = stream('/Filter /FlateDecode', deflateSync('BT /JavaScript 12 Tf (/JS) Tj ET'));
    const info = '<< /Title (How to turn off /JavaScript \\(and /Launch\\)) /Subject <2F4A53> >>';
    const commented = '<< /Producer (scanner) % /JS was here\n>>';
    expect(inspectContent(minimalPdf('', content, info, commented), 'application/pdf')).toEqual({ ok: true });
  });

  it('passes a stream whose binary body happens to contain a name-like sequence', () => {
    const image = stream(
      '/Type /XObject /Subtype /Image /Filter /DCTDecode',
      Buffer.from('\xff\xd8 /JS /Launch ( \xff\xd9', 'latin1'),
    );
    expect(inspectContent(minimalPdf('', image), 'application/pdf')).toEqual({ ok: true });
  });

  it('reads the objects of Flate object streams, and passes them when they are harmless', () => {
    const harmless = objectStream([pages, page], 2);
    expect(inspectContent(pdf([catalog(), harmless]), 'application/pdf')).toEqual({ ok: true });
    const hidden = objectStream([javaScriptAction], 4);
    expect(inspectContent(minimalPdf(' /OpenAction 4 0 R', hidden), 'application/pdf')).toMatchObject({
      ok: false,
      reason: 'active-content',
      detail: expect.stringContaining('object stream'),
    });
  });

  it('reads an object stream that leaves out /Type /ObjStm, as viewers do', () => {
    const hidden = objectStream([javaScriptAction], 4, { typed: false });
    expect(refusal(minimalPdf(' /OpenAction 4 0 R', hidden), 'application/pdf')).toBe('active-content');
  });

  it('refuses an object stream it cannot inflate, or one that inflates past the limit', () => {
    const broken = objectStream([javaScriptAction], 4, { body: Buffer.from('not deflate data at all') });
    expect(refusal(minimalPdf('', broken), 'application/pdf')).toBe('uninspectable');
    const bomb = objectStream([], 4, { body: deflateSync(Buffer.alloc(MAX_INFLATED_BYTES + 1, 0x20)) });
    expect(refusal(minimalPdf('', bomb), 'application/pdf')).toBe('uninspectable');
    const lzw = stream('/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode', Buffer.from('....'));
    expect(refusal(minimalPdf('', lzw), 'application/pdf')).toBe('uninspectable');
  });

  it('passes a damaged stream that holds no objects (a page or an image)', () => {
    const content = stream('/Filter /FlateDecode', Buffer.from('not deflate data at all'));
    expect(inspectContent(minimalPdf('', content), 'application/pdf')).toEqual({ ok: true });
  });

  it('refuses an executable appended after %%EOF', () => {
    const result = inspectContent(Buffer.concat([minimalPdf(), ELF]), 'application/pdf');
    expect(result).toMatchObject({ ok: false, reason: 'trailing-data' });
  });

  it('passes an incremental update, whose sections each end in %%EOF, and whitespace after the last', () => {
    const original = minimalPdf();
    const update = pdf([catalog(' /Lang (vi)')], {
      header: false,
      trailer: '<< /Size 4 /Root 1 0 R /Prev 9 >>',
    });
    expect(original.toString('latin1').match(/%%EOF/g)).toHaveLength(1);
    expect(
      inspectContent(Buffer.concat([original, update, Buffer.from('\r\n\0 ')]), 'application/pdf'),
    ).toEqual({
      ok: true,
    });
  });

  it('refuses an executable between two sections that each end in %%EOF', () => {
    const update = pdf([catalog()], { header: false });
    const smuggled = Buffer.concat([minimalPdf(), ELF, Buffer.from('\n'), update]);
    expect(refusal(smuggled, 'application/pdf')).toBe('trailing-data');
  });

  it('refuses any bytes other than whitespace appended to a valid PDF', async () => {
    const documents = [minimalPdf(), await pdfkitDocument()];
    const tails = fc
      .uint8Array({ minLength: 1, maxLength: 64 })
      .filter((tail) => tail.some((b) => ![0, 9, 10, 12, 13, 32].includes(b)));
    fc.assert(
      fc.property(fc.constantFrom(...documents), tails, (document, tail) => {
        expect(refusal(Buffer.concat([document, tail]), 'application/pdf')).toBe('trailing-data');
      }),
    );
  });

  it('refuses a PDF cut short before %%EOF', () => {
    expect(refusal(minimalPdf().subarray(0, 120), 'application/pdf')).toBe('uninspectable');
  });
});

// --- images ------------------------------------------------------------------------------------------------------

describe('JPEG inspection', () => {
  it('passes a JPEG, with or without an EXIF thumbnail that has its own end marker', () => {
    expect(inspectContent(jpeg(), 'image/jpeg')).toEqual({ ok: true });
    expect(inspectContent(jpeg({ thumbnail: true }), 'image/jpeg')).toEqual({ ok: true });
  });

  it('refuses a ZIP archive after the end of the image', () => {
    expect(inspectContent(Buffer.concat([jpeg({ thumbnail: true }), ZIP]), 'image/jpeg')).toMatchObject({
      ok: false,
      reason: 'trailing-data',
      message: { vi: expect.stringContaining('JPEG'), en: expect.stringContaining('after its end') },
    });
  });

  it('refuses any bytes appended after the end of the image', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ minLength: 1, maxLength: 64 }), (thumbnail, tail) => {
        expect(refusal(Buffer.concat([jpeg({ thumbnail }), tail]), 'image/jpeg')).toBe('trailing-data');
      }),
    );
  });

  it('refuses a JPEG cut short', () => {
    expect(refusal(jpeg().subarray(0, 60), 'image/jpeg')).toBe('uninspectable');
  });
});

describe('PNG inspection', () => {
  it('passes a PNG, the QR codes of receipts among them', async () => {
    expect(inspectContent(png(), 'image/png')).toEqual({ ok: true });
    expect(inspectContent(await QRCode.toBuffer('https://dichvucong.example.vn'), 'image/png')).toEqual({
      ok: true,
    });
  });

  it('refuses any bytes after the IEND chunk', () => {
    expect(refusal(Buffer.concat([png(), ZIP]), 'image/png')).toBe('trailing-data');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (tail) => {
        expect(refusal(Buffer.concat([png(), tail]), 'image/png')).toBe('trailing-data');
      }),
    );
  });

  it('refuses a PNG without IEND, whose last chunk may claim the bytes after it', () => {
    expect(refusal(png().subarray(0, 33), 'image/png')).toBe('uninspectable');
  });
});

it('leaves types without a rule to the magic-byte check', () => {
  expect(
    inspectContent(ZIP, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
  ).toEqual({
    ok: true,
  });
});
