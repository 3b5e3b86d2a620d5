// One offline session of my plan: take a place (or a place on the waiting list), give it up until the cut-off, then check in
// on the day with the six digits the host shows. Opened from the host's QR code it is focused, with the code field ready.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { mutate } from '../../lib/graphql';
import { useAction } from '../../lib/hooks';
import { ErrorBox, formatDate } from '../../components/ui';
import type { SessionSeat, TrainingSession } from './plans';
import { graphql } from '../../gql';

export function SessionItem({ planId, session, seat, onChange, focused = false }: {
  planId: string;
  session: TrainingSession;
  seat: SessionSeat | null;
  onChange: () => void;
  focused?: boolean;
}) {
  const { t, text, lang } = useI18n();
  const [code, setCode] = useState('');
  const [xp, setXp] = useState<number | null>(null);
  const input = { planId, sessionId: session.id };
  const register = useAction(async () => {
    await mutate(graphql(`mutation RegisterForSession($input: SessionRefInput!) { registerForSession(input: $input) { sessionSeat { sessionId } userErrors { code message field } } }`), { input });
    onChange();
  });
  const checkIn = useAction(async () => {
    const result = await mutate(
      graphql(`mutation CheckIn($input: CheckInInput!) { checkIn(input: $input) { checkInResult { xpAwarded seat { attended checkedInAt } } userErrors { code message field } } }`),
      { input: { ...input, code: code.trim() } });
    setXp(result.checkIn.checkInResult!.xpAwarded);
    setCode('');
    onChange();
  });
  const cancel = useAction(async () => {
    await mutate(graphql(`mutation CancelRegistration($input: SessionRefInput!) { cancelRegistration(input: $input) { sessionSeat { sessionId } userErrors { code message field } } }`), { input });
    onChange();
  });
  const waiting = seat?.waitingPosition ?? null;
  const cancellable = seat && !seat.attended && (waiting !== null || Date.now() < new Date(session.cancellableUntil).getTime());
  const submit = (e: FormEvent) => { e.preventDefault(); void checkIn.call(); };
  const codeId = `code-${planId}-${session.id}`;
  return (
    <li className={focused ? 'session focused' : 'session'} data-session={session.id} aria-current={focused ? 'true' : undefined}>
      <strong>{text(session.titles)}</strong> <span className="tag">{t(`sessionKind${session.kind}`)}</span>
      <p className="meta">
        <span>{formatDate(session.startsAt, lang)} – {formatDate(session.endsAt, lang)}</span>
        <span>{session.location}</span>
        {session.expertName && <span>{t('expert', { name: session.expertName })}</span>}
        <span>{t('placesLeft', { n: session.placesLeft, capacity: session.capacity })}</span>
        {session.required && <span className="tag">{t('sessionRequired')}</span>}
      </p>
      {session.cancelledAt && <p className="overdue session-cancelled" role="status">{t('sessionCancelled', { reason: session.cancelReason ?? '' })}</p>}
      {!seat && !session.cancelledAt && (
        <button type="button" className="primary" onClick={() => void register.call()} disabled={register.busy}>
          {session.placesLeft === 0 ? t('joinWaitingList') : t('registerSession')}
        </button>
      )}
      {waiting !== null && <p className="muted waiting-position" role="status">{t('waitingPosition', { n: waiting })}</p>}
      {seat && seat.attended && (
        <p className="ok check-in-done" role="status">✓ {t('checkedIn', { at: formatDate(seat.checkedInAt, lang) })}{xp ? ` (+${xp} XP)` : ''}</p>
      )}
      {seat && !seat.attended && waiting === null && !session.cancelledAt && (
        <>
          <p className="muted small">{t('registeredSession')} {session.isCheckInOpen ? '' : t('checkInNotOpen')}</p>
          <form className="actions check-in" onSubmit={submit}>
            <label htmlFor={codeId}>{t('checkInCode')}</label>
            <input id={codeId} className="code-input" autoFocus={focused} inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required
              value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} />
            <button type="submit" className="primary" disabled={checkIn.busy || code.length !== 6}>{t('checkIn')}</button>
          </form>
        </>
      )}
      {cancellable && !session.cancelledAt && (
        <p className="actions">
          <button type="button" className="cancel-registration" onClick={() => void cancel.call()} disabled={cancel.busy}>
            {waiting !== null ? t('leaveWaitingList') : t('cancelRegistration')}
          </button>
          {waiting === null && <span className="muted small">{t('cancellableUntil', { at: formatDate(session.cancellableUntil, lang) })}</span>}
        </p>
      )}
      <ErrorBox error={register.error ?? checkIn.error ?? cancel.error} />
    </li>
  );
}
