// The reward-scheme form's state, and its mapping to and from the GraphQL types.
import type { BadgeCriterion, ObjectKind, SaveRewardSchemeInput, Verb } from '../../gql/graphql';
import type { LocalizedText } from '../learner/queries';
import { graphql } from '../../gql';

export const VERBS = ['ANSWERED', 'ATTENDED', 'COMPLETED', 'FAILED', 'PASSED', 'RATED', 'STARTED', 'SUBMITTED_IDEA'] as const;
export const OBJECT_KINDS = ['CHALLENGE', 'IDEA', 'LESSON', 'PACKAGE', 'QUIZ', 'SESSION'] as const;
export const CRITERIA = ['XP_THRESHOLD', 'COMPLETIONS', 'PERFECT_SCORE', 'STREAK', 'LEARNING_GAIN', 'LEVEL_REACHED', 'FIRST_TO_COMPLETE', 'CROSS_DEPARTMENT_TEAM_CHALLENGE'] as const;

export interface RuleRow { id: string; verb: string; objectKind: string; points: string; multiplier: string; minScore: string; pointsPerGain: string }
export interface LevelRow { minXp: string; zhCN: string; en: string }
export interface BadgeRow { id: string; criterion: string; zhCN: string; en: string; threshold: string }
export interface CampaignRow { id: string; zhCN: string; en: string; from: string; to: string; multiplier: string }

export interface SchemeForm {
  id: string;
  zhCN: string;
  en: string;
  departments: string;
  rules: RuleRow[];
  levels: LevelRow[];
  badges: BadgeRow[];
  campaigns: CampaignRow[];
  caps: { dailyXp: string; dailyXpPerRule: string; minLessonSeconds: string; statementsPerMinute: string };
}

export const emptyRule = (n: number): RuleRow => ({ id: `rule-${n}`, verb: 'COMPLETED', objectKind: '', points: '10', multiplier: '', minScore: '', pointsPerGain: '' });
export const emptyLevel = (): LevelRow => ({ minXp: '', zhCN: '', en: '' });
export const emptyBadge = (n: number): BadgeRow => ({ id: `badge-${n}`, criterion: 'XP_THRESHOLD', zhCN: '', en: '', threshold: '100' });
export const emptyCampaign = (n: number): CampaignRow => ({ id: `campaign-${n}`, zhCN: '', en: '', from: '', to: '', multiplier: '1.5' });

export const emptyForm = (departments: string[]): SchemeForm => ({
  id: '', zhCN: '', en: '', departments: departments.filter((d) => d !== '*').join(', '),
  rules: [emptyRule(1)], levels: [], badges: [], campaigns: [],
  caps: { dailyXp: '', dailyXpPerRule: '', minLessonSeconds: '', statementsPerMinute: '' },
});

export interface SchemeDefinition {
  names: LocalizedText;
  departmentIds: string[];
  rules: { id: string; verb: string | null; objectKind: string | null; points: number; multiplier: number | null; minScore: number | null; pointsPerGain: number | null }[];
  levels: { minXp: number; names: LocalizedText }[];
  badges: { id: string; criterion: string; names: LocalizedText; tiers: { tier: string; threshold: number }[] }[];
  campaigns: { id: string; names: LocalizedText; from: string; to: string; multiplier: number }[];
  caps: { dailyXp: number | null; dailyXpPerRule: number | null; minLessonSeconds: number | null; statementsPerMinute: number | null };
}

export const DEFINITION_FIELDS = graphql(`fragment DefinitionFields on RewardSchemeDefinition { names { zhCN en } departmentIds
  rules { id verb objectKind points multiplier minScore pointsPerGain }
  levels { minXp names { zhCN en } }
  badges { id criterion names { zhCN en } tiers { tier threshold } }
  campaigns { id names { zhCN en } from to multiplier }
  caps { dailyXp dailyXpPerRule minLessonSeconds statementsPerMinute } }`);

const str = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const num = (v: string) => (v.trim() === '' ? null : Number(v));
/** A datetime-local value ("2027-01-01T08:00") to an ISO instant in the browser's time zone. */
export const toInstant = (local: string) => (local ? new Date(local).toISOString() : null);
const toLocal = (iso: string) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

export function fromDefinition(id: string, d: SchemeDefinition): SchemeForm {
  return {
    id, zhCN: d.names.zhCN, en: d.names.en, departments: d.departmentIds.join(', '),
    rules: d.rules.map((r) => ({ id: r.id, verb: (r.verb ?? '').toUpperCase().replace(/-/g, '_'), objectKind: (r.objectKind ?? '').toUpperCase().replace(/-/g, '_'), points: str(r.points), multiplier: str(r.multiplier), minScore: str(r.minScore), pointsPerGain: str(r.pointsPerGain) })),
    levels: d.levels.map((l) => ({ minXp: str(l.minXp), zhCN: l.names.zhCN, en: l.names.en })),
    badges: d.badges.map((b) => ({ id: b.id, criterion: b.criterion as BadgeCriterion, zhCN: b.names.zhCN, en: b.names.en, threshold: str(b.tiers[0]?.threshold) })),
    campaigns: d.campaigns.map((c) => ({ id: c.id, zhCN: c.names.zhCN, en: c.names.en, from: toLocal(c.from), to: toLocal(c.to), multiplier: str(c.multiplier) })),
    caps: { dailyXp: str(d.caps.dailyXp), dailyXpPerRule: str(d.caps.dailyXpPerRule), minLessonSeconds: str(d.caps.minLessonSeconds), statementsPerMinute: str(d.caps.statementsPerMinute) },
  };
}

/** The SaveRewardSchemeInput for the form. */
export function toInput(form: SchemeForm): SaveRewardSchemeInput {
  return {
    id: form.id.trim(),
    scheme: {
      names: { zhCN: form.zhCN, en: form.en },
      departmentIds: form.departments.split(/[,，\s]+/).map((d) => d.trim()).filter(Boolean),
      rules: form.rules.map((r) => ({
        id: r.id.trim(), verb: (r.verb || null) as Verb | null, objectKind: (r.objectKind || null) as ObjectKind | null, points: num(r.points) ?? 0,
        multiplier: num(r.multiplier), minScore: num(r.minScore), pointsPerGain: num(r.pointsPerGain),
      })),
      levels: form.levels.length ? form.levels.map((l) => ({ minXp: num(l.minXp) ?? 0, names: { zhCN: l.zhCN, en: l.en } })) : null,
      badges: form.badges.length ? form.badges.map((b) => ({
        id: b.id.trim(), criterion: b.criterion as BadgeCriterion, names: { zhCN: b.zhCN, en: b.en }, descriptions: { zhCN: b.zhCN, en: b.en }, threshold: num(b.threshold),
      })) : null,
      campaigns: form.campaigns.length ? form.campaigns.map((c) => ({
        id: c.id.trim(), names: { zhCN: c.zhCN, en: c.en }, from: toInstant(c.from) ?? '', to: toInstant(c.to) ?? '', multiplier: num(c.multiplier) ?? 1,
      })) : null,
      caps: {
        dailyXp: num(form.caps.dailyXp), dailyXpPerRule: num(form.caps.dailyXpPerRule),
        minLessonSeconds: num(form.caps.minLessonSeconds), statementsPerMinute: num(form.caps.statementsPerMinute),
      },
    },
  };
}
