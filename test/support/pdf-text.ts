// The lines of text in a PDF that pdfkit wrote with an embedded font, with where each starts: enough to read a receipt.
import { inflateSync } from 'node:zlib';

export interface PdfLine {
  text: string;
  x: number;
  y: number;
  page: number;
}

/** Inflates every stream, maps glyph codes to text through the font's ToUnicode CMap, and reads each BT…ET block. */
export function pdfLines(pdf: Buffer): PdfLine[] {
  const streams: string[] = [];
  const raw = pdf.toString('latin1');
  for (const match of raw.matchAll(/stream\n/g)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('\nendstream', start);
    try {
      streams.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      streams.push(raw.slice(start, end));
    }
  }
  const toUnicode = new Map<number, string>();
  for (const cmap of streams.filter((s) => s.includes('begincmap'))) {
    for (const [, from, , list] of cmap.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
      [...list!.matchAll(/<([0-9a-f]+)>/gi)].forEach(([, unicode], i) =>
        toUnicode.set(parseInt(from!, 16) + i, Buffer.from(unicode!, 'hex').swap16().toString('utf16le')),
      );
    }
  }
  const lines: PdfLine[] = [];
  streams
    .filter((s) => s.includes(' TJ'))
    .forEach((content, page) => {
      for (const [, block] of content.matchAll(/BT\n([\s\S]*?)\nET/g)) {
        const [, x, y] = /([-\d.]+) ([-\d.]+) Tm/.exec(block!) ?? [];
        const text = [...block!.matchAll(/\[([^\]]*)\] TJ/g)]
          .flatMap(([, array]) => [...array!.matchAll(/<([0-9a-f]*)>/gi)])
          .map(([, hex]) =>
            (hex!.match(/.{4}/g) ?? []).map((code) => toUnicode.get(parseInt(code, 16)) ?? '?').join(''),
          )
          .join('');
        lines.push({ text, x: Number(x), y: Number(y), page });
      }
    });
  return lines;
}
