//! A record entry made from a patient's answers (MON-6) carries them structured — the
//! submission with the items of the version answered — on every read of the record (the
//! clinician's entry, the cabinet's entry, the print view), so each reader sees them in his own
//! language and notation; an entry made from no answers keeps its stored text.

use common::Locale;
use common::answers::answer_rows;
use common::page::Page;
use common::questionnaire::{AnswerValue, I18nText};
use common::record::{EntryDto, EntryKind, EntrySummaryDto, RecordPrintDto};
use db::entities::record_entry;
use db::sea_orm::{ActiveValue::Set, EntityTrait};
use serde_json::json;

use crate::support::accounts::*;
use crate::support::app::spawn_app;
use crate::support::cabinet::*;
use crate::support::monitoring::*;

fn rows_of(entry: &EntryDto, locale: Locale) -> Vec<(String, String)> {
    let s = entry.answers.as_ref().expect("the entry carries its answers");
    answer_rows(s.definition.as_ref(), &s.answers, locale)
}

#[tokio::test]
async fn an_entry_from_a_diary_carries_its_answers_for_every_reader() {
    let app = spawn_app().await;
    let (c, b) = two_clinics(&app).await;
    let p = c.patient.id();
    let vitals = questionnaire_id(&app, c.doctor.token(), "vitals").await;
    let diary = json!([
        { "code": "vitals.temp_c", "value": 38.6 },
        { "code": "vitals.systolic", "value": 128 },
        { "code": "vitals.diastolic", "value": 82 },
        { "code": "vitals.pulse", "value": 96 },
        { "code": "vitals.weight_kg", "value": 71.5 },
    ]);
    let res = submit(&app, c.patient.token(), &answers(vitals, None, diary)).await;
    let s = &res.submission;

    // The doctor's list names it by the questionnaire, in both languages.
    let list: Page<EntrySummaryDto> =
        json_of(get(&app, &format!("/patients/{}/record", p.0), Some(c.doctor.token())).await, 200).await;
    assert_eq!(list.items[0].kind, EntryKind::Patient);
    assert_eq!(list.items[0].questionnaire_title, Some(I18nText::new("Дневник самочувствия", "Vitals diary")));

    // The doctor's entry: the submission, its answers in the items' order and the definition.
    let entry: EntryDto =
        json_of(get(&app, &format!("/patients/{}/record/{}", p.0, s.entry_id.0), Some(c.doctor.token())).await, 200)
            .await;
    let carried = entry.answers.as_ref().expect("answers");
    assert_eq!((carried.id, carried.questionnaire_id, carried.version), (s.id, vitals, 1));
    let codes: Vec<&str> = carried.answers.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["vitals.temp_c", "vitals.systolic", "vitals.diastolic", "vitals.pulse", "vitals.weight_kg"]);
    assert_eq!(carried.answers[0].value, AnswerValue::Number(38.6));
    assert_eq!(carried.definition.as_ref().map(|d| d.items.len()), Some(7));
    let nb = '\u{a0}';
    assert_eq!(
        rows_of(&entry, Locale::Ru),
        [
            ("Температура", format!("38,6{nb}°C")),
            ("Давление", format!("128/82{nb}мм рт. ст.")),
            ("Пульс", format!("96{nb}уд/мин")),
            ("Вес", format!("71,5{nb}кг")),
        ]
        .map(|(q, a)| (q.to_owned(), a))
    );
    assert_eq!(rows_of(&entry, Locale::En)[0], ("Temperature".to_owned(), format!("38.6{nb}°C")));
    // The stored text (the fallback) is written in the patient's language and notation too.
    assert_eq!(
        entry.body,
        format!("Температура: 38,6{nb}°C\nДавление: 128/82{nb}мм рт. ст.\nПульс: 96{nb}уд/мин\nВес: 71,5{nb}кг")
    );

    // The patient's cabinet: the entry and the print view carry the same answers.
    let own: EntryDto =
        json_of(patient_get(&app, &format!("/cabinet/record/{}", s.entry_id.0), c.patient.token(), None).await, 200)
            .await;
    assert_eq!(own.answers, entry.answers);
    let print: RecordPrintDto =
        json_of(patient_get(&app, "/cabinet/record/print", c.patient.token(), None).await, 200).await;
    assert_eq!(print.entries[0].answers, entry.answers);
    let cabinet_list: Page<EntrySummaryDto> =
        json_of(patient_get(&app, "/cabinet/record", c.patient.token(), None).await, 200).await;
    assert_eq!(cabinet_list.items[0].questionnaire_title, list.items[0].questionnaire_title);

    // Another organization's doctor does not reach it.
    let res = get(&app, &format!("/patients/{}/record/{}", p.0, s.entry_id.0), Some(b.doctor.token())).await;
    assert_eq!(res.status().as_u16(), 404);
}

#[tokio::test]
async fn an_entry_made_from_no_answers_keeps_its_stored_text() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = c.patient.id();
    // An entry of the patient's side with no submission behind it (an upload, or text stored
    // before the answers were linked): its text is what the record shows.
    let id = uuid::Uuid::now_v7();
    let now = app.state.clock.now();
    record_entry::Entity::insert(record_entry::ActiveModel {
        id: Set(id),
        organization_id: Set(c.org.org.id.0),
        patient_card_id: Set(p.0),
        kind: Set(common::record::EntryKind::Patient),
        status: Set(common::record::EntryStatus::Signed),
        occurred_on: Set(now.date_naive()),
        title: Set("Дневник самочувствия".into()),
        body: Set("Температура: 38.6 °C".into()),
        amends_id: Set(None),
        author_membership_id: Set(None),
        author_name: Set("Белова Ирина".into()),
        author_role: Set("patient".into()),
        signed_by: Set(None),
        signed_by_name: Set(None),
        signed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&app.state.db)
    .await
    .unwrap();
    let entry: EntryDto =
        json_of(get(&app, &format!("/patients/{}/record/{id}", p.0), Some(c.doctor.token())).await, 200).await;
    assert_eq!((entry.answers, entry.body.as_str()), (None, "Температура: 38.6 °C"));
    let list: Page<EntrySummaryDto> =
        json_of(patient_get(&app, "/cabinet/record", c.patient.token(), None).await, 200).await;
    assert_eq!(
        (list.items[0].questionnaire_title.as_ref(), list.items[0].title.as_str()),
        (None, "Дневник самочувствия")
    );
}
