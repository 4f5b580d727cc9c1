//! What the product offers at this release, so pages and emails promise only what works.
//!
//! The landing page and the patient's invitation list [`CABINET`]; a later release that ships
//! messages, booking or exercise-therapy classes adds its variant here (with its words in the
//! SPA's locales and in the invitation email) and appends it to the list — nothing else
//! mentions a feature before it exists.

/// A part of the patient cabinet that works today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CabinetFeature {
    /// "Медкарта": the record the organization keeps (outpatient, inpatient, telemedicine).
    MedicalRecord,
    /// "Назначения": the doctor's prescriptions and recommendations.
    Prescriptions,
    /// "Ввод данных": questionnaires and the symptom diary; the doctor sees the answers and
    /// the alerts they raise.
    Monitoring,
    /// Uploading the patient's own documents into the record.
    Documents,
    /// The organization's news and price list.
    News,
    /// Questions and complaints to the organization ("Обратная связь").
    Feedback,
}

/// The cabinet at this release, in the order pages list it.
pub const CABINET: &[CabinetFeature] = &[
    CabinetFeature::MedicalRecord,
    CabinetFeature::Prescriptions,
    CabinetFeature::Monitoring,
    CabinetFeature::Documents,
    CabinetFeature::News,
    CabinetFeature::Feedback,
];

impl CabinetFeature {
    /// A stable name (test ids, logs).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MedicalRecord => "medical_record",
            Self::Prescriptions => "prescriptions",
            Self::Monitoring => "monitoring",
            Self::Documents => "documents",
            Self::News => "news",
            Self::Feedback => "feedback",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_feature_is_listed_once() {
        let names: std::collections::HashSet<_> = CABINET.iter().map(|f| f.as_str()).collect();
        assert_eq!(names.len(), CABINET.len());
    }
}
