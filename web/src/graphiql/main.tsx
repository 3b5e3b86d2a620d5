// GraphiQL at /graphql/ui, bundled from npm: queries and mutations over HTTP, subscriptions over graphql-ws.
// The token is the one the pages signed in with (same tab), or whatever Authorization header is typed in the headers tab.
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createClient, type Client } from 'graphql-ws';
import { parse, getOperationAST } from 'graphql';
import 'graphiql/style.css';
import './graphiql.css';
import { loadSession } from '../lib/session';

type Params = { query: string; operationName?: string | null; variables?: unknown };
type Headers = Record<string, string> | undefined;

const clients = new Map<string, Client>();
function wsClient(authorization: string): Client {
  let client = clients.get(authorization);
  if (!client) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    client = createClient({ url: `${scheme}//${location.host}/graphql`, connectionParams: authorization ? { authorization } : {} });
    clients.set(authorization, client);
  }
  return client;
}

function isSubscription(params: Params): boolean {
  try {
    return getOperationAST(parse(params.query), params.operationName ?? undefined)?.operation === 'subscription';
  } catch {
    return false;
  }
}

function authorizationOf(headers: Headers): string {
  const entry = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization');
  return entry?.[1] ?? '';
}

const fetcher = (params: Params, options?: { headers?: Headers }) => {
  const authorization = authorizationOf(options?.headers);
  if (isSubscription(params)) {
    const client = wsClient(authorization);
    return client.iterate({ query: params.query, operationName: params.operationName ?? undefined, variables: params.variables as Record<string, unknown> });
  }
  return fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(options?.headers ?? {}) },
    body: JSON.stringify(params),
  }).then((r) => r.json());
};

const token = loadSession()?.token;
const defaultQuery = `# 智慧政务学习竞赛 GraphQL API
# Introspection answers in Development (GraphQL:EnableIntrospection); put your token in the Headers tab.
{
  packages { id version title { zhCN en } }
}
`;

createRoot(document.getElementById('graphiql')!).render(
  <GraphiQL
    fetcher={fetcher as never}
    defaultQuery={defaultQuery}
    defaultHeaders={token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : '{\n  "Authorization": "Bearer "\n}'}
    shouldPersistHeaders={false}
  />,
);
