// Opens a usersync report.html from disk in Debian's headless Chromium and checks what a reader
// sees:
//
//   node check-report.mjs REPORT.html EXPECTATIONS.json SCREENSHOT.png
//
// Fails (exit 1, one line per problem) on any console error, page error or request other than
// the file itself, and when the rendered page disagrees with EXPECTATIONS.json:
//
//   run_id, status          the header
//   changes, actions        the counts of summary.json, as shown in the summary panel
//   users                   how many users the table holds under "all actions"
//   default_total           how many rows the table lists as opened (the changed users)
//   search {text, usernames}    typing text in the search box lists exactly these users
//   filter {action, count}      choosing the action lists that many users, all with that action
//   detail {username, before, after, changed, groups_added, groups_removed}
//                           clicking the user opens the detail view with these values (null
//                           shows as an em dash) and exactly the `changed` attributes highlighted
//
// Every key is optional. Saves a full-page screenshot to SCREENSHOT.png and the open detail view
// to SCREENSHOT with "-detail" before ".png"; prints how long the page took to render and to
// search (for information: nothing is timed against a limit).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [reportArg, expectArg, shotArg] = process.argv.slice(2);
if (!shotArg) {
  console.error('usage: check-report.mjs REPORT.html EXPECTATIONS.json SCREENSHOT.png');
  process.exit(2);
}
const url = pathToFileURL(path.resolve(reportArg)).href;
const want = JSON.parse(readFileSync(expectArg, 'utf8'));
const problems = [];
const fail = (message) => problems.push(message);
const same = (got, expected, what) => {
  if (JSON.stringify(got) !== JSON.stringify(expected))
    fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
};
const number = (text) => (text == null ? null : Number(String(text).replace(/,/g, '')));

