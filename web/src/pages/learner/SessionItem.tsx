// One offline session of my plan: take a place, then check in on the day with the six digits the host shows.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { gql } from '../../lib/graphql';
import { useAction } from '../../lib/hooks';
import { ErrorBox, formatDate } from '../../components/ui';
import type { SessionSeat, TrainingSession } from './plans';

export function SessionItem({ planId, session, seat, onChange }: {
  planId: string;
  session: TrainingSession;
  seat: SessionSeat | null;
  onChange: () => void;
}) {
  const { t, text, lang } = useI18n();
  const [code, setCode] = useState('');
  const [xp, setXp] = useState<number | null>(null);
  const input = { planId, sessionId: session.id };
  const register = useAction(async () => {
    await gql(`mutation($input: SessionRefInput!) { registerForSession(input: $input) { sessionId } }`, { input });
    onChange();
  });
  const checkIn = useAction(async () => {
    const result = await gql<{ checkIn: { xpAwarded: number } }>(
      `mutation($input: CheckInInput!) { checkIn(input: $input) { xpAwarded seat { attended checkedInAt } } }`,
      { input: { ...input, code: code.trim() } });
    setXp(result.checkIn.xpAwarded);
    setCode('');
    onChange();
  });
  const submit = (e: FormEvent) => { e.preventDefault(); void checkIn.call(); };
  const codeId = `code-${planId}-${session.id}`;
  return (
    <li className="session" data-session={session.id}>
      <strong>{text(session.titles)}</strong> <span className="tag">{t(`sessionKind${session.kind}`)}</span>
      <p className="meta">
        <span>{formatDate(session.startsAt, lang)} – {formatDate(session.endsAt, lang)}</span>
        <span>{session.location}</span>
        {session.expertName && <span>{t('expert', { name: session.expertName })}</span>}
        <span>{t('placesLeft', { n: session.placesLeft, capacity: session.capacity })}</span>
      </p>
      {!seat && (
        <button type="button" className="primary" onClick={() => void register.call()} disabled={register.busy || session.placesLeft === 0}>
          {t('registerSession')}
        </button>
      )}
      {seat && seat.attended && (
        <p className="ok check-in-done" role="status">✓ {t('checkedIn', { at: formatDate(seat.checkedInAt, lang) })}{xp ? ` (+${xp} XP)` : ''}</p>
      )}
      {seat && !seat.attended && (
        <>
          <p className="muted small">{t('registeredSession')} {session.isCheckInOpen ? '' : t('checkInNotOpen')}</p>
          <form className="actions check-in" onSubmit={submit}>
            <label htmlFor={codeId}>{t('checkInCode')}</label>
            <input id={codeId} className="code-input" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required
              value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} />
            <button type="submit" className="primary" disabled={checkIn.busy || code.length !== 6}>{t('checkIn')}</button>
          </form>
        </>
      )}
      <ErrorBox error={register.error ?? checkIn.error} />
    </li>
  );
}
