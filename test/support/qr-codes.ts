// The QR codes printed on a PDF as a phone's camera finds them: poppler's pdftoppm renders each page to an image and
// jsQR decodes it, a code at a time, each found code painted over so the next one shows.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';

const run = promisify(execFile);
// jsqr's types name its CommonJS export `default`, which it also sets at run time.
const jsQR = jsqr.default;

/** 150 dpi gives a 64-point mark about 130 pixels, three or more per module: as a print scanned at 150 dpi. */
const DPI = 150;
/** More codes than any form prints: a loop that finds the same code again stops here. */
const MAX_CODES_PER_PAGE = 4;

/** Paints white the box around a found code's corners (with a margin for its quiet zone). */
function paintOver(image: PNG, corners: { x: number; y: number }[]) {
  const margin = 8;
  const xs = corners.map((c) => c.x);
  const ys = corners.map((c) => c.y);
  const [left, right] = [
    Math.max(0, Math.floor(Math.min(...xs)) - margin),
    Math.min(image.width, Math.ceil(Math.max(...xs)) + margin),
  ];
  const [top, bottom] = [
    Math.max(0, Math.floor(Math.min(...ys)) - margin),
    Math.min(image.height, Math.ceil(Math.max(...ys)) + margin),
  ];
  for (let y = top; y < bottom; y += 1)
    image.data.fill(255, (y * image.width + left) * 4, (y * image.width + right) * 4);
}

/** Every QR code's text on every page of the PDF, page by page, in the order jsQR finds them. */
export async function qrCodesOf(pdf: Buffer): Promise<{ page: number; text: string }[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'qr-'));
  try {
    writeFileSync(path.join(dir, 'form.pdf'), pdf);
    await run('/usr/bin/pdftoppm', [
      '-r',
      String(DPI),
      '-png',
      path.join(dir, 'form.pdf'),
      path.join(dir, 'page'),
    ]);
    const pages = readdirSync(dir)
      .filter((name) => /^page-\d+\.png$/.test(name))
      .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    const codes: { page: number; text: string }[] = [];
    pages.forEach((name, index) => {
      const image = PNG.sync.read(readFileSync(path.join(dir, name)));
      for (let found = 0; found < MAX_CODES_PER_PAGE; found += 1) {
        const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
        // Forms print dark on light: trying the inverted image too would only double the time.
        const code = jsQR(pixels, image.width, image.height, { inversionAttempts: 'dontInvert' });
        if (!code) break;
        codes.push({ page: index + 1, text: code.data });
        const { topLeftCorner, topRightCorner, bottomLeftCorner, bottomRightCorner } = code.location;
        paintOver(image, [topLeftCorner, topRightCorner, bottomLeftCorner, bottomRightCorner]);
      }
    });
    return codes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
