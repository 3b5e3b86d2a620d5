// Training plans, offline sessions and brainstorms: the shapes both the learner and the manager pages read.
import type { LocalizedText } from './queries';
import { graphql } from '../../gql';
import type { IdeaFieldsFragment, PlanFieldsFragment, PlanProgressFieldsFragment, SessionFieldsFragment } from '../../gql/graphql';

/** The shapes below are the generated types of the fragments the pages select. */
export type TrainingSession = SessionFieldsFragment;

export type PlanProgress = PlanProgressFieldsFragment;

export interface SessionSeat { sessionId: string; registeredAt: string; attended: boolean; checkedInAt: string | null; waitingPosition?: number | null }

export type TrainingPlan = PlanFieldsFragment;

export const SESSION_FIELDS = graphql(`fragment SessionFields on TrainingSession { id kind titles { zhCN en } startsAt endsAt location capacity placesLeft registeredCount attendedCount isCheckInOpen hostId expertName required cancellableUntil waitingCount cancelledAt cancelReason }`);
export const PLAN_FIELDS = graphql(`fragment PlanFields on TrainingPlan { id titles { zhCN en } goals { zhCN en } departmentIds packageIds deadline required status statusReason revision sessions { ...SessionFields } }`);
export const PROGRESS_FIELDS = graphql(`fragment PlanProgressFields on PlanProgress { planId learnerId departmentId completedPackages totalPackages completedPackageIds isComplete isOverdue completedLate deadline attendedSessionIds requiredSessionIds }`);

export const MY_PLANS = graphql(`query MyTrainingPlans { myTrainingPlans {
  plan { ...PlanFields }
  progress { ...PlanProgressFields }
  seats { sessionId registeredAt attended checkedInAt waitingPosition }
} }`);

export type Idea = IdeaFieldsFragment;

export interface Brainstorm {
  id: string;
  titles: LocalizedText;
  question: LocalizedText;
  departmentIds: string[];
  opensAt: string;
  closesAt: string;
  isOpen: boolean;
  finalisedAt: string | null;
  votesPerLearner: number;
  myVotesLeft: number | null;
  winnerCount: number;
  ideaCount: number;
  ideas: Idea[];
}

export const IDEA_FIELDS = graphql(`fragment IdeaFields on Idea { id text departmentId mine votes rank hidden hiddenReason authorId authorName submittedAt }`);
export const BRAINSTORM_FIELDS = graphql(`fragment BrainstormFields on Brainstorm { id titles { zhCN en } question { zhCN en } departmentIds opensAt closesAt isOpen finalisedAt votesPerLearner myVotesLeft winnerCount ideaCount }`);
