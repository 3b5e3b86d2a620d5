import { graphql } from '../../gql';
import { gql } from '../../lib/graphql';
import { saveBlob } from '../../lib/download';

// Receipts (docs/LEDGER.md): an award's entry, its inclusion proof and the signed head it is in. Kept by the learner,
// checked later offline with `verify-ledger --saved receipt.json`, they show whether the award was rewritten since.
export const MY_BADGE_ENTRIES = graphql(`query MyBadgeEntries($id: ID!) { learner(id: $id) { id badges { badgeId ledgerSeq } } }`);
export const LEDGER_HEAD = graphql(`query LedgerHead { ledgerCheckpoint { size root signedAt keyId } }`);
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
