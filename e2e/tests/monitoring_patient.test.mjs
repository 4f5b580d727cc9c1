// The patient's side of remote monitoring (issue 6: CAB-4, MON-3, MON-5), in the browser against
// the real server, on a phone-width screen (390 px). The staff and the pending card come from
// `oncocenter demo-seed`; doctor1 assigns ESAS-r through the API, as the staff pages would.
// - a demo patient registers and opens "Ввод данных": the vitals diary is there;
// - he adds a diary entry with a typo (temperature 45): the range error is shown at the field,
//   which gets the focus; fixed to 38,4 → "saved and passed to the doctor" and the advice
//   (temperature ≥ 38 fires temp_high: a call, and with no phone given, 103/112); the "entered by patient" record entry
//   reads "38,4 °C", "Давление 128/82 мм рт. ст." — in print too — and "38.4 °C", "mmHg" in
//   English, for him and for doctor1 on the staff entry page;
// - "Ввод данных" now shows the advice of the open alert and the last answer;
// - "Мои показатели": the temperature chart with the 38 threshold, the period selector;
// - doctor1 assigns ESAS-r daily → it is due today; sent empty → "required" at the first item;
//   answered on the 0–10 scales → saved, no longer due; "Все ответы" lists both;
// - the answers and the charts in English;
// - acting for a dependent: her data entry and diary entry, apart from his.
// Every page: axe at phone and desktop width, screenshots in e2e/artifacts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { ARTIFACTS, checkPage } from '../lib/check.mjs';
import { DEMO, VASILIEV, nextYear, today, useApp } from '../lib/fixtures.mjs';
import { representationLink } from '../lib/outbox.mjs';
import { cabinetTab as tab } from '../lib/ui.mjs';

const { password: PASSWORD, organizer: ORGANIZER, doctor1: DOCTOR1 } = DEMO;
// A demo card (pending, with all consents) of doctor1.
const PATIENT = VASILIEV;
const PATIENT_PASSWORD = 'vasiliev pass phrase 1';
// Another demo card; the patient becomes her representative.
const DEPENDENT_LAST = 'Фёдорова';
const PHONE = { width: 390, height: 844 };
const TEST = 'monitoring-patient';

const { newPage, registerInBrowser, call, tokenOf, apiLogin, cardId, outboxFiles, waitForEmail, goto, login } = useApp({ seed: 'demo' });

// axe and screenshots of the page from its top (a full-page screenshot of a scrolled page draws
// the sticky header in the middle).
async function check(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await checkPage(page, TEST, name);
}

