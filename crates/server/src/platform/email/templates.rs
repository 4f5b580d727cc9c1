//! Email templates in Russian and English. Each renders a subject, a plain-text body and an
//! HTML body from one list of blocks, so the two bodies never disagree.

use common::Locale;
use common::auth::Role;
use serde::{Deserialize, Serialize};

/// What an email says. Stored with the queued email (`template` column) by its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "template", rename_all = "snake_case")]
pub enum Template {
    /// `oncocenter mail test`: proves the mail configuration end to end.
    TestMessage,
    /// An invitation to a membership (ACC-1, ACC-3): the activation link.
    Invitation {
        role: Role,
        organization: Option<String>,
        full_name: String,
        link: String,
        /// The last day the link works, as the organization's date (`2026-12-02`).
        expires_on: String,
    },
    /// The 6-digit code of a password reset (ACC-6).
    PasswordResetCode { code: String, valid_minutes: i64 },
    /// A patient's invitation to the cabinet (ACC-3, PREG-2): the link opens the registration
    /// step with the address filled in; the registration matches the card's data, so the link
    /// carries no secret. `expires_on` is the ISO day, written in words when rendered.
    PatientInvitation { organization: String, full_name: String, link: String, expires_on: String },
    /// An invitation to represent a patient (CAB-10): the link opens the cabinet, where the
    /// person logs in (or creates an account), sees whom he is asked to represent, and accepts
    /// or declines. The email names no patient: a mistyped address learns nothing from it.
    RepresentativeInvitation { organization: String, link: String, until: String, expires_on: String },
    /// The 6-digit code of a patient registration (PREG-3).
    RegistrationCode { code: String, valid_hours: i64 },
    /// The confirmation link of an email change, sent to the new address (ACC-8).
    EmailChangeConfirm { link: String, valid_hours: i64 },
    /// Sent to a new address that already has an account: no change happens (ACC-8).
    EmailChangeTaken,
    /// The notice to the old address after a change, with the revert link (ACC-8).
    EmailChangedNotice { new_email: String, revert_link: String, valid_days: i64 },
    /// A notice that something new is in the patient's cabinet (CAB-8). It never carries
    /// medical content: only what kind of thing is new and a link to log in and see it.
    CabinetNotice { kind: common::cabinet::NotificationKind, organization: String, link: String },
    /// An alert needs a clinician (MON-5): opened, worse, or escalated to the covering doctor.
    /// Like the cabinet's notices it names no patient and no value: only a link to log in.
    StaffAlert { organization: String, link: String, escalated: bool },
}

/// A rendered email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

enum Block {
    Paragraph(String),
    /// A call to action: a button in HTML, the bare link in text.
    Link {
        label: String,
        url: String,
    },
}

