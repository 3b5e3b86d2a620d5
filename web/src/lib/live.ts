// Subscriptions over graphql-transport-ws, with the token in connection_init.
import { createClient, type Client } from 'graphql-ws';
import { loadSession } from './session';

let client: Client | null = null;
let clientToken: string | null = null;

function liveClient(): Client {
  const token = loadSession()?.token ?? null;
  if (!client || clientToken !== token) {
    client?.dispose();
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    client = createClient({
      url: `${scheme}//${location.host}/graphql`,
      // Read on every (re)connect: after the server closes an expired token's socket (4403), a retry carries the
      // token signed in since, not the expired one.
      connectionParams: () => {
        const current = loadSession()?.token;
        return current ? { authorization: `Bearer ${current}` } : {};
      },
      retryAttempts: 5,
    });
    clientToken = token;
  }
  return client;
}

/** Subscribes; returns the function that stops it. */
export function subscribe<T>(query: string, variables: Record<string, unknown>, onData: (data: T) => void,
  onError?: (error: unknown) => void): () => void {
  return liveClient().subscribe<T>({ query, variables }, {
    next: (result) => { if (result.data) onData(result.data as T); },
    error: (error) => onError?.(error),
    complete: () => {},
  });
}
