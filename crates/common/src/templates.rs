//! The built-in questionnaires every organization starts with (MON-1): ECOG performance status,
//! ESAS-r, pain on a 0–10 scale and the vitals diary, in Russian and English. An organization
//! may copy and adapt them; the item codes here are what the default alert rules refer to.

use crate::questionnaire::{ChoiceOption, Definition, I18nText, Item, ItemKind};

/// What a questionnaire is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Answered when assigned, on its schedule.
    Questionnaire,
    /// The patient's diary (MON-3): open to every patient of the organization at any time.
    Diary,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Questionnaire => "questionnaire",
            Self::Diary => "diary",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Questionnaire, Self::Diary].into_iter().find(|p| p.as_str() == s)
    }
}

/// A built-in questionnaire.
pub struct Template {
    /// The questionnaire's code in every organization (`esas_r`).
    pub code: &'static str,
    pub purpose: Purpose,
    pub definition: Definition,
}

pub const ECOG: &str = "ecog";
pub const ESAS_R: &str = "esas_r";
pub const PAIN: &str = "pain";
pub const VITALS: &str = "vitals";

/// Item codes the default rules and the charts use.
pub mod codes {
    pub const ECOG: &str = "ecog.grade";
    pub const PAIN: &str = "pain.now";
    pub const ESAS_PAIN: &str = "esas.pain";
    /// The prefix of every ESAS-r symptom.
    pub const ESAS_PREFIX: &str = "esas.";
    pub const TEMP: &str = "vitals.temp_c";
    pub const SYSTOLIC: &str = "vitals.systolic";
    pub const DIASTOLIC: &str = "vitals.diastolic";
    pub const PULSE: &str = "vitals.pulse";
    pub const WEIGHT: &str = "vitals.weight_kg";
    pub const SPO2: &str = "vitals.spo2";
}

fn scale(code: &str, ru: &str, en: &str, hint_ru: &str, hint_en: &str) -> Item {
    let mut i = Item::new(code, ItemKind::Scale, ru, en);
    i.required = true;
    i.hint = Some(I18nText::new(hint_ru, hint_en));
    i
}

fn number(code: &str, ru: &str, en: &str, unit: &str, min: f64, max: f64, decimals: u8) -> Item {
    let mut i = Item::new(code, ItemKind::Number, ru, en);
    i.unit = Some(unit.to_owned());
    i.min = Some(min);
    i.max = Some(max);
    i.decimals = decimals;
    i
}

fn ecog() -> Definition {
    let grades = [
        (
            "Полностью активен, выполняет всю обычную нагрузку без ограничений",
            "Fully active, able to carry on all pre-disease performance without restriction",
        ),
        (
            "Ограничен в тяжёлой физической работе, но ходит и может выполнять лёгкую или сидячую работу",
            "Restricted in physically strenuous activity but ambulatory and able to carry out light or sedentary work",
        ),
        (
            "Ходит и обслуживает себя, но не может работать; проводит на ногах больше половины дня",
            "Ambulatory and capable of all self-care but unable to carry out any work; up and about more than 50% of waking hours",
        ),
        (
            "Лишь ограниченно обслуживает себя; больше половины дня проводит в постели или кресле",
            "Capable of only limited self-care; confined to bed or chair more than 50% of waking hours",
        ),
        (
            "Полностью нетрудоспособен, не может обслуживать себя, прикован к постели или креслу",
            "Completely disabled; cannot carry on any self-care; totally confined to bed or chair",
        ),
    ];
    let mut grade = Item::new(
        "ecog.grade",
        ItemKind::SingleChoice,
        "Как вы оцениваете свою активность сейчас?",
        "How active are you now?",
    );
    grade.required = true;
    grade.options = grades
        .iter()
        .enumerate()
        .map(|(n, (ru, en))| ChoiceOption {
            code: n.to_string(),
            label: I18nText::new(&format!("{n} — {ru}"), &format!("{n} — {en}")),
            score: Some(n as f64),
        })
        .collect();
    Definition {
        title: I18nText::new("Общее состояние (ECOG)", "Performance status (ECOG)"),
        description: Some(I18nText::new(
            "Выберите вариант, который лучше всего описывает ваше состояние за последнюю неделю.",
            "Choose the statement that best describes you over the past week.",
        )),
        items: vec![grade],
    }
}

