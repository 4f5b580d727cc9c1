// Every list pages forward and back (issue 12: the "Вперёд" button rendered Rust source and
// nobody got past page 1), long words and URLs never widen a page, long news collapses with
// "Читать далее", the last organizer is told why she cannot deactivate herself, and the
// operator offers every Russian time zone and any IANA zone by search.
//
// Rows come through the API (`oncocenter demo-seed` first): organizations, staff, patients of
// doctor1 who register, their feedback, news, signed record entries (each one a notification).
// Every page: axe, no horizontal overflow and no Rust source at 390 and 1280 px (checkPage).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkPage, horizontalOverflow } from '../lib/check.mjs';
import { ALL_CONSENTS as CONSENTS, DEMO, VASILIEV, day, useApp } from '../lib/fixtures.mjs';
import { checkList, pageThrough, until } from '../lib/lists.mjs';

const { password: PASSWORD, operator: OPERATOR, organizer: ORGANIZER, doctor1: DOCTOR1 } = DEMO;

// A 300-character word and a long URL: neither has a place to break.
const LONG_WORD = 'Сверхдлинноеслово'.repeat(18).slice(0, 300);
const LONG_URL = `https://oncocenter.example/${'materials/'.repeat(12)}${'x'.repeat(120)}?utm_source=${'y'.repeat(40)}`;
const LONG_TITLE = `Важно: ${LONG_WORD.slice(0, 150)}`;
const LONG_BODY = [
  `Памятка пациенту: ${LONG_WORD}`,
  `Подробности по ссылке ${LONG_URL}`,
  ...Array.from({ length: 8 }, (_, i) => `Пункт ${i + 1}: принимайте лекарства по расписанию и сообщайте врачу о самочувствии.`),
].join('\n');
// Surnames (doctor1's new patients) and first names (new staff), all distinct.
const SURNAMES = ['Абрамов', 'Белов', 'Вишняков', 'Гусев', 'Давыдов', 'Ершов', 'Жуков', 'Зайцев', 'Ильин', 'Климов',
  'Лебедев', 'Макаров', 'Нестеров', 'Осипов', 'Панов', 'Рябов', 'Соболев', 'Титов', 'Ушаков', 'Фролов', 'Шубин'];
const FIRST_NAMES = ['Алексей', 'Борис', 'Виктор', 'Григорий', 'Денис', 'Евгений', 'Захар', 'Игорь', 'Кирилл', 'Леонид',
  'Михаил', 'Никита', 'Олег', 'Павел', 'Роман', 'Семён'];

const { newPage, api, tokenOf, registerPatient, cardId, goto, login, logout, toast } = useApp({ seed: 'demo', setup: seedLists });
let vasilievId;
let longEntryId;

// The rows every list pages through (useApp runs it once the app is up).
async function seedLists() {
  const operator = await tokenOf(OPERATOR);
  const organizer = await tokenOf(ORGANIZER);
  const doctor = await tokenOf(DOCTOR1);
  // 20 more organizations (21 with the demo one).
  for (let i = 0; i < 20; i += 1) {
    await api('POST', '/operator/organizations', {
      token: operator,
      body: { name: `Онкодиспансер № ${i + 1}`, time_zone: 'Europe/Moscow', organizer_email: `org${i}@lists.test`, last_name: 'Орлов', first_name: FIRST_NAMES[i % FIRST_NAMES.length] },
    });
  }
  // 16 more staff (21 with the demo five), all named after the demo staff.
  for (const [i, first] of FIRST_NAMES.entries()) {
    await api('POST', '/staff', {
      token: organizer,
      body: { role: i % 2 ? 'doctor' : 'assistant', email: `staff${i}@lists.test`, last_name: 'Сотрудников', first_name: first },
    });
  }
  // 21 new patients of doctor1 who register and write one message each.
  for (const [i, last] of SURNAMES.entries()) {
    const person = { email: `patient${i}@lists.test`, last, first: 'Иван', birth: '1960-05-20' };
    const card = await api('POST', '/patients', {
      token: organizer,
      body: { last_name: last, first_name: 'Иван', birth_date: person.birth, sex: 'male', email: person.email, consents: CONSENTS },
    });
    await api('POST', `/patients/${card.id}/take`, { token: doctor });
    const patient = await registerPatient(person);
    await api('POST', '/cabinet/feedback', {
      token: patient,
      body: { category: 'question', subject: `Вопрос № ${i + 1}`, text: `Когда следующий приём? (${last})` },
    });
  }
  // 21 news items (22 with the demo one), one long.
  for (let i = 0; i < 20; i += 1) {
    await api('POST', '/news', { token: organizer, body: { title: `Новость № ${i + 1}`, body: `Текст новости № ${i + 1}.`, publish_on: day(-1), visible: true } });
  }
  await api('POST', '/news', { token: organizer, body: { title: LONG_TITLE, body: LONG_BODY, publish_on: day(0), visible: true } });
  // Васильев registers; doctor1 signs 21 entries of his record (each a notification), one long.
  const vasiliev = await registerPatient(VASILIEV);
  vasilievId = await cardId(organizer, VASILIEV.last);
  for (let i = 0; i < 20; i += 1) {
    await api('POST', `/patients/${vasilievId}/record`, {
      token: doctor,
      body: { kind: 'outpatient', occurred_on: day(-2), title: `Приём № ${i + 1}`, body: `Осмотр № ${i + 1}: жалоб нет.`, sign: true },
    });
  }
  const long = await api('POST', `/patients/${vasilievId}/record`, {
    token: doctor,
    body: { kind: 'outpatient', occurred_on: day(-1), title: LONG_TITLE, body: LONG_BODY, sign: true },
  });
  longEntryId = long.id;
  await api('POST', '/cabinet/feedback', {
    token: vasiliev,
    body: { category: 'question', subject: LONG_TITLE, text: LONG_BODY.slice(0, 3000) },
  });
}

