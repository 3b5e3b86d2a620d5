// Small shared pieces: error box, loading line, a labelled field.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { GraphQLError } from '../lib/graphql';

export function ErrorBox({ error }: { error: Error | null | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  const code = error instanceof GraphQLError ? error.code : '';
  return (
    <div className="error" role="alert">
      <strong>{t('error')}</strong> {code && <code>{code}</code>} {error.message}
    </div>
  );
}

export function Loading({ when }: { when: boolean }) {
  const { t } = useI18n();
  return when ? <p className="muted" aria-live="polite">{t('loading')}</p> : null;
}

export function Field({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <label className={wide ? 'field wide' : 'field'}>
      <span>{label}</span>
      {children}
    </label>
  );
}

export const formatDate = (iso: string | null | undefined, lang: string) =>
  iso ? new Date(iso).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' }) : '';

export const percent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 100)}%`);
