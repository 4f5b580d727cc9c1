// Closing the monitoring loop (issue 14), in the browser against the real server:
// - the organizer gives the department's 24-hour line in the monitoring settings;
// - a patient on his phone lands on "Сегодня", adds 38,6 °C to his diary and reads ONE action —
//   call the department now, with the number as a button — and no 103/112 text beside it;
// - doctor1's "Мониторинг" starts with the worklist: "🌡 38,6 °C" under the patient's name; he
//   takes it ("В работе"), the assistant sees it taken by him and cannot take it;
// - he closes it with a note for the team and a template for the patient;
// - the patient's "Сегодня" says "Врач … просмотрел ваши ответы" with the note, and the
//   notification is in "Уведомления".
// Every page: axe at phone and desktop width, screenshots in e2e/artifacts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkPage } from '../lib/check.mjs';
import { DEMO, VASILIEV, useApp } from '../lib/fixtures.mjs';

const { password: PASSWORD, organizer: ORGANIZER, doctor1: DOCTOR1, assistant: ASSISTANT } = DEMO;
const PATIENT = VASILIEV;
const PATIENT_NAME = `${VASILIEV.last} ${VASILIEV.first}`;
const PATIENT_PASSWORD = 'vasiliev pass phrase 1';
const HOTLINE = '+7 (495) 765-43-21';
const PHONE = { width: 360, height: 740 };
const TEST = 'care-loop';

const { newPage, registerInBrowser, apiLogin, goto, login } = useApp({ seed: 'demo' });

async function check(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await checkPage(page, TEST, name);
}