// The id of the element that has the focus.
const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('the patient: data entry, the diary, advice and his charts', () => {
  test('a diary entry with a typo, fixed; the advice; the chart with its threshold; a questionnaire due', async () => {
    const organizer = await apiLogin(ORGANIZER);
    const doctor = await apiLogin(DOCTOR1);
    const patientCard = await cardId(organizer, PATIENT.last);

    // --- The patient registers on his phone and lands in the cabinet.
    const pat = await newPage({ viewport: PHONE });
    const p = pat.page;
    await registerInBrowser(p, PATIENT, PATIENT_PASSWORD);

    // --- "Ввод данных": nothing due, the vitals diary, no answers yet.
    await tab(p, 'Ввод данных');
    await p.waitForURL('**/cabinet/data-entry');
    const diary = p.getByTestId('diaries').locator('li').filter({ hasText: 'Дневник самочувствия' });
    await diary.waitFor();
    await p.getByTestId('due-empty').waitFor();
    assert.equal(await p.getByTestId('open-advice').count(), 0, 'no advice before any alert');
    await check(p, 'data-entry-empty');

    // --- A diary entry with a typo: 45 °C is outside 34–43, shown at the field, focused.
    await diary.getByRole('link', { name: /Добавить запись/ }).click();
    await p.waitForURL('**/cabinet/data-entry/q/**');
    const form = p.getByTestId('questionnaire-form');
    await form.waitFor();
    assert.equal(await p.getByRole('heading', { level: 1 }).innerText(), 'Дневник самочувствия');
    const temp = p.getByLabel('Температура', { exact: true });
    assert.equal(await temp.getAttribute('inputmode'), 'decimal');
    await p.locator('[data-item="vitals.temp_c"]').getByText('От 34 до 43').waitFor();
    await check(p, 'diary-form');
    await temp.fill('45');
    await p.getByLabel('Пульс', { exact: true }).fill('96');
    await p.getByRole('button', { name: 'Сохранить' }).click();
    const tempError = p.locator('[data-item="vitals.temp_c"] .field__error');
    await tempError.waitFor();
    assert.match(await tempError.innerText(), /от 34 до 43\s°C/);
    assert.equal(await tempError.getAttribute('data-error'), 'out_of_range');
    assert.equal(await temp.getAttribute('aria-invalid'), 'true');
    assert.equal(await focusedId(p), 'q-vitals-temp_c', 'the focus is on the first error');
    assert.equal(await p.locator('.field__error').count(), 1, 'only the temperature is wrong');
    await p.getByTestId('questionnaire-error').waitFor();
    await check(p, 'diary-form-error');

    // --- Fixed to 38,4 (a decimal comma): saved, passed to the doctor, and the advice.
    await temp.fill('38,4');
    assert.equal(await tempError.count(), 0, 'the error goes as the value changes');
    await p.getByLabel('Давление: верхнее', { exact: true }).fill('128');
    await p.getByLabel('Давление: нижнее', { exact: true }).fill('82');
    await p.getByRole('button', { name: 'Сохранить' }).click();
    const result = p.getByTestId('submission-result');
    await result.waitFor();
    assert.equal(await p.getByRole('heading', { level: 1 }).innerText(), 'Ответы сохранены и переданы врачу');
    const advice = p.getByTestId('result-advice');
    await advice.waitFor();
    assert.equal(await advice.getAttribute('role'), 'alert');
    const adviceText = await advice.innerText();
    // The demo organization gave no phone: a call becomes the emergency action (issue 14).
    assert.match(adviceText, /Вызовите скорую помощь/);
    assert.equal(await advice.getAttribute('data-urgency'), 'emergency');
    assert.match(adviceText, /103/);
    assert.match(adviceText, /112/);
    const answers = await result.locator('.de-answers').innerText();
    assert.match(answers, /Температура\s+38,4\s°C/);
    assert.match(answers, /Пульс\s+96\sуд\/мин/);
    assert.match(answers, /Давление\s+128\/82\sмм рт\. ст\./);
    await check(p, 'diary-result');

    // --- The record entry "entered by patient", read from the answers in the reader's notation
    // (issue 12: it was "Температура: 38.4 °C, Давление: верхнее: 128 mmHg").
    await result.getByRole('link', { name: 'Открыть в медкарте' }).click();
    await p.waitForURL('**/cabinet/record/**');
    const entryPath = new URL(p.url()).pathname;
    const entryId = entryPath.split('/').pop();
    const body = await p.getByTestId('entry-body').innerText();
    assert.match(body, /Температура\s+38,4\s°C/);
    assert.match(body, /Давление\s+128\/82\sмм рт\. ст\./);
    assert.match(body, /Пульс\s+96\sуд\/мин/);
    assert.doesNotMatch(body, /mmHg|bpm|38\.4|верхнее/);
    assert.match(await p.getByTestId('entry').innerText(), /Внесено пациентом|Внесённые пациентом/);
    await check(p, 'record-entry-from-diary');
    // The print view reads the same.
    await goto(p, '/cabinet/record/print');
    const printed = await p.getByTestId('print-doc').innerText();
    assert.match(printed, /Температура\s+38,4\s°C/);
    assert.match(printed, /Давление\s+128\/82\sмм рт\. ст\./);

    // --- Back in "Ввод данных": the advice of the open alert and the last answer.
    await tab(p, 'Ввод данных');
    const openAdvice = p.getByTestId('open-advice');
    await openAdvice.waitFor();
    assert.equal(await openAdvice.getAttribute('role'), 'alert');
    assert.match(await openAdvice.innerText(), /103/);
    const last = p.getByTestId('last-submissions').locator('li').first();
    assert.match(await last.innerText(), /Дневник самочувствия/);
    assert.match(await last.innerText(), /Температура: 38,4\s°C/);
    await check(p, 'data-entry-advice');

    // --- "Мои показатели": the temperature chart with the 38 threshold.
    await p.getByRole('link', { name: 'Мои показатели' }).click();
    await p.waitForURL('**/cabinet/data-entry/charts');
    const tempChart = p.locator('figure.chart[data-code="vitals.temp_c"]');
    await tempChart.waitFor();
    assert.match(await tempChart.locator('figcaption').innerText(), /Температура, °C/);
    const threshold = tempChart.locator('line.chart__threshold[data-rule="temp_high"]');
    assert.equal(await threshold.count(), 1, 'the temp_high threshold is drawn');
    assert.match(await tempChart.locator('.chart__threshold-label').first().textContent(), /≥ 38/);
    assert.equal(await tempChart.locator('circle.chart__point').count(), 1);
    assert.match(await tempChart.locator('svg').getAttribute('aria-label'), /1 значение, последнее 38,4\s°C; порог сигнала ≥ 38\s°C/);
    const card = p.locator('.chart-card[data-series="vitals.temp_c"]');
    await card.getByText('Значения таблицей').click();
    assert.match(await card.locator('table').innerText(), /38,4\s°C/);
    const period = p.getByRole('group', { name: 'Период' });
    assert.equal(await period.getByRole('button', { name: '30 дней' }).getAttribute('aria-pressed'), 'true');
    await check(p, 'charts');
    // Another period asks again; the value is still in it.
    const asked = p.waitForResponse((r) => r.url().includes('/cabinet/monitoring/series') && r.status() === 200);
    await period.getByRole('button', { name: '90 дней' }).click();
    const seriesUrl = new URL((await asked).url());
    const from = new Date(seriesUrl.searchParams.get('from'));
    const to = new Date(seriesUrl.searchParams.get('to'));
    assert.equal(Math.round((to - from) / 86_400_000), 89, '90 days, today included');
    await p.locator('figure.chart[data-code="vitals.temp_c"] circle.chart__point').waitFor();
    assert.equal(await period.getByRole('button', { name: '90 дней' }).getAttribute('aria-pressed'), 'true');

    // --- doctor1 assigns ESAS-r daily from today: it is due today.
    const library = await doctor('GET', '/questionnaires');
    const esas = library.find((q) => q.code === 'esas_r');
    assert.ok(esas, `ESAS-r in ${JSON.stringify(library.map((q) => q.code))}`);
    await doctor('POST', `/patients/${patientCard}/assignments`, {
      questionnaire_id: esas.id,
      schedule: { repeat: { kind: 'daily' }, start: today() },
    });
    await tab(p, 'Ввод данных');
    const due = p.getByTestId('due').locator('li').filter({ hasText: 'Симптомы (ESAS-r)' });
    await due.waitFor();
    assert.match(await due.innerText(), /Сегодня/);
    await check(p, 'data-entry-due');
    await due.getByRole('link', { name: /Заполнить/ }).click();
    await p.waitForURL(/\/cabinet\/data-entry\/q\/[^?]+\?assignment=/);
    await p.getByTestId('questionnaire-form').waitFor();

    // Sent empty: every symptom is required; the focus goes to the first scale.
    await p.getByRole('button', { name: 'Сохранить' }).click();
    await p.locator('[data-item="esas.pain"] .field__error[data-error="required"]').waitFor();
    assert.equal(await focusedId(p), 'q-esas-pain-opt-0');
    assert.equal(await p.locator('.field__error[data-error="required"]').count(), 9);
    await check(p, 'esas-form-error');

    // Answered: a radio per number, the ends named from the hint.
    const scores = {
      'esas.pain': 3,
      'esas.tiredness': 4,
      'esas.drowsiness': 2,
      'esas.nausea': 1,
      'esas.appetite': 3,
      'esas.breath': 1,
      'esas.depression': 2,
      'esas.anxiety': 2,
      'esas.wellbeing': 3,
    };
    const painGroup = p.locator('fieldset[data-item="esas.pain"]');
    assert.equal(await painGroup.getByRole('radio').count(), 11);
    assert.match(await painGroup.locator('.scale__anchors').innerText(), /0 — нет[\s\S]*10 — самая сильная/);
    assert.equal(await painGroup.getByRole('radio', { name: '0 — нет', exact: true }).count(), 1, 'the ends are named');
    // At 360 px the eleven choices stay on one row, each at least 28 px wide and 44 px tall.
    await p.setViewportSize({ width: 360, height: 740 });
    const boxes = await painGroup.locator('.scale__option').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
    assert.equal(new Set(boxes.map((b) => Math.round(b.top))).size, 1, `one row: ${JSON.stringify(boxes.map((b) => b.top))}`);
    assert.ok(boxes.every((b) => b.width >= 28 && b.height >= 44), `targets: ${JSON.stringify(boxes.map((b) => [b.width, b.height]))}`);
    assert.ok(boxes[10].right <= 360, 'inside the screen');
    await painGroup.scrollIntoViewIfNeeded();
    await p.screenshot({ path: path.join(ARTIFACTS, 'monitoring-patient-phone360-scales.png') });
    await p.setViewportSize(PHONE);
    for (const [code, n] of Object.entries(scores)) {
      await p.locator(`fieldset[data-item="${code}"]`).getByRole('radio', { name: String(n), exact: true }).check();
    }
    assert.equal(await p.locator('.field__error').count(), 0, 'answering clears the errors');
    assert.equal(await p.getByTestId('questionnaire-error').count(), 0, 'and the summary of them');
    await check(p, 'esas-form');
    await p.getByRole('button', { name: 'Сохранить' }).click();
    await p.getByTestId('submission-result').waitFor();
    assert.equal(await p.getByTestId('result-advice').count(), 0, 'no rule fired: no advice');
    assert.match(await p.locator('.de-answers').innerText(), /Боль\s+3/);

    // No longer due; "Все ответы" lists both answers with their questions.
    await p.getByRole('link', { name: 'Вернуться к вводу данных' }).click();
    await p.waitForURL('**/cabinet/data-entry');
    await p.getByTestId('due-empty').waitFor();
    await p.getByTestId('assigned').getByRole('heading', { name: 'Симптомы (ESAS-r)' }).waitFor();
    await p.getByRole('link', { name: 'Все ответы' }).first().click();
    await p.waitForURL('**/cabinet/data-entry/history');
    const cards = p.getByTestId('submissions').locator('article');
    await cards.first().waitFor();
    assert.equal(await cards.count(), 2);
    assert.match(await cards.nth(0).innerText(), /Симптомы \(ESAS-r\)[\s\S]*Тошнота\s+1/);
    assert.match(await cards.nth(1).innerText(), /Дневник самочувствия[\s\S]*Температура\s+38,4\s°C/);
    await check(p, 'history');

    // --- "Мои показатели" with both answered, on a 360 px phone: the alerting temperature first,
    // then the pulse, the pressure as one chart of two lines, ESAS-r as a symptoms × days table;
    // one temperature on an axis of at least 2 °C with round ticks.
    await p.setViewportSize({ width: 360, height: 740 });
    await goto(p, '/cabinet/data-entry/charts');
    const readings = p.getByTestId('readings');
    await readings.waitFor();
    const order = await readings.locator(':scope > *').evaluateAll((els) => els.map((e) => e.dataset.series));
    assert.deepEqual(order, ['vitals.temp_c', 'vitals.pulse', 'vitals.bp', 'esas']);
    const bp = p.locator('figure.chart[data-code="vitals.bp"]');
    assert.equal(await bp.locator('polyline.chart__line').count(), 2, 'systolic and diastolic');
    await bp.getByText('Верхнее').waitFor();
    await bp.getByText('Нижнее').waitFor();
    assert.match(await bp.locator('figcaption').innerText(), /^Давление, мм рт\. ст\.$/);
    const heatPain = p.getByTestId('esas-heatmap').locator('td[data-code="esas.pain"][data-value]');
    assert.equal(await heatPain.getAttribute('data-value'), '3');
    assert.equal(await heatPain.getAttribute('data-alert'), null);
    const tempTicks = (await p.locator('figure.chart[data-code="vitals.temp_c"] text.chart__tick').allTextContents())
      .filter((t) => /^\d+(,\d+)?$/.test(t))
      .map((t) => Number(t.replace(',', '.')));
    assert.ok(Math.max(...tempTicks) - Math.min(...tempTicks) >= 2, `a sane temperature axis: ${tempTicks}`);
    assert.ok(tempTicks.every((t) => Number.isInteger(t * 2)), `round ticks: ${tempTicks}`);
    await p.screenshot({ path: path.join(ARTIFACTS, 'monitoring-patient-phone360-charts.png'), fullPage: true });
    await check(p, 'charts-all');
    await p.setViewportSize(PHONE);
    await p.goBack();
    await p.getByRole('heading', { level: 1, name: 'Все ответы' }).waitFor();

    // --- The same in English: the questionnaires' own texts follow the language.
    await p.getByRole('button', { name: 'English' }).click();
    await p.getByRole('heading', { level: 1, name: 'All answers' }).waitFor();
    const diaryCard = await cards.nth(1).innerText();
    assert.match(diaryCard, /Vitals diary[\s\S]*Temperature\s+38\.4\s°C/);
    assert.match(diaryCard, /Pulse\s+96\sbpm/);
    await check(p, 'history-en');
    await p.getByRole('link', { name: 'Back to data entry' }).click();
    await p.getByRole('heading', { level: 1, name: 'Data entry' }).waitFor();
    await p.getByRole('link', { name: 'My readings' }).click();
    await p.locator('figure.chart[data-code="vitals.temp_c"] figcaption').getByText('Temperature, °C').waitFor();
    await check(p, 'charts-en');
    // The record entry in English: the questionnaire's title, a decimal point, mmHg.
    await goto(p, entryPath);
    await p.getByRole('heading', { level: 1, name: 'Vitals diary' }).waitFor();
    const bodyEn = await p.getByTestId('entry-body').innerText();
    assert.match(bodyEn, /Temperature\s+38\.4\s°C/);
    assert.match(bodyEn, /Blood pressure\s+128\/82\smmHg/);
    assert.match(bodyEn, /Pulse\s+96\sbpm/);
    await check(p, 'record-entry-from-diary-en');
    await goto(p, '/cabinet/data-entry/charts');
    await p.getByRole('button', { name: 'Русский' }).click();
    await p.getByRole('heading', { level: 1, name: 'Мои показатели' }).waitFor();

    // --- The doctor reads the same entry in his record view, in Russian and in English.
    const doc = await newPage();
    const d = doc.page;
    await login(d, DOCTOR1, PASSWORD);
    await d.waitForURL('**/staff/monitoring');
    await goto(d, `/staff/patients/${patientCard}/record/${entryId}`);
    await d.getByRole('heading', { level: 1, name: 'Дневник самочувствия' }).waitFor();
    const docBody = await d.getByTestId('entry-body').innerText();
    assert.match(docBody, /Температура\s+38,4\s°C/);
    assert.match(docBody, /Давление\s+128\/82\sмм рт\. ст\./);
    await checkPage(d, TEST, 'doctor-entry-from-diary');
    await d.getByRole('button', { name: 'English' }).click();
    await d.getByRole('heading', { level: 1, name: 'Vitals diary' }).waitFor();
    const docBodyEn = await d.getByTestId('entry-body').innerText();
    assert.match(docBodyEn, /Temperature\s+38\.4\s°C/);
    assert.match(docBodyEn, /Blood pressure\s+128\/82\smmHg/);
    await checkPage(d, TEST, 'doctor-entry-from-diary-en');
    await d.getByRole('button', { name: 'Русский' }).click();
    assert.deepEqual(doc.problems, [], 'no page errors on the doctor\'s side');
    await doc.context.close();

    // --- Acting for a dependent: her data entry, her diary entry; his own stays his.
    const dependentCard = await cardId(organizer, DEPENDENT_LAST);
    const seenInvite = outboxFiles();
    await organizer('POST', `/patients/${dependentCard}/representatives`, { email: PATIENT.email, until: nextYear() });
    // He accepts the emailed invitation, logged in with his address.
    const inviteMail = await waitForEmail(PATIENT.email, { seen: seenInvite });
    const inviteToken = representationLink(inviteMail).split('#token=')[1];
    const patientAccess = await tokenOf(PATIENT.email, PATIENT_PASSWORD);
    const accepted = await call('POST', `/representation-invitations/${inviteToken}/accept`, { token: patientAccess });
    assert.equal(accepted.status, 200, accepted.text);
    await tab(p, 'Ввод данных');
    await p.reload();
    await p.getByLabel('Пациент:').selectOption(dependentCard);
    await p.getByTestId('acting-banner').waitFor();
    await p.getByText('Здесь появятся анкеты и записи дневника, которые вы заполните.').waitFor();
    assert.equal(await p.getByTestId('open-advice').count(), 0, 'his alert is not hers');
    await check(p, 'acting-data-entry');
    await p.getByTestId('diaries').getByRole('link', { name: /Добавить запись/ }).click();
    await p.getByTestId('questionnaire-form').waitFor();
    await p.getByLabel('Вес', { exact: true }).fill('61,5');
    await p.getByRole('button', { name: 'Сохранить' }).click();
    await p.getByTestId('submission-result').waitFor();
    assert.equal(await p.getByTestId('result-advice').count(), 0);
    await p.getByRole('link', { name: 'Вернуться к вводу данных' }).click();
    const hers = p.getByTestId('last-submissions').locator('li');
    await hers.first().waitFor();
    assert.equal(await hers.count(), 1);
    assert.match(await hers.first().innerText(), /Вес: 61,5\sкг/);
    // Switching cards on a form leaves it: the form was hers.
    await p.getByTestId('diaries').getByRole('link', { name: /Добавить запись/ }).click();
    await p.getByTestId('questionnaire-form').waitFor();
    await p.getByRole('button', { name: 'Вернуться к своей карте' }).click();
    await p.waitForURL('**/cabinet/data-entry');
    await p.getByTestId('acting-banner').waitFor({ state: 'detached' });
    const own = p.getByTestId('last-submissions').locator('li');
    await own.first().waitFor();
    assert.equal(await own.count(), 2, 'his two answers, not hers');
    assert.doesNotMatch(await p.getByTestId('last-submissions').innerText(), /Вес/);

    assert.deepEqual(pat.problems, [], 'no page errors');
    await pat.context.close();
  });
});
