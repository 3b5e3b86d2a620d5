// Accounts at the built-in sign-in provider: a person who is not on the HR list (an external expert, another admin) gets an
// account with a first password; anyone with an account who forgot their password gets a one-time link; integrations get
// service accounts whose secret is shown once.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { mutate } from '../../lib/graphql';
import { useAction, useQuery } from '../../lib/hooks';
import { ErrorBox, Field, formatDate } from '../../components/ui';
import { graphql } from '../../gql';
import { DashboardLink } from './DashboardLink';

const Roles = ['learner', 'author', 'manager', 'admin'] as const;
const Scopes = ['staff:import', 'content:publish', 'reports:read', 'statements/write', 'statements/read', 'statements/read/mine', 'state', 'profile'] as const;

const CreateAccount = graphql(`mutation CreateAccount($input: CreateAccountInput!) {
  createAccount(input: $input) { account { userName roles departments } userErrors { code message field } }
}`);

const ResetLink = graphql(`mutation ResetLink($ids: [ID!]!) {
  issueSignInLinks(learnerIds: $ids) { links { userName path expiresAt } userErrors { code message } }
}`);

const ServiceAccounts = graphql(`query ServiceAccounts { serviceAccounts { clientId name scopes departments createdAt createdBy lastUsedAt } }`);

const CreateServiceAccount = graphql(`mutation CreateServiceAccount($input: CreateServiceAccountInput!) {
  createServiceAccount(input: $input) { created { clientSecret account { clientId name } } userErrors { code message field } }
}`);

const RevokeServiceAccount = graphql(`mutation RevokeServiceAccount($clientId: ID!) {
  revokeServiceAccount(clientId: $clientId) { account { clientId } userErrors { code message } }
}`);

const list = (text: string) => text.split(/[\s,，;；]+/).map((d) => d.trim()).filter(Boolean);

function Choices({ legend, options, chosen, onChange }: { legend: string; options: readonly string[]; chosen: string[]; onChange: (next: string[]) => void }) {
  return (
    <fieldset className="choices">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o} className="option">
          <input type="checkbox" checked={chosen.includes(o)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, o] : chosen.filter((c) => c !== o))} /> {o}
        </label>
      ))}
    </fieldset>
  );
}