fn esas_r() -> Definition {
    let none_ru = "0 — нет, 10 — самая сильная, какая может быть";
    let none_en = "0 = none, 10 = worst possible";
    let items = [
        ("esas.pain", "Боль", "Pain"),
        ("esas.tiredness", "Усталость (нехватка сил)", "Tiredness (lack of energy)"),
        ("esas.drowsiness", "Сонливость", "Drowsiness (feeling sleepy)"),
        ("esas.nausea", "Тошнота", "Nausea"),
        ("esas.appetite", "Отсутствие аппетита", "Lack of appetite"),
        ("esas.breath", "Одышка", "Shortness of breath"),
        ("esas.depression", "Подавленность (грусть)", "Depression (feeling sad)"),
        ("esas.anxiety", "Тревога (беспокойство)", "Anxiety (feeling nervous)"),
        ("esas.wellbeing", "Плохое самочувствие в целом", "Wellbeing (how you feel overall; 10 = worst)"),
    ];
    Definition {
        title: I18nText::new("Симптомы (ESAS-r)", "Symptoms (ESAS-r)"),
        description: Some(I18nText::new(
            "Отметьте, насколько выражен каждый симптом СЕЙЧАС.",
            "Rate how each symptom is NOW.",
        )),
        items: items.iter().map(|(c, ru, en)| scale(c, ru, en, none_ru, none_en)).collect(),
    }
}

fn pain() -> Definition {
    let mut where_ = Item::new("pain.where", ItemKind::Text, "Где болит?", "Where is the pain?");
    where_.required = false;
    Definition {
        title: I18nText::new("Боль (0–10)", "Pain (0–10)"),
        description: None,
        items: vec![
            scale(
                "pain.now",
                "Оцените боль сейчас",
                "Rate your pain now",
                "0 — боли нет, 10 — самая сильная боль, какую можно представить",
                "0 = no pain, 10 = worst pain imaginable",
            ),
            where_,
        ],
    }
}

fn vitals() -> Definition {
    Definition {
        title: I18nText::new("Дневник самочувствия", "Vitals diary"),
        description: Some(I18nText::new(
            "Заполните то, что измерили; остальные поля можно оставить пустыми.",
            "Fill in what you measured; leave the rest empty.",
        )),
        items: vec![
            number("vitals.temp_c", "Температура", "Temperature", "°C", 34.0, 43.0, 1),
            number("vitals.systolic", "Давление: верхнее", "Blood pressure: systolic", "mmHg", 50.0, 260.0, 0),
            number("vitals.diastolic", "Давление: нижнее", "Blood pressure: diastolic", "mmHg", 30.0, 160.0, 0),
            number("vitals.pulse", "Пульс", "Pulse", "bpm", 30.0, 220.0, 0),
            number("vitals.weight_kg", "Вес", "Weight", "kg", 20.0, 300.0, 1),
            number("vitals.spo2", "Сатурация (SpO2)", "Oxygen saturation (SpO2)", "%", 50.0, 100.0, 0),
            Item::new("vitals.note", ItemKind::Text, "Заметка", "Note"),
        ],
    }
}

/// Every built-in questionnaire.
pub fn all() -> Vec<Template> {
    vec![
        Template { code: ECOG, purpose: Purpose::Questionnaire, definition: ecog() },
        Template { code: ESAS_R, purpose: Purpose::Questionnaire, definition: esas_r() },
        Template { code: PAIN, purpose: Purpose::Questionnaire, definition: pain() },
        Template { code: VITALS, purpose: Purpose::Diary, definition: vitals() },
    ]
}
