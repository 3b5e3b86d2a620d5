import { graphql } from '../../gql';
// Open Badges 3.0 credentials: what the pages read from a credential's JSON.
export interface BadgeCredential { badgeId: string; awardedAt: string; jwt: string; credentialJson: string }

export interface Verification { valid: boolean; reason: string | null; credentialJson: string | null }

export const BADGE_CREDENTIALS = graphql(`query BadgeCredentials($id: ID!) { badgeCredentials(learnerId: $id) { badgeId awardedAt jwt credentialJson } }`);
export const VERIFY_CREDENTIAL = graphql(`query VerifyCredential($jwt: String!) { verifyCredential(jwt: $jwt) { valid reason credentialJson } }`);

export interface CredentialSummary { name: string; issuer: string; validFrom: string; subject: string }

/** The parts a person reads: the achievement's name, the issuer, since when, and whose it is. */
export function summarize(json: string | null): CredentialSummary | null {
  if (!json) return null;
  try {
    const vc = JSON.parse(json) as {
      name?: string; validFrom?: string;
      issuer?: { name?: string; id?: string } | string;
      credentialSubject?: { id?: string; achievement?: { name?: string } };
    };
    return {
      name: vc.credentialSubject?.achievement?.name ?? vc.name ?? '',
      issuer: typeof vc.issuer === 'string' ? vc.issuer : vc.issuer?.name ?? vc.issuer?.id ?? '',
      validFrom: vc.validFrom ?? '',
      subject: vc.credentialSubject?.id ?? '',
    };
  } catch {
    return null;
  }
}