impl Template {
    pub fn name(&self) -> &'static str {
        match self {
            Self::TestMessage => "test_message",
            Self::Invitation { .. } => "invitation",
            Self::PasswordResetCode { .. } => "password_reset_code",
            Self::PatientInvitation { .. } => "patient_invitation",
            Self::RepresentativeInvitation { .. } => "representative_invitation",
            Self::RegistrationCode { .. } => "registration_code",
            Self::EmailChangeConfirm { .. } => "email_change_confirm",
            Self::EmailChangeTaken => "email_change_taken",
            Self::EmailChangedNotice { .. } => "email_changed_notice",
            Self::CabinetNotice { .. } => "cabinet_notice",
            Self::StaffAlert { .. } => "staff_alert",
        }
    }

    pub fn render(&self, locale: Locale, base_url: &str) -> Rendered {
        let (subject, blocks) = match (self, locale) {
            (Self::TestMessage, Locale::Ru) => (
                "ОНКОЦЕНТР: проверка почты".to_owned(),
                vec![
                    Block::Paragraph("Это проверочное письмо платформы ОНКОЦЕНТР.".to_owned()),
                    Block::Paragraph("Если вы его получили, отправка почты настроена верно.".to_owned()),
                    Block::Link { label: "Открыть ОНКОЦЕНТР".to_owned(), url: base_url.to_owned() },
                ],
            ),
            (Self::TestMessage, Locale::En) => (
                "ONCOCENTER: mail check".to_owned(),
                vec![
                    Block::Paragraph("This is a test message from the ONCOCENTER platform.".to_owned()),
                    Block::Paragraph("If you received it, outgoing mail is configured correctly.".to_owned()),
                    Block::Link { label: "Open ONCOCENTER".to_owned(), url: base_url.to_owned() },
                ],
            ),
            (Self::Invitation { role, organization, full_name, link, expires_on }, locale) => {
                invitation(locale, *role, organization.as_deref(), full_name, link, expires_on)
            }
            (Self::PasswordResetCode { code, valid_minutes }, Locale::Ru) => (
                "ОНКОЦЕНТР: код для смены пароля".to_owned(),
                vec![
                    Block::Paragraph("Вы запросили смену пароля в ОНКОЦЕНТРЕ.".to_owned()),
                    Block::Paragraph(format!("Проверочный код: {code}")),
                    Block::Paragraph(format!(
                        "Код действует {valid_minutes} {}. Если вы не запрашивали смену пароля, просто не отвечайте на это письмо — пароль останется прежним.",
                        ru_count(*valid_minutes, "минуту", "минуты", "минут")
                    )),
                ],
            ),
            (Self::PasswordResetCode { code, valid_minutes }, Locale::En) => (
                "ONCOCENTER: your password reset code".to_owned(),
                vec![
                    Block::Paragraph("You asked to reset your ONCOCENTER password.".to_owned()),
                    Block::Paragraph(format!("Verification code: {code}")),
                    Block::Paragraph(format!(
                        "The code is valid for {valid_minutes} {}. If you did not ask for it, ignore this message — your password stays the same.",
                        en_count(*valid_minutes, "minute", "minutes")
                    )),
                ],
            ),
            (Self::PatientInvitation { organization, full_name, link, expires_on }, locale) => {
                patient_invitation(locale, organization, full_name, link, expires_on)
            }
            (Self::RepresentativeInvitation { organization, link, until, expires_on }, Locale::Ru) => (
                format!("ОНКОЦЕНТР: приглашение стать представителем пациента — «{organization}»"),
                vec![
                    Block::Paragraph(format!(
                        "«{organization}» приглашает вас стать представителем пациента в личном кабинете ОНКОЦЕНТРА до {} включительно: вы сможете действовать в кабинете от его имени.",
                        date_in_words(Locale::Ru, until)
                    )),
                    Block::Paragraph(
                        "Откройте ссылку и войдите в ОНКОЦЕНТР с этим адресом (или создайте учётную запись) — вы увидите, кого вас просят представлять, и сможете принять или отклонить приглашение.".to_owned(),
                    ),
                    Block::Link { label: "Открыть приглашение".to_owned(), url: link.clone() },
                    Block::Paragraph(format!(
                        "Ссылка действует до {} включительно. Если вы не ждали этого письма, просто не отвечайте на него.",
                        date_in_words(Locale::Ru, expires_on)
                    )),
                ],
            ),
            (Self::RepresentativeInvitation { organization, link, until, expires_on }, Locale::En) => (
                format!("ONCOCENTER: invitation to represent a patient — {organization}"),
                vec![
                    Block::Paragraph(format!(
                        "{organization} invites you to become a patient's representative in the ONCOCENTER personal cabinet until {} inclusive: you will be able to act in the cabinet on the patient's behalf.",
                        date_in_words(Locale::En, until)
                    )),
                    Block::Paragraph(
                        "Open the link and log in to ONCOCENTER with this address (or create an account): you will see whom you are asked to represent and can accept or decline.".to_owned(),
                    ),
                    Block::Link { label: "Open the invitation".to_owned(), url: link.clone() },
                    Block::Paragraph(format!(
                        "The link is valid until {} inclusive. If you did not expect this message, ignore it.",
                        date_in_words(Locale::En, expires_on)
                    )),
                ],
            ),
            (Self::RegistrationCode { code, valid_hours }, Locale::Ru) => (
                "ОНКОЦЕНТР: код для регистрации в личном кабинете".to_owned(),
                vec![
                    Block::Paragraph("Вы регистрируетесь в личном кабинете пациента ОНКОЦЕНТРА.".to_owned()),
                    Block::Paragraph(format!("Проверочный код: {code}")),
                    Block::Paragraph(format!(
                        "Код действует {valid_hours} {}. Если вы не регистрировались, просто не отвечайте на это письмо.",
                        ru_count(*valid_hours, "час", "часа", "часов")
                    )),
                ],
            ),
            (Self::RegistrationCode { code, valid_hours }, Locale::En) => (
                "ONCOCENTER: your patient cabinet registration code".to_owned(),
                vec![
                    Block::Paragraph("You are registering in your ONCOCENTER patient cabinet.".to_owned()),
                    Block::Paragraph(format!("Verification code: {code}")),
                    Block::Paragraph(format!(
                        "The code is valid for {valid_hours} {}. If you did not ask for it, ignore this message.",
                        en_count(*valid_hours, "hour", "hours")
                    )),
                ],
            ),
            (Self::EmailChangeConfirm { link, valid_hours }, Locale::Ru) => (
                "ОНКОЦЕНТР: подтвердите новый адрес почты".to_owned(),
                vec![
                    Block::Paragraph("Этот адрес указан как новый адрес учётной записи ОНКОЦЕНТРА.".to_owned()),
                    Block::Link { label: "Подтвердить адрес".to_owned(), url: link.clone() },
                    Block::Paragraph(format!(
                        "Ссылка действует {valid_hours} {}. Если вы ничего не меняли, просто не открывайте её.",
                        ru_count(*valid_hours, "час", "часа", "часов")
                    )),
                ],
            ),
            (Self::EmailChangeConfirm { link, valid_hours }, Locale::En) => (
                "ONCOCENTER: confirm your new email address".to_owned(),
                vec![
                    Block::Paragraph("This address was given as the new address of an ONCOCENTER account.".to_owned()),
                    Block::Link { label: "Confirm the address".to_owned(), url: link.clone() },
                    Block::Paragraph(format!(
                        "The link is valid for {valid_hours} {}. If you did not ask for this, ignore it.",
                        en_count(*valid_hours, "hour", "hours")
                    )),
                ],
            ),
            (Self::EmailChangeTaken, Locale::Ru) => (
                "ОНКОЦЕНТР: попытка сменить адрес почты".to_owned(),
                vec![
                    Block::Paragraph(
                        "Кто-то указал этот адрес как новый адрес другой учётной записи ОНКОЦЕНТРА. У этого адреса уже есть своя учётная запись, поэтому ничего не изменилось.".to_owned(),
                    ),
                    Block::Paragraph("Если это были вы, войдите в ту учётную запись, которая уже использует этот адрес.".to_owned()),
                ],
            ),
            (Self::EmailChangeTaken, Locale::En) => (
                "ONCOCENTER: an attempt to change an email address".to_owned(),
                vec![
                    Block::Paragraph(
                        "Someone gave this address as the new address of another ONCOCENTER account. This address already has its own account, so nothing changed.".to_owned(),
                    ),
                    Block::Paragraph("If it was you, log in to the account that already uses this address.".to_owned()),
                ],
            ),
            (Self::EmailChangedNotice { new_email, revert_link, valid_days }, Locale::Ru) => (
                "ОНКОЦЕНТР: адрес почты учётной записи изменён".to_owned(),
                vec![
                    Block::Paragraph(format!("Адрес почты вашей учётной записи ОНКОЦЕНТРА изменён на {new_email}.")),
                    Block::Paragraph(format!(
                        "Если вы этого не делали, верните прежний адрес по ссылке (она действует {valid_days} {}) — все сеансы будут завершены.",
                        ru_count(*valid_days, "день", "дня", "дней")
                    )),
                    Block::Link { label: "Вернуть прежний адрес".to_owned(), url: revert_link.clone() },
                ],
            ),
            (Self::EmailChangedNotice { new_email, revert_link, valid_days }, Locale::En) => (
                "ONCOCENTER: your account's email address changed".to_owned(),
                vec![
                    Block::Paragraph(format!("The email address of your ONCOCENTER account was changed to {new_email}.")),
                    Block::Paragraph(format!(
                        "If you did not do this, restore the old address with this link (valid for {valid_days} {}); every session will end.",
                        en_count(*valid_days, "day", "days")
                    )),
                    Block::Link { label: "Restore the old address".to_owned(), url: revert_link.clone() },
                ],
            ),
            (Self::CabinetNotice { kind, organization, link }, locale) => cabinet_notice(locale, *kind, organization, link),
            (Self::StaffAlert { organization, link, escalated }, locale) => staff_alert(locale, organization, link, *escalated),
        };
        let footer = match locale {
            Locale::Ru => "Письмо отправлено автоматически, отвечать на него не нужно.",
            Locale::En => "This message was sent automatically; please do not reply.",
        };
        Rendered { text: text_body(&blocks, footer), html: html_body(&subject, &blocks, footer, locale), subject }
    }
}

