// Security fixes of issue 12, as people meet them in the browser against the real server
// (`oncocenter demo-seed`):
// - a patient is in his cabinet when the organizer withdraws a consent → his next action
//   signs him out, and the login page says why, in Russian; a login with the right password
//   says it again; with the consents recorded again he logs in;
// - two organizers edit the same patient card at once → the second save is refused with
//   "someone else changed this, reload", and nothing of the first is lost.
// Screenshots in e2e/artifacts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkPage } from '../lib/check.mjs';
import { ALL_CONSENTS, DEMO, VASILIEV, useApp } from '../lib/fixtures.mjs';
import { sixDigitCode } from '../lib/outbox.mjs';
import { rowAction } from '../lib/ui.mjs';

const { password: PASSWORD, organizer: ORGANIZER } = DEMO;
const PATIENT = VASILIEV;
const PATIENT_PASSWORD = 'vasiliev pass phrase 1';

const { newPage, call, tokenOf, cardId: findCardId, waitForEmail, goto, login } = useApp({ seed: 'demo' });
const organizerToken = () => tokenOf(ORGANIZER);

// The card as the organizer's form sends it back, with these consents.
async function setConsents(token, cardId, consents) {
  const card = (await call('GET', `/patients/${cardId}`, { token })).json;
  const body = {
    last_name: card.last_name,
    first_name: card.first_name,
    middle_name: card.middle_name,
    birth_date: card.birth_date,
    sex: card.sex,
    email: card.email,
    phone: card.phone,
    snils: card.snils,
    external_id: card.external_id,
    consents,
  };
  const res = await call('PUT', `/patients/${cardId}`, { token, body });
  assert.equal(res.status, 200, JSON.stringify(res.json));
}

describe('security in the browser', () => {
  test('withdrawn consents sign the patient out with the reason', async () => {
    const organizer = await organizerToken();
    const cardId = await findCardId(organizer, PATIENT.last);

    // The patient registers (through the API, as the registration page sends it).
    let res = await call('POST', '/registration', {
      body: { email: PATIENT.email, last_name: PATIENT.last, first_name: PATIENT.first, birth_date: PATIENT.birth },
    });
    assert.equal(res.status, 202);
    const code = sixDigitCode(await waitForEmail(PATIENT.email));
    res = await call('POST', '/registration/complete', {
      body: { email: PATIENT.email, code, password: PATIENT_PASSWORD },
    });
    assert.equal(res.status, 200, JSON.stringify(res.json));

    const { page: p } = await newPage();
    await login(p, PATIENT.email, PATIENT_PASSWORD);
    await p.waitForURL('**/cabinet/today');
    await goto(p, '/cabinet/record');
    await p.getByTestId('record-empty').waitFor();

    // The organizer records that the personal-data consent was withdrawn.
    await setConsents(organizer, cardId, ['telemedicine', 'email_results']);
    await p.getByRole('navigation', { name: 'Разделы личного кабинета' }).getByRole('link', { name: 'Назначения' }).click();
    await p.waitForURL(/\/login\?.*reason=consents_withdrawn/);
    const notice = p.getByTestId('signed-out-reason');
    await notice.waitFor();
    assert.match(await notice.innerText(), /согласия отозваны/);
    await checkPage(p, 'security', 'signed-out-consents');

    // The right password says why; a wrong one says only "wrong email or password".
    await p.getByLabel('Электронная почта').fill(PATIENT.email);
    await p.getByLabel('Пароль', { exact: true }).fill('not the password');
    await p.getByRole('button', { name: 'Войти', exact: true }).click();
    await p.getByTestId('login-error').getByText(/Неверн/).waitFor();
    await p.getByLabel('Пароль', { exact: true }).fill(PATIENT_PASSWORD);
    await p.getByRole('button', { name: 'Войти', exact: true }).click();
    await p.getByTestId('login-error').getByText(/согласия отозваны/).waitFor();
    await checkPage(p, 'security', 'login-consents-withdrawn');

    // The consents recorded again: he is back in.
    await setConsents(organizer, cardId, ALL_CONSENTS);
    await p.getByRole('button', { name: 'Войти', exact: true }).click();
    await p.waitForURL('**/cabinet/**');
    await p.getByTestId('cabinet-patient').getByText(PATIENT.last).waitFor();
  });

  test('two organizers editing one card: the second is told to reload', async () => {
    const a = (await newPage()).page;
    const b = (await newPage()).page;
    for (const p of [a, b]) {
      await login(p, ORGANIZER, PASSWORD);
      await p.waitForURL('**/admin/staff');
      await goto(p, '/admin/patients');
      await p.getByTestId('patients').waitFor();
    }
    const edit = async (p) => {
      const row = p.getByTestId('patients').locator('tr', { hasText: 'Морозов' });
      await rowAction(row, 'Изменить');
      const form = p.locator('#patient-action');
      await form.getByTestId('patient-form').waitFor();
      return form;
    };
    const formA = await edit(a);
    const formB = await edit(b);
    await formA.getByLabel('Телефон').fill('+7 912 111-22-33');
    await formA.getByRole('button', { name: 'Сохранить' }).click();
    await a.getByTestId('toast').first().waitFor();

    await formB.getByLabel(/Номер пациента в МИС/).fill('MIS-777');
    await formB.getByRole('button', { name: 'Сохранить' }).click();
    const alert = formB.getByText(/изменил кто-то другой/);
    await alert.waitFor();
    await checkPage(b, 'security', 'card-edited-by-someone-else');

    // Nothing of the first organizer's change was lost.
    const token = await organizerToken();
    const list = await call('GET', `/patients?q=${encodeURIComponent('Морозов')}&all=true&page=1&per_page=20`, {
      token,
    });
    const card = list.json.items.find((p) => p.last_name === 'Морозов');
    assert.match(card.phone ?? '', /912/);
    assert.notEqual(card.external_id, 'MIS-777');
  });
});
