// The people list: search and page through learners (managers see their departments, admins everyone), move one to another
// department; admins also (de)activate and hand out one-time links with which people choose their password.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { mutate } from '../../lib/graphql';
import { useAction, useQuery } from '../../lib/hooks';
import { downloadCsv } from '../../lib/csv';
import { ErrorBox, Field, Loading } from '../../components/ui';
import { graphql } from '../../gql';
import type { PageProps } from '../../routes';

const PageSize = 50;

const People = graphql(`query People($search: String, $departmentId: ID, $first: Int, $after: String) {
  learners(search: $search, departmentId: $departmentId, first: $first, after: $after) {
    edges { node { id displayName departmentId active } }
    pageInfo { hasNextPage endCursor }
  }
  departments { id names { zhCN en } }
}`);

const IssueLinks = graphql(`mutation IssueSignInLinks($ids: [ID!]!) {
  issueSignInLinks(learnerIds: $ids) { links { userName path expiresAt } userErrors { code message } }
}`);

const Move = graphql(`mutation MovePerson($input: MoveLearnerInput!) {
  moveLearner(input: $input) { learner { id departmentId } userErrors { code message } }
}`);

const Deactivate = graphql(`mutation DeactivatePerson($id: ID!) { deactivateLearner(learnerId: $id) { learner { id active } userErrors { code message } } }`);
const Reactivate = graphql(`mutation ReactivatePerson($id: ID!) { reactivateLearner(learnerId: $id) { learner { id active } userErrors { code message } } }`);

interface Link { userName: string; url: string; expiresAt: string }

export function PeoplePage({ session }: PageProps) {
  const { t, lang } = useI18n();
  const isAdmin = session.roles.includes('admin');
  const [search, setSearch] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  // Cursors of the pages seen so far: "back" pops one.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [links, setLinks] = useState<Link[]>([]);
  const [moveTo, setMoveTo] = useState<Record<string, string>>({});
  const after = cursors[cursors.length - 1];
  const people = useQuery(People, { search: search.trim() || null, departmentId: departmentId || null, first: PageSize, after });
  const rows = people.data?.learners.edges.map((e) => e.node) ?? [];
  const departments = people.data?.departments ?? [];
  const departmentName = (id: string) => {
    const d = departments.find((x) => x.id === id);
    return d ? (lang === 'en' ? d.names.en : d.names.zhCN) || id : id;
  };

  // A refusal (mutate throws it with its code) shows in the error box; nothing changed then.
  const act = useAction(async (run: () => Promise<unknown>) => {
    await run();
    people.reload();
  });

  const issue = (ids: string[]) => act.call(async () => {
    const issued = (await mutate(IssueLinks, { ids })).issueSignInLinks.links ?? [];
    setLinks(issued.map((l) => ({ userName: l.userName, url: new URL(l.path, window.location.origin).toString(), expiresAt: l.expiresAt })));
  });

  const restart = (change: () => void) => { change(); setCursors([null]); };

  return (
    <>
      <h1>{t('peopleTitle')}</h1>
      <p className="muted">{t('peopleHelp')}</p>
      <form className="form" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label={t('peopleSearch')}>
          <input type="search" value={search} maxLength={100} onChange={(e) => restart(() => setSearch(e.target.value))} />
        </Field>
        <Field label={t('peopleDepartment')}>
          <select value={departmentId} onChange={(e) => restart(() => setDepartmentId(e.target.value))}>
            <option value="">{t('peopleAllDepartments')}</option>
            {departments.map((d) => <option key={d.id} value={d.id}>{departmentName(d.id)}</option>)}
          </select>
        </Field>
      </form>
      <ErrorBox error={people.error ?? act.error} />
      <Loading when={people.loading} />
      {isAdmin && rows.length > 0 && (
        <p className="actions">
          <button type="button" disabled={act.busy} onClick={() => void issue(rows.filter((r) => r.active).map((r) => r.id))}>
            {t('peopleLinksForPage')}
          </button>
        </p>
      )}
      {links.length > 0 && (
        <section aria-labelledby="people-links">
          <h2 id="people-links">{t('peopleLinksTitle', { count: links.length })}</h2>
          <p className="muted">{t('peopleLinksHelp')}</p>
          <p className="actions">
            <button type="button" onClick={() => downloadCsv('sign-in-links.csv', ['user_name', 'link', 'expires_at'], links.map((l) => [l.userName, l.url, l.expiresAt]))}>
              {t('peopleLinksDownload')}
            </button>
          </p>
          <ul className="link-list">
            {links.map((l) => <li key={l.userName}><strong>{l.userName}</strong> <input readOnly aria-label={t('peopleLinkFor', { id: l.userName })} value={l.url} data-testid={`link-${l.userName}`} /></li>)}
          </ul>
        </section>
      )}
      <div className="table-wrap" tabIndex={0}>
        <table>
          <caption className="visually-hidden">{t('peopleTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('peopleId')}</th><th scope="col">{t('peopleName')}</th><th scope="col">{t('peopleDepartment')}</th>
              <th scope="col">{t('peopleState')}</th><th scope="col">{t('peopleActions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.id} data-testid={`person-${p.id}`}>
                <td>{p.id}</td><td>{p.displayName}</td><td>{departmentName(p.departmentId)}</td>
                <td>{p.active ? t('peopleActive') : t('peopleInactive')}</td>
                <td className="row-actions">
                  <select aria-label={t('peopleMoveTo', { id: p.id })} value={moveTo[p.id] ?? ''} onChange={(e) => setMoveTo({ ...moveTo, [p.id]: e.target.value })}>
                    <option value="">{t('peopleMovePick')}</option>
                    {departments.filter((d) => d.id !== p.departmentId).map((d) => <option key={d.id} value={d.id}>{departmentName(d.id)}</option>)}
                  </select>
                  <button type="button" disabled={act.busy || !moveTo[p.id]}
                    onClick={() => void act.call(() => mutate(Move, { input: { learnerId: p.id, departmentId: moveTo[p.id] } }))}>{t('peopleMove')}</button>
                  {isAdmin && p.active && <button type="button" disabled={act.busy} onClick={() => void issue([p.id])}>{t('peopleIssueLink')}</button>}
                  {isAdmin && (
                    <button type="button" disabled={act.busy}
                      onClick={() => void act.call(() => (p.active ? mutate(Deactivate, { id: p.id }) : mutate(Reactivate, { id: p.id })))}>{p.active ? t('peopleDeactivate') : t('peopleReactivate')}</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!people.loading && rows.length === 0 && <p className="muted">{t('peopleNone')}</p>}
      <p className="actions">
        <button type="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>{t('peoplePrevious')}</button>
        <button type="button" disabled={!people.data?.learners.pageInfo.hasNextPage}
          onClick={() => setCursors([...cursors, people.data?.learners.pageInfo.endCursor ?? null])}>{t('peopleNext')}</button>
      </p>
    </>
  );
}
