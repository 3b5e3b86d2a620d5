import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { mutate } from '../../lib/graphql';
import { useAction, useQuery } from '../../lib/hooks';
import { href } from '../../lib/router';
import { ErrorBox, Field, formatDate, Loading } from '../../components/ui';
import type { PageProps } from '../../routes';
import type { MessageKey } from '../../i18n/zh-CN';
import { MyActivityPanel } from './MyActivityPanel';
import { DEPARTMENTS, LEARNER, type LearnerProfile } from './queries';
import { graphql } from '../../gql';
import type { PublicVisibility } from '../../gql/graphql';

const VISIBILITIES = ['PSEUDONYM', 'REAL_NAME', 'HIDDEN'] as const;
type Visibility = LearnerProfile['visibility'];

export function LearnerHomePage({ session }: PageProps) {
  const { t, text, lang } = useI18n();
  const me = useQuery(LEARNER, { id: session.subject });
  if (me.loading && !me.data) return <Loading when />;
  if (me.error) return <ErrorBox error={me.error} />;
  const learner = me.data?.learner;
  if (!learner) return <RegisterForm subject={session.subject} department={session.departments[0]} onDone={me.reload} />;

  const tierName = (tier: string) => {
    const known: Record<string, MessageKey> = { bronze: 'tierBronze', silver: 'tierSilver', gold: 'tierGold' };
    return known[tier] ? t(known[tier]) : tier;
  };
  const { level } = learner;
  const toNext = level.nextLevelXp === null ? null : level.nextLevelXp - learner.xp;
  const span = level.nextLevelXp === null ? 1 : level.nextLevelXp - level.minXp;
  const progress = level.nextLevelXp === null ? 100 : Math.round(((learner.xp - level.minXp) / span) * 100);
  return (
    <>
      <h1>{learner.displayName}</h1>
      <div className="stats">
        <div className="stat"><span>{t('myXp')}</span><strong id="my-xp">{learner.xp}</strong></div>
        <div className="stat">
          <span>{t('myLevel')}</span>
          <strong>Lv.{level.number} {text(level.name)}</strong>
          <progress max={100} value={progress} aria-label={t('nextLevel')} />
          <small>{toNext === null ? t('topLevel') : `${t('nextLevel')}: ${toNext}`}</small>
        </div>
        <div className="stat"><span>{t('myDepartment')}</span><strong>{text(learner.department?.names) || learner.departmentId}</strong></div>
        <div className="stat" id="my-streak">
          <span>{t('myStreak')}</span>
          <strong>{t('streakDays', { n: learner.streak.current })}</strong>
          <small>{learner.streak.lastActiveDay
            ? `${t('streakLongest', { n: learner.streak.longest })} · ${t('streakLastActive', { day: learner.streak.lastActiveDay })}`
            : t('streakNone')}</small>
        </div>
      </div>
      <PrivacyChoice learner={learner} onSaved={me.reload} />
      <section className="card">
        <h2>{t('myBadges')}</h2>
        {learner.badges.length === 0 ? <p className="muted">{t('noBadges')}</p> : (
          <ul className="badges">
            {learner.badges.map((b) => (
              <li key={b.badgeId} data-badge={b.badgeId}>
                <strong>🏅 {b.names ? text(b.names) : b.badgeId}{b.tier && ` · ${tierName(b.tier)}`}</strong>
                <small>{b.reason}</small><small>{formatDate(b.awardedAt, lang)}</small>
              </li>
            ))}
          </ul>
        )}
      </section>
      <MyActivityPanel learnerId={learner.id} />
      <p className="actions">
        <a className="button primary" href={href('learner', 'catalog')}>{t('navCatalog')}</a>
        <a className="button" href={href('learner', 'leaderboard')}>{t('navLeaderboard')}</a>
      </p>
    </>
  );
}

/** The learner's own choice of how public boards name them; boards read it on their next update. */
function PrivacyChoice({ learner, onSaved }: { learner: LearnerProfile; onSaved: () => void }) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<Visibility>(learner.visibility);
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    await mutate(graphql(`mutation SetMyVisibility($v: PublicVisibility!) { setMyVisibility(visibility: $v) { learner { visibility } userErrors { code message field } } }`), { v: choice });
    setSaved(true);
    onSaved();
  });
  const submit = (e: FormEvent) => { e.preventDefault(); void save.call(); };
  return (
    <section className="card">
      <h2>{t('privacy')}</h2>
      <form onSubmit={submit} className="grid" id="privacy-form">
        <fieldset className="choices">
          <legend className="visually-hidden">{t('privacy')}</legend>
          {VISIBILITIES.map((v) => (
            <label key={v} className="option">
              <input type="radio" name="visibility" value={v} checked={choice === v}
                onChange={() => { setChoice(v); setSaved(false); }} />
              <span><strong>{t(`visibility${v}`)}</strong> <small className="muted">{t(`visibilityHelp${v}`, { pseudonym: learner.pseudonym })}</small></span>
            </label>
          ))}
        </fieldset>
        <ErrorBox error={save.error} />
        <p className="actions">
          <button type="submit" className="primary" id="save-visibility" disabled={save.busy || choice === learner.visibility}>{t('save')}</button>
          {saved && choice === learner.visibility && <span className="ok" role="status">✓ {t('privacySaved')}</span>}
        </p>
      </form>
    </section>
  );
}

function RegisterForm({ subject, department, onDone }: { subject: string; department?: string; onDone: () => void }) {
  const { t, text } = useI18n();
  const departments = useQuery(DEPARTMENTS);
  const [name, setName] = useState('');
  const [departmentId, setDepartmentId] = useState(department ?? '');
  const [visibility, setVisibility] = useState<PublicVisibility>('PSEUDONYM');
  const register = useAction(async () => {
    await mutate(graphql(`mutation RegisterLearner($input: RegisterLearnerInput!) { registerLearner(input: $input) { learner { id } userErrors { code message field } } }`),
      { input: { id: subject, displayName: name, departmentId, visibility } });
    onDone();
  });
  const submit = (e: FormEvent) => { e.preventDefault(); void register.call(); };
  return (
    <section className="card narrow">
      <h1>{t('registerTitle')}</h1>
      <p>{t('registerIntro')}</p>
      <form onSubmit={submit} className="grid">
        <Field label={t('displayName')}><input id="display-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} /></Field>
        <Field label={t('department')}>
          <select id="department" required value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
            <option value="" />
            {departments.data?.departments.map((d) => <option key={d.id} value={d.id}>{text(d.names)}</option>)}
          </select>
        </Field>
        <Field label={t('privacy')}>
          <select value={visibility} onChange={(e) => setVisibility(e.target.value as PublicVisibility)}>
            {VISIBILITIES.map((v) => <option key={v} value={v}>{t(`visibility${v}`)}</option>)}
          </select>
        </Field>
        <ErrorBox error={register.error ?? departments.error} />
        <button type="submit" className="primary" disabled={register.busy}>{t('register')}</button>
      </form>
    </section>
  );
}
