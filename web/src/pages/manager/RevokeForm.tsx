// Takes back one award or badge with a reason the learner will read; the button opens the form, Escape closes it.
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useI18n } from '../../i18n';
import { mutate } from '../../lib/graphql';
import { useAction } from '../../lib/hooks';
import { ErrorBox } from '../../components/ui';
import { REVOKE_AWARD, REVOKE_BADGE, type LedgerLine } from './suspicious';

interface Props {
  /** Unique on the page: names the reason field. */
  formId: string;
  /** What is taken back: an award (input names its seq) or a badge (input names its badgeId); the input has no reason yet. */
  kind: 'award' | 'badge';
  input: { learnerId: string; seq?: number; badgeId?: string };
  /** The button's visible text and its fuller accessible name (which includes the visible text). */
  label: string;
  accessibleName: string;
  onRevoked: (entry: LedgerLine) => void;
}

const MAX_REASON = 500;

export function RevokeForm({ formId, kind, input, label, accessibleName, onRevoked }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const opener = useRef<HTMLButtonElement>(null);
  const revoke = useAction(async () => {
    const why = reason.trim();
    const { entry } = kind === 'award'
      ? (await mutate(REVOKE_AWARD, { input: { learnerId: input.learnerId, seq: input.seq!, reason: why } })).revokeAward
      : (await mutate(REVOKE_BADGE, { input: { learnerId: input.learnerId, badgeId: input.badgeId!, reason: why } })).revokeBadge;
    setOpen(false);
    setReason('');
    onRevoked(entry!);
  });
  const close = () => { setOpen(false); revoke.setError(null); requestAnimationFrame(() => opener.current?.focus()); };
  const submit = (e: FormEvent) => { e.preventDefault(); void revoke.call(); };
  const escape = (e: KeyboardEvent) => { if (e.key === 'Escape') { e.preventDefault(); close(); } };
  if (!open) {
    return <button type="button" ref={opener} className="link danger" aria-label={accessibleName} onClick={() => setOpen(true)}>{label}</button>;
  }
  const id = `revoke-reason-${formId}`;
  const trimmed = reason.trim().length;
  return (
    <form className="actions" onSubmit={submit} onKeyDown={escape} aria-label={accessibleName}>
      <label htmlFor={id}>{t('revokeReason')}</label>
      <input id={id} required maxLength={MAX_REASON} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
      <button type="submit" className="primary" disabled={revoke.busy || trimmed === 0 || trimmed > MAX_REASON}>{t('confirmRevoke')}</button>
      <button type="button" onClick={close}>{t('cancel')}</button>
      <ErrorBox error={revoke.error} />
    </form>
  );
}
