//! `/admin/news`: the organization's news (ORG-5) — list, create, edit, delete.

use common::admin::{NEWS_BODY_MAX, NEWS_TITLE_MAX, NewsDto, NewsInput};
use common::auth::Role;
use leptos::prelude::*;

use crate::api;
use crate::components::datetime::{format_day, today};
use crate::components::form::{
    ActionForm, CheckboxField, DeleteForm, FieldErr, FieldErrors, FieldKind, TextAreaField, TextField,
};
use crate::components::long_text::LongText;
use crate::components::page::RolePage;
use crate::components::page::{ActionModal, EmptyPanel, PageHeader, Paged, PagedView, RowDialog};
use crate::components::table::EditDeleteButtons;
use crate::components::ui::use_toasts;
use crate::i18n::*;

const PER_PAGE: u32 = 20;

#[component]
pub fn NewsPage() -> impl IntoView {
    view! {
        <RolePage title=|i| t_string!(i, nav.news) roles=&[Role::Organizer]>
            <NewsList />
        </RolePage>
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum NewsAction {
    Create,
    Edit(NewsDto),
    Delete(NewsDto),
}

#[component]
fn NewsList() -> impl IntoView {
    let i18n = use_i18n();
    let dialog = RowDialog::new();
    let list = Paged::new(PER_PAGE, |page| async move { api::organization::news(page, PER_PAGE).await });
    let refresh = list.refresher();
    let act = dialog.opener();
    let empty = move || {
        view! {
            <EmptyPanel testid="news-empty" title=move || t_string!(i18n, news.empty_title) text=move || t_string!(i18n, news.empty_text) />
        }
        .into_any()
    };
    let render = move |items: Vec<NewsDto>| {
        view! {
            <ul class="news-list" role="list" data-testid="news">
                {items.into_iter().map(|n| view! { <NewsCard item=n on_action=act /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="page" data-page="news">
            <PageHeader
                title=move || t_string!(i18n, nav.news)
                lead=move || t_string!(i18n, news.lead)
                add=move || t_string!(i18n, news.add)
                on_add=Some(Callback::new(move |()| act.run(NewsAction::Create)))
            />
            <PagedView paged=list empty=empty render=render />
        </section>
        <ActionModal id="news-dialog" dialog=dialog
            title=move |a: &NewsAction| match a {
                NewsAction::Create => t_string!(i18n, news.add),
                NewsAction::Edit(_) => t_string!(i18n, news.edit_title),
                NewsAction::Delete(_) => t_string!(i18n, news.delete_title),
            }
            content=move |a| {
                let open = dialog.open;
                match a {
                    NewsAction::Create => view! { <NewsForm item=None open=open on_done=refresh /> }.into_any(),
                    NewsAction::Edit(n) => view! { <NewsForm item=Some(n) open=open on_done=refresh /> }.into_any(),
                    NewsAction::Delete(n) => view! { <DeleteNews item=n open=open on_done=refresh /> }.into_any(),
                }
            }
        />
    }
}

#[component]
fn NewsCard(item: NewsDto, on_action: Callback<NewsAction>) -> impl IntoView {
    let i18n = use_i18n();
    let day = item.publish_on;
    let visible = item.visible;
    let upcoming = day > today();
    let edit = item.clone();
    let delete = item.clone();
    view! {
        <li class="card news-card" data-news=item.id.to_string()>
            <div class="news-card__meta">
                <span class="hint">{move || format_day(i18n, day)}</span>
                {if !visible {
                    view! { <span class="badge">{t!(i18n, news.hidden)}</span> }.into_any()
                } else if upcoming {
                    view! { <span class="badge badge--info">{t!(i18n, news.scheduled)}</span> }.into_any()
                } else {
                    view! { <span class="badge badge--success">{t!(i18n, news.published)}</span> }.into_any()
                }}
            </div>
            <h2 class="news-card__title">{item.title.clone()}</h2>
            <LongText text=item.body.clone() id=format!("news-body-{}", item.id) class="news-card__body" />
            <div class="news-card__actions">
                <EditDeleteButtons on_action=on_action edit=NewsAction::Edit(edit) delete=NewsAction::Delete(delete) />
            </div>
        </li>
    }
}

/// The errors of the title, the text and the publish date.
pub type NewsErrors = (Option<FieldErr>, Option<FieldErr>, Option<FieldErr>);

/// The news item as the server takes it, or the field errors.
pub fn parse_news(title: &str, body: &str, publish_on: &str, visible: bool) -> Result<NewsInput, NewsErrors> {
    let title = title.trim();
    let body = body.trim();
    let title_err = if title.is_empty() {
        Some(FieldErr::Required)
    } else {
        (title.chars().count() > NEWS_TITLE_MAX).then_some(FieldErr::TooLongMax(NEWS_TITLE_MAX))
    };
    let body_err = if body.is_empty() {
        Some(FieldErr::Required)
    } else {
        (body.chars().count() > NEWS_BODY_MAX).then_some(FieldErr::TooLongMax(NEWS_BODY_MAX))
    };
    let date = if publish_on.trim().is_empty() {
        Err(FieldErr::Required)
    } else {
        chrono::NaiveDate::parse_from_str(publish_on.trim(), "%Y-%m-%d").map_err(|_| FieldErr::DateFormat)
    };
    match (title_err, body_err, date) {
        (None, None, Ok(publish_on)) => {
            Ok(NewsInput { title: title.to_owned(), body: body.to_owned(), publish_on, visible })
        }
        (t, b, d) => Err((t, b, d.err())),
    }
}

#[component]
fn NewsForm(item: Option<NewsDto>, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = item.as_ref().map(|n| n.id);
    let title = RwSignal::new(item.as_ref().map(|n| n.title.clone()).unwrap_or_default());
    let body = RwSignal::new(item.as_ref().map(|n| n.body.clone()).unwrap_or_default());
    let date = RwSignal::new(item.as_ref().map_or_else(today, |n| n.publish_on).format("%Y-%m-%d").to_string());
    let visible = RwSignal::new(item.as_ref().is_none_or(|n| n.visible));
    let errors = FieldErrors::new();
    let check = move || {
        parse_news(&title.get_untracked(), &body.get_untracked(), &date.get_untracked(), visible.get_untracked())
            .map_err(|(t, b, d)| errors.put_each([("title", t), ("body", b), ("publish_on", d)]))
            .ok()
    };
    let on_ok = move |_| {
        toasts.push(t_string!(i18n, news.saved).to_owned());
        on_done.run(());
    };
    view! {
        <ActionForm
            check=check
            call=move |input: NewsInput| async move { api::organization::save_news(id, &input).await }
            on_ok=on_ok
            errors=errors
            open=open
            testid="news-form"
        >
            <TextField id="news-title" label=move || t_string!(i18n, news.title) value=title error=errors.at("title", FieldKind::Text) required=true maxlength=NEWS_TITLE_MAX as u32 />
            <TextAreaField id="news-body" label=move || t_string!(i18n, news.body) hint=move || t_string!(i18n, news.body_hint) value=body error=errors.at("body", FieldKind::Text) rows=8 maxlength=NEWS_BODY_MAX as u32 />
            <TextField id="news-date" label=move || t_string!(i18n, news.publish_on) hint=move || t_string!(i18n, news.publish_on_hint) value=date error=errors.at("publish_on", FieldKind::Date) input_type="date" required=true />
            <CheckboxField id="news-visible" label=move || t_string!(i18n, news.visible) hint=move || t_string!(i18n, news.visible_hint) checked=visible />
        </ActionForm>
    }
}

#[component]
fn DeleteNews(item: NewsDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = item.id;
    let title = item.title;
    view! {
        <DeleteForm
            lead=move || t_string!(i18n, news.delete_text, title = title.clone()).to_string()
            call=move || api::organization::delete_news(id)
            done=move || t_string!(i18n, news.deleted).to_owned()
            open=open
            on_done=on_done
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_input_is_checked_like_the_server() {
        let ok = parse_news(" Открытие ", " Текст ", "2026-03-05", true).unwrap();
        assert_eq!(ok.title, "Открытие");
        assert_eq!(ok.publish_on, chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap());
        let err = parse_news("", "x", "bad", false).unwrap_err();
        assert_eq!(err, (Some(FieldErr::Required), None, Some(FieldErr::DateFormat)));
        let long = "я".repeat(NEWS_TITLE_MAX + 1);
        assert_eq!(
            parse_news(&long, "x", "2026-01-01", true).unwrap_err().0,
            Some(FieldErr::TooLongMax(NEWS_TITLE_MAX))
        );
    }
}
