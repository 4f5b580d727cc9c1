// The staff side of issue 5 in the browser, against the real server (`oncocenter demo-seed`):
// - a demo patient of doctor1 (Васильев) registers through the API (PREG step 1 and 2);
// - the assistant opens him from her list and drafts an outpatient entry ("Черновик подпишет
//   врач"); doctor1 signs it, adds a signed amendment and a prescription, toggles its status;
// - the patient's cabinet API shows the signed entry with its amendment and the prescription;
// - the organizer marks a feedback message answered, confirms a dependent request (both
//   created through the patient's API), and links a representative (first an address
//   without an account: the `no_account` sentence).
// Every page: axe at phone and desktop width, screenshots in e2e/artifacts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkPage } from '../lib/check.mjs';
import { DEMO, VASILIEV, useApp } from '../lib/fixtures.mjs';
import { representationLink } from '../lib/outbox.mjs';
import { adminSection, openMyPatient, patientTab, rowAction } from '../lib/ui.mjs';

const { password: PASSWORD, organizer: ORGANIZER, doctor1: DOCTOR1, assistant: ASSISTANT } = DEMO;
// doctor1's card in the demo seed, with the three consents.
const PATIENT = VASILIEV;
const PATIENT_PASSWORD = 'vasiliev pass phrase 1';
const TITLE = 'Первичный приём онколога';
const AMEND_TITLE = 'Уточнение дозировки';

const { newPage, api, registerPatient, outboxFiles, readOutbox, waitForEmail, goto, login, logout, toast } = useApp({ seed: 'demo' });

async function openPatient(page) {
  await openMyPatient(page, PATIENT.last);
  await page.getByTestId('patient-header').getByRole('heading', { name: /Васильев Николай Петрович/ }).waitFor();
  await patientTab(page, 'Медкарта');
}