fn cabinet_notice(
    locale: Locale,
    kind: common::cabinet::NotificationKind,
    organization: &str,
    link: &str,
) -> (String, Vec<Block>) {
    use common::cabinet::NotificationKind as K;
    let what = match (locale, kind) {
        (Locale::Ru, K::EntrySigned) => "В вашей медицинской карте появилась новая запись.",
        (Locale::Ru, K::PrescriptionAdded) => "Врач добавил вам новое назначение.",
        (Locale::Ru, K::FeedbackAnswered) => "Медицинская организация ответила на ваше обращение.",
        (Locale::Ru, K::DependentConfirmed) => "Медицинская организация подтвердила добавление подопечного.",
        (Locale::Ru, K::DependentRejected) => "Медицинская организация отклонила добавление подопечного.",
        (Locale::Ru, K::RepresentativeAdded) => "Вы назначены представителем пациента в личном кабинете.",
        (Locale::En, K::EntrySigned) => "There is a new entry in your medical record.",
        (Locale::En, K::PrescriptionAdded) => "Your doctor added a new prescription.",
        (Locale::En, K::FeedbackAnswered) => "The medical organization answered your message.",
        (Locale::En, K::DependentConfirmed) => "The medical organization confirmed your dependent.",
        (Locale::En, K::DependentRejected) => "The medical organization declined your dependent.",
        (Locale::En, K::RepresentativeAdded) => "You are now a patient's representative in the personal cabinet.",
        (Locale::Ru, K::QuestionnaireDue) => "Сегодня нужно заполнить анкету: врач ждёт ваших ответов.",
        (Locale::En, K::QuestionnaireDue) => "A questionnaire is due today: your doctor is waiting for your answers.",
        (Locale::Ru, K::AnswersReviewed) => "Ваша команда лечения просмотрела ваши ответы.",
        (Locale::En, K::AnswersReviewed) => "Your care team has looked at your answers.",
    };
    match locale {
        Locale::Ru => (
            format!("ОНКОЦЕНТР: новое в личном кабинете — {organization}"),
            vec![
                Block::Paragraph(what.to_owned()),
                Block::Paragraph(
                    "Подробности — в личном кабинете; по почте медицинские данные не пересылаются.".to_owned(),
                ),
                Block::Link { label: "Открыть личный кабинет".to_owned(), url: link.to_owned() },
            ],
        ),
        Locale::En => (
            format!("ONCOCENTER: something new in your cabinet — {organization}"),
            vec![
                Block::Paragraph(what.to_owned()),
                Block::Paragraph(
                    "See the details in your personal cabinet; medical data is never sent by email.".to_owned(),
                ),
                Block::Link { label: "Open the cabinet".to_owned(), url: link.to_owned() },
            ],
        ),
    }
}

