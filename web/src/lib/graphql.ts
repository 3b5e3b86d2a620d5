// A tiny GraphQL-over-HTTP helper: POST /graphql with the session's token; errors carry their code.
import { loadSession } from './session';

export class GraphQLError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

interface Response<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function gql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const session = loadSession();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  if (session) headers.authorization = `Bearer ${session.token}`;
  let response: globalThis.Response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  } catch {
    throw new GraphQLError('network error', 'NETWORK');
  }
  let body: Response<T>;
  try {
    body = (await response.json()) as Response<T>;
  } catch {
    throw new GraphQLError(`HTTP ${response.status}`, 'HTTP_' + response.status);
  }
  if (body.errors?.length) {
    const first = body.errors[0];
    throw new GraphQLError(first.message, first.extensions?.code ?? 'ERROR');
  }
  if (!body.data) throw new GraphQLError(`HTTP ${response.status}`, 'HTTP_' + response.status);
  return body.data;
}
