#!/usr/bin/env node
// Breaking-change check of the GraphQL contract: compares schema.graphql in the working tree with the one of a base
// commit and fails on a breaking change that docs/CHANGES.md does not list.
//
//   node ops/schema-check/check.mjs                     base: $GAMIFIED_SCHEMA_BASE, else the merge base with main
//                                                       (on another branch), else HEAD~1
//   node ops/schema-check/check.mjs --base <rev>
//   node ops/schema-check/check.mjs --old a.graphql --new b.graphql --changes CHANGES.md [--old-changes OLD.md]
//
// A breaking change is accepted when a line added to docs/CHANGES.md since the base (a line the base's CHANGES.md does
// not have), under a "## " heading, names its path in backticks: `Query.foo`, `Department.totalXp`, `Query.foo.first`
// (a listed field also covers its arguments). Lines that were already there do not count: each break is listed by the
// change that makes it.
//
// Exit codes: 0 no unlisted breaking change (or no base to compare with: said on stdout, starting with "skipped:");
// 1 unlisted breaking changes; 2 bad usage or an unreadable schema.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import { CriticalityLevel, diff } from '@graphql-inspector/core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function usage(message) {
  console.error(message);
  console.error('usage: check.mjs [--base REV] | --old FILE --new FILE --changes FILE [--old-changes FILE]');
  process.exit(2);
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    if (!['--base', '--old', '--new', '--changes', '--old-changes'].includes(name)) usage(`unknown argument ${name}`);
    if (i + 1 >= argv.length) usage(`${name} needs a value`);
    options[name.slice(2)] = argv[++i];
  }
  return options;
}

function git(...args) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function tryGit(...args) {
  try {
    return git(...args);
  } catch {
    return null;
  }
}

/** The base commit to compare with, or null (with the reason) when there is none. */
function findBase(requested) {
  if (tryGit('rev-parse', '--git-dir') === null) return { reason: 'not a git checkout' };
  let base = requested ?? process.env.GAMIFIED_SCHEMA_BASE;
  if (!base) {
    const branch = tryGit('rev-parse', '--abbrev-ref', 'HEAD')?.trim();
    const main = tryGit('rev-parse', '--verify', '--quiet', 'main^{commit}')?.trim();
    const head = tryGit('rev-parse', 'HEAD')?.trim();
    if (branch && branch !== 'main' && main && main !== head) {
      base = tryGit('merge-base', 'HEAD', 'main')?.trim();
      if (base === head) base = undefined; // main is ahead of this branch: compare with this branch's own parent
    }
    base ??= 'HEAD~1';
  }
  let commit = tryGit('rev-parse', '--verify', '--quiet', `${base}^{commit}`)?.trim();
  if (!commit && tryGit('rev-parse', '--is-shallow-repository')?.trim() === 'true') {
    // A shallow clone (CI often clones with depth 1): fetch one more commit of history, if a remote is there.
    tryGit('fetch', '--quiet', '--deepen=1');
    commit = tryGit('rev-parse', '--verify', '--quiet', `${base}^{commit}`)?.trim();
  }
  return commit ? { commit, name: base } : { reason: `there is no commit ${base} (first commit, or a shallow clone)` };
}

function readSchema(text, where) {
  try {
    return buildSchema(text, { assumeValidSDL: false });
  } catch (problem) {
    console.error(`${where} is not a valid GraphQL schema: ${problem.message}`);
    process.exit(2);
  }
}

/** The paths in backticks on lines of CHANGES.md under a "## " heading that the old CHANGES.md does not have. */
function listedPaths(changes, oldChanges) {
  const before = new Set(oldChanges.split('\n').map(line => line.trim()));
  const paths = new Set();
  let underHeading = false;
  let inExample = false;
  for (const line of changes.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inExample = !inExample;
    if (inExample) continue; // the format's example, not an entry
    if (/^##\s/.test(line)) underHeading = true;
    else if (/^#\s/.test(line)) underHeading = false;
    if (!underHeading || before.has(line.trim())) continue;
    for (const match of line.matchAll(/`([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)`/g)) paths.add(match[1]);
  }
  return paths;
}

/** A listed path covers the change's own path, and a listed field (Type.field) covers its arguments. */
function isListed(path, listed) {
  if (!path) return false;
  const parts = path.split('.');
  for (let n = parts.length; n >= Math.min(2, parts.length); n--) {
    if (listed.has(parts.slice(0, n).join('.'))) return true;
  }
  return false;
}

const options = parseArgs(process.argv.slice(2));
let oldText, newText, changes, oldChanges, baseName;
if (options.old || options.new || options.changes) {
  if (!options.old || !options.new || !options.changes) usage('--old, --new and --changes go together');
  oldText = readFileSync(options.old, 'utf8');
  newText = readFileSync(options.new, 'utf8');
  changes = readFileSync(options.changes, 'utf8');
  oldChanges = options['old-changes'] ? readFileSync(options['old-changes'], 'utf8') : '';
  baseName = options.old;
} else {
  const base = findBase(options.base);
  if (!base.commit) {
    console.log(`skipped: no base schema to compare with: ${base.reason}.`);
    process.exit(0);
  }
  oldText = tryGit('show', `${base.commit}:schema.graphql`);
  if (oldText === null) {
    console.log(`skipped: ${base.name} (${base.commit.slice(0, 12)}) has no schema.graphql.`);
    process.exit(0);
  }
  newText = readFileSync(join(root, 'schema.graphql'), 'utf8');
  const changesFile = join(root, 'docs', 'CHANGES.md');
  changes = existsSync(changesFile) ? readFileSync(changesFile, 'utf8') : '';
  oldChanges = tryGit('show', `${base.commit}:docs/CHANGES.md`) ?? '';
  baseName = `${base.name} (${base.commit.slice(0, 12)})`;
}

const found = await diff(readSchema(oldText, `the schema of ${baseName}`), readSchema(newText, 'schema.graphql'));
const listed = listedPaths(changes.replace(/\r\n/g, '\n'), oldChanges.replace(/\r\n/g, '\n'));
const order = { [CriticalityLevel.Breaking]: 0, [CriticalityLevel.Dangerous]: 1, [CriticalityLevel.NonBreaking]: 2 };
found.sort((a, b) => order[a.criticality.level] - order[b.criticality.level] || (a.path ?? '').localeCompare(b.path ?? ''));

console.log(`schema.graphql against ${baseName}: ${found.length} change(s).`);
const unlisted = [];
for (const change of found) {
  const breaking = change.criticality.level === CriticalityLevel.Breaking;
  const accepted = breaking && isListed(change.path, listed);
  if (breaking && !accepted) unlisted.push(change);
  const label = breaking ? (accepted ? 'BREAKING (listed)' : 'BREAKING') : change.criticality.level;
  console.log(`  ${label.padEnd(17)} ${(change.path ?? '').padEnd(40)} ${change.message}`);
}

if (unlisted.length > 0) {
  console.log('');
  console.log(`${unlisted.length} breaking change(s) not listed in docs/CHANGES.md: ${unlisted.map(c => c.path ?? c.message).join(', ')}`);
  console.log('Clients break on these. Make the change additive (a new field beside the old one, deprecated), or list each path');
  console.log('in backticks under a "## " heading for the change in docs/CHANGES.md, saying what clients must do.');
  process.exit(1);
}
console.log('No unlisted breaking change.');
