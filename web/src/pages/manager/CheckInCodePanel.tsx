// The six digits the host shows at a session, fetched again when the code rotates (every 30 s), beside a QR code that opens
// the learner's check-in page for this session. The QR holds no code (a photo of it is not enough); it is drawn by the server
// and shown as an image, so its SVG runs nothing in the page.
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { gql } from '../../lib/graphql';
import { ErrorBox } from '../../components/ui';
import { graphql } from '../../gql';

interface Code { code: string; rotatesAt: string; expiresAt: string; checkInLink: string; qrSvg: string }

export function CheckInCodePanel({ planId, sessionId }: { planId: string; sessionId: string }) {
  const { t } = useI18n();
  const [code, setCode] = useState<Code | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const load = async () => {
      try {
        const data = await gql(
          graphql(`query SessionCheckInCode($p: ID!, $s: ID!) { sessionCheckInCode(planId: $p, sessionId: $s) { code rotatesAt expiresAt checkInLink qrSvg } }`), { p: planId, s: sessionId });
        if (!live) return;
        setCode(data.sessionCheckInCode);
        setError(null);
        timer = setTimeout(() => void load(), Math.max(1000, new Date(data.sessionCheckInCode.rotatesAt).getTime() - Date.now() + 250));
      } catch (e) {
        if (!live) return;
        setError(e as Error);
        timer = setTimeout(() => void load(), 5000);
      }
    };
    void load();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => { live = false; clearTimeout(timer); clearInterval(tick); };
  }, [planId, sessionId]);
  const seconds = code ? Math.max(0, Math.round((new Date(code.rotatesAt).getTime() - now) / 1000)) : 0;
  return (
    <div className="check-in-code" role="region" aria-label={t('checkInCode')}>
      <ErrorBox error={error} />
      {code && (
        <>
          <img className="check-in-qr" width={200} height={200} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(code.qrSvg)}`}
            alt={t('checkInQr', { link: code.checkInLink })} />
          <output className="code" id={`check-in-code-${sessionId}`} aria-live="polite">{code.code}</output>
          <p className="muted small">{t('codeRotates', { n: seconds })}</p>
        </>
      )}
    </div>
  );
}
