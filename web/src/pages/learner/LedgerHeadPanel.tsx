// The latest signed head of the ledger's log, for people to note down (docs/LEDGER.md): size, root, time, key id, and
// whether its signature verifies in this browser against the server's published key.
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { formatDate } from '../../components/ui';
import { checkHeadSignature, LEDGER_HEAD, type HeadCheck } from './receipts';

const CHECK_KEYS = { valid: 'ledgerHeadValid', invalid: 'ledgerHeadInvalid', unavailable: 'ledgerHeadUnchecked' } as const;

export function LedgerHeadPanel() {
  const { t, lang } = useI18n();
  const head = useQuery(LEDGER_HEAD);
  const checkpoint = head.data?.ledgerCheckpoint;
  const jwk = head.data?.credentialIssuerKey;
  const [check, setCheck] = useState<HeadCheck | null>(null);
  useEffect(() => {
    setCheck(null);
    if (checkpoint && jwk) void checkHeadSignature(checkpoint, jwk).then(setCheck);
  }, [checkpoint, jwk]);
  if (!checkpoint) return null;
  return (
    <section className="hint" id="ledger-head" aria-label={t('ledgerHeadTitle')}>
      <p>{t('ledgerHead', { size: checkpoint.size, root: checkpoint.root, at: formatDate(checkpoint.signedAt, lang) })}</p>
      <p>
        <span>{t('ledgerHeadKey', { keyId: checkpoint.keyId })}</span>{' '}
        <strong id="ledger-head-check" data-check={check ?? 'pending'} className={check === 'invalid' ? 'error' : undefined}>
          {check ? t(CHECK_KEYS[check]) : '…'}
        </strong>
      </p>
    </section>
  );
}
