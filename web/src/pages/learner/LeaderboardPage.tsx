// Leaderboards: everyone, my department, teams, departments by each measure; all live through leaderboardChanged.
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { subscribe } from '../../lib/live';
import { hasRole } from '../../lib/session';
import { ErrorBox, Loading } from '../../components/ui';
import type { PageProps } from '../../routes';
import { DEPARTMENTS, type DepartmentName } from './queries';
import { graphql } from '../../gql';
import type { LeaderboardWindow } from '../../gql/graphql';

const WINDOWS = ['ALL_TIME', 'TODAY', 'THIS_WEEK', 'THIS_MONTH'] as const;
const MEASURES = ['XP_PER_ACTIVE_LEARNER', 'PARTICIPATION_RATE', 'AVERAGE_LEARNING_GAIN', 'TOTAL_XP'] as const;
type Board = 'everyone' | 'department' | 'teams' | 'departments';

export function LeaderboardPage({ session }: PageProps) {
  const { t } = useI18n();
  const [board, setBoard] = useState<Board>('everyone');
  const [window, setWindow] = useState<(typeof WINDOWS)[number]>('ALL_TIME');
  const isLearner = hasRole(session, 'learner') && session.roles.includes('learner');
  const me = useQuery(
    graphql(`query MyDepartment($id: ID!) { learner(id: $id) { departmentId } }`), { id: session.subject }, !isLearner);
  const departmentId = me.data?.learner?.departmentId ?? null;
  const departments = useQuery(DEPARTMENTS);

  const tabs: { id: Board; label: string }[] = [
    { id: 'everyone', label: t('boardEveryone') },
    ...(departmentId ? [{ id: 'department' as const, label: t('boardMyDepartment') }] : []),
    { id: 'teams', label: t('boardTeams') },
    { id: 'departments', label: t('boardDepartments') },
  ];
  return (
    <>
      <h1>{t('leaderboardTitle')}</h1>
      <div className="toolbar">
        <div role="tablist" aria-label={t('leaderboardTitle')} className="tabs">
          {tabs.map((tab) => (
            <button key={tab.id} type="button" role="tab" aria-selected={board === tab.id} onClick={() => setBoard(tab.id)}>{tab.label}</button>
          ))}
        </div>
        <label className="inline">
          <span>{t('window')}</span>
          <select value={window} onChange={(e) => setWindow(e.target.value as typeof window)}>
            {WINDOWS.map((w) => <option key={w} value={w}>{t(`window${w}` as const)}</option>)}
          </select>
        </label>
      </div>
      {board === 'departments' && <DepartmentBoard window={window} />}
      {board === 'teams' && <TeamBoard window={window} />}
      {(board === 'everyone' || board === 'department') && <LearnerBoard window={window} departmentId={board === 'department' ? departmentId : null} ranked={isLearner}
          names={departments.data?.departments ?? []} />}
    </>
  );
}

