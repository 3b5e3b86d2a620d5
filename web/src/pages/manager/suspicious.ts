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

export const SUSPICIOUS_ACTIVITY = `query($departmentId: ID!, $from: DateTimeOffset!, $to: DateTimeOffset!) {
  suspiciousActivity(departmentId: $departmentId, from: $from, to: $to) {
    activeLearners minGroupSize
    flagged { learnerId displayName measure value peerMedian score peers ledgerPath }
  }
}`;

export const MANAGED_DEPARTMENTS = `{ departments { id names { zhCN en } } }`;

export interface LedgerLine {
  seq: number;
  kind: string;
  amount: number;
  reason: string;
  badgeId: string | null;
  activityId: string | null;
  occurredAt: string;
  recordedAt: string;
}

export interface LearnerLedger {
  id: string;
  displayName: string;
  departmentId: string;
  xp: number;
  ledger: { totalCount: number; edges: { node: LedgerLine }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

export const LEARNER_LEDGER = `query($id: ID!, $after: String) {
  learner(id: $id) {
    id displayName departmentId xp
    ledger(first: 100, after: $after) {
      totalCount
      edges { node { seq kind amount reason badgeId activityId occurredAt recordedAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

/** The window ending at the start of tomorrow (local), `days` days long: the server takes at most 92. */
export function lastDays(days: number): { from: string; to: string } {
  const to = new Date();
  to.setHours(0, 0, 0, 0);
  to.setDate(to.getDate() + 1);
  const from = new Date(to);
  from.setDate(from.getDate() - days);
  return { from: from.toISOString(), to: to.toISOString() };
}
