//! Browser tests: the theme's scripts in real headless Chromium, driven through
//! chromedriver with fantoccini, against sites served on 127.0.0.1 (not `file://`:
//! localStorage is per origin). One browser session per test, its steps in order.
//! Everything shared (the chromium check, the static server, `Ui`) is in `support.rs`;
//! each test is skipped with a loud line when chromium or chromedriver is missing, and
//! fails instead under `CI=true`. How to run them: tests/README.md.

mod a11y;
mod checklist;
mod diagrams;
mod not_found;
mod runs;
mod search;
mod serve;
mod support;
mod tabs;
mod versions;
