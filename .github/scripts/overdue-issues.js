// Opens or updates one issue per department whose data is overdue, and closes the
// issue of a department that caught up. .github/workflows/overdue.yml runs it with
// actions/github-script on the records of `shuyuan overdue --format json`; the
// generator/cli test TestOverdueIssuesScript runs it with node against a fake API.
//
// An issue belongs to a department by the marker <!-- shuyuan-overdue:ID --> in
// its body and carries the label LABEL; issues without both are never touched.
'use strict';

const LABEL = 'overdue-data';

// marker names the department an issue is about.
const marker = (id) => `<!-- shuyuan-overdue:${id} -->`;
const markerRe = /<!-- shuyuan-overdue:([a-z0-9][a-z0-9-]*) -->/;

// cell makes text safe inside a Markdown table cell.
const cell = (s) => String(s ?? '').replace(/[|\r\n]/g, ' ');

// name is a department's name in Chinese and English, or its id.
const name = (d) => [d.name?.zh, d.name?.en].filter(Boolean).join(' / ') || d.id;

// title is the issue title of a department record.
const title = (d) => `Overdue data: ${name(d)} (${d.items.length})`;

// body is the issue text of a department record on the date now. It names no
// day count, so the issue changes only when what is overdue changes.
function body(d, records) {
  const prefix = records.catalog ? records.catalog.replace(/\/?$/, '/') : '';
  const lines = [
    marker(d.id),
    `The data of **${cell(name(d))}** (\`${d.id}\`) is overdue: ` +
      'more than twice its update period has passed since its last update. ' +
      'Update the data and its date (`update.last_modified` of a dataset, `update.last_updated` of an element), ' +
      'or correct `update.frequency`, in a pull request. ' +
      '本部门以下数据已超过两个更新周期未更新：请更新数据及其日期，或更正更新频率。',
    '',
  ];
  if (d.team) lines.push(`Owners: ${d.team}`, '');
  if (d.contact) lines.push(`Contact: ${d.contact}`, '');
  lines.push('| kind | id | title | file | frequency | last updated | due |', '|---|---|---|---|---|---|---|');
  for (const it of d.items) {
    lines.push(`| ${it.kind} | \`${cell(it.id)}\` | ${cell(it.title?.zh)} ${cell(it.title?.en)} | \`${cell(prefix + it.file)}\` | ${it.frequency} | ${it.last_updated} | ${it.due} |`);
  }
  lines.push('', `Listed by \`shuyuan overdue\` on ${records.now}; this issue is updated every day and closed when nothing of this department is overdue.`);
  return lines.join('\n');
}

module.exports = async function run({ github, context, core, records }) {
  const { owner, repo } = context.repo;
  try {
    await github.rest.issues.getLabel({ owner, repo, name: LABEL });
  } catch (e) {
    if (e.status !== 404) throw e;
    await github.rest.issues.createLabel({ owner, repo, name: LABEL, color: 'b60205',
      description: 'A department whose data is overdue (shuyuan overdue)' });
  }
  const open = await github.paginate(github.rest.issues.listForRepo,
    { owner, repo, state: 'open', labels: LABEL, per_page: 100 });
  const issues = new Map();
  for (const issue of open) {
    if (issue.pull_request) continue;
    const m = markerRe.exec(issue.body || '');
    if (m && !issues.has(m[1])) issues.set(m[1], issue);
  }
  const overdue = new Set();
  for (const d of records.departments) {
    overdue.add(d.id);
    const t = title(d);
    const b = body(d, records);
    const issue = issues.get(d.id);
    if (!issue) {
      const { data } = await github.rest.issues.create({ owner, repo, title: t, body: b, labels: [LABEL] });
      core.info(`${d.id}: opened #${data.number}`);
    } else if (issue.title !== t || issue.body !== b) {
      await github.rest.issues.update({ owner, repo, issue_number: issue.number, title: t, body: b });
      core.info(`${d.id}: updated #${issue.number}`);
    } else {
      core.info(`${d.id}: #${issue.number} is current`);
    }
  }
  for (const [id, issue] of issues) {
    if (overdue.has(id)) continue;
    await github.rest.issues.createComment({ owner, repo, issue_number: issue.number,
      body: `Nothing of \`${id}\` is overdue on ${records.now}: closing. 数据已按期更新，关闭此问题。` });
    await github.rest.issues.update({ owner, repo, issue_number: issue.number, state: 'closed', state_reason: 'completed' });
    core.info(`${id}: closed #${issue.number}`);
  }
};
