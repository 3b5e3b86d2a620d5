// Dates between <input type="datetime-local"> (the browser's local time, no zone) and the API's ISO instants.

/** An empty field is sent as "", which the server refuses as not a date. */
export const iso = (local: string) => (local ? new Date(local).toISOString() : '');

/** An ISO instant as a datetime-local value in the browser's zone (minutes). */
export function toLocalInput(at: string): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
