//! `oncocenter`: the server and its operator commands.

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use common::Locale;
use server::config::Settings;
use server::platform::clock::Clock;
use server::platform::email::outbox::{EmailRequest, queue_email};
use server::platform::email::templates::Template;
use server::startup::{Application, connect_state};

#[derive(Parser)]
#[command(
    name = "oncocenter",
    version,
    about = "OncoCenter: remote monitoring and rehabilitation of oncology patients"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations, then serve the API and the SPA (the default).
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Background jobs.
    Jobs {
        #[command(subcommand)]
        command: JobsCommand,
    },
    /// Email.
    Mail {
        #[command(subcommand)]
        command: MailCommand,
    },
    /// Print the OpenAPI document (as committed in openapi/openapi.json).
    Openapi,
    /// Platform operators.
    Operator {
        #[command(subcommand)]
        command: OperatorCommand,
    },
    /// Fill an empty database with a demo organization and print its logins (not in production).
    DemoSeed {
        /// Exit quietly when the database already has data (for scripts/run.sh).
        #[arg(long)]
        if_empty: bool,
    },
}

#[derive(Subcommand)]
enum OperatorCommand {
    /// Create a platform-operator account; prints a one-time activation link.
    Create {
        #[arg(long)]
        email: String,
        /// "Last First" or "Last First Middle".
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand)]
enum JobsCommand {
    /// Run every job due at the given time once, as if it were that time, and exit.
    Run {
        /// RFC 3339 time, e.g. 2026-12-02T09:00:00Z. Defaults to now.
        #[arg(long)]
        now: Option<String>,
    },
}

#[derive(Subcommand)]
enum MailCommand {
    /// Queue a test email to check the mail configuration; the job worker sends it.
    Test {
        #[arg(long)]
        to: String,
        #[arg(long, default_value = "ru")]
        locale: String,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::telemetry::init();
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let settings = Settings::from_env()?;
            let app = Application::build(settings).await?;
            let state = app.state();
            let host = state.settings.bind.rsplit_once(':').map(|(h, _)| h.to_owned()).unwrap_or_default();
            println!("OncoCenter listening on http://{host}:{}", app.port());
            if !state.settings.spa_dir.join("index.html").is_file() {
                eprintln!("note: no built SPA in {} — run scripts/build-spa.sh", state.settings.spa_dir.display());
            }
            app.run_until_stopped().await
        }
        Command::Migrate => {
            let settings = Settings::from_env()?;
            connect_state(settings, Clock::system()).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Jobs { command: JobsCommand::Run { now } } => {
            let settings = Settings::from_env()?;
            let at = match now {
                Some(t) => DateTime::parse_from_rfc3339(&t)
                    .with_context(|| format!("--now `{t}` is not an RFC 3339 time"))?
                    .with_timezone(&Utc),
                None => Utc::now(),
            };
            let state = connect_state(settings, Clock::fixed(at)).await?;
            let ran = server::platform::jobs::worker::run_due(&state, at).await?;
            println!("ran {ran} job(s) due at {}", at.to_rfc3339());
            Ok(())
        }
        Command::Mail { command: MailCommand::Test { to, locale } } => {
            let settings = Settings::from_env()?;
            let state = connect_state(settings, Clock::system()).await?;
            let locale = Locale::parse(&locale).context("--locale must be ru or en")?;
            let now = state.clock.now();
            let id = queue_email(
                &state.db,
                &state.settings.base_url,
                EmailRequest { organization_id: None, to, locale, template: Template::TestMessage },
                now,
            )
            .await?;
            let ran = server::platform::jobs::worker::run_due(&state, now).await?;
            println!("queued test email {id}; ran {ran} job(s)");
            Ok(())
        }
        Command::Operator { command: OperatorCommand::Create { email, name } } => {
            let settings = Settings::from_env()?;
            let state = connect_state(settings, Clock::system()).await?;
            let link = server::seed::create_operator(&state, &email, &name).await?;
            println!("Operator invited. One-time activation link (valid 10 days):\n{link}");
            Ok(())
        }
        Command::DemoSeed { if_empty } => {
            let settings = Settings::from_env()?;
            if settings.environment == server::config::Environment::Production {
                anyhow::bail!("demo-seed is refused under ONCOCENTER_ENV=production");
            }
            let state = connect_state(settings, Clock::system()).await?;
            match server::seed::demo_seed(&state).await? {
                Some(logins) => {
                    println!("Demo data created. Log in with password `{}` as:", server::seed::DEMO_PASSWORD);
                    for (email, role) in logins {
                        println!("  {email:<36} {role}");
                    }
                    Ok(())
                }
                None if if_empty => Ok(()),
                None => anyhow::bail!("the database already has organizations; demo-seed only fills an empty one"),
            }
        }
        Command::Openapi => {
            print!("{}", server::http::openapi::document_json()?);
            Ok(())
        }
    }
}
