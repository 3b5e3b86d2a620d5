-- Team membership as rows, so the board projection can credit a team with the XP its members earn
-- from the moment they joined (a learner's earlier XP stays with the learner).

CREATE TABLE IF NOT EXISTS team_members (
    team_id     TEXT    NOT NULL,
    learner_id  TEXT    NOT NULL,
    joined_at   INTEGER NOT NULL,
    PRIMARY KEY (team_id, learner_id)
);
CREATE INDEX IF NOT EXISTS ix_team_members_learner ON team_members (learner_id);

-- When a membership stopped counting for the team: the member left, or the team's challenge ended. The boards credit a
-- team with XP earned from joined_at until (not including) this moment, so a rebuild from the ledger gives the same.
CREATE TABLE IF NOT EXISTS team_departures (
    team_id     TEXT    NOT NULL,
    learner_id  TEXT    NOT NULL,
    left_at     INTEGER NOT NULL,
    PRIMARY KEY (team_id, learner_id)
);
