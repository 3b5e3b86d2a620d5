import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { gql } from '../../lib/graphql';
import { useAction, useQuery } from '../../lib/hooks';
import { href } from '../../lib/router';
import { ErrorBox, Field, formatDate, Loading } from '../../components/ui';
import type { PageProps } from '../../routes';
import { DEPARTMENTS, LEARNER, type DepartmentName, type LearnerProfile } from './queries';

export function LearnerHomePage({ session }: PageProps) {
  const { t, text, lang } = useI18n();
  const me = useQuery<{ learner: LearnerProfile | null }>(LEARNER, { id: session.subject });
  if (me.loading && !me.data) return <Loading when />;
  if (me.error) return <ErrorBox error={me.error} />;
  const learner = me.data?.learner;
  if (!learner) return <RegisterForm subject={session.subject} department={session.departments[0]} onDone={me.reload} />;

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
        <div className="stat"><span>{t('privacy')}</span><strong>{t(`visibility${learner.visibility}`)}</strong>
          {learner.visibility === 'PSEUDONYM' && <small>{learner.pseudonym}</small>}</div>
      </div>
      <section className="card">
        <h2>{t('myBadges')}</h2>
        {learner.badges.length === 0 ? <p className="muted">{t('noBadges')}</p> : (
          <ul className="badges">
            {learner.badges.map((b) => (
              <li key={b.badgeId}><strong>🏅 {b.badgeId}</strong><small>{b.reason}</small><small>{formatDate(b.awardedAt, lang)}</small></li>
            ))}
          </ul>
        )}
      </section>
      <p className="actions">
        <a className="button primary" href={href('learner', 'catalog')}>{t('navCatalog')}</a>
        <a className="button" href={href('learner', 'leaderboard')}>{t('navLeaderboard')}</a>
      </p>
    </>
  );
}

function RegisterForm({ subject, department, onDone }: { subject: string; department?: string; onDone: () => void }) {
  const { t, text } = useI18n();
  const departments = useQuery<{ departments: DepartmentName[] }>(DEPARTMENTS);
  const [name, setName] = useState('');
  const [departmentId, setDepartmentId] = useState(department ?? '');
  const [visibility, setVisibility] = useState('PSEUDONYM');
  const register = useAction(async () => {
    await gql(`mutation($input: RegisterLearnerInput!) { registerLearner(input: $input) { id } }`,
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
          <select value={visibility} onChange={(e) => setVisibility(e.target.value)}>
            {(['PSEUDONYM', 'REAL_NAME', 'HIDDEN'] as const).map((v) => <option key={v} value={v}>{t(`visibility${v}`)}</option>)}
          </select>
        </Field>
        <ErrorBox error={register.error ?? departments.error} />
        <button type="submit" className="primary" disabled={register.busy}>{t('register')}</button>
      </form>
    </section>
  );
}
