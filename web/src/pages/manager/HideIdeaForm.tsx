// Hides one idea with a reason, after the moderator asks for it (the reason is kept in the audit log).
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { mutate } from '../../lib/graphql';
import { useAction } from '../../lib/hooks';
import { ErrorBox } from '../../components/ui';
import type { Idea } from '../learner/plans';
import { graphql } from '../../gql';

export function HideIdeaForm({ brainstormId, idea, onHidden }: { brainstormId: string; idea: Idea; onHidden: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const hide = useAction(async () => {
    await mutate(graphql(`mutation HideIdea($input: HideIdeaInput!) { hideIdea(input: $input) { idea { id hidden } userErrors { code message field } } }`), { input: { brainstormId, ideaId: idea.id, reason: reason.trim() } });
    setOpen(false);
    onHidden();
  });
  const submit = (e: FormEvent) => { e.preventDefault(); void hide.call(); };
  if (!open) return <button type="button" className="link danger" onClick={() => setOpen(true)}>{t('hideIdea')}</button>;
  const id = `hide-reason-${idea.id}`;
  return (
    <form className="actions" onSubmit={submit}>
      <label htmlFor={id}>{t('hideReason')}</label>
      <input id={id} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
      <button type="submit" className="primary" disabled={hide.busy || !reason.trim()}>{t('confirmHide')}</button>
      <button type="button" onClick={() => setOpen(false)}>{t('cancel')}</button>
      <ErrorBox error={hide.error} />
    </form>
  );
}
