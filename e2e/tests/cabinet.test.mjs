// The patient's cabinet (issue 5), in the browser against the real server. The staff and the
// pending cards come from `oncocenter demo-seed`; staff actions the cabinet waits for (a doctor
// signing an entry and prescribing, the organizer linking a representative) go through the API
// with fetch, as the staff pages would send them.
// - a demo patient registers from the emailed code and lands on an empty "Медкарта";
// - doctor1 signs an entry → the patient sees it, opens it, prints it (print view + print media);
// - Назначения (marks a recommendation done), Цены (search), Новости, Уведомления (badge,
//   open, mark all read), Обращения (sends one), Профиль (card data, a dependent request);
// - the organizer invites the patient to represent another card → he opens the emailed link on
//   a phone, logs in, accepts, switches to the card; the link is then spent; back on his
//   first tab the header switcher appears, he switches and sees the banner; the profile hides
//   the account forms;
// - back on his own card, the patient uploads a PDF and a PNG → a new "Внесённые пациентом"
//   entry; he downloads a file.
// Every page: axe at phone and desktop width, screenshots in e2e/artifacts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { ARTIFACTS, checkPage } from '../lib/check.mjs';
import { DEMO, VASILIEV, nextYear, today, useApp } from '../lib/fixtures.mjs';
import { representationLink } from '../lib/outbox.mjs';
import { cabinetTab as tab } from '../lib/ui.mjs';

const { organizer: ORGANIZER, doctor1: DOCTOR1 } = DEMO;
// Demo cards (pending, with all consents): Васильев is doctor1's patient; Фёдорова becomes his
// dependent.
const PATIENT = VASILIEV;
const PATIENT_PASSWORD = 'vasiliev pass phrase 1';
const DEPENDENT_LAST = 'Фёдорова';

// A one-page PDF and a 1×1 PNG, small but valid (the server detects types by content).
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const { app, newPage, registerInBrowser, apiLogin, cardId, outboxFiles, waitForEmail, goto } = useApp({ seed: 'demo' });