function LearnerBoard({ window, departmentId, ranked, names }: {
  window: LeaderboardWindow; departmentId: string | null; ranked: boolean; names: DepartmentName[];
}) {
  const { t, text } = useI18n();
  const board = useQuery(
    graphql(`query LearnerLeaderboard($window: LeaderboardWindow, $departmentId: ID) { learnerLeaderboard(window: $window, departmentId: $departmentId, first: 20) { totalCount edges { node { rank score name departmentId isMe change } } } }`),
    { window, departmentId });
  const mine = useQuery(
    graphql(`query MyRank($window: LeaderboardWindow, $departmentOnly: Boolean) { myRank(window: $window, departmentOnly: $departmentOnly, around: 2) { me { rank score name isMe } above { rank score name isMe } below { rank score name isMe } } }`),
    { window, departmentOnly: departmentId !== null }, !ranked);
  const { reload: reloadBoard } = board;
  const { reload: reloadMine } = mine;
  const live = useBoardChanges(window, departmentId ? { kind: 'DEPARTMENT_LEARNERS', departmentId } : { kind: 'LEARNERS' },
    useCallback(() => { reloadBoard(); reloadMine(); }, [reloadBoard, reloadMine]));

  const departmentName = (id: string | null) => (id ? text(names.find((d) => d.id === id)?.names) || id : '');
  const myRank = mine.data?.myRank;
  return (
    <>
      {ranked && (
        <section className="card my-rank" aria-live="polite">
          <p id="my-rank">{myRank ? t('myRank', { n: myRank.me.rank }) : t('notRanked')}</p>
          {myRank && (
            <>
              <h2>{t('aroundMe')}</h2>
              <ol className="around">
                {[...myRank.above, myRank.me, ...myRank.below].map((s) => (
                  <li key={s.rank} className={s.isMe ? 'me' : undefined}><span>#{s.rank}</span> <span>{s.isMe ? `${s.name}（${t('me')}）` : s.name}</span> <span>{s.score}</span></li>
                ))}
              </ol>
            </>
          )}
        </section>
      )}
      <LiveDot live={live} />
      <Loading when={board.loading && !board.data} />
      <ErrorBox error={board.error} />
      <div className="table-wrap" tabIndex={0}>
        <table id="learner-board">
          <thead><tr><th scope="col">{t('rank')}</th><th scope="col">{t('name')}</th><th scope="col">{t('department')}</th><th scope="col">{t('points')}</th><th scope="col">{t('rankChange')}</th></tr></thead>
          <tbody>
            {board.data?.learnerLeaderboard.edges.map(({ node }) => (
              <tr key={node.rank} className={node.isMe ? 'me' : undefined}>
                <td>{node.rank}</td><td>{node.name}{node.isMe ? `（${t('me')}）` : ''}</td><td>{departmentName(node.departmentId)}</td><td>{node.score}</td>
                <td><RankChange change={node.change} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function DepartmentBoard({ window }: { window: LeaderboardWindow }) {
  const { t, text } = useI18n();
  const [measure, setMeasure] = useState<(typeof MEASURES)[number]>('XP_PER_ACTIVE_LEARNER');
  const board = useQuery(
    graphql(`query DepartmentLeaderboard($measure: DepartmentMeasure, $window: LeaderboardWindow) { departmentLeaderboard(measure: $measure, window: $window) { rank departmentId names { zhCN en } value activeLearners members grouped } }`),
    { measure, window });
  const live = useBoardChanges(window, { kind: 'DEPARTMENTS', measure }, board.reload);
  const format = (v: number) => (measure === 'PARTICIPATION_RATE' || measure === 'AVERAGE_LEARNING_GAIN' ? `${Math.round(v * 100)}%` : Math.round(v * 10) / 10);
  return (
    <>
      <label className="inline">
        <span>{t('measure')}</span>
        <select value={measure} onChange={(e) => setMeasure(e.target.value as typeof measure)}>
          {MEASURES.map((m) => <option key={m} value={m}>{t(`measure${m}` as const)}</option>)}
        </select>
      </label>
      <LiveDot live={live} />
      <Loading when={board.loading && !board.data} />
      <ErrorBox error={board.error} />
      <div className="table-wrap" tabIndex={0}>
        <table>
          <thead><tr><th scope="col">{t('rank')}</th><th scope="col">{t('department')}</th><th scope="col">{t(`measure${measure}` as const)}</th><th scope="col">{t('activeLearners')}</th><th scope="col">{t('members')}</th></tr></thead>
          <tbody>
            {board.data?.departmentLeaderboard.map((d) => (
              <tr key={d.rank + (d.departmentId ?? '*')}>
                <td>{d.rank}</td><td>{d.grouped ? t('otherDepartments') : text(d.names)}</td><td>{format(d.value)}</td><td>{d.activeLearners}</td><td>{d.members}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function TeamBoard({ window }: { window: LeaderboardWindow }) {
  const { t, text } = useI18n();
  const board = useQuery(
    graphql(`query TeamLeaderboard($window: LeaderboardWindow) { teamLeaderboard(window: $window, first: 20) { edges { node { rank score teamId names { zhCN en } members change } } } }`),
    { window });
  const live = useBoardChanges(window, { kind: 'TEAMS' }, board.reload);
  return (
    <>
      <LiveDot live={live} />
      <Loading when={board.loading && !board.data} />
      <ErrorBox error={board.error} />
      <div className="table-wrap" tabIndex={0}>
        <table id="team-board">
          <thead><tr><th scope="col">{t('rank')}</th><th scope="col">{t('team')}</th><th scope="col">{t('members')}</th><th scope="col">{t('points')}</th><th scope="col">{t('rankChange')}</th></tr></thead>
          <tbody>
            {board.data?.teamLeaderboard.edges.map(({ node }) => (
              <tr key={node.teamId}>
                <td>{node.rank}</td><td>{text(node.names)}</td><td>{node.members}</td><td>{node.score}</td><td><RankChange change={node.change} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

type BoardArgument = { kind: 'LEARNERS' | 'TEAMS' } | { kind: 'DEPARTMENT_LEARNERS'; departmentId: string } | { kind: 'DEPARTMENTS'; measure: string };

/** Calls onChange whenever the board moves (at most every 500 ms); answers whether the subscription is live. */
function useBoardChanges(window: LeaderboardWindow, board: BoardArgument, onChange: () => void): boolean {
  const [live, setLive] = useState(false);
  const key = JSON.stringify(board);
  useEffect(() => {
    setLive(false);
    return subscribe<{ leaderboardChanged: { version: number } }>(
      `subscription($window: LeaderboardWindow, $board: LeaderboardInput) { leaderboardChanged(window: $window, board: $board) { version } }`,
      { window, board: JSON.parse(key) },
      () => { setLive(true); onChange(); },
      () => setLive(false));
  }, [window, key, onChange]);
  return live;
}

function LiveDot({ live }: { live: boolean }) {
  const { t } = useI18n();
  return <p className="muted"><span className={live ? 'dot on' : 'dot'} aria-hidden /> {t('live')}</p>;
}

/** Places gained or lost since the day began; "new" for a place that was not on the board this morning. */
function RankChange({ change }: { change: number | null }) {
  const { t } = useI18n();
  if (change === null) return <span className="change new">{t('rankNew')}</span>;
  if (change === 0) return <span className="change" aria-label={t('rankSame')}>–</span>;
  return change > 0
    ? <span className="change up" aria-label={t('rankUp', { n: change })}>▲{change}</span>
    : <span className="change down" aria-label={t('rankDown', { n: -change })}>▼{-change}</span>;
}
