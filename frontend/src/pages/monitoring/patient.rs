//! `/staff/monitoring/:id`, the patient's monitoring page before issue 14 joined it with his
//! record: links in older emails and bookmarks lead to the one patient page (its overview).

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::pages::record::patient_param;
use crate::routes::staff_patient_href;

#[component]
pub fn PatientMonitoringPage() -> impl IntoView {
    let id = patient_param();
    move || match id.get() {
        Some(id) => view! { <Redirect path=staff_patient_href(id, None) /> }.into_any(),
        None => view! { <crate::components::feedback::ErrorPanel kind=crate::api::ErrorKind::NotFound /> }.into_any(),
    }
}
