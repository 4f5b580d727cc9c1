//! Enums stored as text columns: an unknown stored value is an error, never a silent default.
//!
//! With the `db` feature (turned on by the `db` crate only, so the SPA's wasm build never sees
//! sea-orm) each enum below is a sea-orm value type: an entity column of that type reads a
//! stored string through the enum's `parse`, and a string it does not know fails the query
//! (`DbErr::TryIntoErr` → a 500 whose cause is logged) instead of turning into some variant.
//! The stored strings are the enums' `as_str`, as before, so no migration is needed.

/// A stored string that names no variant of the enum read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown stored {what} {value:?}")]
pub struct UnknownStoredValue {
    pub what: &'static str,
    pub value: String,
}

/// Implements `from_stored`/`to_stored` (what the `db` feature's sea-orm value type uses) from
/// the enum's `parse`/`as_str`.
macro_rules! stored_enum {
    ($($ty:ty),+ $(,)?) => {$(
        impl $ty {
            /// Parses a stored value; an unknown one is an error, never a default.
            pub fn from_stored(s: &str) -> Result<Self, $crate::stored::UnknownStoredValue> {
                Self::parse(s).ok_or_else(|| $crate::stored::UnknownStoredValue {
                    what: stringify!($ty),
                    value: s.to_owned(),
                })
            }

            /// The stored value (the same as `as_str`).
            pub fn to_stored(&self) -> &'static str {
                self.as_str()
            }
        }
    )+};
}

stored_enum!(
    crate::admin::Sex,
    crate::admin::PatientStatus,
    crate::auth::MembershipStatus,
    crate::auth::Role,
    crate::monitoring::AlertStatus,
    crate::alerts::Urgency,
    crate::cabinet::RepresentativeInvitationStatus,
    crate::cabinet::FeedbackCategory,
    crate::cabinet::FeedbackStatus,
    crate::cabinet::DependentRequestStatus,
    crate::cabinet::NotificationKind,
    crate::record::EntryKind,
    crate::record::EntryStatus,
    crate::record::PrescriptionKind,
    crate::record::PrescriptionStatus,
    crate::admin::ConsentKind,
);

/// `patient_consents`' primary key is (card, kind): sea-orm asks a key column for a conversion
/// from an auto-increment id, which a text key never has.
#[cfg(feature = "db")]
impl sea_orm::TryFromU64 for crate::admin::ConsentKind {
    fn try_from_u64(_: u64) -> Result<Self, sea_orm::DbErr> {
        Err(sea_orm::DbErr::ConvertFromU64("ConsentKind"))
    }
}

#[cfg(test)]
mod tests {
    use crate::admin::{PatientStatus, Sex};
    use crate::auth::MembershipStatus;
    use crate::cabinet::RepresentativeInvitationStatus;
    use crate::monitoring::AlertStatus;

    #[test]
    fn an_unknown_stored_value_is_an_error() {
        let e = Sex::from_stored("unknown").unwrap_err();
        assert_eq!(e.value, "unknown");
        assert!(PatientStatus::from_stored("").is_err());
        assert!(MembershipStatus::from_stored("Active").is_err(), "case matters");
        assert!(AlertStatus::from_stored("closed?").is_err());
        assert!(RepresentativeInvitationStatus::from_stored("x").is_err());
    }

    #[test]
    fn known_values_round_trip() {
        for s in [Sex::Male, Sex::Female] {
            assert_eq!(Sex::from_stored(s.to_stored()), Ok(s));
        }
        for s in [MembershipStatus::Pending, MembershipStatus::Active, MembershipStatus::Deactivated] {
            assert_eq!(MembershipStatus::from_stored(s.to_stored()), Ok(s));
        }
    }
}