describe('the patient cabinet', () => {
  test('register, record, upload, print, every tab, and acting for a dependent', async () => {
    const organizer = await apiLogin(ORGANIZER);
    const doctor = await apiLogin(DOCTOR1);
    const patientCard = await cardId(organizer, PATIENT.last);
    const dependentCard = await cardId(organizer, DEPENDENT_LAST);

    // --- The patient registers with the code from the email and lands on Медкарта (empty).
    const pat = await newPage();
    const p = pat.page;
    await registerInBrowser(p, PATIENT, PATIENT_PASSWORD);
    // He lands on "Сегодня": nothing is due yet.
    await p.getByTestId('today-nothing-due').waitFor();
    assert.equal(await p.getByTestId('tab-today').getAttribute('aria-current'), 'page');
    await checkPage(p, 'cabinet', 'today');
    await tab(p, 'Медкарта');
    await p.getByTestId('record-empty').waitFor();
    assert.equal(await p.getByRole('link', { name: 'Распечатать' }).count(), 0, 'nothing to print yet');
    await p.getByTestId('cabinet-patient').getByText(PATIENT.last).waitFor();
    assert.equal(await p.locator('#cabinet-patient').count(), 0, 'one card: no switcher');
    await checkPage(p, 'cabinet', 'record-empty');

    // --- doctor1 signs an entry (and prescribes); the patient sees it and opens it.
    const body = 'Жалоб нет.\nСостояние удовлетворительное.\nРекомендовано: контроль через 3 месяца.';
    const entry = await doctor('POST', `/patients/${patientCard}/record`, {
      kind: 'outpatient',
      occurred_on: today(),
      title: 'Осмотр онколога',
      body,
      sign: true,
    });
    await doctor('POST', `/patients/${patientCard}/prescriptions`, {
      kind: 'recommended',
      title: 'Ежедневная прогулка 30 минут',
      details: 'В спокойном темпе.',
      due_on: nextYear(),
    });
    await doctor('POST', `/patients/${patientCard}/prescriptions`, {
      kind: 'prescribed',
      title: 'Общий анализ крови',
      details: '',
    });
    await p.reload();
    const row = p.locator(`[data-entry="${entry.id}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /Осмотр онколога/);
    await p.getByTestId('unread-count').waitFor();
    await checkPage(p, 'cabinet', 'record');

    // --- On a 360 px phone: the bottom bar with the current tab marked, the unread count on
    // "Ещё", whose sheet takes the focus and gives it back on Escape; the page clears the bar.
    await p.setViewportSize({ width: 360, height: 740 });
    const bar = p.locator('nav.tabbar');
    await bar.waitFor();
    assert.equal(await p.locator('.cabinet-tabs').isVisible(), false, 'no row of tabs on a phone');
    assert.equal(await bar.locator('.tabbar__items').getByRole('link', { name: 'Медкарта' }).getAttribute('aria-current'), 'page');
    assert.equal(await bar.locator('.tabbar__items > li').count(), 5);
    const more = bar.getByTestId('tab-more');
    assert.match(await more.innerText(), /Ещё/);
    await more.locator('.tabbar__dot').waitFor();
    await p.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const barTop = await bar.locator('.tabbar__items').evaluate((e) => e.getBoundingClientRect().top);
    const footerBottom = await p.locator('.app-footer .service-status').evaluate((e) => e.getBoundingClientRect().bottom);
    assert.ok(footerBottom <= barTop, `the end of the page clears the bar (${footerBottom} > ${barTop})`);
    await p.evaluate(() => window.scrollTo(0, 0));
    await p.screenshot({ path: path.join(ARTIFACTS, 'cabinet-phone360-bar.png') });
    await more.click();
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    await bar.locator('#cabinet-more').getByTestId('more-unread-count').waitFor();
    assert.ok(await p.evaluate(() => document.activeElement?.closest('#cabinet-more') !== null), 'the focus moves into the sheet');
    await p.screenshot({ path: path.join(ARTIFACTS, 'cabinet-phone360-more.png') });
    await p.keyboard.press('Escape');
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    assert.equal(await p.evaluate(() => document.activeElement?.dataset.testid), 'tab-more', 'the focus is back on "Ещё"');
    await tab(p, 'Новости');
    await p.waitForURL('**/cabinet/news');
    assert.equal(await more.getAttribute('aria-current'), 'page', '"Ещё" is marked on a page of its sheet');
    await p.screenshot({ path: path.join(ARTIFACTS, 'cabinet-phone360-news.png') });
    await p.setViewportSize({ width: 1280, height: 800 });
    await tab(p, 'Медкарта');
    await row.click();
    await p.waitForURL(`**/cabinet/record/${entry.id}`);
    const text = await p.getByTestId('entry-body').innerText();
    assert.equal(text.trim(), body, 'line breaks kept');
    await checkPage(p, 'cabinet', 'entry');

    // --- Print view: organization and patient on top, the full text; print media too.
    await tab(p, 'Медкарта');
    await p.getByRole('link', { name: 'Распечатать' }).click();
    await p.waitForURL('**/cabinet/record/print');
    const doc = p.getByTestId('print-doc');
    await doc.waitFor();
    const printed = await doc.innerText();
    assert.match(printed, /Васильев Николай/);
    assert.match(printed, /Состояние удовлетворительное/);
    await p.getByTestId('print-button').waitFor();
    await checkPage(p, 'cabinet', 'print');
    await p.emulateMedia({ media: 'print' });
    assert.equal(await p.locator('.cabinet-tabs').isVisible(), false, 'no tabs in print');
    assert.equal(await p.locator('header.app-header').isVisible(), false, 'no header in print');
    await p.screenshot({ path: path.join(ARTIFACTS, 'cabinet-print-media.png'), fullPage: true });
    await p.emulateMedia({ media: 'screen' });

    // --- Назначения: a recommendation marked done.
    await tab(p, 'Назначения');
    const walk = p.locator('[data-group="recommended"] li').filter({ hasText: 'Ежедневная прогулка' });
    await walk.waitFor();
    await p.locator('[data-group="prescribed"]').getByText('Общий анализ крови').waitFor();
    await checkPage(p, 'cabinet', 'prescriptions');
    await walk.getByRole('button', { name: 'Отметить выполненным' }).click();
    await p.locator('[data-group="recommended"] li[data-status="done"]').waitFor();

    // --- Цены: the demo price list, searched.
    await tab(p, 'Цены');
    await p.getByTestId('prices').getByText('B01.027.001').waitFor();
    await checkPage(p, 'cabinet', 'prices');
    await p.getByLabel('Поиск услуги').fill('Телемед');
    await p.locator('[data-code="B01.027.001"]').waitFor({ state: 'detached' });
    await p.locator('[data-code="B01.027.T01"]').waitFor();

    // --- Новости.
    await tab(p, 'Новости');
    await p.getByTestId('news').getByText('Открыт личный кабинет пациента').waitFor();
    await checkPage(p, 'cabinet', 'news');

    // --- Уведомления: the signed entry is new; opening it marks it read; then all read.
    await tab(p, 'Уведомления');
    const list = p.getByTestId('notifications');
    await list.waitFor();
    await checkPage(p, 'cabinet', 'notifications');
    const signed = list.locator('li[data-kind="entry_signed"][data-unread="true"]').first();
    await signed.getByText('Новое').waitFor();
    await signed.getByRole('button').click();
    await p.waitForURL('**/cabinet/record/**');
    await tab(p, 'Уведомления');
    await p.getByTestId('notifications').waitFor();
    if (await p.getByRole('button', { name: 'Отметить все прочитанными' }).count()) {
      await p.getByRole('button', { name: 'Отметить все прочитанными' }).click();
    }
    await p.getByTestId('unread-count').waitFor({ state: 'detached' });
    assert.equal(await p.locator('li[data-unread="true"]').count(), 0);

    // --- Обращения: one message sent, listed as new.
    await tab(p, 'Обращения');
    await p.getByTestId('feedback-empty').waitFor();
    await p.getByLabel('Тема обращения').selectOption('gratitude');
    await p.getByLabel('Кратко о чём').fill('Спасибо врачу');
    await p.getByLabel('Текст обращения').fill('Спасибо за внимательный осмотр.');
    await p.getByRole('button', { name: 'Отправить', exact: true }).click();
    const sent = p.getByTestId('feedback-list').locator('li').filter({ hasText: 'Спасибо врачу' });
    await sent.getByText('Новое').waitFor();
    await checkPage(p, 'cabinet', 'feedback');

    // --- Профиль: the card's data, the account forms, a dependent request.
    await tab(p, 'Профиль');
    await p.getByTestId('card-data').getByText('Исправить данные можно через медицинскую организацию').waitFor();
    await p.getByTestId('profile-email').waitFor();
    await p.getByTestId('profile-password').waitFor();
    const dep = p.getByTestId('dependent-form');
    await dep.getByLabel('Фамилия').fill('Васильева');
    await dep.getByLabel('Имя', { exact: true }).fill('Анна');
    await dep.getByLabel('Дата рождения').fill('2015-06-01');
    await dep.getByText('Женский').click();
    await dep.getByRole('button', { name: 'Отправить заявку' }).click();
    await p.getByTestId('dependent-requests').getByText('Ожидает подтверждения').waitFor();
    await checkPage(p, 'cabinet', 'profile');

    // --- The organizer invites the patient to represent another card. The answer names only
    // the address; he opens the emailed link on his phone (not logged in there), logs in,
    // sees whom he is asked to represent, accepts — and the switcher appears.
    let seen = outboxFiles();
    const invited = await organizer('POST', `/patients/${dependentCard}/representatives`, { email: PATIENT.email, until: nextYear() });
    assert.equal(invited.email, PATIENT.email);
    assert.equal(invited.status, 'pending');
    assert.equal(invited.name, undefined, 'the answer names no person');
    const pendingList = await organizer('GET', `/patients/${dependentCard}/representative-invitations`);
    assert.deepEqual(pendingList.map((i) => i.email), [PATIENT.email]);
    const inviteMail = await waitForEmail(PATIENT.email, { seen });
    assert.match(inviteMail.subject, /представителем/);
    assert.doesNotMatch(inviteMail.text, /Фёдорова/, 'the email names no patient');
    const phone = await newPage({ viewport: { width: 390, height: 844 } });
    const q = phone.page;
    await goto(q, representationLink(inviteMail));
    const facts = q.getByTestId('representation');
    await facts.waitFor();
    assert.match(await facts.innerText(), /Фёдорова Елена/);
    await checkPage(q, 'cabinet', 'representation-invite');
    await q.getByTestId('representation-login').click();
    await q.waitForURL('**/login?next=*');
    await q.getByLabel('Электронная почта').fill(PATIENT.email);
    await q.getByLabel('Пароль', { exact: true }).fill(PATIENT_PASSWORD);
    await q.getByRole('button', { name: 'Войти', exact: true }).click();
    await q.waitForURL('**/representation');
    await q.getByTestId('representation-accept').waitFor();
    await checkPage(q, 'cabinet', 'representation-accept');
    await q.getByTestId('representation-accept').click();
    await q.waitForURL('**/cabinet/record');
    const phoneSwitcher = q.getByLabel('Пациент:');
    await phoneSwitcher.waitFor();
    await phoneSwitcher.selectOption(dependentCard);
    await q.getByTestId('acting-banner').waitFor();
    assert.match(await q.getByTestId('acting-banner').innerText(), /Вы действуете от имени: Фёдорова Елена/);
    await checkPage(q, 'cabinet', 'representation-acting');
    // The link is spent.
    await goto(q, representationLink(inviteMail));
    await q.getByTestId('representation-invalid').waitFor();
    assert.deepEqual(phone.problems, [], 'no page or console errors on the phone');
    await phone.context.close();
    const afterAccept = await organizer('GET', `/patients/${dependentCard}/representative-invitations`);
    assert.deepEqual(afterAccept, []);

    // --- An address with no account: the same link offers a short form that creates the account
    // and accepts; he lands in the cabinet of the card he now represents.
    seen = outboxFiles();
    await organizer('POST', `/patients/${dependentCard}/representatives`, { email: 'grandson@example.org', until: nextYear() });
    const newcomerMail = await waitForEmail('grandson@example.org', { seen });
    const newcomer = await newPage({ viewport: { width: 390, height: 844 } });
    const n = newcomer.page;
    await goto(n, representationLink(newcomerMail));
    const form = n.getByTestId('representation-register');
    await form.waitFor();
    await form.getByRole('button', { name: 'Создать учётную запись и принять' }).click();
    await form.locator('#rep-last-error, .field__error').first().waitFor();
    await checkPage(n, 'cabinet', 'representation-register');
    await form.getByLabel('Фамилия').fill('Фёдоров');
    await form.getByLabel('Имя', { exact: true }).fill('Павел');
    await form.getByLabel('Пароль', { exact: true }).fill('grandson pass phrase 1');
    await form.getByLabel('Повторите пароль').fill('grandson pass phrase 1');
    await form.getByRole('button', { name: 'Создать учётную запись и принять' }).click();
    await n.waitForURL('**/cabinet/record');
    await n.getByTestId('acting-banner').waitFor();
    assert.match(await n.getByTestId('acting-banner').innerText(), /Фёдорова Елена/);
    assert.deepEqual(newcomer.problems, [], 'no page or console errors for the newcomer');
    await newcomer.context.close();

    await tab(p, 'Медкарта');
    await p.reload();
    const switcher = p.getByLabel('Пациент:');
    await switcher.waitFor();
    await checkPage(p, 'cabinet', 'switcher');
    await switcher.selectOption(dependentCard);
    const banner = p.getByTestId('acting-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Вы действуете от имени: Фёдорова Елена/);
    await p.getByTestId('record-empty').waitFor();
    assert.match(await p.getByTestId('cabinet-patient').innerText(), /Фёдорова/);
    await checkPage(p, 'cabinet', 'acting-record');
    // A reload keeps acting for the dependent (sessionStorage).
    await p.reload();
    await p.getByTestId('acting-banner').waitFor();
    await tab(p, 'Профиль');
    await p.getByTestId('account-hidden').waitFor();
    assert.equal(await p.getByTestId('profile-email').count(), 0, 'no email form while acting');
    assert.equal(await p.getByTestId('profile-password').count(), 0, 'no password form while acting');
    await checkPage(p, 'cabinet', 'acting-profile');
    // Back to his own card.
    await p.getByRole('button', { name: 'Вернуться к своей карте' }).click();
    await p.getByTestId('acting-banner').waitFor({ state: 'detached' });
    await p.getByTestId('profile-email').waitFor();

    // --- Upload (own card again): client-side check first (a wrong type), then a PDF and a PNG.
    await tab(p, 'Медкарта');
    await p.getByTestId('upload-link').click();
    await p.waitForURL('**/cabinet/record/upload');
    await p.getByRole('button', { name: 'Загрузить' }).click();
    await p.getByTestId('files-error').waitFor();
    await p.locator('#upload-files').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') }]);
    await p.locator('.chosen-file__name', { hasText: 'notes.txt' }).waitFor();
    await p.getByTestId('chosen-files').getByRole('button', { name: /Убрать/ }).click();
    await p.getByLabel('Описание').fill('Выписка из больницы\nи снимок');
    await p.locator('#upload-files').setInputFiles([
      { name: 'vypiska.pdf', mimeType: 'application/pdf', buffer: PDF },
      { name: 'snimok.png', mimeType: 'image/png', buffer: PNG },
    ]);
    await p.locator('.chosen-file__name', { hasText: 'snimok.png' }).waitFor();
    await checkPage(p, 'cabinet', 'upload');
    await p.getByTestId('upload-submit').click();
    await p.waitForURL(/\/cabinet\/record\/[0-9a-f-]{36}$/);
    await p.getByTestId('entry').getByText('Внесено пациентом').first().waitFor();
    await p.locator('[data-file="vypiska.pdf"]').waitFor();
    await checkPage(p, 'cabinet', 'upload-entry');
    const [download] = await Promise.all([p.waitForEvent('download'), p.locator('[data-file="snimok.png"]').click()]);
    assert.equal(download.suggestedFilename(), 'snimok.png');
    await tab(p, 'Медкарта');
    await p.locator('.chips').getByRole('link', { name: 'Внесённые пациентом' }).click();
    await p.waitForURL('**/cabinet/record?kind=patient');
    const mine = p.getByTestId('record');
    await mine.getByText('Выписка из больницы').waitFor();
    assert.doesNotMatch(await mine.innerText(), /Осмотр онколога/, 'the filter shows patient entries only');
    await checkPage(p, 'cabinet', 'record-patient-filter');

    assert.deepEqual(pat.problems, [], 'no page or console errors');
    await pat.context.close();
  });
});
