import { graphql } from '../../gql';
// The learner's own profile, shared by the learner pages.
export interface LocalizedText { zhCN: string; en: string }

export interface LearnerProfile {
  id: string;
  displayName: string;
  departmentId: string;
  department: { names: LocalizedText } | null;
  visibility: 'REAL_NAME' | 'PSEUDONYM' | 'HIDDEN';
  pseudonym: string;
  xp: number;
  level: { number: number; name: LocalizedText; minXp: number; nextLevelXp: number | null };
  badges: { badgeId: string; names: LocalizedText | null; tier: string | null; reason: string; awardedAt: string }[];
  streak: { current: number; longest: number; lastActiveDay: string | null };
}

export const LEARNER = graphql(`query Me($id: ID!) {
  learner(id: $id) {
    id displayName departmentId department { names { zhCN en } } visibility pseudonym xp
    level { number name { zhCN en } minXp nextLevelXp }
    badges { badgeId names { zhCN en } tier reason awardedAt }
    streak { current longest lastActiveDay }
  }
}`);

export const DEPARTMENTS = graphql(`query Departments { departments { id names { zhCN en } } }`);
export interface DepartmentName { id: string; names: LocalizedText }
