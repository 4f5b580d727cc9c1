// Remote monitoring in the browser, against the real server (`oncocenter demo-seed`), issue 6:
// - three patients of doctor1 (Петров) register (only registered patients are monitored):
//   Васильев and Фёдорова of the demo seed, and Андреев, a new card he takes; Фёдорова is last
//   by name;
// - the doctor (1280 px) lands on "Мониторинг", opens Фёдорова's monitoring page and assigns her
//   ESAS-r daily through the dialog (its client checks first);
// - Фёдорова answers ESAS-r with a pain of 8 while the doctor's list is open: a toast arrives
//   over the live channel without a reload, and she is now at the TOP with an alert badge;
// - the doctor opens her page from the toast: the alert in words, the pain chart with its
//   threshold line, the answers; he acknowledges with a note and sees who, when and the time
//   to acknowledge; a new answer (pain 9) on the open page shows a toast and a new alert;
// - the assistant (390 px) sees the same page read-only (no "Назначить анкету", no "Завершить").
// Every page: axe at phone and desktop width, screenshots in e2e/artifacts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { ARTIFACTS, VIEWPORTS, checkPage } from '../lib/check.mjs';
import { ALL_CONSENTS, DEMO, FEDOROVA, VASILIEV, useApp } from '../lib/fixtures.mjs';
import { patientTab } from '../lib/ui.mjs';

const { password: PASSWORD, doctor1: DOCTOR1, organizer: ORGANIZER, assistant: ASSISTANT } = DEMO;
// doctor1's cards in the demo seed, with the three consents; Фёдорова is last by name.
const PATIENT = FEDOROVA;
// A new card the organizer creates and doctor1 takes.
const ANDREEV = { email: 'andreev@example.org', last: 'Андреев', first: 'Павел', birth: '1968-09-21' };
const PATIENT_NAME = 'Фёдорова Елена Игоревна';
const ESAS_TITLE = 'Симптомы (ESAS-r)';
const ESAS_ITEMS = [
  'esas.pain', 'esas.tiredness', 'esas.drowsiness', 'esas.nausea', 'esas.appetite',
  'esas.breath', 'esas.depression', 'esas.anxiety', 'esas.wellbeing',
];

const { newPage, api, tokenOf, registerPatient, goto, login, toast } = useApp({ seed: 'demo' });

// An age as Russian says it: "55 лет", "61 год", "63 года" (issue 12: not "полных лет: 55").
function ageWords(birth) {
  const b = new Date(birth), now = new Date();
  let years = now.getFullYear() - b.getFullYear();
  if (now.getMonth() < b.getMonth() || (now.getMonth() === b.getMonth() && now.getDate() < b.getDate())) years -= 1;
  const [m10, m100] = [years % 10, years % 100];
  const word = m10 === 1 && m100 !== 11 ? 'год' : m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14) ? 'года' : 'лет';
  return `${years} ${word}`;
}

// The patient answers his due ESAS-r: `pain` for pain, 2 for every other symptom.
async function answerEsas(token, pain) {
  const entry = await api('GET', '/cabinet/data-entry', { token });
  // Due today (the first answer), else among his other assigned questionnaires.
  const candidates = [
    ...entry.due.map((d) => ({ questionnaire_id: d.questionnaire_id, assignment_id: d.assignment_id, title: d.title })),
    ...entry.assigned.map((q) => ({ questionnaire_id: q.id, title: q.title })),
  ];
  const esas = candidates.find((c) => c.title.ru === ESAS_TITLE);
  assert.ok(esas, `ESAS-r is assigned to the patient: ${JSON.stringify(entry)}`);
  const answers = ESAS_ITEMS.map((code) => ({ code, value: code === 'esas.pain' ? pain : 2 }));
  const result = await api('POST', '/cabinet/submissions', {
    token,
    body: { questionnaire_id: esas.questionnaire_id, assignment_id: esas.assignment_id, answers },
  });
  assert.ok(result.advice, 'the patient is told what to do: a rule fired');
  return result;
}

// A dialog as the screen shows it (a full-page screenshot stretches the viewport it centres in).
async function dialogShots(page, name) {
  const original = page.viewportSize();
  for (const vp of VIEWPORTS) {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: path.join(ARTIFACTS, `monitoring-${name}-screen-${vp.width}.png`) });
  }
  if (original) await page.setViewportSize(original);
}

function monitoringRows(page) {
  return page.getByTestId('monitoring-list').locator('tbody tr');
}

