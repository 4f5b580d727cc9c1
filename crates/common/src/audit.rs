//! [`AuditAction`]: what an audit row records, one variant per action the server writes.
//!
//! The stored value (`audit_log.action`) and the API's `action` field are the dotted strings
//! below: never rename one once released — old rows keep theirs. A row whose action this build
//! does not know (written by an older or newer release) is not an error for a reader: parse it
//! with [`str::parse`] and show the raw string when that fails.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! audit_actions {
    ($($variant:ident => $text:literal,)+) => {
        /// An audited action: `"patient.create"`, `"record.read"`, …
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum AuditAction {
            $(#[doc = concat!("`", $text, "`")] $variant,)+
        }

        impl AuditAction {
            /// Every action, in declaration order.
            pub const ALL: &'static [AuditAction] = &[$(Self::$variant,)+];

            /// The stored dotted string.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }
        }

        impl std::str::FromStr for AuditAction {
            type Err = UnknownAuditAction;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok(Self::$variant),)+
                    _ => Err(UnknownAuditAction),
                }
            }
        }
    };
}

audit_actions! {
    AccountChange => "account.change",
    AlertAcknowledge => "alert.acknowledge",
    AlertEscalate => "alert.escalate",
    AlertList => "alert.list",
    AlertLive => "alert.live",
    AlertRead => "alert.read",
    AlertRelease => "alert.release",
    AlertSilence => "alert.silence",
    AlertTake => "alert.take",
    AssignmentCreate => "assignment.create",
    AssignmentEnd => "assignment.end",
    AssignmentList => "assignment.list",
    AttachmentDownload => "attachment.download",
    AttachmentLink => "attachment.link",
    CabinetAccess => "cabinet.access",
    CabinetContext => "cabinet.context",
    CabinetFeedback => "cabinet.feedback",
    CabinetNotifications => "cabinet.notifications",
    CabinetProfile => "cabinet.profile",
    DependentConfirm => "dependent.confirm",
    DependentReject => "dependent.reject",
    DependentRequest => "dependent.request",
    FeedbackAnswer => "feedback.answer",
    FeedbackCreate => "feedback.create",
    FeedbackList => "feedback.list",
    MonitoringDataEntry => "monitoring.data_entry",
    MonitoringList => "monitoring.list",
    MonitoringRemind => "monitoring.remind",
    MonitoringSeries => "monitoring.series",
    MonitoringSettings => "monitoring.settings",
    MonitoringSettingsRead => "monitoring.settings.read",
    MonitoringSubmissions => "monitoring.submissions",
    MonitoringSubmit => "monitoring.submit",
    NewsCreate => "news.create",
    NewsDelete => "news.delete",
    NewsUpdate => "news.update",
    NotificationRead => "notification.read",
    NotificationReadAll => "notification.read_all",
    PatientAccess => "patient.access",
    PatientActivate => "patient.activate",
    PatientCreate => "patient.create",
    PatientDeactivate => "patient.deactivate",
    PatientDiagnosis => "patient.diagnosis",
    PatientDoctors => "patient.doctors",
    PatientInvite => "patient.invite",
    PatientLapse => "patient.lapse",
    PatientList => "patient.list",
    PatientRead => "patient.read",
    PatientRegister => "patient.register",
    PatientRegisterAgain => "patient.register_again",
    PatientSummary => "patient.summary",
    PatientTake => "patient.take",
    PatientUpdate => "patient.update",
    PrescriptionCreate => "prescription.create",
    PrescriptionList => "prescription.list",
    PrescriptionStatus => "prescription.status",
    PriceCreate => "price.create",
    PriceDelete => "price.delete",
    PriceImport => "price.import",
    PriceUpdate => "price.update",
    QuestionnaireAccess => "questionnaire.access",
    QuestionnaireArchive => "questionnaire.archive",
    QuestionnaireCopy => "questionnaire.copy",
    QuestionnaireCreate => "questionnaire.create",
    QuestionnaireRestore => "questionnaire.restore",
    QuestionnaireVersion => "questionnaire.version",
    RecordAmend => "record.amend",
    RecordCreate => "record.create",
    RecordList => "record.list",
    RecordPrint => "record.print",
    RecordRead => "record.read",
    RecordSign => "record.sign",
    RecordUpdate => "record.update",
    RecordUpload => "record.upload",
    RepresentativeAccept => "representative.accept",
    RepresentativeCreate => "representative.create",
    RepresentativeDecline => "representative.decline",
    RepresentativeDelete => "representative.delete",
    RepresentativeInvite => "representative.invite",
    RepresentativeList => "representative.list",
    RepresentativeResend => "representative.resend",
    RepresentativeRevoke => "representative.revoke",
    SettingsClasses => "settings.classes",
    SettingsMonitoring => "settings.monitoring",
    StaffAccess => "staff.access",
}

/// A string that names no [`AuditAction`] of this build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown audit action")]
pub struct UnknownAuditAction;

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for AuditAction {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AuditAction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(|_| serde::de::Error::custom(format!("unknown audit action {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips_through_its_string_and_serde() {
        for &a in AuditAction::ALL {
            assert_eq!(a.as_str().parse::<AuditAction>(), Ok(a));
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.as_str()));
            assert_eq!(serde_json::from_str::<AuditAction>(&json).unwrap(), a);
            assert_eq!(a.to_string(), a.as_str());
        }
    }

    #[test]
    fn strings_are_unique_dotted_and_lowercase() {
        let set: std::collections::BTreeSet<_> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(set.len(), AuditAction::ALL.len(), "two actions share a string");
        for s in set {
            assert!(s.contains('.') && s.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_'), "{s}");
        }
    }

    #[test]
    fn an_unknown_string_is_an_error_not_a_default() {
        assert_eq!("patient.set_doctors".parse::<AuditAction>(), Err(UnknownAuditAction));
        assert!(serde_json::from_str::<AuditAction>("\"nope\"").is_err());
    }
}
