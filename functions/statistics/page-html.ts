// The public on-time page as HTML: the province's rate, an SVG bar chart of each month's rate and a table per
// agency. Everything is inline (no script, no font, no image fetched), so the portal can embed it as it is.
import type { OnTimeReport } from './contract.js';

const escapeHtml = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/**
 * A number as `Intl.NumberFormat('vi-VN')` writes it with this many decimals (`.` between thousands, `,` before the
 * decimals, half away from zero on the shortest decimal form of the number, as ICU rounds), written out: a number
 * format loads the locale's data, about 10 ms of the function's cold start. Numbers the shortest form writes with an
 * exponent go to Intl itself.
 */
export function viNumber(value: number, decimals: number): string {
  const digits = String(Math.abs(value));
  if (!/^[0-9]+(\.[0-9]+)?$/.test(digits))
    return new Intl.NumberFormat('vi-VN', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    }).format(value);
  const [whole = '', fraction = ''] = digits.split('.');
  const kept = BigInt(whole + fraction.padEnd(decimals, '0').slice(0, decimals));
  const rounded = String((fraction[decimals] ?? '0') >= '5' ? kept + 1n : kept).padStart(decimals + 1, '0');
  const integer = rounded.slice(0, rounded.length - decimals).replace(/\B(?=([0-9]{3})+$)/g, '.');
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  return decimals > 0 ? `${sign}${integer},${rounded.slice(-decimals)}` : `${sign}${integer}`;
}

const rate = (value: number | null) => (value === null ? '—' : `${viNumber(value * 100, 2)}%`);
const dayMonthYear = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

type Figures = OnTimeReport['total'];

const COLUMNS: { field: keyof Figures; label: string }[] = [
  { field: 'received', label: 'Tiếp nhận' },
  { field: 'receivedOnline', label: 'Trực tuyến' },
  { field: 'refused', label: 'Từ chối' },
  { field: 'withdrawn', label: 'Rút hồ sơ' },
  { field: 'resolvedEarly', label: 'Giải quyết trước hạn' },
  { field: 'resolvedOnTime', label: 'Đúng hạn' },
  { field: 'resolvedLate', label: 'Giải quyết quá hạn' },
  { field: 'released', label: 'Đã trả kết quả' },
  { field: 'openInTime', label: 'Đang giải quyết trong hạn' },
  { field: 'openOverdue', label: 'Đang giải quyết quá hạn' },
  { field: 'ratingCount', label: 'Lượt đánh giá' },
  { field: 'ratingAverage', label: 'Điểm đánh giá' },
  { field: 'onTimeRate', label: 'Tỷ lệ đúng hạn' },
];

function cell(field: keyof Figures, figures: Figures) {
  const value = figures[field];
  const shown =
    field === 'onTimeRate'
      ? rate(value)
      : field === 'ratingAverage'
        ? value === null
          ? '—'
          : viNumber(value, 2)
        : viNumber(value ?? 0, 0);
  return `<td data-field="${field}" data-value="${value ?? ''}">${shown}</td>`;
}

/** One bar per month, its height the month's on-time rate; a month with nothing resolved has no bar. */
function chart(months: OnTimeReport): string {
  const width = 40;
  const height = 160;
  const bars = months.groups.map((month, index) => {
    const x = 30 + index * (width + 12);
    const h = month.onTimeRate === null ? 0 : Math.round(month.onTimeRate * height);
    return `<g data-month="${month.key}" data-rate="${month.onTimeRate ?? ''}">
      <rect x="${x}" y="${20 + height - h}" width="${width}" height="${h}" fill="#1f6f43"><title>${escapeHtml(month.name)}: ${rate(month.onTimeRate)}</title></rect>
      <text x="${x + width / 2}" y="${14 + height - h}" text-anchor="middle" font-size="11">${rate(month.onTimeRate)}</text>
      <text x="${x + width / 2}" y="${height + 36}" text-anchor="middle" font-size="11">${month.key.slice(5, 7)}/${month.key.slice(2, 4)}</text>
    </g>`;
  });
  const totalWidth = Math.max(300, 40 + months.groups.length * (width + 12));
  return `<svg role="img" aria-labelledby="chart-title" width="${totalWidth}" height="${height + 50}" viewBox="0 0 ${totalWidth} ${height + 50}" xmlns="http://www.w3.org/2000/svg">
    <title id="chart-title">Tỷ lệ giải quyết đúng hạn theo tháng</title>
    <line x1="25" y1="${20 + height}" x2="${totalWidth - 5}" y2="${20 + height}" stroke="#444" />
    ${bars.join('\n    ')}
  </svg>`;
}

export function onTimePage(byAgency: OnTimeReport, byMonth: OnTimeReport, nonce: string): string {
  const rows = byAgency.groups.map(
    (agency) =>
      `<tr data-agency="${escapeHtml(agency.key)}"><th scope="row">${escapeHtml(agency.name)}</th>${COLUMNS.map((c) => cell(c.field, agency)).join('')}</tr>`,
  );
  return `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Thống kê giải quyết hồ sơ đúng hạn</title>
    <link rel="icon" href="data:," />
    <style nonce="${nonce}">
      body { font-family: system-ui, sans-serif; margin: 1rem; color: #1a1a1a; }
      h1 { font-size: 1.4rem; }
      .rate { font-size: 2.5rem; font-weight: bold; color: #1f6f43; margin: 0.2rem 0; }
      table { border-collapse: collapse; font-size: 0.85rem; }
      th, td { border: 1px solid #bbb; padding: 0.25rem 0.4rem; }
      td { text-align: right; }
      thead th { background: #eef3ef; }
      tfoot th, tfoot td { font-weight: bold; }
    </style>
  </head>
  <body>
    <h1>Thống kê giải quyết hồ sơ đúng hạn</h1>
    <p>Từ ngày <span id="from" data-value="${byAgency.from}">${dayMonthYear(byAgency.from)}</span> đến ngày <span id="to" data-value="${byAgency.to}">${dayMonthYear(byAgency.to)}</span></p>
    <section aria-labelledby="province-title">
      <h2 id="province-title">Tỷ lệ hồ sơ giải quyết đúng hạn của tỉnh</h2>
      <p class="rate" id="province-rate" data-value="${byAgency.total.onTimeRate ?? ''}">${rate(byAgency.total.onTimeRate)}</p>
    </section>
    <section aria-labelledby="months-title">
      <h2 id="months-title">Theo tháng</h2>
      ${chart(byMonth)}
    </section>
    <section aria-labelledby="agencies-title">
      <h2 id="agencies-title">Theo cơ quan</h2>
      <table id="agencies">
        <thead><tr><th scope="col">Cơ quan</th>${COLUMNS.map((c) => `<th scope="col">${c.label}</th>`).join('')}</tr></thead>
        <tbody>
          ${rows.join('\n          ')}
        </tbody>
        <tfoot><tr data-agency="total"><th scope="row">Toàn tỉnh</th>${COLUMNS.map((c) => cell(c.field, byAgency.total)).join('')}</tr></tfoot>
      </table>
    </section>
  </body>
</html>
`;
}
