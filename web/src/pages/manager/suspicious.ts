import { graphql } from '../../gql';
import type { LedgerLineFragment } from '../../gql/graphql';
// What the suspicious-activity page and the learner ledger page read.

export type SuspicionMeasure = 'STATEMENTS_PER_ACTIVE_DAY' | 'XP_PER_ACTIVE_DAY' | 'AVERAGE_GAIN';

export interface SuspiciousLearner {
  learnerId: string;
  displayName: string;
  measure: SuspicionMeasure;
  value: number;
  peerMedian: number;
  score: number;
  peers: number;
  ledgerPath: string;
}

export interface SuspiciousActivityReport {
  activeLearners: number;
  minGroupSize: number;
  flagged: SuspiciousLearner[];
}

export const SUSPICIOUS_ACTIVITY = graphql(`query SuspiciousActivity($departmentId: ID!, $from: DateTimeOffset!, $to: DateTimeOffset!) {
  suspiciousActivity(departmentId: $departmentId, from: $from, to: $to) {
    activeLearners minGroupSize
    flagged { learnerId displayName measure value peerMedian score peers ledgerPath }
  }
}`);

export const MANAGED_DEPARTMENTS = graphql(`query SuspiciousDepartments { departments { id names { zhCN en } } }`);

/** `ruleId` is `revoke.<seq>` on an entry that takes back entry <seq>. */
export type LedgerLine = LedgerLineFragment;

export interface HeldBadge {
  badgeId: string;
  names: { zhCN: string; en: string } | null;
  tier: string | null;
  ledgerSeq: number;
  awardedAt: string;
}

export interface LearnerLedger {
  id: string;
  displayName: string;
  departmentId: string;
  xp: number;
  badges: HeldBadge[];
  ledger: { totalCount: number; edges: { node: LedgerLine }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

export const LEDGER_LINE = graphql(`fragment LedgerLine on LedgerEntry { seq kind amount reason badgeId activityId ruleId occurredAt recordedAt }`);

export const LEARNER_LEDGER = graphql(`query SuspiciousLearner($id: ID!, $after: String) {
  learner(id: $id) {
    id displayName departmentId xp
    badges { badgeId names { zhCN en } tier ledgerSeq awardedAt }
    ledger(first: 100, after: $after) {
      totalCount
      edges { node { ...LedgerLine } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`);

const REVOKE_PREFIX = 'revoke.';

/** The seq of the entry that `line` takes back, or null when it takes back nothing. */
export function revokedSeqOf(line: LedgerLine): number | null {
  if (!line.ruleId?.startsWith(REVOKE_PREFIX)) return null;
  const seq = Number(line.ruleId.slice(REVOKE_PREFIX.length));
  return Number.isInteger(seq) ? seq : null;
}

/** Only a positive XP award can be taken back: not a level-up, a badge or a revocation itself. */
export const isRevocableAward = (line: LedgerLine) => line.kind === 'XP' && line.amount > 0 && revokedSeqOf(line) === null;

/** Both answer with the revocation's own ledger entry, as `entry`. */
export const REVOKE_AWARD = graphql(`mutation RevokeAward($input: RevokeAwardInput!) { revokeAward(input: $input) { entry: ledgerEntry { ...LedgerLine } userErrors { code message field } } }`);
export const REVOKE_BADGE = graphql(`mutation RevokeBadge($input: RevokeBadgeInput!) { revokeBadge(input: $input) { entry: ledgerEntry { ...LedgerLine } userErrors { code message field } } }`);

/** The window ending at the start of tomorrow (local), `days` days long: the server takes at most 92. */
export function lastDays(days: number): { from: string; to: string } {
  const to = new Date();
  to.setHours(0, 0, 0, 0);
  to.setDate(to.getDate() + 1);
  const from = new Date(to);
  from.setDate(from.getDate() - days);
  return { from: from.toISOString(), to: to.toISOString() };
}
