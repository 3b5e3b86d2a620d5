// What the manager's analytics pages read: the department report with its weekly trend, the gain ranking, stale content.
import type { LocalizedText } from '../learner/queries';
import { graphql } from '../../gql';

export interface AnalyticsWeek {
  week: string;
  weekStart: string;
  activeLearners: number;
  // Withheld (null) when the week has fewer active learners than the minimum group size.
  xp: number | null;
  learnerHours: number | null;
  completions: number | null;
  averageGain: number | null;
}

export interface DepartmentFigures {
  departmentId: string | null;
  grouped: boolean;
  withheld: boolean;
  members: number;
  activeLearners: number;
  participationRate: number | null;
  // Withheld (null) on rows under the minimum group size.
  started: number | null;
  completedOnTime: number | null;
  onTimeCompletionRate: number | null;
  averageGain: number | null;
  xp: number | null;
  xpPerActiveLearner: number | null;
  weeks: AnalyticsWeek[];
}

export interface GainRank {
  rank: number;
  packageId: string;
  version: string;
  learners: number;
  learnerHours: number;
  averageGain: number;
  gainPerHour: number;
}

export interface StalePackage {
  packageId: string;
  version: string;
  owner: string;
  reviewBy: string;
  daysOverdue: number;
  titleZhCN: string;
  titleEn: string;
}

export const DEPARTMENT_ANALYTICS = graphql(`query DepartmentAnalytics($from: DateTimeOffset) {
  departments { id names { zhCN en } }
  departmentAnalytics(from: $from) {
    departmentId grouped withheld members activeLearners participationRate started completedOnTime onTimeCompletionRate
    averageGain xp xpPerActiveLearner
    weeks { week weekStart activeLearners xp learnerHours completions averageGain }
  }
}`);

export const GAIN_RANKING = graphql(`query PackageGainRanking($departmentId: ID) {
  packageGainRanking(departmentId: $departmentId) { rank packageId version learners learnerHours averageGain gainPerHour }
}`);

export const STALE_PACKAGES = graphql(`query StalePackages { stalePackages { packageId version owner reviewBy daysOverdue titleZhCN titleEn } }`);

export type DepartmentNames = { id: string; names: LocalizedText }[];

/** A figure rounded for a chart; a withheld figure stays null (a gap, not a zero). */
export const round = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined ? null : Math.round(v * 10 ** digits) / 10 ** digits;

/** Monday 00:00 of the week `weeks - 1` weeks before this one, as ISO (the server takes whole weeks anyway). */
export function weeksBack(weeks: number): string {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7) - (weeks - 1) * 7);
  return d.toISOString();
}
