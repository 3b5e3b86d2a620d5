// The signed-in user: a bearer token kept in sessionStorage (gone when the tab closes) and its claims.

export interface Session {
  token: string;
  subject: string;
  roles: string[];
  departments: string[];
  expiresAt: number | null;
}

const KEY = 'gamified.token';

function decodeClaims(token: string): Record<string, unknown> {
  const parts = token.trim().split('.');
  if (parts.length !== 3) throw new Error('not a JWT');
  const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  return JSON.parse(json) as Record<string, unknown>;
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? [value] : [];
}

/** Reads the claims of a token; the server checks its signature, this only decides what to show. */
export function parseToken(token: string): Session {
  const claims = decodeClaims(token);
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  if (!subject) throw new Error('token has no subject');
  return {
    token: token.trim(),
    subject,
    roles: list(claims.role),
    departments: list(claims.department),
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
  };
}

export function loadSession(): Session | null {
  const token = sessionStorage.getItem(KEY);
  if (!token) return null;
  try {
    const session = parseToken(token);
    if (session.expiresAt !== null && session.expiresAt < Date.now()) return null;
    return session;
  } catch {
    return null;
  }
}

export function saveSession(token: string): Session {
  const session = parseToken(token);
  sessionStorage.setItem(KEY, session.token);
  return session;
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

export const hasRole = (session: Session | null, role: string) =>
  !!session && (session.roles.includes(role) || session.roles.includes('admin'));
