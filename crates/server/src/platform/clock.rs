//! The time source. Production reads the system clock; tests and `oncocenter jobs run --now`
//! set it, so time-dependent behavior (expiry, retries, lapses) is tested without sleeping.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, SubsecRound, Utc};

#[derive(Clone, Debug, Default)]
pub struct Clock {
    fixed: Option<Arc<RwLock<DateTime<Utc>>>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self { fixed: None }
    }

    /// A clock that stands at `at` until moved.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self { fixed: Some(Arc::new(RwLock::new(at.trunc_subsecs(6)))) }
    }

    /// Now, to the microsecond (what both databases store).
    pub fn now(&self) -> DateTime<Utc> {
        match &self.fixed {
            None => Utc::now().trunc_subsecs(6),
            Some(at) => match at.read() {
                Ok(t) => *t,
                Err(poisoned) => *poisoned.into_inner(),
            },
        }
    }

    /// Moves a fixed clock; a system clock ignores it.
    pub fn set(&self, to: DateTime<Utc>) {
        if let Some(at) = &self.fixed {
            match at.write() {
                Ok(mut t) => *t = to.trunc_subsecs(6),
                Err(poisoned) => *poisoned.into_inner() = to.trunc_subsecs(6),
            }
        }
    }

    pub fn advance(&self, by: chrono::Duration) {
        self.set(self.now() + by);
    }
}
