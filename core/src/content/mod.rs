//! Content packs: the guides, the stages with each role's path, and the safety resources.
//!
//! A pack is a folder of TOML or JSON files (see `docs/CONTENT.md`). The default pack is embedded in the
//! binary; the user's packs are layered over it. Loading never fails as a whole: a broken file in
//! a user's layer is reported and skipped, so the app always has the embedded guides and the
//! safety screen.

mod check;
mod files;
mod json;
pub(crate) mod layers;
mod load;
mod originality;
mod problem;
mod schema;

pub use check::strict_problems;
pub use layers::{Layer, embedded_layer};
pub use load::{LoadReport, load_layers};
pub use originality::{RUN, Seed, copied_runs};
pub use problem::Problem;

use crate::model::Role;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The format of content files this build reads.
pub const CONTENT_FORMAT: i64 = 1;

/// The guide the app itself refers to: the private safety check.
pub const SAFETY_CHECK: &str = "safety-check";

/// Who a guide, prompt or exercise speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Both,
    Hurt,
    Repairing,
}

impl Audience {
    pub const ALL: [Audience; 3] = [Audience::Both, Audience::Hurt, Audience::Repairing];

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Both => "both",
            Audience::Hurt => "hurt",
            Audience::Repairing => "repairing",
        }
    }

    /// Whether a partner of `role` sees an item for this audience. A partner who would rather
    /// not say sees every item (each role-specific one labelled by the screen).
    pub fn shown_to(self, role: Role) -> bool {
        matches!(
            (self, role),
            (Audience::Both, _)
                | (_, Role::Unsaid)
                | (Audience::Hurt, Role::Hurt)
                | (Audience::Repairing, Role::Repairing)
        )
    }

    /// A short label for a role-specific item, for partners who see both roles' items.
    pub fn label(self) -> Option<&'static str> {
        match self {
            Audience::Both => None,
            Audience::Hurt => Some("for the partner who was hurt"),
            Audience::Repairing => Some("for the partner who broke trust"),
        }
    }
}

/// `together` marks couple-only wording that a solo user never sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Any,
    Together,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Idea {
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Prompt {
    pub id: String,
    pub text: String,
    /// `None` means the guide's own audience.
    #[serde(default)]
    pub audience: Option<Audience>,
    #[serde(default)]
    pub mode: Mode,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ChecklistItem {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub audience: Option<Audience>,
    /// In a safety checklist: what this sign, ticked, means.
    #[serde(default)]
    pub outcome: Option<SignOutcome>,
}

/// What a warning sign of the safety check means when it is ticked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignOutcome {
    /// Not yet: joint work cannot help while this is true (an ongoing affair, active
    /// addiction, one partner only wanting out); individual help first.
    NotYet,
    /// Danger: fear, violence, threats, stalking. The safety screen, at once.
    Danger,
}

/// What the safety check's answers mean, graded by the gravest sign ticked. The rule lives
/// here, not in a screen, so every front end reads the answers the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SafetyAnswer {
    /// No sign ticked.
    Clear,
    NotYet,
    Danger,
}

