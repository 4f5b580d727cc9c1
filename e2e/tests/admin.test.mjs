// The organizer's admin panel (issue 4), in the browser against the real server, reading the
// emails from the outbox as people read their mail. The staff come from `oncocenter
// demo-seed` (run on the same data directory): organizer, two doctors, an assistant.
// - a patient with consents → invitation; resend to a corrected address;
// - ten days pass (`oncocenter jobs run --now`): the card lapses into "Deleted patients" →
//   "register again" → a fresh invitation;
// - the patient's doctors; the doctor's landing page lists him; the assistant's access;
// - class settings, news, the price list from CSV: a bad row shown in the preview, then a
//   Windows-1251 file previewed without mojibake and applied;
// - the audit log; a doctor's email change confirmed by the link.
// Every page: axe at phone and desktop width, screenshots in e2e/artifacts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { ARTIFACTS, checkPage } from '../lib/check.mjs';
import { DEMO, useApp } from '../lib/fixtures.mjs';
import { sixDigitCode } from '../lib/outbox.mjs';
import { adminSection, rowAction } from '../lib/ui.mjs';

const { password: PASSWORD, organizer: ORGANIZER, doctor1: DOCTOR1, assistant: ASSISTANT } = DEMO;
const PATIENT = { last: 'Белова', first: 'Ирина', middle: 'Павловна', birth: '1968-04-12' };

const { app, newPage, cli, outboxFiles, waitForEmail, goto, login, logout, toast } = useApp({ seed: 'demo' });

function linkIn(mail, path) {
  const m = mail.text.match(new RegExp(`https?://\\S+${path}\\S*`));
  assert.ok(m, `a ${path} link in:\n${mail.text}`);
  return m[0];
}

function patientRow(page, name) {
  return page.getByTestId('patients').locator('tr', { hasText: name });
}