export function AccountsPage() {
  const { t, lang } = useI18n();
  const [account, setAccount] = useState({ userName: '', password: '', roles: ['learner'] as string[], departments: '' });
  const [created, setCreated] = useState<string | null>(null);
  const [resetFor, setResetFor] = useState('');
  const [resetLink, setResetLink] = useState<string | null>(null);
  const [service, setService] = useState({ name: '', scopes: [] as string[], departments: '' });
  const [secret, setSecret] = useState<{ clientId: string; secret: string } | null>(null);
  const services = useQuery(ServiceAccounts);

  // A refusal (mutate throws it with its code) shows in the error box; nothing changed then.
  const act = useAction(async (run: () => Promise<unknown>) => { await run(); });

  return (
    <>
      <h1>{t('accountsTitle')}</h1>
      <p className="muted">{t('accountsHelp')}</p>
      <ErrorBox error={act.error ?? services.error} />

      <section aria-labelledby="accounts-create">
        <h2 id="accounts-create">{t('accountsCreateTitle')}</h2>
        <form className="form" onSubmit={(e) => {
          e.preventDefault();
          void act.call(async () => {
            setCreated(null);
            const data = await mutate(CreateAccount, { input: { userName: account.userName.trim(), password: account.password, roles: account.roles, departments: list(account.departments) } });
            setCreated(data.createAccount.account?.userName ?? null);
            setAccount({ ...account, userName: '', password: '' });
          });
        }}>
          <Field label={t('accountsUserName')}><input value={account.userName} maxLength={64} autoComplete="off" onChange={(e) => setAccount({ ...account, userName: e.target.value })} /></Field>
          <Field label={t('accountsPassword')}><input type="password" value={account.password} maxLength={128} autoComplete="new-password" onChange={(e) => setAccount({ ...account, password: e.target.value })} /></Field>
          <Choices legend={t('accountsRoles')} options={Roles} chosen={account.roles} onChange={(roles) => setAccount({ ...account, roles })} />
          <Field label={t('accountsDepartments')}><input value={account.departments} onChange={(e) => setAccount({ ...account, departments: e.target.value })} /></Field>
          <p className="actions"><button type="submit" disabled={act.busy || !account.userName.trim() || !account.password || account.roles.length === 0}>{t('accountsCreate')}</button></p>
        </form>
        {created && <p className="notice" role="status">{t('accountsCreated', { id: created })}</p>}
      </section>

      <section aria-labelledby="accounts-reset">
        <h2 id="accounts-reset">{t('accountsResetTitle')}</h2>
        <form className="form" onSubmit={(e) => {
          e.preventDefault();
          void act.call(async () => {
            setResetLink(null);
            const link = (await mutate(ResetLink, { ids: [resetFor.trim()] })).issueSignInLinks.links?.[0];
            if (link) setResetLink(new URL(link.path, window.location.origin).toString());
          });
        }}>
          <Field label={t('accountsUserName')}><input value={resetFor} maxLength={64} onChange={(e) => setResetFor(e.target.value)} /></Field>
          <p className="actions"><button type="submit" disabled={act.busy || !resetFor.trim()}>{t('accountsIssueReset')}</button></p>
        </form>
        {resetLink && <p><input readOnly className="wide-input" aria-label={t('peopleLinkFor', { id: resetFor })} value={resetLink} data-testid="reset-link" /></p>}
      </section>

      <section aria-labelledby="accounts-services">
        <h2 id="accounts-services">{t('servicesTitle')}</h2>
        <p className="muted">{t('servicesHelp')}</p>
        <form className="form" onSubmit={(e) => {
          e.preventDefault();
          void act.call(async () => {
            setSecret(null);
            const made = (await mutate(CreateServiceAccount, { input: { name: service.name.trim(), scopes: service.scopes, departments: list(service.departments) } })).createServiceAccount.created;
            if (made) setSecret({ clientId: made.account.clientId, secret: made.clientSecret });
            setService({ name: '', scopes: [], departments: '' });
            services.reload();
          });
        }}>
          <Field label={t('servicesName')}><input value={service.name} maxLength={100} onChange={(e) => setService({ ...service, name: e.target.value })} /></Field>
          <Choices legend={t('servicesScopes')} options={Scopes} chosen={service.scopes} onChange={(scopes) => setService({ ...service, scopes })} />
          <Field label={t('accountsDepartments')}><input value={service.departments} onChange={(e) => setService({ ...service, departments: e.target.value })} /></Field>
          <p className="actions"><button type="submit" disabled={act.busy || !service.name.trim() || service.scopes.length === 0}>{t('servicesCreate')}</button></p>
        </form>
        {secret && (
          <div className="notice" role="status">
            <p>{t('servicesSecretOnce')}</p>
            <p><code data-testid="service-client-id">{secret.clientId}</code></p>
            <p><input readOnly className="wide-input" aria-label={t('servicesSecret')} value={secret.secret} data-testid="service-secret" /></p>
          </div>
        )}
        <div className="table-wrap" tabIndex={0}>
          <table>
            <caption className="visually-hidden">{t('servicesTitle')}</caption>
            <thead><tr><th scope="col">{t('servicesName')}</th><th scope="col">client_id</th><th scope="col">{t('servicesScopes')}</th><th scope="col">{t('accountsDepartments')}</th><th scope="col">{t('servicesLastUsed')}</th><th scope="col">{t('peopleActions')}</th></tr></thead>
            <tbody>
              {(services.data?.serviceAccounts ?? []).map((s) => (
                <tr key={s.clientId}>
                  <td>{s.name}</td><td><code>{s.clientId}</code></td><td>{s.scopes.join(', ')}</td><td>{s.departments.join(', ')}</td>
                  <td>{s.lastUsedAt ? formatDate(s.lastUsedAt, lang) : '—'}</td>
                  <td><button type="button" disabled={act.busy} onClick={() => void act.call(async () => {
                    if (!window.confirm(t('servicesRevokeConfirm', { name: s.name }))) return;
                    await mutate(RevokeServiceAccount, { clientId: s.clientId });
                    services.reload();
                  })}>{t('servicesRevoke')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <DashboardLink />
    </>
  );
}