fn staff_alert(locale: Locale, organization: &str, link: &str, escalated: bool) -> (String, Vec<Block>) {
    match locale {
        Locale::Ru => (
            if escalated {
                format!("ОНКОЦЕНТР: вам передан неподтверждённый сигнал — {organization}")
            } else {
                format!("ОНКОЦЕНТР: сигнал мониторинга по вашему пациенту — {organization}")
            },
            vec![
                Block::Paragraph(if escalated {
                    "Сигнал мониторинга не был подтверждён вовремя, и вы указаны дежурным врачом.".to_owned()
                } else {
                    "Ответы пациента вызвали сигнал мониторинга, который ждёт вашего решения.".to_owned()
                }),
                Block::Paragraph("Подробности — в ОНКОЦЕНТРЕ; по почте медицинские данные не пересылаются.".to_owned()),
                Block::Link { label: "Открыть мониторинг".to_owned(), url: link.to_owned() },
            ],
        ),
        Locale::En => (
            if escalated {
                format!("ONCOCENTER: an unacknowledged alert was passed to you — {organization}")
            } else {
                format!("ONCOCENTER: a monitoring alert for your patient — {organization}")
            },
            vec![
                Block::Paragraph(if escalated {
                    "A monitoring alert was not acknowledged in time, and you are the covering doctor.".to_owned()
                } else {
                    "A patient's answers raised a monitoring alert that needs your attention.".to_owned()
                }),
                Block::Paragraph("See the details in ONCOCENTER; medical data is never sent by email.".to_owned()),
                Block::Link { label: "Open monitoring".to_owned(), url: link.to_owned() },
            ],
        ),
    }
}

