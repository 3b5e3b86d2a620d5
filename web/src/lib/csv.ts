import { saveBlob } from './download';

/** Builds a CSV file (RFC 4180 quoting, UTF-8 with BOM so spreadsheet programs read Chinese) and downloads it. */
export function downloadCsv(fileName: string, header: string[], rows: (string | number | null | undefined)[][]): void {
  const cell = (v: string | number | null | undefined) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n');
  saveBlob(fileName, new Blob(['\ufeff' + text], { type: 'text/csv;charset=utf-8' }));
}