describe('lists and long text', () => {
  test('operator: organizations page through; Kamchatka from the list, Almaty by search', async () => {
    const op = await newPage({ viewport: { width: 390, height: 844 } });
    const p = op.page;
    await login(p, OPERATOR, PASSWORD);
    await p.waitForURL('**/operator/organizations');
    const rows = p.getByTestId('organizations').locator('tbody tr');
    await checkPage(p, 'lists', 'organizations');
    assert.equal(await pageThrough(p, { rows }), 2);

    // Every Russian zone, west to east, with its offset.
    await p.getByRole('button', { name: 'Зарегистрировать организацию' }).click();
    const dialog = p.locator('#register-organization');
    const zone = dialog.getByLabel('Часовой пояс', { exact: true });
    const offered = await zone.locator('option').allInnerTexts();
    for (const city of ['Калининград (UTC+2)', 'Москва (UTC+3)', 'Красноярск (UTC+7)', 'Якутск (UTC+9)', 'Магадан (UTC+11)', 'Петропавловск-Камчатский (UTC+12)']) {
      assert.ok(offered.includes(city), `${city} in ${offered}`);
    }
    assert.equal(offered.at(-1), 'Другой часовой пояс…');
    await dialog.getByLabel('Название организации').fill('Камчатский онкологический диспансер');
    await zone.selectOption('Asia/Kamchatka');
    await dialog.getByLabel('Электронная почта').fill('kamchatka@lists.test');
    await dialog.getByLabel('Фамилия').fill('Беринг');
    await dialog.getByLabel('Имя', { exact: true }).fill('Витус');
    await checkPage(p, 'lists', 'organization-kamchatka');
    await dialog.getByRole('button', { name: 'Зарегистрировать', exact: true }).click();
    await toast(p, 'Камчатский онкологический диспансер');
    await p.getByTestId('organizations').locator('tr', { hasText: 'Камчатский' }).getByText('Петропавловск-Камчатский (UTC+12)').waitFor();

    // Any IANA zone by search; a made-up one is refused in the form.
    await p.getByRole('button', { name: 'Зарегистрировать организацию' }).click();
    await dialog.getByLabel('Название организации').fill('Алматинский онкологический центр');
    await zone.selectOption({ label: 'Другой часовой пояс…' });
    const search = dialog.getByLabel('Часовой пояс по названию');
    await search.fill('Mars/Olympus');
    await dialog.getByLabel('Электронная почта').fill('almaty@lists.test');
    await dialog.getByLabel('Фамилия').fill('Абаев');
    await dialog.getByLabel('Имя', { exact: true }).fill('Ержан');
    await dialog.getByRole('button', { name: 'Зарегистрировать', exact: true }).click();
    await dialog.getByText('Выберите часовой пояс из списка.').waitFor();
    assert.ok(await dialog.locator('datalist option[value="Asia/Almaty"]').count(), 'the browser’s zones are offered');
    await checkPage(p, 'lists', 'organization-zone-search');
    await search.fill('Asia/Almaty');
    await dialog.getByRole('button', { name: 'Зарегистрировать', exact: true }).click();
    await toast(p, 'Алматинский онкологический центр');
    await p.getByTestId('organizations').locator('tr', { hasText: 'Алматинский' }).getByText('Asia/Almaty').waitFor();
    await op.context.close();
  });

  test('organizer: staff, patients, news, feedback, audit page through; the last organizer is told', async () => {
    const org = await newPage();
    const p = org.page;
    await login(p, ORGANIZER, PASSWORD);
    await p.waitForURL('**/admin/staff');
    const staff = p.getByTestId('staff').locator('tbody tr');
    await staff.first().waitFor();
    // ORG-9: her own row says why instead of offering "Деактивировать".
    const own = p.locator(`tr[data-email="${ORGANIZER}"]`);
    await own.getByTestId('last-organizer-hint').waitFor();
    assert.match(await own.innerText(), /единственный активный организатор/);
    assert.equal(await own.getByRole('button', { name: 'Деактивировать' }).count(), 0);
    assert.ok(await p.locator('tr[data-email="doctor1@demo.oncocenter.local"]').getByRole('button', { name: 'Деактивировать' }).count());
    await checkPage(p, 'lists', 'staff');
    assert.equal(await pageThrough(p, { rows: staff }), 2);

    await goto(p, '/admin/patients');
    assert.equal(await checkList(p, p.getByTestId('patients').locator('tbody tr'), 'patients'), 2);

    await goto(p, '/admin/news');
    assert.equal(await checkList(p, p.getByTestId('news').locator(':scope > li'), 'news-admin'), 2);

    await goto(p, '/admin/feedback');
    assert.equal(await checkList(p, p.getByTestId('feedback').locator(':scope > li, tbody tr'), 'feedback-admin'), 2);

    await goto(p, '/admin/audit');
    assert.ok((await checkList(p, p.getByTestId('audit').locator('tbody tr'), 'audit')) >= 2);
    await org.context.close();
  });

  test('doctor: monitoring, my patients and the record page through; long words wrap', async () => {
    const doc = await newPage();
    const p = doc.page;
    await login(p, DOCTOR1, PASSWORD);
    await p.waitForURL('**/staff/monitoring');
    assert.equal(await checkList(p, p.getByTestId('monitoring-list').locator('tbody tr'), 'monitoring'), 2);

    await p.getByTestId('staff-menu').getByRole('link', { name: 'Мои пациенты' }).click();
    const mine = p.getByTestId('my-patients');
    assert.equal(await checkList(p, mine.locator('tbody tr'), 'my-patients', p.locator('section', { has: mine }).first()), 2);

    await goto(p, `/staff/patients/${vasilievId}?tab=record`);
    assert.equal(await checkList(p, p.getByTestId('record-entries').locator(':scope > li, tbody tr'), 'staff-record'), 2);
    await goto(p, `/staff/patients/${vasilievId}/record/${longEntryId}`);
    await p.getByText(LONG_URL).waitFor();
    await checkPage(p, 'lists', 'staff-entry-long');
    await doc.context.close();
  });

  test('patient on a phone: notifications and record page through; long news collapses and wraps', async () => {
    const pat = await newPage({ viewport: { width: 390, height: 844 } });
    const p = pat.page;
    await login(p, VASILIEV.email, `${VASILIEV.email} pass phrase`);
    await p.waitForURL('**/cabinet/**');

    await goto(p, '/cabinet/notifications');
    assert.equal(await checkList(p, p.getByTestId('notifications').locator(':scope > li'), 'notifications'), 2);

    await goto(p, '/cabinet/record');
    assert.equal(await checkList(p, p.getByTestId('record').locator(':scope > li, tbody tr'), 'cabinet-record'), 2);

    await goto(p, `/cabinet/record/${longEntryId}`);
    await p.getByText(LONG_URL).waitFor();
    await checkPage(p, 'lists', 'cabinet-entry-long');

    await goto(p, '/cabinet/feedback');
    await p.getByText(LONG_TITLE).first().waitFor();
    await checkPage(p, 'lists', 'cabinet-feedback-long');

    // The long news: the first lines, "Читать далее" expands it in place from the keyboard.
    await goto(p, '/cabinet/news');
    const item = p.getByTestId('news').locator('li', { hasText: LONG_TITLE.slice(0, 40) });
    const body = item.getByTestId('long-text');
    const more = item.getByRole('button', { name: 'Читать далее' });
    await more.waitFor();
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    const collapsedHeight = await body.evaluate((el) => el.getBoundingClientRect().height);
    assert.equal(await horizontalOverflow(p), 0, 'the long word wraps at 390 px');
    await checkPage(p, 'lists', 'cabinet-news-long');
    await more.focus();
    await p.keyboard.press('Enter');
    const less = item.getByRole('button', { name: 'Свернуть' });
    await less.waitFor();
    assert.equal(await less.getAttribute('aria-expanded'), 'true');
    assert.equal(await less.getAttribute('aria-controls'), await body.getAttribute('id'));
    await until(async () => (await body.evaluate((el) => el.getBoundingClientRect().height)) > collapsedHeight, 'the text expands');
    assert.equal(await horizontalOverflow(p), 0);
    await checkPage(p, 'lists', 'cabinet-news-expanded');
    // Short news have no button.
    assert.equal(await p.getByTestId('news').locator('li', { hasText: 'Новость № 1' }).first().getByRole('button').count(), 0);
    await logout(p);
    await pat.context.close();
  });
});
