// A tiny GraphQL-over-HTTP helper: POST /graphql with the session's token; errors carry their code.
// Documents come from `graphql()` (src/gql, generated from ../schema.graphql), so results and variables are typed.
import { loadSession } from './session';
import type { TypedDocumentString } from '../gql/graphql';

export class GraphQLError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

interface Response<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** What a mutation refused, as every payload's `userErrors` carries it. */
export interface UserError {
  code: string;
  message: string;
  field?: readonly string[] | null;
}

export async function gql<R, V>(document: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  const session = loadSession();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  if (session) headers.authorization = `Bearer ${session.token}`;
  let response: globalThis.Response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: document.toString(), variables }) });
  } catch {
    throw new GraphQLError('network error', 'NETWORK');
  }
  let body: Response<R>;
  try {
    body = (await response.json()) as Response<R>;
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

/**
 * Runs a mutation and throws its first userError like a top-level error (message and code), for pages that show a
 * refusal as a plain error. Pages that list every problem (publishing, the scheme editor) read `userErrors` with gql.
 */
export async function mutate<R, V>(document: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  const data = await gql(document, variables);
  for (const payload of Object.values(data as Record<string, { userErrors?: UserError[] } | null>)) {
    const refusal = payload?.userErrors?.[0];
    if (refusal) throw new GraphQLError(refusal.message, refusal.code);
  }
  return data;
}
