// The spreadsheet media types the statistics and ledger routes offer, for their contracts: no spreadsheet code here.
export const CSV = 'text/csv';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