/// "5 минут", "1 час": the word for a count, by the Russian rule in `common`.
#[expect(clippy::cast_precision_loss, reason = "small counts of minutes, hours and days")]
fn ru_count(n: i64, one: &'static str, few: &'static str, many: &'static str) -> &'static str {
    Locale::Ru.pick(n as f64, one, few, many)
}

#[expect(clippy::cast_precision_loss, reason = "small counts of minutes, hours and days")]
fn en_count(n: i64, one: &'static str, many: &'static str) -> &'static str {
    Locale::En.pick(n as f64, one, many, many)
}

/// A stored day (`2026-12-11`) in words: "11 декабря 2026 г.", "11 December 2026". A value that
/// is not a day (never written so) is shown as it is rather than lost.
fn date_in_words(locale: Locale, day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map_or_else(|_| day.to_owned(), |d| locale.date_in_words(d))
}

/// What the cabinet offers, as the invitation names it: only what works at this release
/// ([`common::features::CABINET`]).
fn cabinet_offer(locale: Locale) -> String {
    use common::features::{CABINET, CabinetFeature as F};
    let phrases: Vec<&str> = CABINET
        .iter()
        .map(|f| match (locale, f) {
            (Locale::Ru, F::MedicalRecord) => "ваша медицинская карта",
            (Locale::Ru, F::Prescriptions) => "назначения врача",
            (Locale::Ru, F::Monitoring) => "анкеты и дневник самочувствия, которые видит ваш врач",
            (Locale::Ru, F::Documents) => "загрузка ваших документов",
            (Locale::Ru, F::News) => "новости и цены медицинской организации",
            (Locale::Ru, F::Feedback) => "обращения в медицинскую организацию",
            (Locale::En, F::MedicalRecord) => "your medical record",
            (Locale::En, F::Prescriptions) => "your doctor's prescriptions",
            (Locale::En, F::Monitoring) => "questionnaires and a symptom diary your doctor sees",
            (Locale::En, F::Documents) => "uploading your documents",
            (Locale::En, F::News) => "the organization's news and prices",
            (Locale::En, F::Feedback) => "messages to the medical organization",
        })
        .collect();
    phrases.join(", ")
}

fn patient_invitation(
    locale: Locale,
    organization: &str,
    full_name: &str,
    link: &str,
    expires_on: &str,
) -> (String, Vec<Block>) {
    let until = date_in_words(locale, expires_on);
    let offer = cabinet_offer(locale);
    match locale {
        Locale::Ru => (
            format!("ОНКОЦЕНТР: приглашение в личный кабинет пациента «{organization}»"),
            vec![
                Block::Paragraph(format!("Здравствуйте, {full_name}!")),
                Block::Paragraph(format!(
                    "«{organization}» приглашает вас в личный кабинет пациента ОНКОЦЕНТРА: {offer}."
                )),
                Block::Paragraph(
                    "Откройте ссылку: адрес почты уже будет заполнен, останется ввести фамилию, имя и дату рождения так, как они записаны в медицинской организации. На почту придёт код подтверждения.".to_owned(),
                ),
                Block::Link { label: "Перейти к регистрации".to_owned(), url: link.to_owned() },
                Block::Paragraph(format!("Приглашение действует до {until} включительно.")),
            ],
        ),
        Locale::En => (
            format!("ONCOCENTER: invitation to the patient cabinet of {organization}"),
            vec![
                Block::Paragraph(format!("Hello, {full_name}!")),
                Block::Paragraph(format!("{organization} invites you to your ONCOCENTER patient cabinet: {offer}.")),
                Block::Paragraph(
                    "Open the link: your email address is already filled in; enter your last name, first name and date of birth as the medical organization recorded them, and a confirmation code will be emailed to you.".to_owned(),
                ),
                Block::Link { label: "Go to registration".to_owned(), url: link.to_owned() },
                Block::Paragraph(format!("The invitation is valid until {until} inclusive.")),
            ],
        ),
    }
}

