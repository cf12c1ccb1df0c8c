//! Events from elsewhere (a GitHub issue) merged into a run by time, under the same rules
//! as every writer (`admit`). Pure.
//!
//! - An incoming event the run already holds (same time, person, action and text) is
//!   left out: importing twice adds nothing.
//! - The rest go in time order; each is placed after every event at or before its time
//!   and kept only when `admit` takes it there and it breaks no event recorded after it.
//! - Events already in the run are never dropped or moved relative to each other.

use crate::base::diag::Diagnostics;
use crate::model::Page;
use crate::model::run::{Event, Run};
use crate::parse::run::normalized;

use super::{Refusal, admit, replay};

/// The run's events after a merge, and what was refused.
#[derive(Debug, Default)]
pub(crate) struct Merged {
    /// Every event, in time order.
    pub events: Vec<Event>,
    /// The incoming events written, in time order.
    pub added: Vec<Event>,
    pub refused: Vec<(Event, Refusal)>,
}

fn same(a: &Event, b: &Event) -> bool {
    Event {
        line: 0,
        ..normalized(a)
    } == Event {
        line: 0,
        ..normalized(b)
    }
}

fn with_events(run: &Run, events: &[Event]) -> Run {
    Run {
        events: events.to_vec(),
        ..run.clone()
    }
}

fn errors(run: &Run, page: Option<&Page>, all_envs: &[String]) -> (usize, Diagnostics) {
    let mut diags = Diagnostics::new();
    replay(run, page, all_envs, &mut diags);
    (diags.error_count(), diags)
}

/// Merges `incoming` into `run` (see the module doc).
pub(crate) fn merge(
    run: &Run,
    page: Option<&Page>,
    all_envs: &[String],
    incoming: &[Event],
) -> Merged {
    let mut held: Vec<&Event> = run.events.iter().collect();
    let mut fresh: Vec<Event> = Vec::new();
    for e in incoming {
        let e = normalized(e);
        match held.iter().position(|h| same(h, &e)) {
            Some(i) => {
                held.remove(i);
            }
            None => fresh.push(e),
        }
    }
    fresh.sort_by(|a, b| a.at.cmp(&b.at));
    let mut out = Merged {
        events: run.events.clone(),
        ..Merged::default()
    };
    let (mut base, _) = errors(run, page, all_envs);
    for e in fresh {
        let at = out.events.partition_point(|x| x.at <= e.at);
        let prefix = with_events(run, &out.events[..at]);
        let view = replay(&prefix, page, all_envs, &mut Diagnostics::new());
        if let Err(r) = admit(&view, &e) {
            out.refused.push((e, r));
            continue;
        }
        let mut candidate = out.events.clone();
        candidate.insert(
            at,
            Event {
                line: 0,
                ..e.clone()
            },
        );
        let (n, diags) = errors(&with_events(run, &candidate), page, all_envs);
        if n > base {
            let why = diags
                .iter()
                .rfind(|d| d.is_error())
                .map(|d| d.message.clone())
                .unwrap_or_default();
            out.refused.push((
                e,
                Refusal {
                    message: format!("it would break an event recorded after it: {why}"),
                    hint: "the run's own record wins; do this again through `opsbook run`".into(),
                },
            ));
            continue;
        }
        base = n;
        out.events = candidate;
        out.added.push(e);
    }
    out
}