describe('remote monitoring, the doctor’s side', () => {
  test('assign ESAS-r, pain 8 → live toast and the top of Monitoring → chart, acknowledge', async () => {
    // --- Setup: a new card doctor1 takes; three of his patients register.
    const organizerToken = await tokenOf(ORGANIZER);
    const card = await api('POST', '/patients', {
      token: organizerToken,
      body: {
        last_name: ANDREEV.last, first_name: ANDREEV.first, middle_name: 'Олегович', birth_date: ANDREEV.birth,
        sex: 'male', email: ANDREEV.email, consents: ALL_CONSENTS,
      },
    });
    const doctorToken = await tokenOf(DOCTOR1);
    await api('POST', `/patients/${card.id}/take`, { token: doctorToken });
    await registerPatient(ANDREEV);
    await registerPatient(VASILIEV);
    const patientToken = await registerPatient(PATIENT);

    // --- The doctor lands on "Мониторинг": three patients, none with an alert.
    const doc = await newPage();
    const p = doc.page;
    await login(p, DOCTOR1, PASSWORD);
    await p.waitForURL('**/staff/monitoring');
    const menu = p.getByTestId('staff-menu');
    assert.deepEqual(await menu.getByRole('link').allInnerTexts(), ['Мониторинг', 'Мои пациенты', 'Профиль'], 'Monitoring first');
    await p.getByRole('heading', { level: 1, name: 'Мониторинг' }).waitFor();
    await monitoringRows(p).filter({ hasText: PATIENT_NAME }).waitFor();
    assert.equal(await monitoringRows(p).count(), 3);
    assert.equal(await p.getByTestId('monitoring-list').getByTestId('alert-badge').count(), 0, 'no alerts yet');
    await monitoringRows(p).filter({ hasText: PATIENT_NAME }).getByText('ещё не было').waitFor();
    await monitoringRows(p).filter({ hasText: PATIENT_NAME }).getByText('ничего не назначено').waitFor();
    await checkPage(p, 'monitoring', 'list-quiet');
    // Search by name.
    await p.getByLabel('Поиск пациента по ФИО').fill('Андр');
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="monitoring-list"] tbody tr').length === 1);
    await monitoringRows(p).filter({ hasText: 'Андреев Павел Олегович' }).waitFor();
    await p.getByLabel('Поиск пациента по ФИО').fill('Нетакого');
    await p.getByTestId('monitoring-empty').waitFor();
    await p.getByLabel('Поиск пациента по ФИО').fill('');
    await monitoringRows(p).nth(2).waitFor();

    // --- Her monitoring page, empty; the doctor assigns ESAS-r.
    await monitoringRows(p).filter({ hasText: PATIENT_NAME }).getByRole('link', { name: PATIENT_NAME }).click();
    // One page of the patient (issue 14): the overview first, the rest in tabs.
    await p.waitForURL('**/staff/patients/*');
    const patientUrl = p.url();
    const patientId = patientUrl.split('/').pop();
    await p.getByTestId('patient-header').getByRole('heading', { name: PATIENT_NAME }).waitFor();
    await p.getByTestId('alerts-empty').waitFor();
    await p.getByTestId('latest-empty').waitFor();
    await p.getByTestId('assignments-empty').waitFor();
    await checkPage(p, 'monitoring', 'patient-empty');
    await patientTab(p, 'Показатели');
    await p.getByTestId('charts-empty').waitFor();
    await patientTab(p, 'Ответы');
    await p.getByTestId('submissions-empty').waitFor();
    await patientTab(p, 'Обзор');

    await p.getByRole('button', { name: 'Назначить анкету' }).click();
    const dialog = p.locator('#assign-dialog');
    const form = dialog.getByTestId('assign-form');
    await form.getByLabel('Анкета').waitFor();
    const options = await form.getByLabel('Анкета').locator('option').allInnerTexts();
    assert.ok(options.includes(ESAS_TITLE), `ESAS-r is offered: ${options}`);
    assert.ok(options.some((o) => /Дневник самочувствия/.test(o)), 'the vitals diary may be assigned on a schedule too');
    assert.equal(await form.getByLabel('Начало').inputValue(), await p.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    }), 'the start defaults to today');
    await form.getByRole('button', { name: 'Назначить', exact: true }).click();
    await form.getByText('Заполните это поле.').waitFor();
    await form.getByLabel('Анкета').selectOption({ label: ESAS_TITLE });
    await form.getByLabel('По дням недели').check();
    await form.getByRole('button', { name: 'Назначить', exact: true }).click();
    await form.getByText('Отметьте хотя бы один день недели.').waitFor();
    await form.getByLabel('пн', { exact: true }).check();
    await form.getByLabel('чт', { exact: true }).check();
    await form.getByLabel(/Последний день/).fill('2020-01-01');
    await form.getByRole('button', { name: 'Назначить', exact: true }).click();
    await form.getByText('Последний день раньше первого.').waitFor();
    await checkPage(p, 'monitoring', 'assign-dialog');
    await dialogShots(p, 'assign-dialog');
    await form.getByLabel('Ежедневно').check();
    await form.getByLabel(/Последний день/).fill('');
    await form.getByRole('button', { name: 'Назначить', exact: true }).click();
    await toast(p, `Анкета назначена: ${ESAS_TITLE}`);
    const assignment = p.getByTestId('assignment-list').locator('tr', { hasText: ESAS_TITLE });
    await assignment.getByText('ежедневно').waitFor();
    await assignment.getByText('нет ответа').waitFor();
    await assignment.getByText(/Назначил Петров Иван Ильич/).waitFor();
    await checkPage(p, 'monitoring', 'patient-assigned');

    // --- Back on the list, the patient answers: the alert arrives live.
    await p.getByTestId('staff-menu').getByRole('link', { name: 'Мониторинг' }).click();
    await p.waitForURL('**/staff/monitoring');
    await monitoringRows(p).nth(2).waitFor();
    const before = await monitoringRows(p).first().innerText();
    assert.doesNotMatch(before, /Фёдорова/, 'she is not at the top before (the list is by name)');
    await answerEsas(patientToken, 8);
    const notice = p.getByTestId('toast').filter({ hasText: `Новый сигнал: ${PATIENT_NAME}` });
    await notice.waitFor({ timeout: 15_000 });
    // The list refetched without a reload: she is at the top, with an alert badge.
    await monitoringRows(p).first().getByTestId('alert-badge').waitFor();
    assert.match(await monitoringRows(p).first().innerText(), /Фёдорова Елена Игоревна/);
    // The worst open reason and its value, not a count (issue 14).
    assert.match(await monitoringRows(p).first().getByTestId('alert-badge').innerText(), /Боль 8\/10/);
    await monitoringRows(p).first().getByText('сегодня').waitFor();
    assert.equal(await p.getByTestId('monitoring-list').getByTestId('alert-badge').count(), 1, 'the others have none');
    await checkPage(p, 'monitoring', 'list-alert');

    // --- From the toast to her page: the alert, the chart with its threshold, the answers.
    await notice.getByRole('link', { name: 'Открыть мониторинг пациента' }).click();
    await p.waitForURL(patientUrl);
    const open = p.getByTestId('open-alerts');
    await open.getByText('ESAS-r: Боль 8 (порог 7)').waitFor();
    assert.equal(await open.locator('[data-status="open"]').count(), 1);
    await p.getByTestId('open-alerts-count').getByText('Открытых сигналов: 1').waitFor();
    // The latest values: the ESAS-r tile names the worst symptom, marked past its threshold.
    const esasTile = p.getByTestId('latest-values').locator('[data-code="esas"]');
    await esasTile.getByText(/боль 8/).waitFor();
    assert.match(await esasTile.getAttribute('class'), /latest__item--alert/);
    await assignment.getByText('ответ получен').waitFor();
    await checkPage(p, 'monitoring', 'patient-alert');
    await patientTab(p, 'Показатели');
    // ESAS-r as a symptoms × days table: the score written in its cell, marked at the threshold.
    const heat = p.getByTestId('esas-heatmap');
    await heat.waitFor();
    const painCells = heat.locator('td[data-code="esas.pain"][data-value]');
    assert.equal(await painCells.count(), 1, 'one day answered');
    assert.equal(await painCells.first().getAttribute('data-value'), '8');
    assert.equal(await painCells.first().getAttribute('data-alert'), 'true', 'at the threshold: marked');
    assert.match(await painCells.first().innerText(), /^8/);
    assert.equal(await heat.locator('tr[data-code]').count(), 9, 'a row per symptom');
    await p.getByTestId('charts').getByTestId('heat-threshold').getByText('порог сигнала ≥ 7.').waitFor();
    await checkPage(p, 'monitoring', 'patient-charts');
    await patientTab(p, 'Ответы');
    const submission = p.getByTestId('submissions').locator('details', { hasText: ESAS_TITLE });
    await submission.locator('summary').click();
    await submission.locator('.answers__row', { hasText: 'Боль' }).getByText('8 из 10').waitFor();
    await patientTab(p, 'Обзор');

    // --- Acknowledge: the note is required.
    await open.getByRole('button', { name: 'Подтвердить' }).click();
    const ack = p.locator('#ack-dialog');
    await ack.getByText('ESAS-r: Боль 8 (порог 7)').waitFor();
    await ack.getByRole('button', { name: 'Подтвердить' }).click();
    await ack.getByText('Заполните это поле.').waitFor();
    await checkPage(p, 'monitoring', 'ack-dialog');
    await dialogShots(p, 'ack-dialog');
    await ack.getByLabel('Что сделано').fill('Позвонил пациентке, усилил обезболивание, приём завтра.');
    await ack.getByRole('button', { name: 'Подтвердить' }).click();
    await toast(p, 'Сигнал подтверждён');
    await p.getByTestId('alerts-empty').waitFor();
    const history = p.getByTestId('acknowledged-alerts');
    const done = history.locator('[data-status="acknowledged"]').first();
    await done.getByText('ESAS-r: Боль 8 (порог 7)').waitFor();
    await done.getByText(/Петров Иван Ильич/).waitFor();
    await done.getByText('Позвонил пациентке, усилил обезболивание, приём завтра.').waitFor();
    assert.match(await done.getByTestId('time-to-ack').innerText(), /^(меньше минуты|\d+ мин)$/);
    assert.ok(await p.getByTestId('alert-history').evaluate((d) => d.open), 'the history opens to show it');
    await checkPage(p, 'monitoring', 'patient-acknowledged');

    // --- Live on the open page: a new answer opens a new alert, with a toast.
    await answerEsas(patientToken, 9);
    await p.getByTestId('toast').filter({ hasText: `Новый сигнал: ${PATIENT_NAME}` }).last().waitFor({ timeout: 15_000 });
    await open.getByText('ESAS-r: Боль 9 (порог 7)').waitFor();
    // The same day: its cell shows the worst score of the day.
    await patientTab(p, 'Показатели');
    await heat.locator('td[data-code="esas.pain"][data-value="9"]').waitFor();
    await p.getByRole('button', { name: '7 дней' }).click();
    assert.equal(await p.getByRole('button', { name: '7 дней' }).getAttribute('aria-pressed'), 'true');
    await heat.locator('td[data-code="esas.pain"][data-value="9"]').waitFor();
    // Her age in words, and the chart's sentence with its count in words.
    assert.match(await p.getByTestId('patient-header').locator('.page-header__lead').innerText(), new RegExp(`, ${ageWords(PATIENT.birth)}$`));
    const dayEnd = heat.locator('th.heat__day').last();
    assert.match(await dayEnd.textContent(), /^\d{1,2} [а-я]+\.?$/, 'the table reads Russian days');
    // In English: the chart is redrawn in English (axis days, its sentence).
    await p.getByRole('button', { name: 'English' }).click();
    await p.getByTestId('heat-threshold').getByText('alert threshold ≥ 7.').waitFor();
    await heat.locator('th.heat__day').last().getByText(/^\d{1,2} [A-Z][a-z]{2}$/).waitFor();
    assert.match(await heat.locator('tr[data-code="esas.pain"] th').innerText(), /^Pain$/, 'the symptoms in English');
    assert.match(await p.getByTestId('patient-header').locator('.page-header__lead').innerText(), / years? old$/);
    await patientTab(p, 'Overview');
    await p.getByRole('heading', { level: 2, name: 'Alerts' }).waitFor();
    await open.getByText('ESAS-r: Pain 9 (threshold 7)').waitFor();
    await checkPage(p, 'monitoring', 'patient-en');
    await p.getByRole('button', { name: 'Русский' }).click();
    await p.getByRole('heading', { level: 2, name: 'Сигналы' }).waitFor();

    // --- The old monitoring address of a patient (older emails) leads to the same page.
    await goto(p, `/staff/monitoring/${patientId}`);
    await p.waitForURL(patientUrl);
    await p.getByTestId('open-alerts').waitFor();
    await patientTab(p, 'Медкарта');
    await p.getByTestId('record-tab').waitFor();
    assert.deepEqual(doc.problems, [], 'no page or console errors');
    await doc.context.close();

    // --- The assistant (390 px): the same page, read-only.
    const asst = await newPage({ viewport: { width: 390, height: 844 } });
    const a = asst.page;
    await login(a, ASSISTANT, PASSWORD);
    await a.waitForURL('**/assistant/patients');
    await a.getByTestId('staff-menu').getByRole('link', { name: 'Мониторинг' }).click();
    await a.waitForURL('**/staff/monitoring');
    await monitoringRows(a).first().getByTestId('alert-badge').waitFor();
    assert.match(await monitoringRows(a).first().innerText(), /Фёдорова/);
    assert.doesNotMatch(await a.getByTestId('monitoring-list').innerText(), /Морозов/, "doctor2's patient stays out of reach");
    await checkPage(a, 'monitoring', 'assistant-list');
    await monitoringRows(a).first().getByRole('link', { name: PATIENT_NAME }).click();
    await a.getByTestId('assignment-list').getByText('ежедневно').waitFor();
    assert.equal(await a.getByRole('button', { name: 'Назначить анкету' }).count(), 0, 'an assistant does not assign');
    assert.equal(await a.getByRole('button', { name: /Завершить/ }).count(), 0, 'nor ends');
    await a.getByTestId('open-alerts').getByRole('button', { name: 'Подтвердить' }).waitFor();
    await checkPage(a, 'monitoring', 'assistant-patient');
    assert.deepEqual(asst.problems, [], 'no page or console errors');
    await asst.context.close();
  });
});
