// The fields of one workshop, shared by the new-plan form and "add a session" to an existing plan.
import { useI18n } from '../../i18n';
import { Field } from '../../components/ui';
import type { TrainingSessionInput } from '../../gql/graphql';
import { iso } from './localTime';

export interface SessionDraft {
  titleZh: string; titleEn: string; start: string; end: string; location: string; capacity: string; host: string;
  required: boolean; cutOffHours: string;
}

export const emptySession = (host: string): SessionDraft => ({
  titleZh: '', titleEn: '', start: '', end: '', location: '', capacity: '30', host, required: false, cutOffHours: '24',
});

export const toSessionInput = (id: string, d: SessionDraft): TrainingSessionInput => ({
  id, kind: 'WORKSHOP', titles: { zhCN: d.titleZh, en: d.titleEn || d.titleZh }, startsAt: iso(d.start), endsAt: iso(d.end),
  location: d.location, capacity: Number(d.capacity), hostId: d.host.trim() || null, required: d.required, cancellationCutOffHours: Number(d.cutOffHours),
});

export function SessionFields({ value, onChange, idPrefix }: { value: SessionDraft; onChange: (d: SessionDraft) => void; idPrefix: string }) {
  const { t } = useI18n();
  const set = (key: keyof SessionDraft) => (e: { target: { value: string } }) => onChange({ ...value, [key]: e.target.value });
  return (
    <>
      <div className="grid">
        <Field label={t('titleZh')}><input id={`${idPrefix}-title-zh`} required maxLength={200} value={value.titleZh} onChange={set('titleZh')} /></Field>
        <Field label={t('titleEn')}><input id={`${idPrefix}-title-en`} maxLength={200} value={value.titleEn} onChange={set('titleEn')} /></Field>
        <Field label={t('startsAt')}><input id={`${idPrefix}-start`} type="datetime-local" required value={value.start} onChange={set('start')} /></Field>
        <Field label={t('endsAt')}><input id={`${idPrefix}-end`} type="datetime-local" required value={value.end} onChange={set('end')} /></Field>
        <Field label={t('location')}><input id={`${idPrefix}-location`} required maxLength={200} value={value.location} onChange={set('location')} /></Field>
        <Field label={t('capacity')}><input id={`${idPrefix}-capacity`} type="number" min={1} max={10000} required value={value.capacity} onChange={set('capacity')} /></Field>
        <Field label={t('host')}><input id={`${idPrefix}-host`} maxLength={100} value={value.host} onChange={set('host')} /></Field>
        <Field label={t('cutOffHours')}><input id={`${idPrefix}-cut-off`} type="number" min={0} max={720} required value={value.cutOffHours} onChange={set('cutOffHours')} /></Field>
      </div>
      <label className="option">
        <input type="checkbox" id={`${idPrefix}-required`} checked={value.required} onChange={(e) => onChange({ ...value, required: e.target.checked })} /> {t('sessionRequired')}
      </label>
    </>
  );
}