// The flags keep Chromium from calling home (this machine's network is closed anyway); as root
// it needs --no-sandbox.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') fail(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  page.on('request', (r) => { if (r.url().split('#')[0] !== url) fail(`request for ${r.url()}`); });

  await page.goto(url, { waitUntil: 'load', timeout: 120000 });
  await page.waitForSelector('#users-panel[data-ready="true"]', { timeout: 120000 });
  // The page's own clock: from the start of the navigation to the table's first rows, and to the
  // first paint after them.
  const timing = await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(() => {
    const rendered = performance.getEntriesByName('users-table-rendered')[0]?.startTime ?? NaN;
    const paint = performance.getEntriesByType('paint').map((p) => p.startTime).filter((t) => t >= rendered);
    done({ rendered: Math.round(rendered), painted: Math.round(paint.length ? Math.min(...paint) : performance.now()) });
  }))));
  const total = () => page.$eval('#count', (e) => Number(e.dataset.total));
  const rowNames = () => page.$$eval('#user-table tbody tr', (rows) => rows.map((r) => r.dataset.username));
  // Waits until the table has been filtered to `n` users (a large report waits for a typing pause).
  const settle = (n) => page.waitForFunction((k) => document.querySelector('#count').dataset.total === String(k), n,
                                             { timeout: 60000 }).catch(() => {});

  if ('run_id' in want) same(await page.$eval('h1', (e) => e.textContent.match(/Run (\d+)/)?.[1]), String(want.run_id), 'run id');
  if ('status' in want) same(await page.$eval('[data-status]', (e) => e.dataset.status), want.status, 'status');
  for (const [kind, n] of Object.entries(want.changes || {}))
    same(number(await page.$eval(`[data-change-kind="${kind}"]`, (e) => e.textContent).catch(() => null)), n, `${kind} count`);
  for (const [action, n] of Object.entries(want.actions || {}))
    same(number(await page.$eval(`.tiles [data-action="${action}"]`, (e) => e.textContent).catch(() => null)), n, `${action} count`);
  if ('default_total' in want) same(await total(), want.default_total, 'rows listed as the page opens');
  await page.screenshot({ path: shotArg, fullPage: true });

  await page.selectOption('#action-filter', '');
  if ('users' in want) {
    await settle(want.users);
    same(await total(), want.users, 'users under all actions');
  }

  let searchMs = null;
  if (want.search) {
    // From the input event to the filtered table, on the page's clock (a large report also waits
    // for a pause in typing first: that delay is included).
    const typed = await page.evaluate((text) => {
      const box = document.getElementById('search');
      box.value = text;
      const t = performance.now();
      box.dispatchEvent(new Event('input', { bubbles: true }));
      return t;
    }, want.search.text);
    await settle(want.search.usernames.length);
    searchMs = Math.round(await page.evaluate(() => performance.getEntriesByName('users-filtered').at(-1).startTime) - typed);
    same(await rowNames(), want.search.usernames, `users found by "${want.search.text}"`);
    await page.fill('#search', '');
    if ('users' in want) await settle(want.users);
  }

  if (want.filter) {
    await page.selectOption('#action-filter', want.filter.action);
    await settle(want.filter.count);
    same(await total(), want.filter.count, `users with action ${want.filter.action}`);
    const actions = await page.$$eval('#user-table tbody td[data-action]', (cells) => cells.map((c) => c.dataset.action));
    same(actions.length, Math.min(100, want.filter.count), `rows on the first page of ${want.filter.action}`);
    if (actions.some((a) => a !== want.filter.action)) fail(`the ${want.filter.action} filter lists other actions: ${actions}`);
    await page.selectOption('#action-filter', '');
  }

  if (want.detail) {
    const d = want.detail;
    await page.fill('#search', d.username);
    const row = page.locator('#user-table tbody tr').filter({ has: page.getByRole('button', { name: d.username, exact: true }) });
    await row.first().waitFor({ timeout: 60000 }).catch(() => {});
    if (await row.count() !== 1) {
      fail(`no single row for ${d.username}`);
    } else {
      await row.getByRole('button', { name: d.username, exact: true }).click();
      await page.waitForSelector('#detail[open]', { timeout: 10000 });
      same(await page.$eval('#detail-title', (e) => e.firstChild.textContent), d.username, 'detail view title');
      const shown = await page.$$eval('#detail .compare tbody tr', (rows) => rows.map((r) => ({
        attr: r.dataset.attr, changed: r.classList.contains('changed'),
        before: r.querySelector('td.before').textContent, after: r.querySelector('td.after').textContent })));
      const byAttr = Object.fromEntries(shown.map((r) => [r.attr, r]));
      const text = (v) => (v === null || v === undefined ? '—' : String(v));
      for (const [side, values] of [['before', d.before], ['after', d.after]])
        for (const [attr, v] of Object.entries(values || {}))
          same(byAttr[attr]?.[side], text(v), `${d.username}: ${attr} ${side}`);
      if (d.changed) same(shown.filter((r) => r.changed).map((r) => r.attr).sort(), [...d.changed].sort(), `${d.username}: changed attributes`);
      for (const [key, names] of [['added', d.groups_added], ['removed', d.groups_removed]]) {
        if (!names) continue;
        const got = await page.$eval(`#detail [data-groups="${key}"]`, (e) => [...e.querySelectorAll('.chip .g')].map((c) => c.textContent));
        same(got, names, `${d.username}: groups ${key}`);
      }
      await page.screenshot({ path: shotArg.replace(/\.png$/, '') + '-detail.png' });
      await page.keyboard.press('Escape');
      await page.waitForSelector('#detail:not([open])', { state: 'attached', timeout: 10000 }).catch(() => fail('Escape does not close the detail view'));
    }
  }
  console.log(`check-report: ${path.basename(reportArg)}: table rendered ${timing.rendered} ms after navigation, ` +
              `painted at ${timing.painted} ms` +
              (searchMs === null ? '' : `, a search took ${searchMs} ms`));
} finally {
  await browser.close();
}
if (problems.length) {
  for (const p of problems) console.error(`check-report: ${p}`);
  process.exit(1);
}
