// Files the pages hand to the user: a Blob saved through a temporary link, and the server's CSV reports fetched
// with the bearer token in the Authorization header (a token never goes into a URL).
import { loadSession } from './session';
import { GraphQLError } from './graphql';

/** Saves a Blob under a file name, as a download. */
export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The file name from a Content-Disposition header, if it names one. */
function dispositionName(header: string | null): string | null {
  const match = header?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  return match ? decodeURIComponent(match[1]) : null;
}

/** Fetches GET /reports/{name}.csv with the session's token and saves it; errors keep the server's code. */
export async function downloadReport(name: string, params: Record<string, string | string[] | null | undefined> = {}): Promise<void> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) if (v) query.append(key, v);
  }
  const search = query.toString();
  await downloadCsvFile(`/reports/${encodeURIComponent(name)}.csv${search ? '?' + search : ''}`, `${name}.csv`);
}

/** Fetches a CSV download of the server (a path) with the session's token and saves it under the name the server gives. */
export async function downloadCsvFile(path: string, fallbackName: string): Promise<void> {
  const session = loadSession();
  const headers: Record<string, string> = { accept: 'text/csv' };
  if (session) headers.authorization = `Bearer ${session.token}`;
  let response: Response;
  try {
    response = await fetch(path, { headers, cache: 'no-store' });
  } catch {
    throw new GraphQLError('network error', 'NETWORK');
  }
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    let code = 'HTTP_' + response.status;
    try {
      const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
      message = body.errors?.[0]?.message ?? message;
      code = body.errors?.[0]?.extensions?.code ?? code;
    } catch { /* not JSON: keep the status */ }
    throw new GraphQLError(message, code);
  }
  saveBlob(dispositionName(response.headers.get('content-disposition')) ?? fallbackName, await response.blob());
}