impl ExerciseKind {
    /// For a safety checklist, what the `ticked` item ids mean; `None` for any other exercise.
    /// A ticked id the checklist does not know counts as danger: better to over-warn.
    pub fn safety_answer<'a>(
        &self,
        ticked: impl IntoIterator<Item = &'a str>,
    ) -> Option<SafetyAnswer> {
        let ExerciseKind::Checklist {
            items,
            outcome: Some(Outcome::Safety),
        } = self
        else {
            return None;
        };
        let gravest = ticked
            .into_iter()
            .map(|id| {
                items
                    .iter()
                    .find(|i| i.id == id)
                    .and_then(|i| i.outcome)
                    .unwrap_or(SignOutcome::Danger)
            })
            .max();
        Some(match gravest {
            None => SafetyAnswer::Clear,
            Some(SignOutcome::NotYet) => SafetyAnswer::NotYet,
            Some(SignOutcome::Danger) => SafetyAnswer::Danger,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FormField {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub hint: Option<String>,
    /// Height of the field; 1 is a one-line field.
    #[serde(default = "default_lines")]
    pub lines: u8,
}

fn default_lines() -> u8 {
    4
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Any tick shows the safety screen and advises against doing the guides together.
    Safety,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AgreementCategory {
    Boundary,
    Expectation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Repeat {
    Once,
    Daily,
    Weekly,
}

/// What an exercise does, with the fields of its kind.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExerciseKind {
    Reflection {
        question: String,
    },
    Checklist {
        items: Vec<ChecklistItem>,
        #[serde(default)]
        outcome: Option<Outcome>,
    },
    Scale {
        question: String,
        min_label: String,
        max_label: String,
    },
    Form {
        fields: Vec<FormField>,
    },
    TimedTalk {
        turn_minutes: u8,
        rounds: u8,
        speaker: String,
        listener: String,
    },
    Agreement {
        category: AgreementCategory,
        suggestions: Vec<String>,
        review_days: u16,
    },
    Promise {
        examples: Vec<String>,
        repeat: Repeat,
    },
}

impl ExerciseKind {
    pub const NAMES: [&'static str; 7] = [
        "reflection",
        "checklist",
        "scale",
        "form",
        "timed_talk",
        "agreement",
        "promise",
    ];

    pub fn name(&self) -> &'static str {
        match self {
            ExerciseKind::Reflection { .. } => "reflection",
            ExerciseKind::Checklist { .. } => "checklist",
            ExerciseKind::Scale { .. } => "scale",
            ExerciseKind::Form { .. } => "form",
            ExerciseKind::TimedTalk { .. } => "timed_talk",
            ExerciseKind::Agreement { .. } => "agreement",
            ExerciseKind::Promise { .. } => "promise",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    pub intro: String,
    #[serde(default)]
    pub audience: Option<Audience>,
    #[serde(default)]
    pub mode: Mode,
    #[serde(flatten)]
    pub kind: ExerciseKind,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Guide {
    pub id: String,
    pub title: String,
    pub stage: String,
    pub order: i64,
    pub audience: Audience,
    pub minutes: u16,
    pub summary: String,
    #[serde(default)]
    pub see_also: Vec<String>,
    #[serde(default)]
    pub ephemeral: bool,
    pub ideas: Vec<Idea>,
    pub prompts: Vec<Prompt>,
    #[serde(default)]
    pub exercises: Vec<Exercise>,
    pub signs_of_progress: Vec<String>,
}

impl Guide {
    pub fn prompt(&self, id: &str) -> Option<&Prompt> {
        self.prompts.iter().find(|p| p.id == id)
    }

    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }

    /// The prompts a partner of `role` sees, alone (`together == false`) or as a couple.
    pub fn prompts_for(&self, role: Role, together: bool) -> impl Iterator<Item = &Prompt> {
        self.prompts.iter().filter(move |p| {
            p.audience.unwrap_or(self.audience).shown_to(role) && (together || p.mode == Mode::Any)
        })
    }

    /// The exercises a partner of `role` sees, alone or as a couple.
    pub fn exercises_for(&self, role: Role, together: bool) -> impl Iterator<Item = &Exercise> {
        self.exercises.iter().filter(move |e| {
            e.audience.unwrap_or(self.audience).shown_to(role) && (together || e.mode == Mode::Any)
        })
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Stage {
    pub id: String,
    pub name: String,
    pub line: String,
    pub order: i64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct WarningSign {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceKind {
    Emergency,
    Abuse,
    Crisis,
    OwnBehaviour,
    Directory,
    Therapist,
}

impl ResourceKind {
    pub fn heading(self) -> &'static str {
        match self {
            ResourceKind::Emergency => "Emergency services",
            ResourceKind::Abuse => "Domestic abuse support",
            ResourceKind::Crisis => "Crisis and emotional support",
            ResourceKind::OwnBehaviour => "Worried about your own behaviour",
            ResourceKind::Directory => "Directories of helplines",
            ResourceKind::Therapist => "Finding a couples therapist",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Resource {
    pub id: String,
    pub kind: ResourceKind,
    pub country: String,
    pub name: String,
    pub how: String,
    #[serde(default)]
    pub hours: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub last_checked: Option<toml::value::Datetime>,
}

/// The safety screen's content.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resources {
    pub not_therapy: String,
    pub intro: String,
    /// The safety screen's first line, visible at any size: the emergency numbers.
    pub in_danger: String,
    /// Where to find help the listed services do not cover (stalking, tech safety…).
    pub more_help: String,
    /// The page shown when the safety check says "not yet": why joint work waits.
    pub not_yet: String,
    /// The guides that page points to.
    pub not_yet_guides: Vec<String>,
    pub warning_signs: Vec<WarningSign>,
    pub device_safety: Vec<WarningSign>,
    pub resources: Vec<Resource>,
}

/// A loaded, layered pack, ready to use.
#[derive(Debug, Clone, Default)]
pub struct Pack {
    /// Stages in order.
    pub stages: Vec<Stage>,
    /// Guides in the order a person meets them: by stage, then by `order`, then by id.
    pub guides: Vec<Guide>,
    pub paths: BTreeMap<Role, Vec<String>>,
    pub resources: Resources,
}

impl Pack {
    /// The embedded default pack alone. It is checked by the test suite, so it always loads.
    pub fn embedded() -> Pack {
        load_layers(&[embedded_layer()]).pack
    }

    pub fn guide(&self, id: &str) -> Option<&Guide> {
        self.guides.iter().find(|g| g.id == id)
    }

    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// A role's path through the guides (falling back to every guide in order).
    pub fn path(&self, role: Role) -> Vec<&Guide> {
        match self.paths.get(&role) {
            Some(ids) => ids.iter().filter_map(|id| self.guide(id)).collect(),
            None => self.guides.iter().collect(),
        }
    }

    /// The next guide on a role's path: the first that is not `done`. Guides that store
    /// nothing (`ephemeral`, the safety check) can never be done, so the path starts after
    /// them; they stay first in the guide list, and always reachable, on their own.
    pub fn next_on_path(&self, role: Role, done: impl Fn(&str) -> bool) -> Option<&Guide> {
        self.path(role)
            .into_iter()
            .find(|g| !g.ephemeral && !done(&g.id))
    }

    /// Guides of one stage, in order.
    pub fn guides_in<'a>(&'a self, stage: &'a str) -> impl Iterator<Item = &'a Guide> + 'a {
        self.guides.iter().filter(move |g| g.stage == stage)
    }

    /// Finds a prompt anywhere in the pack.
    pub fn find_prompt(&self, id: &str) -> Option<(&Guide, &Prompt)> {
        self.guides
            .iter()
            .find_map(|g| g.prompt(id).map(|p| (g, p)))
    }
}

impl Role {
    pub(crate) fn from_path_key(key: &str) -> Option<Role> {
        match key {
            "hurt" => Some(Role::Hurt),
            "repairing" => Some(Role::Repairing),
            "unsaid" => Some(Role::Unsaid),
            _ => None,
        }
    }
}

impl PartialOrd for Role {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Role {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (*self as u8).cmp(&(*other as u8))
    }
}

#[cfg(test)]
mod json_tests;
#[cfg(test)]
mod tests;
