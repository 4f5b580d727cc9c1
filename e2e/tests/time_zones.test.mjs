// Time zones (SPEC X-3, issue 13): every time a person reads is in his organization's zone (a
// patient's own, when his doctor set one), whatever the browser's, and the page says which.
// - an organization in Vladivostok (UTC+10, no daylight saving) whose organizer's browser is
//   in New York: the audit page shows Vladivostok's wall clock with "Часовой пояс: UTC+10",
//   and a day filter is a Vladivostok day (it begins at 14:00 UTC the day before);
// - a patient whose own zone is Kiribati's Line Islands (UTC+14) with a browser at UTC-12:
//   26 hours apart, so the two are never on the same day. His chart's period ends on his own
//   today and shows the value he has just entered (it ended on the browser's day, and lost it,
//   whenever the two days differed: the e2e failed on CI after 21:00 UTC).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkPage } from '../lib/check.mjs';
import { activationLink } from '../lib/outbox.mjs';
import { DEMO, FEDOROVA, useApp } from '../lib/fixtures.mjs';

const ORGANIZER = { email: 'kim@vvo-onco.test', password: 'Vladivostok-2026!' };
const ORG_ZONE = 'Asia/Vladivostok';
const BROWSER_ZONE = 'America/New_York';
const PATIENT_ZONE = 'Pacific/Kiritimati';
const PATIENT_BROWSER_ZONE = 'Etc/GMT+12'; // UTC-12 (the POSIX sign is reversed)
const PATIENT_PASSWORD = 'Line Islands 2026';

const { newPage, goto, login, api, apiLogin, tokenOf, cardId, registerPatient, outboxFiles, waitForEmail } = useApp({
  seed: 'demo',
});

// "HH:MM" of an instant at a fixed offset from UTC, by arithmetic (no time-zone database).
function wallClock(at, offsetHours) {
  const t = new Date(new Date(at).getTime() + offsetHours * 3_600_000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

// The calendar day of an instant at a fixed offset from UTC ("YYYY-MM-DD").
const dayAt = (at, offsetHours) => new Date(new Date(at).getTime() + offsetHours * 3_600_000).toISOString().slice(0, 10);

describe('times are read in the organization’s zone', () => {
  test('a browser in New York reads Vladivostok’s wall clock and is told so', async () => {
    // --- An organization in Vladivostok, its organizer activated.
    const operator = await tokenOf(DEMO.operator);
    const seen = outboxFiles();
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
    const mail = await waitForEmail(ORGANIZER.email, { seen });
    const token = new URL(activationLink(mail)).hash.replace(/^#token=/, '');
    await api('POST', `/invitations/${token}/accept`, { body: { password: ORGANIZER.password } });
    const organizer = await apiLogin(ORGANIZER.email, ORGANIZER.password);
    assert.equal((await organizer('GET', '/me')).time_zone, ORG_ZONE);
    // Two cards and a read of each: events in the organization's audit log.
    for (const [last, email] of [['Пак', 'pak@vvo-onco.test'], ['Ли', 'li@vvo-onco.test']]) {
      const card = await organizer('POST', '/patients', {
        last_name: last, first_name: 'Анна', birth_date: '1970-05-04', sex: 'female', email,
        consents: ['telemedicine', 'email_results', 'personal_data'],
      });
      await organizer('GET', `/patients/${card.id}`);
    }

    // --- His browser is in New York.
    const { page, context, problems } = await newPage({ locale: 'ru-RU', timezoneId: BROWSER_ZONE });
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
    const events = (await organizer('GET', '/audit?per_page=50')).items.map((e) => e.at);
    const [inOrgZone, inBrowserZone] = await page.evaluate(
      ([instants, zones]) =>
        zones.map((timeZone) => {
          const f = new Intl.DateTimeFormat('ru-RU', {
            day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone,
          });
          return instants.map((at) => f.format(new Date(at)));
        }),
      [events, [ORG_ZONE, BROWSER_ZONE]],
    );
    for (const text of shown) {
      assert.ok(inOrgZone.includes(text), `"${text}" is not a Vladivostok time of ${events.join(', ')}`);
      assert.ok(!inBrowserZone.includes(text), `"${text}" is New York's time`);
    }
    // The same by arithmetic: UTC+10 all year.
    const first = events.findIndex((_, i) => inOrgZone[i] === shown[0]);
    assert.ok(shown[0].includes(wallClock(events[first], 10)), `${shown[0]} vs ${events[first]}`);

    // --- A day filter is a Vladivostok day: it begins at 14:00 UTC the day before.
    const day = dayAt(events[first], 10);
    const asked = page.waitForRequest((r) => r.url().includes('/api/v1/audit') && r.url().includes('from='));
    await page.getByLabel('С даты', { exact: true }).fill(day);
    const url = new URL((await asked).url());
    const from = new Date(url.searchParams.get('from'));
    assert.equal(from.getUTCHours(), 14, `from=${url.searchParams.get('from')}`);
    assert.equal(dayAt(from, 10), day);

    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a patient 26 hours ahead of his browser sees today’s value on his chart', async () => {
    // His doctor sets his own zone; he registers and enters his temperature.
    const doctor = await apiLogin(DEMO.doctor1);
    const card = await cardId(await tokenOf(DEMO.organizer), FEDOROVA.last);
    await doctor('PUT', `/patients/${card}/monitoring/settings`, { overrides: [], time_zone: PATIENT_ZONE });
    const patient = await registerPatient(FEDOROVA, PATIENT_PASSWORD);
    assert.equal((await api('GET', '/me', { token: patient })).time_zone, PATIENT_ZONE);
    const entry = await api('GET', '/cabinet/data-entry', { token: patient });
    assert.equal(entry.time_zone, PATIENT_ZONE);
    const vitals = entry.diaries.find((q) => q.code === 'vitals');
    assert.ok(vitals, `the vitals diary in ${JSON.stringify(entry.diaries.map((q) => q.code))}`);
    await api('POST', '/cabinet/submissions', {
      token: patient,
      body: { questionnaire_id: vitals.id, answers: [{ code: 'vitals.temp_c', value: 37.2 }] },
    });

    // His phone says UTC-12: always another day than his own.
    const { page, context, problems } = await newPage({
      locale: 'ru-RU',
      timezoneId: PATIENT_BROWSER_ZONE,
      viewport: { width: 390, height: 844 },
    });
    const browserDay = await page.evaluate(() => new Date().toLocaleDateString('sv-SE'));
    assert.notEqual(browserDay, entry.today, 'the browser and the patient are on different days');
    await login(page, FEDOROVA.email, PATIENT_PASSWORD);
    await page.waitForURL('**/cabinet/**');
    const asked = page.waitForRequest((r) => r.url().includes('/cabinet/monitoring/series'));
    await goto(page, '/cabinet/data-entry/charts');
    const url = new URL((await asked).url());
    assert.equal(url.searchParams.get('to'), entry.today, 'the period ends on his own today');
    const chart = page.locator('figure.chart[data-code="vitals.temp_c"]');
    await chart.waitFor();
    assert.equal(await chart.locator('circle.chart__point').count(), 1);
    assert.equal((await page.getByTestId('time-zone').innerText()).trim(), 'Часовой пояс: UTC+14');
    await checkPage(page, 'time-zones', 'patient-chart');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