fn role_name(locale: Locale, role: Role) -> &'static str {
    match (locale, role) {
        (Locale::Ru, Role::Operator) => "оператор платформы",
        (Locale::Ru, Role::Organizer) => "организатор",
        (Locale::Ru, Role::Doctor) => "врач",
        (Locale::Ru, Role::Instructor) => "специалист по реабилитации (инструктор ЛФК)",
        (Locale::Ru, Role::Assistant) => "ассистент",
        (Locale::Ru, Role::Patient) => "пациент",
        (Locale::En, Role::Operator) => "platform operator",
        (Locale::En, Role::Organizer) => "organizer",
        (Locale::En, Role::Doctor) => "doctor",
        (Locale::En, Role::Instructor) => "rehabilitation specialist (instructor)",
        (Locale::En, Role::Assistant) => "assistant",
        (Locale::En, Role::Patient) => "patient",
    }
}

fn invitation(
    locale: Locale,
    role: Role,
    organization: Option<&str>,
    full_name: &str,
    link: &str,
    expires_on: &str,
) -> (String, Vec<Block>) {
    let r = role_name(locale, role);
    match locale {
        Locale::Ru => {
            let subject = match (role, organization) {
                (Role::Organizer, _) => {
                    "ОНКОЦЕНТР: вы зарегистрированы как организатор медицинской организации".to_owned()
                }
                (Role::Operator, _) => "ОНКОЦЕНТР: вы зарегистрированы как оператор платформы".to_owned(),
                (_, Some(org)) => format!("ОНКОЦЕНТР: приглашение в «{org}»"),
                (_, None) => "ОНКОЦЕНТР: приглашение".to_owned(),
            };
            let place = organization.map(|o| format!(" в медицинской организации «{o}»")).unwrap_or_default();
            (
                subject,
                vec![
                    Block::Paragraph(format!("Здравствуйте, {full_name}!")),
                    Block::Paragraph(format!("Вас пригласили на платформу ОНКОЦЕНТР{place} в роли: {r}.")),
                    Block::Paragraph("Чтобы начать работу, активируйте доступ: задайте пароль по ссылке ниже. Если у вас уже есть аккаунт ОНКОЦЕНТРА с этим адресом, войдите в него — приглашение будет принято.".to_owned()),
                    Block::Link { label: "Активировать аккаунт".to_owned(), url: link.to_owned() },
                    Block::Paragraph(format!(
                        "Ссылка действует до {} включительно и только один раз.",
                        date_in_words(locale, expires_on)
                    )),
                ],
            )
        }
        Locale::En => {
            let subject = match (role, organization) {
                (Role::Organizer, _) => {
                    "ONCOCENTER: you are registered as organizer of a medical organization".to_owned()
                }
                (Role::Operator, _) => "ONCOCENTER: you are registered as platform operator".to_owned(),
                (_, Some(org)) => format!("ONCOCENTER: invitation to {org}"),
                (_, None) => "ONCOCENTER: invitation".to_owned(),
            };
            let place = organization.map(|o| format!(" at {o}")).unwrap_or_default();
            (
                subject,
                vec![
                    Block::Paragraph(format!("Hello, {full_name}!")),
                    Block::Paragraph(format!("You are invited to the ONCOCENTER platform{place} as {r}.")),
                    Block::Paragraph("To start, activate your access: set a password with the link below. If you already have an ONCOCENTER account with this address, log in to it and the invitation is accepted.".to_owned()),
                    Block::Link { label: "Activate account".to_owned(), url: link.to_owned() },
                    Block::Paragraph(format!("The link works once, until {} inclusive.", date_in_words(locale, expires_on))),
                ],
            )
        }
    }
}

fn text_body(blocks: &[Block], footer: &str) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Paragraph(p) => out.push_str(p),
            Block::Link { label, url } => {
                out.push_str(label);
                out.push_str(":\n");
                out.push_str(url);
            }
        }
        out.push_str("\n\n");
    }
    out.push_str("-- \n");
    out.push_str(footer);
    out.push('\n');
    out
}

