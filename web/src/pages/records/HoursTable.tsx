// Hours by category against the requirement: the heart of a training record.
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';

export interface Hours { category: string; hours: number; required: number; short: number }

export function HoursTable({ hours, id }: { hours: Hours[]; id?: string }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap" tabIndex={0}>
      <table id={id}>
        <thead>
          <tr><th scope="col">{t('recordCategory')}</th><th scope="col">{t('recordHours')}</th>
            <th scope="col">{t('recordRequired')}</th><th scope="col">{t('recordShort')}</th></tr>
        </thead>
        <tbody>
          {hours.map((h) => (
            <tr key={h.category} className={h.short > 0 ? 'overdue' : undefined} data-category={h.category}>
              <td>{t(`category${h.category}` as MessageKey)}</td><td>{h.hours}</td><td>{h.required}</td><td>{h.short || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
