// A reward scheme: edit the draft in a form, dry-run it against the active schemes with a chart, activate it at a date.
import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { gql, mutate, type UserError } from '../../lib/graphql';
import { useAction, useQuery } from '../../lib/hooks';
import { navigate } from '../../lib/router';
import { ErrorBox, Field, formatDate, Loading } from '../../components/ui';
import type { PageProps } from '../../routes';
import { SchemeFields } from './SchemeFields';
import { DryRunPanel } from './DryRunPanel';
import { emptyForm, fromDefinition, toInput, toInstant, type SchemeForm } from './schemeForm';
import { graphql } from '../../gql';


const SCHEME = graphql(`query RewardScheme($id: ID!) { rewardScheme(id: $id) {
  id latest { version status effectiveFrom definition { ...DefinitionFields } } active { version }
  auditTrail { action actor at version }
} }`);

const CREATE = graphql(`mutation CreateScheme($input: SaveRewardSchemeInput!) {
  createRewardScheme(input: $input) { scheme { id latest { version } } userErrors { code message field } } }`);
const UPDATE = graphql(`mutation UpdateScheme($input: SaveRewardSchemeInput!) {
  updateRewardScheme(input: $input) { scheme { id latest { version } } userErrors { code message field } } }`);

export function SchemeEditorPage({ session, params }: PageProps) {
  const { t, lang } = useI18n();
  const id = params[0] ?? null;
  const scheme = useQuery(SCHEME, { id }, id === null);
  const [form, setForm] = useState<SchemeForm>(() => emptyForm(session.departments));
  const [problems, setProblems] = useState<UserError[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const loaded = scheme.data?.rewardScheme ?? null;
  useEffect(() => {
    if (loaded) setForm(fromDefinition(loaded.id, loaded.latest.definition));
  }, [loaded]);

  const save = useAction(async () => {
    setProblems([]);
    setNotice(null);
    const payload = id === null
      ? (await gql(CREATE, { input: toInput(form) })).createRewardScheme
      : (await gql(UPDATE, { input: toInput(form) })).updateRewardScheme;
    setProblems(payload.userErrors);
    if (payload.scheme && payload.userErrors.length === 0) {
      setNotice(t('saved', { n: payload.scheme.latest.version }));
      if (id === null) navigate('manager', 'scheme', payload.scheme.id);
      else scheme.reload();
    }
  });
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const activate = useAction(async () => {
    const result = await mutate(
      graphql(`mutation ActivateRewardScheme($id: ID!, $from: DateTimeOffset) { activateRewardScheme(id: $id, effectiveFrom: $from) { scheme { latest { version status effectiveFrom } } userErrors { code message field } } }`),
      { id: id!, from: toInstant(effectiveFrom) });
    const latest = result.activateRewardScheme.scheme!.latest;
    setNotice(t('activated', { n: latest.version, at: formatDate(latest.effectiveFrom, lang) }));
    scheme.reload();
  });
  const submit = (e: FormEvent) => { e.preventDefault(); void save.call(); };

  if (id !== null && scheme.loading && !scheme.data) return <Loading when />;
  const status = loaded?.latest.status;
  return (
    <>
      <h1>{id === null ? t('newScheme') : `${t('schemesTitle')} · ${id}`}</h1>
      <ErrorBox error={scheme.error} />
      {loaded && (
        <p className="meta">
          <span>{t('version')} {loaded.latest.version}</span>
          <span id="scheme-status" className="tag">{t(`status${loaded.latest.status}` as const)}</span>
          {loaded.latest.effectiveFrom && <span>{t('effectiveFrom')}: {formatDate(loaded.latest.effectiveFrom, lang)}</span>}
        </p>
      )}
      {notice && <p className="ok" role="status" id="scheme-notice">✓ {notice}</p>}
      <form onSubmit={submit} className="scheme-form" aria-label={t('schemesTitle')}>
        <SchemeFields form={form} setForm={setForm} isNew={id === null} />
        {problems.length > 0 && (
          <div className="error" role="alert" id="scheme-problems">
            <strong>{t('problems')}</strong>
            <ul>{problems.map((p, i) => <li key={i}><code>{p.field?.slice(2).join('.')}</code> <code>{p.code}</code> {p.message}</li>)}</ul>
          </div>
        )}
        <ErrorBox error={save.error} />
        <p className="actions"><button type="submit" className="primary" id="save-scheme" disabled={save.busy}>{t('saveDraft')}</button></p>
      </form>
      {loaded && <DryRunPanel schemeId={loaded.id} />}
      {loaded && status === 'DRAFT' && (
        <section className="card">
          <h2>{t('activateTitle')}</h2>
          <p>{t('activateIntro')}</p>
          <div className="grid">
            <Field label={t('effectiveFrom')}>
              <input type="datetime-local" id="effective-from" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />
            </Field>
          </div>
          <ErrorBox error={activate.error} />
          <button type="button" className="primary" id="activate-scheme" onClick={() => void activate.call()} disabled={activate.busy}>{t('activate')}</button>
        </section>
      )}
      {loaded && (
        <section className="card">
          <h2>{t('auditTrail')}</h2>
          <div className="table-wrap" tabIndex={0}>
            <table>
              <thead><tr><th scope="col">{t('at')}</th><th scope="col">{t('actor')}</th><th scope="col">{t('action')}</th><th scope="col">{t('version')}</th></tr></thead>
              <tbody>
                {loaded.auditTrail.map((a, i) => (
                  <tr key={i}><td>{formatDate(a.at, lang)}</td><td>{a.actor}</td><td>{a.action}</td><td>{a.version}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

