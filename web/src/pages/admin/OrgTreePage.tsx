// The organisation tree for admins: bureaus and their departments at any depth, with rename, move, merge and
// deactivate/reactivate for the department chosen. Every refusal is shown with its code; the server decides what is allowed.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { GraphQLError, mutate } from '../../lib/graphql';
import { useAction, useQuery } from '../../lib/hooks';
import { ErrorBox, Field, Loading } from '../../components/ui';
import { graphql } from '../../gql';
import type { OrgTreeQuery } from '../../gql/graphql';
import type { MessageKey } from '../../i18n/zh-CN';

const OrgTree = graphql(`query OrgTree {
  departments(includeInactive: true) { id names { zhCN en } parent { id } active mergedInto { id } memberCount }
}`);

const Rename = graphql(`mutation RenameDepartment($input: UpdateDepartmentInput!) {
  updateDepartment(input: $input) { department { id } userErrors { code message field } }
}`);

const Move = graphql(`mutation MoveDepartmentUnder($input: MoveDepartmentInput!) {
  moveDepartment(input: $input) { department { id } userErrors { code message field } }
}`);

const Merge = graphql(`mutation MergeDepartmentInto($input: MergeDepartmentInput!) {
  mergeDepartment(input: $input) { merge { learnersMoved departmentsMoved } userErrors { code message field } }
}`);

const Create = graphql(`mutation CreateOrgDepartment($input: CreateDepartmentInput!) {
  createDepartment(input: $input) { department { id } userErrors { code message field } }
}`);

const Deactivate = graphql(`mutation DeactivateDepartment($id: ID!) {
  deactivateDepartment(id: $id) { department { id } userErrors { code message field } }
}`);

const Reactivate = graphql(`mutation ReactivateDepartment($id: ID!) {
  reactivateDepartment(id: $id) { department { id } userErrors { code message field } }
}`);

type Department = OrgTreeQuery['departments'][number];

/** What a refusal means, in the reader's language; the server's own message follows it. */
const hints: Record<string, MessageKey> = {
  DEPARTMENT_NOT_EMPTY: 'orgHintNotEmpty',
  DEPARTMENT_INACTIVE: 'orgHintInactive',
  BAD_USER_INPUT: 'orgHintBadInput',
  FORBIDDEN: 'orgHintForbidden',
};

export function OrgTreePage() {
  const { t, text } = useI18n();
  const tree = useQuery(OrgTree);
  const all = tree.data?.departments ?? [];
  const [chosenId, setChosenId] = useState('');
  const chosen = all.find((d) => d.id === chosenId) ?? null;
  const [done, setDone] = useState('');

  const act = useAction(async (what: () => Promise<string>) => {
    setDone('');
    setDone(await what());
    tree.reload();
  });
  const code = act.error instanceof GraphQLError ? act.error.code : '';

  const byParent = new Map<string, Department[]>();
  for (const d of all) {
    const key = d.parent?.id ?? '';
    byParent.set(key, [...(byParent.get(key) ?? []), d]);
  }
  const label = (d: Department) => `${text(d.names)} (${d.id})`;
  const active = all.filter((d) => d.active);

  const branch = (parentId: string, depth: number) => {
    const children = byParent.get(parentId) ?? [];
    if (children.length === 0 || depth > 64) return null;
    return (
      <ul className={depth === 0 ? 'org-tree' : undefined}>
        {children.map((d) => (
          <li key={d.id} data-testid={`org-${d.id}`}>
            <button type="button" className="link" aria-pressed={d.id === chosenId} onClick={() => { setChosenId(d.id); act.setError(null); setDone(''); }}>
              {text(d.names)}
            </button>{' '}
            <code className="small">{d.id}</code>{' '}
            <span className="muted small">{t('orgMembers', { count: d.memberCount })}</span>{' '}
            {!d.active && <span className="tag">{d.mergedInto ? t('orgMergedInto', { id: d.mergedInto.id }) : t('orgInactive')}</span>}
            {branch(d.id, depth + 1)}
          </li>
        ))}
      </ul>
    );
  };

  return (
    <>
      <h1>{t('orgTitle')}</h1>
      <p className="muted">{t('orgHelp')}</p>
      <Loading when={tree.loading && !tree.data} />
      <ErrorBox error={tree.error} />
      <div className="org-layout">
        <nav aria-label={t('orgTitle')}>{branch('', 0)}</nav>
        <section aria-labelledby="org-chosen">
          <Field label={t('orgDepartment')}>
            <select aria-label={t('orgDepartment')} value={chosenId} onChange={(e) => { setChosenId(e.target.value); act.setError(null); setDone(''); }}>
              <option value="">{t('orgChoose')}</option>
              {all.map((d) => <option key={d.id} value={d.id}>{label(d)}</option>)}
            </select>
          </Field>
          {done && <p className="feedback ok" role="status">{done}</p>}
          {act.error && hints[code] && <p className="error">{t(hints[code])}</p>}
          <ErrorBox error={act.error} />
          {chosen && (
            <Actions key={chosen.id} department={chosen} all={all} active={active} label={label} busy={act.busy}
              run={(what) => void act.call(what)} />
          )}
          <CreateForm active={active} label={label} busy={act.busy} run={(what) => void act.call(what)} />
        </section>
      </div>
    </>
  );
}

