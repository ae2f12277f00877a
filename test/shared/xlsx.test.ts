import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsxWorkbook } from '../../shared/http/xlsx.js';

async function read(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  return workbook.worksheets[0]!;
}

describe('xlsxWorkbook', () => {
  it('writes a workbook a spreadsheet library reads back: text, numbers, empty cells, the header in bold', async () => {
    const sheet = await read(
      xlsxWorkbook(
        'Sổ theo dõi hồ sơ',
        ['Mã hồ sơ', 'Số ngày', 'Ghi chú'],
        [
          ['000.00.16.H39-190626-0001', 3, null],
          ['A & B <c> "d"', -1.5, 'Đã trả kết quả'],
        ],
      ),
    );
    expect(sheet.name).toBe('Sổ theo dõi hồ sơ');
    expect(sheet.getSheetValues().filter(Boolean)).toEqual([
      [undefined, 'Mã hồ sơ', 'Số ngày', 'Ghi chú'],
      [undefined, '000.00.16.H39-190626-0001', 3],
      [undefined, 'A & B <c> "d"', -1.5, 'Đã trả kết quả'],
    ]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.getRow(2).getCell(1).font?.bold).toBeFalsy();
  });

  it('keeps a formula-looking text as text and leaves out what XML cannot hold', async () => {
    const sheet = await read(xlsxWorkbook('x', ['h'], [['=SUM(A1:A9)'], ['tab\there\u0001']]));
    expect(sheet.getCell('A2').value).toBe('=SUM(A1:A9)');
    expect(sheet.getCell('A2').formula).toBeUndefined();
    expect(sheet.getCell('A3').value).toBe('tab\there');
  });

  it('names columns past Z as spreadsheets do (AA, AB…)', async () => {
    const header = Array.from({ length: 30 }, (_, i) => `c${i}`);
    const sheet = await read(xlsxWorkbook('wide', header, [header.map((_, i) => i)]));
    expect(sheet.getCell('Z2').value).toBe(25);
    expect(sheet.getCell('AD2').value).toBe(29);
    expect(sheet.getCell('AD1').value).toBe('c29');
  });
});