fn html_body(subject: &str, blocks: &[Block], footer: &str, locale: Locale) -> String {
    let mut body = String::new();
    for b in blocks {
        match b {
            Block::Paragraph(p) => body.push_str(&format!("<p style=\"margin:0 0 16px\">{}</p>", escape(p))),
            Block::Link { label, url } => body.push_str(&format!(
                "<p style=\"margin:24px 0\"><a href=\"{0}\" style=\"background:#0f6e6e;color:#ffffff;padding:12px 20px;border-radius:8px;text-decoration:none;display:inline-block\">{1}</a></p><p style=\"margin:0 0 16px;font-size:14px;color:#4a5560\">{0}</p>",
                escape(url),
                escape(label)
            )),
        }
    }
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
<body style=\"margin:0;padding:24px;background:#f4f6f7;font-family:-apple-system,Segoe UI,Roboto,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1d2429\">\
<div style=\"max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #dde3e6;border-radius:8px;padding:24px\">\
<p style=\"margin:0 0 24px;font-weight:600;color:#0f6e6e\">ОНКОЦЕНТР · ONCOCENTER</p>{body}\
<p style=\"margin:24px 0 0;font-size:14px;color:#4a5560\">{footer}</p></div></body></html>",
        lang = locale.as_str(),
        title = escape(subject),
        footer = escape(footer),
    )
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_both_languages_with_the_link_in_both_bodies() {
        for locale in [Locale::Ru, Locale::En] {
            let r = Template::TestMessage.render(locale, "https://onco.example");
            assert!(r.text.contains("https://onco.example"));
            assert!(r.html.contains("href=\"https://onco.example\""));
            assert!(r.subject.contains("ОНКОЦЕНТР") || r.subject.contains("ONCOCENTER"));
        }
    }

    #[test]
    fn patient_invitation_names_its_date_in_words_and_promises_only_what_exists() {
        let t = Template::PatientInvitation {
            organization: "Клиника".into(),
            full_name: "Белова Ирина".into(),
            link: "https://onco.example/register#email=a%40b.ru".into(),
            expires_on: "2026-12-11".into(),
        };
        let ru = t.render(Locale::Ru, "https://onco.example");
        assert!(ru.text.contains("до 11 декабря 2026 г. включительно"), "{}", ru.text);
        assert!(ru.text.contains("https://onco.example/register#email=a%40b.ru"), "{}", ru.text);
        let en = t.render(Locale::En, "https://onco.example");
        assert!(en.text.contains("until 11 December 2026 inclusive"), "{}", en.text);
        for promise in ["связь с врачом", "сообщени", "запись на", "запись к", "лфк", "оплат"]
        {
            assert!(!ru.text.to_lowercase().contains(promise), "{promise}: {}", ru.text);
        }
        for promise in ["messages with", "booking", "classes", "payment"] {
            assert!(!en.text.contains(promise), "{promise}: {}", en.text);
        }
    }

    #[test]
    fn counts_take_their_word_form() {
        let code = |m| Template::PasswordResetCode { code: "123456".into(), valid_minutes: m };
        assert!(code(15).render(Locale::Ru, "x").text.contains("Код действует 15 минут."));
        assert!(code(1).render(Locale::Ru, "x").text.contains("Код действует 1 минуту."));
        assert!(code(1).render(Locale::En, "x").text.contains("valid for 1 minute."));
        let reg = Template::RegistrationCode { code: "123456".into(), valid_hours: 24 };
        assert!(reg.render(Locale::Ru, "x").text.contains("Код действует 24 часа."));
        let reg = Template::RegistrationCode { code: "123456".into(), valid_hours: 48 };
        assert!(reg.render(Locale::Ru, "x").text.contains("Код действует 48 часов."));
        let notice =
            Template::EmailChangedNotice { new_email: "a@b.ru".into(), revert_link: "l".into(), valid_days: 7 };
        assert!(notice.render(Locale::Ru, "x").text.contains("действует 7 дней"));
    }

    #[test]
    fn invitation_date_in_words_and_an_unparsable_day_kept() {
        let inv = |d: &str| Template::Invitation {
            role: Role::Doctor,
            organization: Some("Клиника".into()),
            full_name: "Петров Иван".into(),
            link: "l".into(),
            expires_on: d.into(),
        };
        assert!(inv("2026-12-02").render(Locale::Ru, "x").text.contains("до 2 декабря 2026 г. включительно"));
        assert!(inv("2026-12-02").render(Locale::En, "x").text.contains("until 2 December 2026 inclusive"));
        assert!(inv("soon").render(Locale::Ru, "x").text.contains("до soon включительно"));
    }

    #[test]
    fn escapes_html() {
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
