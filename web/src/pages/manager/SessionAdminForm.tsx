// Changing one session of a plan: move it (new times, optionally a new place), change its places, or cancel it with a reason.
// Everyone registered or waiting is told by the server; a place freed by more capacity goes to the first waiting learner.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { mutate } from '../../lib/graphql';
import { useAction } from '../../lib/hooks';
import { ErrorBox, Field } from '../../components/ui';
import type { TrainingSession } from '../learner/plans';
import { graphql } from '../../gql';
import { iso, toLocalInput } from './localTime';

export function SessionAdminForm({ planId, session, onDone }: { planId: string; session: TrainingSession; onDone: () => void }) {
  const { t } = useI18n();
  const [f, setF] = useState({
    start: toLocalInput(session.startsAt), end: toLocalInput(session.endsAt), location: session.location,
    capacity: String(session.capacity), reason: '',
  });
  const set = (key: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [key]: e.target.value });
  const ref = { planId, sessionId: session.id };
  const move = useAction(async () => {
    await mutate(graphql(`mutation MoveSession($input: MoveSessionInput!) { moveSession(input: $input) { trainingPlan { id } userErrors { code message field } } }`),
      { input: { ...ref, startsAt: iso(f.start), endsAt: iso(f.end), location: f.location } });
    onDone();
  });
  const resize = useAction(async () => {
    await mutate(graphql(`mutation SetSessionCapacity($input: SessionCapacityInput!) { setSessionCapacity(input: $input) { trainingPlan { id } userErrors { code message field } } }`),
      { input: { ...ref, capacity: Number(f.capacity) } });
    onDone();
  });
  const cancel = useAction(async () => {
    await mutate(graphql(`mutation CancelSession($input: CancelSessionInput!) { cancelSession(input: $input) { trainingPlan { id } userErrors { code message field } } }`),
      { input: { ...ref, reason: f.reason } });
    onDone();
  });
  const on = (run: () => Promise<unknown>) => (e: FormEvent) => { e.preventDefault(); void run(); };
  const idp = `session-admin-${planId}-${session.id}`;
  return (
    <div className="session-admin" id={idp}>
      <form className="actions" onSubmit={on(move.call)} aria-label={t('moveSession')}>
        <Field label={t('startsAt')}><input id={`${idp}-start`} type="datetime-local" required value={f.start} onChange={set('start')} /></Field>
        <Field label={t('endsAt')}><input id={`${idp}-end`} type="datetime-local" required value={f.end} onChange={set('end')} /></Field>
        <Field label={t('location')}><input id={`${idp}-location`} required maxLength={200} value={f.location} onChange={set('location')} /></Field>
        <button type="submit" id={`${idp}-move`} disabled={move.busy}>{t('moveSession')}</button>
      </form>
      <form className="actions" onSubmit={on(resize.call)} aria-label={t('capacity')}>
        <Field label={t('capacity')}><input id={`${idp}-capacity`} type="number" min={1} max={10000} required value={f.capacity} onChange={set('capacity')} /></Field>
        <button type="submit" id={`${idp}-resize`} disabled={resize.busy}>{t('setCapacity')}</button>
      </form>
      <form className="actions" onSubmit={on(cancel.call)} aria-label={t('cancelSession')}>
        <Field label={t('reason')}><input id={`${idp}-reason`} required maxLength={500} value={f.reason} onChange={set('reason')} /></Field>
        <button type="submit" className="danger" id={`${idp}-cancel`} disabled={cancel.busy}>{t('cancelSession')}</button>
      </form>
      <ErrorBox error={move.error ?? resize.error ?? cancel.error} />
    </div>
  );
}
