// Adding a workshop to an existing plan; the plan's learners are told the plan changed.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { mutate } from '../../lib/graphql';
import { useAction } from '../../lib/hooks';
import { ErrorBox, Field } from '../../components/ui';
import { graphql } from '../../gql';
import { emptySession, SessionFields, toSessionInput } from './SessionFields';

export function AddSessionForm({ planId, host, onDone }: { planId: string; host: string; onDone: () => void }) {
  const { t } = useI18n();
  const [id, setId] = useState('');
  const [draft, setDraft] = useState(emptySession(host));
  const add = useAction(async () => {
    await mutate(graphql(`mutation AddSession($input: AddSessionInput!) { addSession(input: $input) { trainingPlan { id } userErrors { code message field } } }`),
      { input: { planId, session: toSessionInput(id.trim(), draft) } });
    onDone();
  });
  const idp = `add-session-${planId}`;
  const submit = (e: FormEvent) => { e.preventDefault(); void add.call(); };
  return (
    <form className="card add-session" id={idp} onSubmit={submit} aria-label={t('addSession')}>
      <Field label={t('sessionId')}><input id={`${idp}-id`} required maxLength={100} value={id} onChange={(e) => setId(e.target.value)} /></Field>
      <SessionFields value={draft} onChange={setDraft} idPrefix={idp} />
      <ErrorBox error={add.error} />
      <button type="submit" className="primary" id={`${idp}-submit`} disabled={add.busy}>{t('addSession')}</button>
    </form>
  );
}