describe('organizer admin panel', () => {
  test('patients, lapse, assignment, access, settings, news, prices, audit, profile', async () => {
    const org = await newPage();
    const p = org.page;
    await login(p, ORGANIZER, PASSWORD);
    await p.waitForURL('**/admin/staff');

    // --- On a 360 px phone the menu is a drawer behind "Меню": the page starts at once; the
    // button says whether it is open, the focus goes in and, on Escape, back; a link closes it.
    await p.setViewportSize({ width: 360, height: 740 });
    const menuButton = p.getByTestId('menu-button');
    await menuButton.waitFor();
    const menu = p.locator('#admin-menu');
    assert.equal(await menu.isVisible(), false, 'the menu is folded away');
    assert.equal(await menuButton.getAttribute('aria-expanded'), 'false');
    assert.equal(await menuButton.getAttribute('aria-controls'), 'admin-menu');
    const mainTop = await p.locator('#main').evaluate((e) => e.getBoundingClientRect().top);
    assert.ok(mainTop < 740 * 0.3, `the page's content starts near the top (${mainTop}px)`);
    await p.screenshot({ path: path.join(ARTIFACTS, 'admin-phone360-menu-closed.png') });
    await menuButton.click();
    await menu.waitFor();
    assert.equal(await menuButton.getAttribute('aria-expanded'), 'true');
    assert.ok(await p.evaluate(() => document.activeElement?.closest('#admin-menu') !== null), 'the focus moves into the drawer');
    await p.screenshot({ path: path.join(ARTIFACTS, 'admin-phone360-menu-open.png') });
    await p.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    assert.equal(await p.evaluate(() => document.activeElement?.dataset.testid), 'menu-button', 'the focus is back on the button');
    await menuButton.click();
    await p.getByRole('navigation', { name: 'Разделы панели администратора' }).getByRole('link', { name: 'Новости', exact: true }).click();
    await p.waitForURL('**/admin/news');
    await menu.waitFor({ state: 'hidden' });
    await p.setViewportSize({ width: 1280, height: 800 });
    await menu.waitFor();
    assert.equal(await menuButton.isVisible(), false, 'no menu button on a desk');

    // --- A patient with the three consents gets the invitation at once.
    await adminSection(p, 'Пациенты');
    await p.waitForURL('**/admin/patients');
    await p.getByTestId('patients').waitFor();
    await checkPage(p, 'admin', 'patients');
    await p.getByRole('button', { name: 'Добавить пациента' }).click();
    const form = p.locator('#patient-action');
    await form.getByTestId('patient-form').waitFor();
    // Client-side rules first: an empty form and a bad SNILS name their fields.
    await form.getByLabel('СНИЛС').fill('112-233-445 96');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await form.getByText('Заполните это поле.').first().waitFor();
    await form.getByText(/СНИЛС — 11 цифр/).waitFor();
    await checkPage(p, 'admin', 'patient-form-errors');
    await form.getByLabel('Фамилия').fill(PATIENT.last);
    await form.getByLabel('Имя', { exact: true }).fill(PATIENT.first);
    await form.getByLabel(/^Отчество/).fill(PATIENT.middle);
    await form.getByLabel('Дата рождения').fill(PATIENT.birth);
    await form.getByLabel('Женский').check();
    await form.getByLabel('Электронная почта').fill('belova@typo.example');
    await form.getByLabel('СНИЛС').fill('112-233-445 95');
    await form.getByLabel(/телемедицинские консультации/).check();
    await form.getByLabel(/результатов по электронной почте/).check();
    await form.getByLabel(/обработку персональных данных/).check();
    await form.getByTestId('consents-complete').waitFor();
    await checkPage(p, 'admin', 'patient-form');
    let seen = outboxFiles();
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await toast(p, 'приглашение отправлено');
    const row = patientRow(p, `${PATIENT.last} ${PATIENT.first}`);
    await row.getByText('Не активирован').waitFor();
    const first = await waitForEmail('belova@typo.example', { seen });
    assert.match(first.subject, /личный кабинет/);
    // The invitation opens the registration step with the address filled in; its date in words.
    assert.equal(linkIn(first, '/register'), `${app.baseUrl}/register#email=belova@typo.example`);
    assert.match(first.text, /Приглашение действует до \d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4} г\. включительно\./);
    assert.doesNotMatch(first.text, /связь с врачом/);

    // --- The address had a typo: resend to the corrected one.
    seen = outboxFiles();
    await rowAction(row, 'Отправить код активации повторно');
    const invite = p.locator('#patient-action');
    const email = invite.getByLabel('Электронная почта');
    assert.equal(await email.inputValue(), 'belova@typo.example');
    await checkPage(p, 'admin', 'patient-resend');
    await email.fill('belova@example.org');
    await invite.getByRole('button', { name: /Отправить/ }).last().click();
    await toast(p, 'belova@example.org');
    await waitForEmail('belova@example.org', { seen });

    // --- His doctor: Петров (doctor1).
    await rowAction(row, 'Врачи');
    const doctors = p.locator('#patient-action');
    await doctors.getByLabel(/Петров Иван Ильич/).check();
    await checkPage(p, 'admin', 'patient-doctors');
    await doctors.getByRole('button', { name: 'Сохранить' }).click();
    await toast(p, 'лечащие врачи сохранены');
    await row.getByText('Петров Иван Ильич').waitFor();

    // --- Ten days later the invitation lapses: the card moves to "Deleted patients".
    const later = new Date(Date.now() + 10 * 24 * 3600 * 1000 + 5 * 60 * 1000).toISOString();
    const { stdout } = await cli('jobs', 'run', '--now', later);
    assert.match(stdout, /ran \d+ job/);
    await p.reload();
    await p.getByTestId('patients').waitFor();
    assert.equal(await patientRow(p, PATIENT.last).count(), 0, 'the lapsed card left the patient list');
    await adminSection(p, 'Удалённые пациенты');
    await p.waitForURL('**/admin/patients/deleted');
    const deleted = p.getByTestId('deleted-patients').locator('tr', { hasText: PATIENT.last });
    await deleted.waitFor();
    await checkPage(p, 'admin', 'deleted-patients');

    // --- Register again: the form comes prefilled; a fresh invitation goes out.
    seen = outboxFiles();
    await deleted.getByRole('button', { name: 'Зарегистрировать повторно' }).click();
    const again = p.locator('#patient-action');
    assert.equal(await again.getByLabel('Фамилия').inputValue(), PATIENT.last);
    assert.equal(await again.getByLabel('Электронная почта').inputValue(), 'belova@example.org');
    await again.getByLabel('Телефон').fill('+7 912 345-67-89');
    await checkPage(p, 'admin', 'register-again');
    await again.getByRole('button', { name: 'Зарегистрировать повторно' }).click();
    await toast(p, 'зарегистрирован повторно');
    const invitation = await waitForEmail('belova@example.org', { seen });
    await adminSection(p, 'Пациенты');
    await patientRow(p, PATIENT.last).getByText('Не активирован').waitFor();

    // --- The assistant may work with doctor1's patients only.
    await adminSection(p, 'Ассистенты');
    await p.waitForURL('**/admin/assistants');
    const assistantRow = p.getByTestId('staff').locator('tr', { hasText: 'Орлова' });
    await assistantRow.getByRole('button', { name: 'Доступ к пациентам' }).click();
    const access = p.locator('#staff-action');
    await access.getByLabel(/Петров Иван Ильич/).waitFor();
    assert.equal(await access.getByLabel(/Петров Иван Ильич/).isChecked(), true, 'the demo grants doctor1');
    await access.getByLabel(/Смирнова Ольга Викторовна/).uncheck();
    await checkPage(p, 'admin', 'assistant-access');
    await access.getByRole('button', { name: 'Сохранить' }).click();
    await toast(p, 'Доступ к пациентам сохранён');

    // --- Class settings.
    await adminSection(p, 'Настройки');
    await p.getByTestId('class-settings').waitFor();
    await p.getByLabel(/Самостоятельная запись/).check();
    await p.getByLabel('Максимальное число участников занятия').fill('12');
    await p.getByTestId('class-settings').getByLabel(/Смирнова Ольга Викторовна/).check();
    await p.getByRole('button', { name: 'Сохранить' }).click();
    await toast(p, 'Настройки сохранены');
    await p.reload();
    await p.getByTestId('class-settings').waitFor();
    assert.equal(await p.getByLabel('Максимальное число участников занятия').inputValue(), '12');
    assert.equal(await p.getByLabel(/Самостоятельная запись/).isChecked(), true);
    await checkPage(p, 'admin', 'settings');

    // --- News.
    await adminSection(p, 'Новости');
    await p.getByTestId('news').waitFor();
    await p.getByRole('button', { name: 'Добавить новость' }).click();
    const news = p.locator('#news-dialog');
    await news.getByLabel('Заголовок').fill('Школа пациента: питание во время химиотерапии');
    await news.getByLabel('Текст').fill('Занятие пройдёт онлайн в четверг в 17:00. Ссылка появится в личном кабинете.');
    await checkPage(p, 'admin', 'news-form');
    await news.getByRole('button', { name: 'Сохранить' }).click();
    await toast(p, 'Новость сохранена');
    await p.getByTestId('news').getByText('Школа пациента').waitFor();
    await checkPage(p, 'admin', 'news');

    // --- The price list from CSV, previewed before it is applied: a bad file cannot be
    // applied; a file Russian Excel saved (Windows-1251, `;`, CRLF) reads without mojibake,
    // shows what it adds and changes, and "Применить" imports it.
    await adminSection(p, 'Прейскурант');
    await p.getByTestId('prices').waitFor();
    const before = await p.getByTestId('prices').locator('tr, li').count();
    await p.getByRole('button', { name: 'Импорт из CSV' }).click();
    const dialog = p.locator('#price-dialog');
    const bad = 'section;code;name;price;active\nАнализы;A09.05.001;Общий анализ крови;450;да\nАнализы;A09.05.002;Биохимия;четыреста;да\n';
    await dialog.getByLabel('Файл CSV').setInputFiles({ name: 'prices.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await dialog.getByRole('button', { name: 'Проверить файл' }).click();
    await dialog.getByTestId('import-preview').waitFor();
    const errors = dialog.getByTestId('import-errors');
    await errors.waitFor();
    assert.match(await errors.innerText(), /Строка 3/);
    await dialog.getByTestId('import-blocked').waitFor();
    assert.equal(await dialog.getByTestId('import-apply').count(), 0, 'a file with errors cannot be applied');
    await checkPage(p, 'admin', 'price-import-errors');
    await dialog.getByRole('button', { name: 'Выбрать другой файл' }).click();
    const cp1251 = readFileSync(new URL('../../crates/server/tests/api/organization/fixtures/prices-cp1251.csv', import.meta.url));
    assert.ok(!cp1251.includes(Buffer.from('Приём')), 'the fixture is not UTF-8');
    await dialog.getByLabel('Файл CSV').setInputFiles({ name: 'прайс.csv', mimeType: 'text/csv', buffer: cp1251 });
    await dialog.getByRole('button', { name: 'Проверить файл' }).click();
    const preview = dialog.getByTestId('import-preview');
    await preview.waitFor();
    assert.match(await dialog.getByTestId('import-encoding').innerText(), /Windows-1251/);
    const added = await dialog.getByTestId('import-added').innerText();
    assert.match(added, /Общий анализ крови «развёрнутый»/);
    assert.match(added, /Занятие ЛФК № 1 — групповое/);
    const changed = await dialog.getByTestId('import-changed').innerText();
    assert.match(changed, /B01\.027\.001/);
    assert.match(changed, /Приём врача-онколога первичный/);
    assert.doesNotMatch(await preview.innerText(), /[\uFFFDÐÑ]|Ã/, 'no mojibake');
    assert.equal(await p.getByTestId('prices').getByText('Общий анализ крови «развёрнутый»').count(), 0, 'nothing written yet');
    await checkPage(p, 'admin', 'price-import-preview');
    await dialog.getByTestId('import-apply').click();
    await toast(p, 'добавлено 2, обновлено 2');
    await p.getByTestId('prices').getByText('Общий анализ крови «развёрнутый»').waitFor();
    assert.ok((await p.getByTestId('prices').locator('tr, li').count()) > before);
    await p.getByTestId('prices').getByText('Приём врача-онколога первичный').waitFor();
    await checkPage(p, 'admin', 'prices');

    // --- The audit log names who read the patient and the lapse by the system.
    await adminSection(p, 'Журнал аудита');
    await p.getByTestId('audit').waitFor();
    const audit = await p.getByTestId('audit').innerText();
    assert.match(audit, /Просмотр списка пациентов/);
    assert.match(audit, /Приглашение истекло, пациент удалён/);
    assert.match(audit, /Иванова Анна Сергеевна/);
    await checkPage(p, 'admin', 'audit');

    // --- The same panel in English.
    await adminSection(p, 'Пациенты');
    await p.getByRole('button', { name: 'English' }).click();
    await p.getByRole('heading', { level: 1, name: 'Patients' }).waitFor();
    await p.getByRole('button', { name: 'Add patient' }).waitFor();
    await patientRow(p, PATIENT.last).getByText('Not activated').waitFor();
    await checkPage(p, 'admin-en', 'patients');
    await p.getByRole('button', { name: 'Русский' }).click();
    await p.getByRole('heading', { level: 1, name: 'Пациенты' }).waitFor();
    await logout(p);

    // --- doctor1's landing page lists his new patient; he changes his email.
    const doc = await newPage();
    await login(doc.page, DOCTOR1, PASSWORD);
    await doc.page.waitForURL('**/staff/monitoring');
    await doc.page.getByTestId('staff-menu').getByRole('link', { name: 'Мои пациенты' }).click();
    await doc.page.waitForURL('**/doctor');
    await doc.page.getByTestId('my-patients').getByText(PATIENT.last).waitFor();
    await checkPage(doc.page, 'admin', 'doctor-patients');

    await doc.page.goto(`${app.baseUrl}/profile`);
    const emailForm = doc.page.getByTestId('profile-email');
    await emailForm.waitFor();
    await emailForm.getByLabel('Новый адрес электронной почты').fill('petrov.new@example.org');
    await emailForm.getByLabel('Текущий пароль').fill(PASSWORD);
    seen = outboxFiles();
    await emailForm.getByRole('button', { name: 'Изменить адрес' }).click();
    await doc.page.getByTestId('email-sent').waitFor();
    await checkPage(doc.page, 'admin', 'profile');
    const confirm = await waitForEmail('petrov.new@example.org', { seen });
    seen = outboxFiles();
    await goto(doc.page, linkIn(confirm, '/email/confirm'));
    await doc.page.getByTestId('email-changed').waitFor();
    assert.match(await doc.page.getByTestId('email-changed').innerText(), /petrov\.new@example\.org/);
    await checkPage(doc.page, 'admin', 'email-confirmed');
    const notice = await waitForEmail(DOCTOR1, { seen });
    assert.match(notice.text, /email\/revert#token=/);
    await doc.context.close();
    const again2 = await newPage();
    await login(again2.page, 'petrov.new@example.org', PASSWORD);
    await again2.page.waitForURL('**/staff/monitoring');
    await again2.context.close();

    // --- The assistant sees doctor1's patients, not doctor2's.
    const asst = await newPage();
    await login(asst.page, ASSISTANT, PASSWORD);
    await asst.page.waitForURL('**/assistant/patients');
    const list = asst.page.getByTestId('my-patients');
    await list.getByText(PATIENT.last).waitFor();
    assert.doesNotMatch(await list.innerText(), /Морозов/, "doctor2's patient stays out of reach");
    await checkPage(asst.page, 'admin', 'assistant-patients');

    // --- The patient registers from his invitation (PREG-2…4).
    const pat = await newPage();
    // An older invitation's link (/login?register=1) leads to the same step.
    await goto(pat.page, '/login?register=1');
    await pat.page.waitForURL('**/register');
    await pat.page.getByTestId('register-details').waitFor();
    await goto(pat.page, '/');
    await pat.page.locator('header.app-header').waitFor();
    // The emailed link: the registration step, the address filled in, the cursor in "Фамилия".
    await goto(pat.page, linkIn(invitation, '/register'));
    await pat.page.getByTestId('register-details').waitFor();
    assert.equal(await pat.page.getByLabel('Электронная почта').inputValue(), 'belova@example.org');
    await pat.page.waitForFunction(() => document.activeElement?.id === 'register-last');
    await pat.page.getByLabel('Фамилия').fill('БЕЛОВА');
    await pat.page.getByLabel('Имя', { exact: true }).fill(PATIENT.first);
    await pat.page.getByLabel('Дата рождения').fill(PATIENT.birth);
    await checkPage(pat.page, 'admin', 'register-details');
    seen = outboxFiles();
    await pat.page.getByRole('button', { name: 'Получить код' }).click();
    await pat.page.getByTestId('code-sent').waitFor();
    const codeMail = await waitForEmail('belova@example.org', { seen });
    await pat.page.getByLabel('Проверочный код').fill(sixDigitCode(codeMail));
    await pat.page.getByLabel('Пароль', { exact: true }).fill('belova pass phrase 1');
    await pat.page.getByLabel('Повторите пароль').fill('belova pass phrase 1');
    await checkPage(pat.page, 'admin', 'register-code');
    await pat.page.getByRole('button', { name: 'Зарегистрироваться' }).click();
    await pat.page.getByTestId('register-done').waitFor();
    await checkPage(pat.page, 'admin', 'register-done');
    await pat.page.getByRole('link', { name: 'Перейти на главную' }).click();
    await pat.page.waitForURL('**/cabinet/today');
    // A patient reads that the service works; the version is for staff.
    await pat.page.locator('[data-status="ok"]').waitFor();
    assert.equal(await pat.page.locator('[data-status="ok"]').innerText(), 'Сервис работает');

    // --- The instructor's home says what he can do today and promises nothing else.
    const ins = await newPage();
    await login(ins.page, 'instructor@demo.oncocenter.local', PASSWORD);
    await ins.page.waitForURL('**/home');
    await ins.page.getByRole('heading', { level: 2, name: 'Ваш аккаунт активен' }).waitFor();
    assert.doesNotMatch(await ins.page.locator('main').innerText(), /следующих версиях|появятся здесь/);
    await ins.page.locator('[data-status="ok"]').waitFor();
    assert.match(await ins.page.locator('[data-status="ok"]').innerText(), /^Сервис работает, версия \d+\.\d+\.\d+/);
    await checkPage(ins.page, 'admin', 'instructor-home');
    await ins.page.getByRole('link', { name: 'Изменить свои данные' }).click();
    await ins.page.waitForURL('**/profile');

    for (const s of [org, doc, asst, pat, ins]) assert.deepEqual(s.problems, [], 'no page or console errors');
  });
});