describe('the monitoring loop, closed', () => {
  test('38,6 °C → one call with the number → worklist, taken, closed → "просмотрел" on Сегодня', async () => {
    // --- The organizer's settings: the 24-hour line and a 4-hour answer time.
    const organizer = await apiLogin(ORGANIZER);
    const settings = await organizer('GET', '/settings/monitoring');
    settings.contacts = { department_phone: '+7 495 123-45-67', hotline_phone: HOTLINE, answer_hours: 4 };
    await organizer('PUT', '/settings/monitoring', settings);

    // --- The patient registers on a 360 px phone and lands on "Сегодня".
    const pat = await newPage({ viewport: PHONE });
    const p = pat.page;
    await registerInBrowser(p, PATIENT, PATIENT_PASSWORD);
    await p.getByRole('heading', { level: 1, name: 'Сегодня' }).waitFor();
    const contacts = p.getByTestId('today-contacts');
    await contacts.getByRole('link', { name: HOTLINE }).waitFor();
    assert.equal(await contacts.getByRole('link', { name: HOTLINE }).getAttribute('href'), 'tel:+74957654321');
    assert.equal(await p.getByTestId('today-advice').count(), 0, 'nothing open yet');
    await check(p, 'today-quiet');

    // --- 38,6 °C in the diary: one action, the call, with the number.
    await p.getByTestId('today-diaries').getByRole('link', { name: /Добавить запись/ }).first().click();
    await p.waitForURL('**/cabinet/data-entry/q/**');
    await p.getByLabel('Температура', { exact: true }).fill('38,6');
    await p.getByLabel('Заметка').fill('Знобит с утра, выпил парацетамол');
    await p.getByRole('button', { name: 'Сохранить' }).click();
    const advice = p.getByTestId('result-advice');
    await advice.waitFor();
    assert.equal(await advice.getAttribute('data-urgency'), 'call_clinic');
    assert.equal(await p.locator('.advice').count(), 1, 'one instruction on the screen');
    const text = await advice.innerText();
    assert.match(text, /Позвоните в отделение сейчас/);
    assert.doesNotMatch(text, /103|112|свяжется/, 'no second, contradicting instruction');
    assert.equal(await advice.getByTestId('advice-call').getAttribute('href'), 'tel:+74957654321');
    await check(p, 'result-call');

    // --- doctor1: the worklist at the top of "Мониторинг" names the reason and the value.
    const doc = await newPage();
    const d = doc.page;
    await login(d, DOCTOR1, PASSWORD);
    await d.waitForURL('**/staff/monitoring');
    const row = d.getByTestId('worklist-rows').locator('li').filter({ hasText: PATIENT_NAME });
    await row.waitFor();
    assert.match(await row.getByTestId('work-reason').innerText(), /38,6\s°C/);
    assert.equal(await row.getAttribute('data-urgency'), 'call_clinic');
    // His own words come with the value.
    assert.match(await row.getByTestId('patient-words').innerText(), /Заметка: «Знобит с утра, выпил парацетамол»/);
    // The monitoring list names the same reason, not a count.
    const listRow = d.getByTestId('monitoring-list').locator('tbody tr').filter({ hasText: PATIENT_NAME });
    assert.match(await listRow.getByTestId('alert-badge').innerText(), /38,6\s°C/);
    await check(d, 'worklist-new');
    await row.getByTestId('take').click();
    // "Новые" no longer shows it; "В работе" does, with his name.
    await d.getByTestId('worklist-empty').waitFor();
    await d.getByTestId('worklist').getByRole('button', { name: 'В работе' }).click();
    const taken = d.getByTestId('worklist-rows').locator('li').filter({ hasText: PATIENT_NAME });
    await taken.getByTestId('taken-by').waitFor();
    assert.match(await taken.getByTestId('taken-by').innerText(), /В работе: /);

    // --- The assistant sees it taken by the doctor and cannot take it.
    const asst = await newPage();
    const a = asst.page;
    await login(a, ASSISTANT, PASSWORD);
    await a.waitForURL('**/assistant/patients');
    await a.getByTestId('staff-menu').getByRole('link', { name: 'Мониторинг' }).click();
    await a.waitForURL('**/staff/monitoring');
    await a.getByTestId('worklist').getByRole('button', { name: 'В работе' }).click();
    const seen = a.getByTestId('worklist-rows').locator('li').filter({ hasText: PATIENT_NAME });
    await seen.getByTestId('taken-by').waitFor();
    assert.equal(await seen.getByTestId('take').count(), 0, 'no "take" on a colleague\'s alert');
    await check(a, 'worklist-assistant');

    // --- His page: the phone to call in the header, the alert with his words on the overview;
    // the doctor writes the diagnosis there.
    await taken.getByRole('link', { name: PATIENT_NAME }).click();
    await d.waitForURL('**/staff/patients/*');
    const header = d.getByTestId('patient-header');
    assert.match(await header.getByTestId('patient-phone').getByRole('link').getAttribute('href'), /^tel:\+7\d{10}$/);
    await d.getByTestId('open-alerts').getByTestId('patient-words').getByText(/Знобит с утра/).waitFor();
    await d.getByTestId('latest-values').locator('[data-code="vitals.temp_c"]').getByText(/38,6/).waitFor();
    await header.getByTestId('diagnosis-edit').click();
    const dx = d.locator('#diagnosis-dialog');
    await dx.getByLabel('Диагноз').fill('Рак толстой кишки, адъювантная химиотерапия (FOLFOX)');
    await dx.getByRole('button', { name: 'Сохранить' }).click();
    await header.getByTestId('diagnosis-text').getByText(/FOLFOX/).waitFor();
    await check(d, 'patient-page');
    await d.goBack();
    await d.getByTestId('worklist').getByRole('button', { name: 'В работе' }).click();

    // --- The doctor closes it: a note for the team, a template for the patient.
    await taken.getByTestId('close-alert').click();
    const form = d.getByTestId('ack-form');
    await form.waitFor();
    await form.getByLabel('Что сделано').fill('Позвонил пациенту, нейтропения исключена.');
    await form.getByRole('button', { name: 'Я позвоню вам сегодня.' }).click();
    assert.equal(await form.getByLabel('Сообщение пациенту').inputValue(), 'Я позвоню вам сегодня.');
    await check(d, 'ack-dialog');
    await form.getByRole('button', { name: 'Подтвердить' }).click();
    await form.waitFor({ state: 'detached' });

    // --- The patient: "Врач … просмотрел ваши ответы" with the note, and the notification.
    await goto(p, '/cabinet/today');
    const review = p.getByTestId('review').first();
    await review.waitFor();
    assert.match(await review.innerText(), /^✓?\s*Врач .+ просмотрел ваши ответы, /);
    assert.equal(await review.getByTestId('review-note').innerText(), 'Я позвоню вам сегодня.');
    assert.doesNotMatch(await p.locator('main').innerText(), /нейтропения/, 'the team\'s note stays with the team');
    assert.equal(await p.getByTestId('today-advice').count(), 0, 'nothing open any more');
    await check(p, 'today-reviewed');
    await goto(p, '/cabinet/notifications');
    await p.getByText(/Ваши ответы просмотрены/).first().waitFor();

    for (const page of [pat, doc, asst]) assert.deepEqual(page.problems, [], 'no page or console errors');
  });
});