/** A new bureau (no parent) or department under an active one. */
function CreateForm({ active, label, busy, run }: Pick<ActionsProps, 'active' | 'label' | 'busy' | 'run'>) {
  const { t } = useI18n();
  const [id, setId] = useState('');
  const [zhCN, setZhCN] = useState('');
  const [en, setEn] = useState('');
  const [parentId, setParentId] = useState('');
  return (
    <form className="form card" aria-label={t('orgCreate')} onSubmit={(e) => {
      e.preventDefault();
      run(async () => {
        await mutate(Create, { input: { id: id.trim(), names: { zhCN: zhCN.trim(), en: en.trim() }, parentId: parentId || null } });
        setId(''); setZhCN(''); setEn('');
        return t('orgCreated', { id: id.trim() });
      });
    }}>
      <h3>{t('orgCreate')}</h3>
      <Field label={t('orgNewId')}><input value={id} maxLength={64} onChange={(e) => setId(e.target.value)} /></Field>
      <Field label={t('orgNameZh')}><input value={zhCN} maxLength={100} onChange={(e) => setZhCN(e.target.value)} /></Field>
      <Field label={t('orgNameEn')}><input value={en} maxLength={100} onChange={(e) => setEn(e.target.value)} /></Field>
      <Field label={t('orgParent')}>
        <select value={parentId} onChange={(e) => setParentId(e.target.value)}>
          <option value="">{t('orgTop')}</option>
          {active.map((d) => <option key={d.id} value={d.id}>{label(d)}</option>)}
        </select>
      </Field>
      <p className="actions"><button type="submit" disabled={busy || !id.trim() || !zhCN.trim()}>{t('orgCreateButton')}</button></p>
    </form>
  );
}

interface ActionsProps {
  department: Department;
  all: Department[];
  active: Department[];
  label: (d: Department) => string;
  busy: boolean;
  run: (what: () => Promise<string>) => void;
}

/** The forms for one department; keyed by it, so its fields start from that department's values. */
function Actions({ department, all, active, label, busy, run }: ActionsProps) {
  const { t } = useI18n();
  const [zhCN, setZhCN] = useState(department.names.zhCN);
  const [en, setEn] = useState(department.names.en);
  const [parentId, setParentId] = useState(department.parent?.id ?? '');
  const [intoId, setIntoId] = useState('');
  const others = active.filter((d) => d.id !== department.id);
  const submit = (what: () => Promise<string>) => (e: FormEvent) => { e.preventDefault(); run(what); };

  return (
    <>
      <h2 id="org-chosen">{label(department)}</h2>
      <form className="form card" aria-label={t('orgRename')} onSubmit={submit(async () => {
        await mutate(Rename, { input: { id: department.id, names: { zhCN, en } } });
        return t('orgRenamed');
      })}>
        <h3>{t('orgRename')}</h3>
        <Field label={t('orgNameZh')}><input value={zhCN} onChange={(e) => setZhCN(e.target.value)} /></Field>
        <Field label={t('orgNameEn')}><input value={en} onChange={(e) => setEn(e.target.value)} /></Field>
        <p className="actions"><button type="submit" disabled={busy}>{t('orgSaveNames')}</button></p>
      </form>
      <form className="form card" aria-label={t('orgMove')} onSubmit={submit(async () => {
        await mutate(Move, { input: { id: department.id, parentId: parentId || null } });
        return t('orgMoved');
      })}>
        <h3>{t('orgMove')}</h3>
        <Field label={t('orgNewParent')}>
          <select aria-label={t('orgNewParent')} value={parentId} onChange={(e) => setParentId(e.target.value)}>
            <option value="">{t('orgTop')}</option>
            {others.map((d) => <option key={d.id} value={d.id}>{label(d)}</option>)}
          </select>
        </Field>
        <p className="actions"><button type="submit" disabled={busy}>{t('orgMoveButton')}</button></p>
      </form>
      <form className="form card" aria-label={t('orgMerge')} onSubmit={submit(async () => {
        const data = await mutate(Merge, { input: { from: department.id, into: intoId } });
        const merge = data.mergeDepartment.merge;
        return t('orgMerged', { learners: merge?.learnersMoved ?? 0, departments: merge?.departmentsMoved ?? 0 });
      })}>
        <h3>{t('orgMerge')}</h3>
        <p className="muted small">{t('orgMergeHelp')}</p>
        <Field label={t('orgMergeInto')}>
          <select aria-label={t('orgMergeInto')} value={intoId} onChange={(e) => setIntoId(e.target.value)}>
            <option value="">{t('orgChoose')}</option>
            {all.filter((d) => d.id !== department.id).map((d) => <option key={d.id} value={d.id}>{label(d)}</option>)}
          </select>
        </Field>
        <p className="actions"><button type="submit" disabled={busy || intoId === ''}>{t('orgMergeButton')}</button></p>
      </form>
      <div className="card">
        <h3>{department.active ? t('orgDeactivate') : t('orgReactivate')}</h3>
        <p className="muted small">{department.active ? t('orgDeactivateHelp') : t('orgReactivateHelp')}</p>
        <p className="actions">
          {department.active
            ? <button type="button" disabled={busy} onClick={() => run(async () => { await mutate(Deactivate, { id: department.id }); return t('orgDeactivated'); })}>{t('orgDeactivateButton')}</button>
            : <button type="button" disabled={busy} onClick={() => run(async () => { await mutate(Reactivate, { id: department.id }); return t('orgReactivated'); })}>{t('orgReactivateButton')}</button>}
        </p>
      </div>
    </>
  );
}
