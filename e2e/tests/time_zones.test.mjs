// Time zones (SPEC X-3, issue 13): every time a person reads is in the organization's zone,
// whatever the browser's, and the page says which zone it is.
// - the operator registers an organization in Vladivostok (UTC+10, no daylight saving); its
//   organizer activates and creates two patient cards (events in the audit log);
// - the organizer's browser is in New York (UTC-5 in winter, UTC-4 in summer: 14 or 15 hours
//   behind): `GET /me` names the organization's zone, and the audit page shows each event at
//   Vladivostok's wall clock, never New York's, with "Часовой пояс: UTC+10";
// - a day filter of the audit page is a Vladivostok day: its first instant is 14:00 UTC the
//   day before.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { freePort, startApp } from '../lib/app.mjs';
import { launchBrowser } from '../lib/browser.mjs';
import { checkPage } from '../lib/check.mjs';
import { activationLink, outboxFiles, waitForEmail } from '../lib/outbox.mjs';
import { ui } from '../lib/ui.mjs';

const run = promisify(execFile);
const PASSWORD = 'onco-demo-2026';
const OPERATOR = 'operator@demo.oncocenter.local';
const ORGANIZER = { email: 'kim@vvo-onco.test', password: 'Vladivostok-2026!' };
const ORG_ZONE = 'Asia/Vladivostok';
const BROWSER_ZONE = 'America/New_York';

let app;
let browser;
let goto, login;

before(async () => {
  const port = await freePort();
  app = await startApp({ env: { ONCOCENTER_BIND: `127.0.0.1:${port}` } });
  await run(app.bin, ['demo-seed'], {
    env: { ...process.env, ONCOCENTER_DATA_DIR: app.dataDir, ONCOCENTER_BIND: new URL(app.baseUrl).host },
  });
  browser = await launchBrowser();
  ({ goto, login } = ui(app));
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

// A JSON call of the API as a client would make it; the parsed answer (or null for 204).
async function api(method, path, { token, body, expect = [200, 201, 202, 204] } = {}) {
  const headers = { Accept: 'application/json', Origin: app.baseUrl };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${app.baseUrl}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(expect.includes(res.status), `${method} ${path} → ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

async function apiLogin(email, password) {
  return (await api('POST', '/auth/login', { body: { email, password } })).access_token;
}

// "HH:MM" of an instant at a fixed offset from UTC, by arithmetic (no time-zone database).
function wallClock(at, offsetHours) {
  const t = new Date(new Date(at).getTime() + offsetHours * 3_600_000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

describe('times are read in the organization’s zone', () => {
  test('a browser in New York reads Vladivostok’s wall clock and is told so', async () => {
    // --- An organization in Vladivostok, its organizer activated.
    const operator = await apiLogin(OPERATOR, PASSWORD);
    const seen = outboxFiles(app.dataDir);
    await api('POST', '/operator/organizations', {
      token: operator,
      body: {
        name: 'Приморский краевой онкологический диспансер',
        time_zone: ORG_ZONE,
        organizer_email: ORGANIZER.email,
        last_name: 'Ким',
        first_name: 'Олег',
      },
    });
    const mail = await waitForEmail(app.dataDir, ORGANIZER.email, { seen });
    const token = new URL(activationLink(mail)).hash.replace(/^#token=/, '');
    await api('POST', `/invitations/${token}/accept`, { body: { password: ORGANIZER.password } });
    const organizer = await apiLogin(ORGANIZER.email, ORGANIZER.password);
    const me = await api('GET', '/me', { token: organizer });
    assert.equal(me.time_zone, ORG_ZONE);
    // Two cards and a read of each: events in the organization's audit log.
    for (const [last, email] of [['Пак', 'pak@vvo-onco.test'], ['Ли', 'li@vvo-onco.test']]) {
      const card = await api('POST', '/patients', {
        token: organizer,
        body: {
          last_name: last, first_name: 'Анна', birth_date: '1970-05-04', sex: 'female', email,
          consents: ['telemedicine', 'email_results', 'personal_data'],
        },
      });
      await api('GET', `/patients/${card.id}`, { token: organizer });
    }

    // --- His browser is in New York.
    const context = await browser.newContext({
      locale: 'ru-RU',
      timezoneId: BROWSER_ZONE,
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    assert.equal(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), BROWSER_ZONE);
    await login(page, ORGANIZER.email, ORGANIZER.password);
    await page.waitForURL('**/admin/staff');

    await goto(page, '/admin/audit');
    const table = page.getByTestId('audit');
    await table.waitFor();
    assert.equal((await page.getByTestId('time-zone').innerText()).trim(), 'Часовой пояс: UTC+10');
    await checkPage(page, 'time-zones', 'audit');

    // Each row's time is Vladivostok's wall clock of an event the API lists (UTC instants),
    // formatted as the page formats times; none is New York's.
    const shown = (await table.locator('tbody tr td:first-child').allInnerTexts()).map((t) => t.trim());
    assert.ok(shown.length >= 2, `audit rows: ${shown}`);
    const events = (await api('GET', '/audit?per_page=50', { token: organizer })).items.map((e) => e.at);
    const formatted = await page.evaluate(
      ([instants, zones]) =>
        zones.map((timeZone) => {
          const f = new Intl.DateTimeFormat('ru-RU', {
            day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone,
          });
          return instants.map((at) => f.format(new Date(at)));
        }),
      [events, [ORG_ZONE, BROWSER_ZONE]],
    );
    const [inOrgZone, inBrowserZone] = formatted;
    for (const text of shown) {
      assert.ok(inOrgZone.includes(text), `"${text}" is not a Vladivostok time of ${events.join(', ')}`);
      assert.ok(!inBrowserZone.includes(text), `"${text}" is New York's time`);
    }
    // The same by arithmetic: UTC+10 all year.
    const first = events.findIndex((_, i) => inOrgZone[i] === shown[0]);
    assert.ok(shown[0].includes(wallClock(events[first], 10)), `${shown[0]} vs ${events[first]}`);

    // --- A day filter is a Vladivostok day: it begins at 14:00 UTC the day before.
    const day = new Date(new Date(events[first]).getTime() + 10 * 3_600_000).toISOString().slice(0, 10);
    const asked = page.waitForRequest((r) => r.url().includes('/api/v1/audit') && r.url().includes('from='));
    await page.getByLabel('С даты', { exact: true }).fill(day);
    const url = new URL((await asked).url());
    const from = new Date(url.searchParams.get('from'));
    assert.equal(from.getUTCHours(), 14, `from=${url.searchParams.get('from')}`);
    assert.equal(new Date(from.getTime() + 10 * 3_600_000).toISOString().slice(0, 10), day);

    assert.deepEqual(problems, []);
    await context.close();
  });
});
