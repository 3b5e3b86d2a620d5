import { graphql } from '../../gql';
import { gql } from '../../lib/graphql';
import { saveBlob } from '../../lib/download';

// Receipts (docs/LEDGER.md): an award's entry, its inclusion proof and the signed head it is in. Kept by the learner,
// checked later offline with `verify-ledger --saved receipt.json`, they show whether the award was rewritten since.
export const MY_BADGE_ENTRIES = graphql(`query MyBadgeEntries($id: ID!) { learner(id: $id) { id badges { badgeId ledgerSeq } } }`);
export const LEDGER_HEAD = graphql(`query LedgerHead { ledgerCheckpoint { size root signedAt keyId signature } credentialIssuerKey }`);

export type HeadCheck = 'valid' | 'invalid' | 'unavailable';

const base64UrlBytes = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** Checks the head's ES256 signature in the browser, against the key the server publishes (credentialIssuerKey), over the
 *  same text the server signs (docs/LEDGER.md): a head whose size, root or time was changed does not verify. Web Crypto
 *  takes the r‖s form the server writes. Pages served over plain HTTP to another host have no Web Crypto: 'unavailable'. */
export async function checkHeadSignature(
  head: { size: number; root: string; signedAt: string; keyId: string; signature: string }, jwkJson: string): Promise<HeadCheck> {
  if (!globalThis.crypto?.subtle) return 'unavailable';
  try {
    const jwk = JSON.parse(jwkJson) as { kid?: string; x: string; y: string };
    if (jwk.kid !== undefined && jwk.kid !== head.keyId) return 'invalid';
    const key = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true },
      { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const text = `gamified-ledger-checkpoint/1\n${head.size}\n${head.root}\n${Date.parse(head.signedAt)}\n`;
    const ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, base64UrlBytes(head.signature), new TextEncoder().encode(text));
    return ok ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}
export const LEDGER_RECEIPT = graphql(`query LedgerReceipt($learnerId: ID!, $seq: Long!) {
  ledgerInclusionProof(learnerId: $learnerId, seq: $seq) {
    leaf { learnerId seq entryHash statementHash } leafIndex auditPath checkpoint { size root signedAt keyId signature }
  }
}`);

/** Fetches the entry's receipt against the latest signed head and saves it as JSON. */
export async function downloadReceipt(learnerId: string, seq: number): Promise<void> {
  const receipt = await gql(LEDGER_RECEIPT, { learnerId, seq });
  saveBlob(`receipt-${learnerId}-${seq}.json`,
    new Blob([JSON.stringify(receipt.ledgerInclusionProof, null, 2)], { type: 'application/json' }));
}
