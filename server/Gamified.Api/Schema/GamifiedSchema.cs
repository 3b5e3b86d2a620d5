using Gamified.Api.Activity;
using Gamified.Api.Analytics;
using Gamified.Api.Audit;
using Gamified.Api.Brainstorms;
using Gamified.Api.Plans;
using Gamified.Api.Content;
using Gamified.Api.FairPlay;
using Gamified.Api.Ledger;
using Gamified.Api.Challenges;
using Gamified.Api.Accounts;
using Gamified.Api.Departments;
using Gamified.Api.Leaderboards;
using Gamified.Api.Learners;
using Gamified.Api.Rewards;
using Gamified.Api.Teams;
using GraphQL.Types;

namespace Gamified.Api.Schema;

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        this.AddLearnerQueries();
        this.AddDepartmentQueries();
        this.AddTeamQueries();
        this.AddChallengeQueries();
        this.AddLedgerQueries();
        this.AddLedgerCheckpointQueries();
        this.AddAuditQueries();
        this.AddPackageQueries();
        Cmi5.Cmi5Fields.AddCmi5Queries(this);
        this.AddRewardSchemeQueries();
        this.AddLeaderboardQueries();
        this.AddAnyBoardQuery();
        this.AddAnalyticsQueries();
        this.AddSuspiciousActivityQueries();
        this.AddPlanQueries();
        this.AddPlanChangeQueries();
        this.AddBrainstormQueries();
        Records.TrainingRecordFields.AddTrainingRecordQueries(this);
        People.PeopleFields.AddPeopleQueries(this);
        this.AddServiceAccountQueries();
        Notifications.NotificationFields.AddNotificationQueries(this);
    }
}

public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        this.AddLearnerMutations();
        this.AddRevocationMutations();
        this.AddLedgerCheckpointMutations();
        this.AddDepartmentMutations();
        this.AddTeamMutations();
        this.AddChallengeMutations();
        this.AddActivityMutations();
        this.AddPackageMutations();
        Cmi5.Cmi5Fields.AddCmi5Mutations(this);
        this.AddRewardSchemeMutations();
        this.AddLeaderboardMutations();
        this.AddPlanMutations();
        this.AddPlanChangeMutations();
        this.AddBrainstormMutations();
        Records.TrainingRecordFields.AddTrainingRecordMutations(this);
        this.AddAccountMutations();
        this.AddServiceAccountMutations();
        People.PeopleFields.AddPeopleMutations(this);
        Notifications.NotificationFields.AddNotificationMutations(this);
        Common.MutationPayloads.Apply(this);
    }
}

public sealed class GamifiedSchema : GraphQL.Types.Schema
{
    public GamifiedSchema(IServiceProvider services, QueryType query, MutationType mutation, Live.SubscriptionType subscription) : base(services)
    {
        Subscription = subscription;
        Description = "Gamified: smart-government training as a fair, live competition.";
        Query = query;
        Mutation = mutation;
        // Implements UserError without being named by a field; an interface's types must be registered.
        RegisterType(typeof(Common.RefusalType));
    }
}
