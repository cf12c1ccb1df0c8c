//! What `build` shows on a terminal while it works, drawn with indicatif: for a book
//! built alone, its stage, files or pages done of the total and the rate
//! (`  Parsing [######      ] 4,000/10,000 files  1,870/s`); for a versioned build, a
//! line per version that says when it is done. Only on a terminal, never with `-q`,
//! `-v` (its timing lines go to the same place) or in CI (`CI` set), and only once the
//! build has taken a second: a short build prints nothing but its summary.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::{StreamEvent, VersionEvent};

/// How long a build runs before it shows what it is doing.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// The bars of one build.
pub(crate) struct Progress {
    multi: MultiProgress,
    started: Instant,
    /// The stage bar of a book built alone.
    stage: Mutex<Option<ProgressBar>>,
    /// A line per version, in the order they started.
    versions: Mutex<Vec<(String, ProgressBar)>>,
    /// More than one version is built.
    versioned: Mutex<bool>,
}

impl Progress {
    /// Bars when they may be drawn: `shown` is false with `-q` or `-v`.
    pub(crate) fn new(shown: bool) -> Option<Progress> {
        use std::io::IsTerminal as _;
        let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
        (shown && !in_ci && std::io::stderr().is_terminal()).then(|| Progress {
            multi: MultiProgress::with_draw_target(ProgressDrawTarget::hidden()),
            started: Instant::now(),
            stage: Mutex::default(),
            versions: Mutex::default(),
            versioned: Mutex::default(),
        })
    }

    /// Shows the bars once the build has run for [`QUIET_FOR`].
    fn reveal(&self) {
        if self.multi.is_hidden() && self.started.elapsed() >= QUIET_FOR {
            self.multi.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// A streamed build's stage.
    pub(crate) fn stage(&self, e: StreamEvent) {
        let mut stage = lock(&self.stage);
        match e {
            StreamEvent::Parsing(total) => *stage = Some(self.bar("Parsing", total, "files")),
            StreamEvent::Rendering(total) => {
                if let Some(old) = stage.take() {
                    old.finish_and_clear();
                }
                *stage = Some(self.bar("Rendering", total, "pages"));
            }
            StreamEvent::Parsed(n) | StreamEvent::Rendered(n) => {
                if let Some(bar) = stage.as_ref() {
                    bar.inc(n as u64);
                }
            }
        }
        drop(stage);
        self.reveal();
    }

    fn bar(&self, what: &str, total: usize, unit: &str) -> ProgressBar {
        let style = ProgressStyle::with_template(&format!(
            "{{prefix:>10.bold}} [{{bar:30}}] {{human_pos}}/{{human_len}} {unit}  {{rate}}"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{}/s", indicatif::HumanCount(state.per_sec() as u64));
            },
        )
        .progress_chars("=> ");
        let bar = self
            .multi
            .add(ProgressBar::new(total as u64).with_style(style));
        bar.set_prefix(what.to_string());
        bar
    }

    /// A version's line: `  Building v1.2…`, then `     Built v1.2`.
    pub(crate) fn version(&self, e: VersionEvent<'_>) {
        match e {
            VersionEvent::Planned(n) => *lock(&self.versioned) = n > 1,
            VersionEvent::Started(name) if *lock(&self.versioned) => {
                let style = ProgressStyle::with_template("{prefix:>10.bold} {msg} {spinner}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner());
                let line = self.multi.add(ProgressBar::new_spinner().with_style(style));
                line.set_prefix("Building");
                line.set_message(name.to_string());
                line.enable_steady_tick(Duration::from_millis(120));
                lock(&self.versions).push((name.to_string(), line));
            }
            VersionEvent::Finished(name) => {
                let versions = lock(&self.versions);
                if let Some((_, line)) = versions.iter().find(|(n, _)| n == name) {
                    line.set_style(
                        ProgressStyle::with_template("{prefix:>10.bold} {msg}")
                            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                    );
                    line.set_prefix("Built");
                    line.finish();
                }
            }
            VersionEvent::Started(_) => {}
        }
        self.reveal();
    }

    /// Takes every bar off the screen (the summary follows).
    pub(crate) fn clear(&self) {
        if let Some(bar) = lock(&self.stage).take() {
            bar.finish_and_clear();
        }
        for (_, line) in lock(&self.versions).drain(..) {
            line.finish_and_clear();
        }
        let _ = self.multi.clear();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
