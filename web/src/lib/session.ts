// The signed-in user: a bearer token kept in sessionStorage (gone when the tab closes) and its claims.

export interface Session {
  token: string;
  subject: string;
  roles: string[];
  departments: string[];
  expiresAt: number | null;
}

/** Who the server says the bearer is (GET /auth/me): an external issuer's token names roles its own way. */
export interface Caller {
  subject: string;
  roles: string[];
  departments: string[];
}

const KEY = 'gamified.token';
const CALLER = 'gamified.caller';

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

/**
 * Reads the claims of a token, or takes who the bearer is from the server (`caller`, after its claim mapping); the server
 * checks the signature, this only decides what to show.
 */
export function parseToken(token: string, caller?: Caller | null): Session {
  const claims = decodeClaims(token);
  const subject = caller ? caller.subject : typeof claims.sub === 'string' ? claims.sub : '';
  if (!subject) throw new Error('token has no subject');
  return {
    token: token.trim(),
    subject,
    roles: caller ? caller.roles : list(claims.role),
    departments: caller ? caller.departments : list(claims.department),
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
  };
}

/** The stored caller, when it was read for this very token. */
function storedCaller(token: string): Caller | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(CALLER) ?? 'null') as (Caller & { token: string }) | null;
    return stored && stored.token === token ? stored : null;
  } catch {
    return null;
  }
}

export function loadSession(): Session | null {
  const token = sessionStorage.getItem(KEY);
  if (!token) return null;
  try {
    const session = parseToken(token, storedCaller(token.trim()));
    if (session.expiresAt !== null && session.expiresAt < Date.now()) return null;
    return session;
  } catch {
    return null;
  }
}

export function saveSession(token: string, caller?: Caller): Session {
  const session = parseToken(token, caller);
  sessionStorage.setItem(KEY, session.token);
  if (caller) sessionStorage.setItem(CALLER, JSON.stringify({ ...caller, token: session.token }));
  else sessionStorage.removeItem(CALLER);
  return session;
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(CALLER);
}

export const hasRole = (session: Session | null, role: string) =>
  !!session && (session.roles.includes(role) || session.roles.includes('admin'));
