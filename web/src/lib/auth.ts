// Signing in with OpenID Connect (authorization code + PKCE, oidc-client-ts) against what the server names at
// /auth/config: its built-in provider, or the organisation's identity provider. The access token goes where the pages
// read it (session.ts), so GraphQL, subscriptions, downloads and GraphiQL use it unchanged; refresh tokens renew it
// before it expires, and everything lives in this tab's sessionStorage, so a reload keeps the session. Who the user is
// here (subject, roles, departments) comes from the server (/auth/me), which maps an external issuer's claims.
import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { clearSession, saveSession, type Caller, type Session } from './session';

export interface SignInConfig {
  authority: string | null;
  clientId: string | null;
  scope: string | null;
  builtIn: boolean;
}

let manager: UserManager | null = null;

async function readConfig(): Promise<SignInConfig> {
  const response = await fetch('/auth/config', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`/auth/config answered ${response.status}`);
  return (await response.json()) as SignInConfig;
}

/** The issuer signed the person in, but the server gives them no role here (its claim mapping). */
export class NoAccessError extends Error {
  constructor() {
    super('signed in at the identity provider, but without a role here');
    this.name = 'NoAccessError';
  }
}

async function whoIs(token: string): Promise<Caller> {
  const response = await fetch('/auth/me', { headers: { accept: 'application/json', authorization: `Bearer ${token}` } });
  if (response.status === 401) throw new NoAccessError();
  if (!response.ok) throw new Error(`/auth/me answered ${response.status}`);
  return (await response.json()) as Caller;
}

async function adopt(user: User | null, onChange: (session: Session | null) => void): Promise<Session | null> {
  if (!user || user.expired || !user.access_token) return null;
  try {
    const session = saveSession(user.access_token, await whoIs(user.access_token));
    onChange(session);
    return session;
  } catch (problem) {
    // A person the server does not sign in is not kept signed in here either (a reload would only fail again).
    if (problem instanceof NoAccessError) {
      clearSession();
      await manager?.removeUser();
      throw problem;
    }
    return null;
  }
}

/**
 * Reads the configuration, finishes a sign-in the provider just redirected back from (?code=…&state=…), or picks up
 * the signed-in user of this tab (renewing an expired access token with the refresh token). Resolves to the
 * configuration and the session, if any; `onChange` hears every later renewal and the end of the session.
 */
export async function startAuth(onChange: (session: Session | null) => void): Promise<{ config: SignInConfig; session: Session | null; noAccess: boolean }> {
  const config = await readConfig();
  if (!config.authority || !config.clientId) return { config, session: null, noAccess: false };
  const settle = async (user: User | null) => {
    try {
      return { config, session: await adopt(user, () => {}), noAccess: false };
    } catch (problem) {
      if (problem instanceof NoAccessError) return { config, session: null, noAccess: true };
      throw problem;
    }
  };
  const home = `${location.origin}/`;
  manager = new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: home,
    post_logout_redirect_uri: home,
    response_type: 'code',
    scope: config.scope ?? 'openid profile offline_access',
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: true,
  });
  manager.events.addUserLoaded((user) => { adopt(user, onChange).catch(() => onChange(null)); });
  manager.events.addUserUnloaded(() => { clearSession(); onChange(null); });
  manager.events.addSilentRenewError(() => { clearSession(); onChange(null); });

  const query = new URLSearchParams(location.search);
  if (query.has('state') && (query.has('code') || query.has('error'))) {
    // The code is used once: out of the address bar and the history before anything (the signed-in page included) shows.
    const url = location.href;
    history.replaceState(null, '', location.pathname + location.hash);
    return await settle(await manager.signinRedirectCallback(url));
  }
  let user = await manager.getUser();
  if (user?.expired && user.refresh_token) {
    try {
      user = await manager.signinSilent();
    } catch {
      user = null;
    }
  }
  return settle(user);
}

/** Sends the browser to the provider's sign-in page. */
export async function signIn(): Promise<void> {
  if (manager) await manager.signinRedirect();
}

/** Ends the session here and at the provider (which revokes its tokens), then comes back to the pages. */
export async function signOut(): Promise<void> {
  clearSession();
  const user = manager ? await manager.getUser() : null;
  if (manager && user) {
    if (await manager.metadataService.getEndSessionEndpoint()) {
      // client_id names the client whose sign-out address post_logout_redirect_uri is (the provider checks it).
      await manager.signoutRedirect({ id_token_hint: user.id_token, extraQueryParams: { client_id: manager.settings.client_id } });
      return;
    }
    // An issuer without an end-session endpoint: revoke the refresh token where it can, and forget the user here.
    try {
      await manager.revokeTokens(['refresh_token']);
    } catch {
      // No revocation endpoint either: the refresh token dies at its expiry.
    }
    await manager.removeUser();
  }
  location.hash = '';
}