describe('medical record, staff side', () => {
  test('assistant drafts, doctor signs and amends, organizer answers and confirms', async () => {
    const patientToken = await registerPatient(PATIENT, PATIENT_PASSWORD);

    // --- The assistant drafts an entry.
    const asst = await newPage();
    let p = asst.page;
    await login(p, ASSISTANT, PASSWORD);
    await p.waitForURL('**/assistant/patients');
    await openPatient(p);
    await p.getByTestId('record-empty').waitFor();
    await p.getByText('Черновик подпишет врач').first().waitFor();
    await checkPage(p, 'record', 'assistant-patient');
    await p.getByRole('link', { name: 'Новая запись' }).click();
    await p.waitForURL('**/record/new');
    const form = p.getByTestId('entry-form');
    await form.waitFor();
    assert.equal(await form.getByRole('button', { name: 'Подписать и сохранить' }).count(), 0, 'an assistant cannot sign');
    assert.match(await form.getByLabel('Дата').inputValue(), /^\d{4}-\d{2}-\d{2}$/, 'the date defaults to today');
    await form.getByRole('button', { name: 'Сохранить черновик' }).click();
    await form.getByText('Заполните это поле.').first().waitFor();
    await form.getByLabel('Вид записи').selectOption('outpatient');
    await form.getByLabel('Заголовок').fill(TITLE);
    await form.getByLabel('Текст записи').fill('Жалобы на слабость.\nСостояние удовлетворительное.\nНазначен контроль ОАК.');
    await checkPage(p, 'record', 'assistant-editor');
    await form.getByRole('button', { name: 'Сохранить черновик' }).click();
    await toast(p, 'Черновик сохранён');
    await p.getByTestId('entry').waitFor();
    assert.equal(await p.getByTestId('entry').getAttribute('data-status'), 'draft');
    await p.getByTestId('entry').getByText('Не подписано').waitFor();
    assert.equal(await p.getByRole('button', { name: 'Подписать', exact: true }).count(), 0);
    await checkPage(p, 'record', 'assistant-draft');
    await logout(p);
    await asst.context.close();

    // --- The organizer has no medical-record pages.
    const org = await newPage();
    p = org.page;
    await login(p, ORGANIZER, PASSWORD);
    await p.waitForURL('**/admin/staff');

    // --- doctor1 finds the draft, signs it, amends it, prescribes.
    const doc = await newPage();
    p = doc.page;
    await login(p, DOCTOR1, PASSWORD);
    await p.waitForURL('**/staff/monitoring');
    await p.getByTestId('staff-menu').getByRole('link', { name: 'Мои пациенты' }).click();
    await p.waitForURL('**/doctor');
    await openPatient(p);
    const entries = p.getByTestId('record-entries');
    await entries.getByText(TITLE).waitFor();
    await entries.locator('tr', { hasText: TITLE }).getByText('Черновик').waitFor();
    await p.getByLabel('Статус').selectOption('signed');
    await p.getByTestId('record-empty').waitFor();
    await p.getByLabel('Статус').selectOption('draft');
    await entries.getByText(TITLE).waitFor();
    await checkPage(p, 'record', 'doctor-patient-drafts');
    const patientUrl = p.url();
    await entries.getByRole('link', { name: TITLE }).click();
    await p.waitForURL('**/record/*');
    await p.getByRole('button', { name: 'Подписать', exact: true }).click();
    await toast(p, 'Запись подписана');
    await p.locator('[data-testid="entry"][data-status="signed"]').waitFor();
    await p.getByTestId('signed-hint').waitFor();
    assert.match(await p.getByTestId('signature').first().innerText(), /Петров Иван Ильич/);
    assert.equal(await p.getByRole('link', { name: 'Редактировать' }).count(), 0, 'a signed entry has no edit');
    await checkPage(p, 'record', 'doctor-signed');
    const entryPage = p.url();
    const entryId = entryPage.split('/').pop();

    await p.getByRole('link', { name: 'Добавить исправление' }).click();
    await p.waitForURL('**/amend');
    await p.getByTestId('original').getByText(TITLE).waitFor();
    await p.getByTestId('kind-fixed').getByText('Амбулаторно').waitFor();
    const amend = p.getByTestId('entry-form');
    await amend.getByLabel('Заголовок').fill(AMEND_TITLE);
    await amend.getByLabel('Текст записи').fill('Контроль ОАК через 2 недели, а не через месяц.');
    await checkPage(p, 'record', 'doctor-amend');
    await amend.getByRole('button', { name: 'Подписать и сохранить' }).click();
    await toast(p, 'Запись подписана');
    await p.waitForURL(entryPage);
    const amendments = p.getByTestId('amendments');
    await amendments.getByText(AMEND_TITLE).waitFor();
    assert.equal(await amendments.locator('li[data-status="signed"]').count(), 1);
    await checkPage(p, 'record', 'doctor-entry-amended');

    await goto(p, patientUrl);
    await p.getByTestId('record-entries').locator('tr', { hasText: TITLE }).getByText('Исправлений: 1').waitFor();
    await p.getByRole('link', { name: 'Назначения' }).click();
    await p.getByTestId('prescriptions-empty').waitFor();
    await p.getByRole('button', { name: 'Добавить назначение' }).click();
    const rx = p.locator('#prescription-dialog');
    await rx.getByLabel('Рекомендация').check();
    await rx.getByLabel('Название').fill('Ежедневная ходьба 30 минут');
    await rx.getByLabel('Подробности').fill('В спокойном темпе, лучше утром.');
    await rx.getByLabel(/Выполнить до/).fill('2027-01-31');
    await checkPage(p, 'record', 'doctor-prescription-form');
    await rx.getByRole('button', { name: 'Добавить назначение' }).click();
    await toast(p, 'Назначение добавлено');
    const rxRow = p.getByTestId('prescriptions').locator('tr', { hasText: 'Ежедневная ходьба' });
    await rxRow.getByText('К выполнению').waitFor();
    await rxRow.getByText('Рекомендация').waitFor();
    await rxRow.getByRole('button', { name: 'Отметить выполненным' }).click();
    await toast(p, 'Статус назначения изменён');
    await p.getByTestId('prescriptions').locator('tr', { hasText: 'Ежедневная ходьба' }).getByText('Выполнено', { exact: true }).waitFor();
    await checkPage(p, 'record', 'doctor-prescriptions');
    await doc.context.close();

    // --- The patient's cabinet shows the signed entry, its amendment and the prescription.
    const record = await api('GET', '/cabinet/record', { token: patientToken });
    const mine = record.items.find((e) => e.title === TITLE);
    assert.ok(mine, `the signed entry reaches the cabinet: ${JSON.stringify(record.items)}`);
    assert.equal(mine.status, 'signed');
    const full = await api('GET', `/cabinet/record/${entryId}`, { token: patientToken });
    assert.equal(full.amendment_entries.length, 1);
    assert.equal(full.amendment_entries[0].title, AMEND_TITLE);
    const prescriptions = await api('GET', '/cabinet/prescriptions', { token: patientToken });
    assert.ok(prescriptions.some((x) => x.title === 'Ежедневная ходьба 30 минут'));

    // --- The patient writes to the organization and asks to add a dependent.
    await api('POST', '/cabinet/feedback', {
      token: patientToken,
      body: { category: 'question', subject: 'Справка для работы', text: 'Можно ли получить справку о посещении?' },
    });
    await api('POST', '/cabinet/dependents', {
      token: patientToken,
      body: { last_name: 'Васильев', first_name: 'Артём', middle_name: 'Николаевич', birth_date: '2016-05-20', sex: 'male' },
    });

    // --- The organizer: no record pages; the feedback; the dependent; a representative.
    p = org.page;
    await goto(p, patientUrl);
    await p.waitForURL('**/admin/staff');
    await adminSection(p, 'Обращения пациентов');
    await p.waitForURL('**/admin/feedback');
    const fbRow = p.getByTestId('feedback').locator('tr', { hasText: 'Справка для работы' });
    await fbRow.getByText('Васильев Николай Петрович').waitFor();
    await checkPage(p, 'record', 'organizer-feedback');
    await fbRow.getByRole('button', { name: 'Отметить отвеченным' }).click();
    const answer = p.locator('#feedback-dialog');
    await answer.getByLabel(/Комментарий/).fill('Справка готова, заберите в регистратуре.');
    await checkPage(p, 'record', 'organizer-feedback-answer');
    await answer.getByRole('button', { name: 'Отметить отвеченным' }).click();
    await toast(p, 'Обращение отмечено отвеченным');
    await p.getByTestId('feedback-empty').waitFor();
    await p.getByRole('button', { name: 'Отвеченные' }).click();
    await p.getByTestId('feedback').getByText(/Справка готова/).waitFor();
    await checkPage(p, 'record', 'organizer-feedback-answered');

    await adminSection(p, 'Заявки на подопечных');
    await p.waitForURL('**/admin/dependent-requests');
    const depRow = p.getByTestId('dependent-requests').locator('tr', { hasText: 'Артём' });
    await depRow.getByText('Ожидает решения').waitFor();
    await checkPage(p, 'record', 'organizer-dependents');
    await depRow.getByRole('button', { name: 'Подтвердить' }).click();
    const confirm = p.locator('#dependent-dialog');
    assert.equal(await confirm.getByLabel('Представитель до').inputValue(), '2034-05-20', 'until the 18th birthday');
    await checkPage(p, 'record', 'organizer-dependent-confirm');
    await confirm.getByRole('button', { name: 'Подтвердить' }).click();
    await toast(p, 'Подопечный подтверждён');
    await p.getByRole('button', { name: 'Подтверждённые' }).click();
    await p.getByTestId('dependent-requests').locator('tr', { hasText: 'Артём' }).getByText('Подтверждена').waitFor();

    await adminSection(p, 'Пациенты');
    await p.waitForURL('**/admin/patients');
    const fedorova = p.getByTestId('patients').locator('tr', { hasText: 'Фёдорова' });
    await rowAction(fedorova, 'Представители');
    const reps = p.locator('#patient-action');
    await reps.getByTestId('representatives-empty').waitFor();
    // An address with no account and the patient's address: the same answer, an invitation each.
    const seenInvites = outboxFiles();
    await reps.getByLabel('Электронная почта представителя').fill('nobody@example.org');
    await reps.getByRole('button', { name: 'Отправить приглашение', exact: true }).click();
    await toast(p, 'Приглашение отправлено на nobody@example.org');
    await reps.getByLabel('Электронная почта представителя').fill(PATIENT.email);
    await reps.getByRole('button', { name: 'Отправить приглашение', exact: true }).click();
    await toast(p, `Приглашение отправлено на ${PATIENT.email}`);
    const pending = reps.getByTestId('representative-invitations');
    await pending.locator('li', { hasText: 'nobody@example.org' }).waitFor();
    await pending.locator('li', { hasText: PATIENT.email }).getByText(/отправлено/).waitFor();
    await reps.getByTestId('representatives-empty').waitFor();
    await checkPage(p, 'record', 'organizer-representative-pending');
    // Resend one, revoke the other.
    await pending.getByRole('button', { name: `Отправить ещё раз приглашение на ${PATIENT.email}` }).click();
    await toast(p, `Приглашение отправлено ещё раз на ${PATIENT.email}`);
    await pending.getByRole('button', { name: 'Отозвать приглашение на nobody@example.org' }).click();
    await toast(p, 'Приглашение отозвано');
    await pending.locator('li', { hasText: 'nobody@example.org' }).waitFor({ state: 'detached' });
    // The patient accepts the newest emailed link, logged in with his address.
    await waitForEmail('nobody@example.org', { seen: seenInvites });
    const invitesTo = () => readOutbox().filter((m) => !seenInvites.has(m.file) && m.to.includes(PATIENT.email));
    for (let i = 0; i < 75 && invitesTo().length < 2; i += 1) await new Promise((r) => setTimeout(r, 200));
    const mails = invitesTo();
    assert.equal(mails.length, 2, 'the invitation and its resend');
    const inviteToken = representationLink(mails[1]).split('#token=')[1];
    await api('POST', `/representation-invitations/${inviteToken}/accept`, { token: patientToken });
    await reps.getByRole('button', { name: 'Закрыть' }).click();
    await rowAction(fedorova, 'Представители');
    await reps.getByTestId('representative-list').getByText(PATIENT.email).waitFor();
    assert.equal(await reps.getByTestId('representative-invitations').count(), 0, 'nothing pending');
    await checkPage(p, 'record', 'organizer-representatives');
    await reps.getByRole('button', { name: 'Закрыть' }).click();

    const cabinet = await api('GET', '/cabinet/context', { token: patientToken });
    const names = cabinet.cards.map((c) => c.name).join(', ');
    assert.match(names, /Артём/, 'the confirmed dependent is in the switcher');
    assert.match(names, /Фёдорова/, 'the represented card is in the switcher');

    for (const s of [asst, doc, org]) assert.deepEqual(s.problems, [], 'no page or console errors');
  });
});
