// Training records (学时): the GraphQL documents and helpers the learner's and the manager's record pages share.
import { graphql } from '../../gql';

export const CATEGORIES = ['ONLINE', 'WORKSHOP', 'EXPERT_LECTURE', 'BRAINSTORM'] as const;

/** This year and the two before it, in the browser's calendar (the server checks the year against the organisation's). */
export function recentYears(): number[] {
  const year = new Date().getFullYear();
  return [year, year - 1, year - 2];
}

export const TRAINING_RECORD = graphql(`query TrainingRecordPage($id: ID!, $year: Int!) {
  trainingRecord(learnerId: $id, year: $year) {
    year totalHours totalRequired meetsRequirement requirementFrom
    hours { category hours required short }
    packages { packageId title { zhCN en } completedAt timeOnTaskSeconds }
    sessions { planId sessionId kind hours attendedAt planTitle { zhCN en } sessionTitle { zhCN en } }
    brainstorms { brainstormId ideas votes won }
    claims { activityId verb objectId attestation occurredAt }
  }
}`);

export const ISSUE_CERTIFICATE = graphql(`mutation IssueTrainingCertificate($year: Int!) {
  issueTrainingCertificate(year: $year) { trainingCertificate { code url totalHours } userErrors { code message field } }
}`);

export const SHORTFALL = graphql(`query TrainingShortfall($departmentId: ID!, $year: Int!, $onlyShort: Boolean) {
  trainingShortfall(departmentId: $departmentId, year: $year, onlyShort: $onlyShort) {
    learnerId displayName record { totalHours totalRequired meetsRequirement hours { category hours required short } }
  }
  trainingRequirement(departmentId: $departmentId, year: $year) { departmentId hours { category hours } setBy setAt }
}`);

export const SET_REQUIREMENT = graphql(`mutation SetTrainingRequirement($input: SetTrainingRequirementInput!) {
  setTrainingRequirement(input: $input) { trainingRequirement { departmentId } userErrors { code message field } }
}`);
