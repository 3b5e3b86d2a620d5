// The inputs of a reward scheme: names, departments, rules, caps, levels, badges, campaigns.
import type { Dispatch, ReactNode, SetStateAction } from 'react';
import { useI18n } from '../../i18n';
import { Field } from '../../components/ui';
import {
  CRITERIA, emptyBadge, emptyCampaign, emptyLevel, emptyRule, OBJECT_KINDS, VERBS,
  type BadgeRow, type CampaignRow, type LevelRow, type RuleRow, type SchemeForm,
} from './schemeForm';

type Rows = 'rules' | 'levels' | 'badges' | 'campaigns';

export function SchemeFields({ form, setForm, isNew }: { form: SchemeForm; setForm: Dispatch<SetStateAction<SchemeForm>>; isNew: boolean }) {
  const { t } = useI18n();
  const set = <K extends keyof SchemeForm>(key: K, value: SchemeForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  function row<R extends Rows>(list: R, index: number, patch: Partial<SchemeForm[R][number]>) {
    setForm((f) => ({ ...f, [list]: (f[list] as SchemeForm[R][number][]).map((r, i) => (i === index ? { ...r, ...patch } : r)) }));
  }
  const add = <R extends Rows>(list: R, value: SchemeForm[R][number]) => setForm((f) => ({ ...f, [list]: [...f[list], value] }));
  const removeRow = (list: Rows, index: number) => setForm((f) => ({ ...f, [list]: f[list].filter((_, i) => i !== index) }));
  const removeButton = (list: Rows, index: number) => (
    <button type="button" className="link danger" onClick={() => removeRow(list, index)}>{t('remove')}</button>
  );

  return (
    <>
      <section className="card">
        <div className="grid">
          <Field label={t('schemeId')}><input id="scheme-id" required pattern="[a-z0-9][a-z0-9.\-]*" value={form.id} readOnly={!isNew} onChange={(e) => set('id', e.target.value)} /></Field>
          <Field label={t('schemeNameZh')}><input id="scheme-name-zh" required value={form.zhCN} onChange={(e) => set('zhCN', e.target.value)} /></Field>
          <Field label={t('schemeNameEn')}><input id="scheme-name-en" required value={form.en} onChange={(e) => set('en', e.target.value)} /></Field>
          <Field label={t('departmentsField')} wide><input id="scheme-departments" value={form.departments} onChange={(e) => set('departments', e.target.value)} /></Field>
        </div>
      </section>
      <Rows title={t('rules')} addLabel={t('addRule')} onAdd={() => add('rules', emptyRule(form.rules.length + 1))} id="rules">
        {form.rules.map((r: RuleRow, i) => (
          <div className="row" key={i} data-row={i}>
            <Field label={t('ruleId')}><input required value={r.id} onChange={(e) => row('rules', i, { id: e.target.value })} /></Field>
            <Field label={t('verb')}>
              <select value={r.verb} onChange={(e) => row('rules', i, { verb: e.target.value })}>
                <option value="">{t('any')}</option>
                {VERBS.map((v) => <option key={v} value={v}>{v}</option>)}
              </select>
            </Field>
            <Field label={t('objectKind')}>
              <select value={r.objectKind} onChange={(e) => row('rules', i, { objectKind: e.target.value })}>
                <option value="">{t('any')}</option>
                {OBJECT_KINDS.map((v) => <option key={v} value={v}>{v}</option>)}
              </select>
            </Field>
            <Field label={t('points')}><input type="number" className="rule-points" value={r.points} onChange={(e) => row('rules', i, { points: e.target.value })} /></Field>
            <Field label={t('multiplier')}><input type="number" step="0.1" value={r.multiplier} onChange={(e) => row('rules', i, { multiplier: e.target.value })} /></Field>
            <Field label={t('minScore')}><input type="number" value={r.minScore} onChange={(e) => row('rules', i, { minScore: e.target.value })} /></Field>
            <Field label={t('pointsPerGain')}><input type="number" value={r.pointsPerGain} onChange={(e) => row('rules', i, { pointsPerGain: e.target.value })} /></Field>
            {removeButton('rules', i)}
          </div>
        ))}
      </Rows>
      <section className="card">
        <h2>{t('caps')}</h2>
        <div className="grid">
          {(['dailyXp', 'dailyXpPerRule', 'minLessonSeconds', 'statementsPerMinute'] as const).map((cap) => (
            <Field key={cap} label={t(cap)}>
              <input type="number" min={0} id={`cap-${cap}`} value={form.caps[cap]} onChange={(e) => set('caps', { ...form.caps, [cap]: e.target.value })} />
            </Field>
          ))}
        </div>
      </section>
      <Rows title={t('levels')} addLabel={t('addLevel')} onAdd={() => add('levels', emptyLevel())} id="levels">
        {form.levels.map((l: LevelRow, i) => (
          <div className="row" key={i}>
            <Field label={t('minXp')}><input type="number" min={0} required value={l.minXp} onChange={(e) => row('levels', i, { minXp: e.target.value })} /></Field>
            <Field label={t('schemeNameZh')}><input required value={l.zhCN} onChange={(e) => row('levels', i, { zhCN: e.target.value })} /></Field>
            <Field label={t('schemeNameEn')}><input required value={l.en} onChange={(e) => row('levels', i, { en: e.target.value })} /></Field>
            {removeButton('levels', i)}
          </div>
        ))}
      </Rows>
      <Rows title={t('badges')} addLabel={t('addBadge')} onAdd={() => add('badges', emptyBadge(form.badges.length + 1))} id="badges">
        {form.badges.map((b: BadgeRow, i) => (
          <div className="row" key={i}>
            <Field label={t('badgeId')}><input required value={b.id} onChange={(e) => row('badges', i, { id: e.target.value })} /></Field>
            <Field label={t('criterion')}>
              <select value={b.criterion} onChange={(e) => row('badges', i, { criterion: e.target.value })}>
                {CRITERIA.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </Field>
            <Field label={t('threshold')}><input type="number" step="any" value={b.threshold} onChange={(e) => row('badges', i, { threshold: e.target.value })} /></Field>
            <Field label={t('schemeNameZh')}><input required value={b.zhCN} onChange={(e) => row('badges', i, { zhCN: e.target.value })} /></Field>
            <Field label={t('schemeNameEn')}><input required value={b.en} onChange={(e) => row('badges', i, { en: e.target.value })} /></Field>
            {removeButton('badges', i)}
          </div>
        ))}
      </Rows>
      <Rows title={t('campaigns')} addLabel={t('addCampaign')} onAdd={() => add('campaigns', emptyCampaign(form.campaigns.length + 1))} id="campaigns">
        {form.campaigns.map((c: CampaignRow, i) => (
          <div className="row" key={i}>
            <Field label={t('campaignId')}><input required value={c.id} onChange={(e) => row('campaigns', i, { id: e.target.value })} /></Field>
            <Field label={t('schemeNameZh')}><input required value={c.zhCN} onChange={(e) => row('campaigns', i, { zhCN: e.target.value })} /></Field>
            <Field label={t('schemeNameEn')}><input required value={c.en} onChange={(e) => row('campaigns', i, { en: e.target.value })} /></Field>
            <Field label={t('from')}><input type="datetime-local" required value={c.from} onChange={(e) => row('campaigns', i, { from: e.target.value })} /></Field>
            <Field label={t('to')}><input type="datetime-local" required value={c.to} onChange={(e) => row('campaigns', i, { to: e.target.value })} /></Field>
            <Field label={t('multiplier')}><input type="number" step="0.1" required value={c.multiplier} onChange={(e) => row('campaigns', i, { multiplier: e.target.value })} /></Field>
            {removeButton('campaigns', i)}
          </div>
        ))}
      </Rows>
    </>
  );
}

function Rows({ title, addLabel, onAdd, id, children }: { title: string; addLabel: string; onAdd: () => void; id: string; children: ReactNode }) {
  return (
    <section className="card" id={`scheme-${id}`}>
      <h2>{title}</h2>
      {children}
      <button type="button" onClick={onAdd}>+ {addLabel}</button>
    </section>
  );
}
