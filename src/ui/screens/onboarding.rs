//! First run: names and roles of one or two partners, the safety note and its key, where the
//! data is kept, and that switching partner is not a login.

use super::keys::{Action, Table, b};
use super::widgets;
use super::{App, Effect, Reply};
use crate::model::Role;
use crate::text::{escape_line, wrap};
use crate::validate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Step {
    #[default]
    Welcome,
    Name(usize),
    Role(usize),
    Second,
    Done,
}

#[derive(Debug, Clone, Default)]
pub struct Onboarding {
    pub step: Step,
    pub names: [String; 2],
    pub roles: [Role; 2],
    /// The highlighted choice of a Role or Second step.
    pub cursor: usize,
    pub two: bool,
    pub error: Option<String>,
}

pub enum Outcome {
    Stay,
    Done(Vec<(String, Role)>),
}

const ROLE_CHOICES: [(Role, &str); 3] = [
    (Role::Hurt, "I was hurt"),
    (Role::Repairing, "I broke trust, and I want to repair it"),
    (Role::Unsaid, "I would rather not say"),
];
const NAME_MAX: usize = validate::NAME_MAX;

/// A role choice as it reads for the one choosing: "I was hurt" for oneself, "Sam was hurt" for
/// the partner being added (`who`, already escaped).
pub fn role_label(role: Role, who: Option<&str>) -> String {
    match who {
        None => ROLE_CHOICES
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, l)| l.to_string())
            .unwrap_or_default(),
        Some(who) => match role {
            Role::Hurt => format!("{who} was hurt"),
            Role::Repairing => format!("{who} broke trust, and wants to repair it"),
            Role::Unsaid => format!("{who}: rather not say"),
        },
    }
}

impl Onboarding {
    pub fn typing(&self) -> bool {
        matches!(self.step, Step::Name(_))
    }

    pub fn paste(&mut self, text: &str) {
        if let Step::Name(i) = self.step {
            let clean: String = text.chars().filter(|c| !c.is_control()).collect();
            let room = NAME_MAX.saturating_sub(self.names[i].chars().count());
            self.names[i].extend(clean.chars().take(room));
        }
    }

    pub fn on_key(&mut self, key: &KeyEvent) -> Outcome {
        use super::keys::Action;
        self.error = None;
        match self.step {
            Step::Welcome => {
                if key.code == KeyCode::Enter {
                    self.step = Step::Name(0);
                }
            }
            Step::Name(i) => match (super::keys::action(KEYS.bindings, key), key.code) {
                (Some(Action::Next), KeyCode::Enter) => match self.check_name(i) {
                    Ok(()) => {
                        self.names[i] = self.names[i].trim().to_string();
                        self.step = Step::Role(i);
                        self.cursor = ROLE_CHOICES
                            .iter()
                            .position(|(r, _)| *r == self.roles[i])
                            .unwrap_or(2);
                    }
                    Err(e) => self.error = Some(e),
                },
                (Some(Action::DeleteLetter), KeyCode::Backspace) => {
                    self.names[i].pop();
                }
                (_, KeyCode::Esc) => self.step = if i == 0 { Step::Welcome } else { Step::Second },
                (_, KeyCode::Char(c))
                    if !key.modifiers.contains(KeyModifiers::CONTROL)
                        && self.names[i].chars().count() < NAME_MAX =>
                {
                    self.names[i].push(c)
                }
                _ => {}
            },
            Step::Role(i) => match (super::keys::action(KEYS.bindings, key), key.code) {
                (Some(Action::Move), KeyCode::Up) => self.cursor = self.cursor.saturating_sub(1),
                (Some(Action::Move), KeyCode::Down) => {
                    self.cursor = (self.cursor + 1).min(ROLE_CHOICES.len() - 1)
                }
                (_, KeyCode::Char(c @ '1'..='3')) => self.cursor = (c as usize) - ('1' as usize),
                (Some(Action::Next), KeyCode::Enter) => {
                    self.roles[i] = ROLE_CHOICES[self.cursor].0;
                    self.cursor = if self.two { 0 } else { 1 };
                    self.step = if i == 0 { Step::Second } else { Step::Done };
                }
                (_, KeyCode::Esc) => self.step = Step::Name(i),
                _ => {}
            },
            Step::Second => match (super::keys::action(KEYS.bindings, key), key.code) {
                (Some(Action::Move), KeyCode::Up) => self.cursor = 0,
                (Some(Action::Move), KeyCode::Down) => self.cursor = 1,
                (_, KeyCode::Char('y')) => self.cursor = 0,
                (_, KeyCode::Char('n')) => self.cursor = 1,
                (Some(Action::Next), KeyCode::Enter) => {
                    self.two = self.cursor == 0;
                    self.step = if self.two { Step::Name(1) } else { Step::Done };
                }
                (_, KeyCode::Esc) => self.step = Step::Role(0),
                _ => {}
            },
            Step::Done => match (super::keys::action(KEYS.bindings, key), key.code) {
                (Some(Action::Next), KeyCode::Enter) => {
                    let count = if self.two { 2 } else { 1 };
                    return Outcome::Done(
                        (0..count)
                            .map(|i| (self.names[i].clone(), self.roles[i]))
                            .collect(),
                    );
                }
                (_, KeyCode::Esc) => {
                    self.step = if self.two {
                        Step::Role(1)
                    } else {
                        Step::Second
                    }
                }
                _ => {}
            },
        }
        Outcome::Stay
    }

    fn check_name(&self, i: usize) -> Result<(), String> {
        let name = validate::name(&self.names[i]).map_err(|e| match e {
            validate::Invalid::EmptyName => "Please type a name (any name you like).".to_string(),
            other => sentence(&other.to_string()),
        })?;
        if i == 1 && name.to_lowercase() == self.names[0].trim().to_lowercase() {
            return Err("Please choose a name different from the first one.".into());
        }
        Ok(())
    }
}

/// A rule's words as a sentence on screen: "A name cannot hold control characters."
fn sentence(words: &str) -> String {
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

fn render(frame: &mut Frame, app: &App, o: &Onboarding) {
    let body = widgets::page(frame, app, "Welcome");
    let t = &app.theme;
    let w = body.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let para = |lines: &mut Vec<Line>, text: &str, style| {
        for l in wrap(text, w) {
            lines.push(Line::from(Span::styled(l, style)));
        }
    };
    match o.step {
        Step::Welcome => {
            para(&mut lines, "Welcome.", t.heading);
            lines.push(Line::default());
            para(
                &mut lines,
                "trustwork is a quiet workbook for rebuilding trust after it was broken: a guide for each step, a journal, and a one-minute daily check-in. Use it alone, or with your partner at this laptop.",
                t.text,
            );
            lines.push(Line::default());
            para(
                &mut lines,
                "Safety first. If you are afraid of your partner, this is not a trust problem to work through together. Ctrl-O opens the safety screen from anywhere, and Ctrl-Q hides the screen at once.",
                t.alert,
            );
            lines.push(Line::default());
            para(
                &mut lines,
                &format!(
                    "What you write stays on this computer, in {}. No account, no network.",
                    app.data_dir.display()
                ),
                t.text,
            );
            let at = lines.len();
            para(&mut lines, "This is self-help, not therapy.", t.dim);
            lines.push(Line::default());
            para(&mut lines, "Press Enter to begin.", t.accent);
            // Both laptops' first runs before a first sync would add everyone twice: said
            // where there is room for it whole (a small terminal keeps what matters more).
            let mut hint = Vec::new();
            para(
                &mut hint,
                "Each on your own laptop? Sync this folder first, and begin on the second laptop once your names have arrived (docs/SYNC.md).",
                t.dim,
            );
            if lines.len() + hint.len() <= body.height as usize {
                lines.splice(at..at, hint);
            }
        }
        Step::Name(i) => {
            let q = if i == 0 {
                "What should trustwork call you?"
            } else {
                "What should trustwork call your partner?"
            };
            para(&mut lines, q, t.heading);
            lines.push(Line::default());
            lines.push(Line::from(vec![
                Span::styled("> ", t.accent),
                Span::styled(escape_line(&o.names[i]), t.text),
                Span::styled("_", t.accent),
            ]));
            lines.push(Line::default());
            para(
                &mut lines,
                "A first name or a nickname is enough. You can change it later in Settings.",
                t.dim,
            );
        }
        Step::Role(i) => {
            let who = escape_line(&o.names[i]);
            let q = if i == 0 {
                "Which describes you best?".to_string()
            } else {
                format!("Which describes {who} best?")
            };
            para(&mut lines, &q, t.heading);
            lines.push(Line::default());
            for (n, (role, _)) in ROLE_CHOICES.iter().enumerate() {
                let style = if n == o.cursor { t.selected } else { t.text };
                let mark = if n == o.cursor { "> " } else { "  " };
                let label = role_label(*role, (i > 0).then_some(who.as_str()));
                lines.push(Line::from(Span::styled(
                    format!("{mark}{}. {label}", n + 1),
                    style,
                )));
            }
            lines.push(Line::default());
            para(
                &mut lines,
                "This only changes the wording of some questions and the suggested order of the guides. It never changes what anyone can read.",
                t.dim,
            );
        }
        Step::Second => {
            para(
                &mut lines,
                "Is your partner doing this with you, on this laptop?",
                t.heading,
            );
            lines.push(Line::default());
            for (n, label) in ["Yes, add my partner", "No, just me for now"]
                .iter()
                .enumerate()
            {
                let style = if n == o.cursor { t.selected } else { t.text };
                let mark = if n == o.cursor { "> " } else { "  " };
                lines.push(Line::from(Span::styled(format!("{mark}{label}"), style)));
            }
            lines.push(Line::default());
            para(&mut lines, "You can add a partner later too.", t.dim);
        }
        Step::Done => {
            para(&mut lines, "One more thing.", t.heading);
            lines.push(Line::default());
            if o.two {
                para(
                    &mut lines,
                    &format!(
                        "{} and {} share this laptop. Switching partner is one key (Tab), and it is not a login: anyone at this laptop can switch.",
                        escape_line(&o.names[0]),
                        escape_line(&o.names[1])
                    ),
                    t.text,
                );
            } else {
                para(
                    &mut lines,
                    "It is just you here for now. If your partner joins you later, Settings adds them.",
                    t.text,
                );
            }
            lines.push(Line::default());
            para(
                &mut lines,
                "Until you set a passphrase, what you write can be read by anyone who opens trustwork here. A passphrase makes your entries private: encrypted, readable only by you.",
                t.text,
            );
            lines.push(Line::default());
            para(&mut lines, "Press Enter to open your workbook.", t.accent);
        }
    }
    if let Some(e) = &o.error {
        lines.push(Line::default());
        para(&mut lines, e, t.alert);
    }
    frame.render_widget(Paragraph::new(lines), body);
}

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "First run",
    bindings: &[
        b("Enter", "next", "next", Action::Next),
        b("Up, Down", "choose", "choose", Action::Move),
        b("Backspace", "delete a letter", "", Action::DeleteLetter),
    ],
};

impl super::view::View for Onboarding {
    fn keys(&self) -> super::keys::Keys {
        &KEYS
    }
    fn typing(&self) -> bool {
        Onboarding::typing(self)
    }
    fn on_key(&mut self, _app: &mut App, key: &KeyEvent) -> Reply {
        match Onboarding::on_key(self, key) {
            Outcome::Stay => Reply::stay(),
            Outcome::Done(partners) => Effect::AddPartners(partners).into(),
        }
    }
    fn paste(&mut self, text: &str) -> Vec<Effect> {
        Onboarding::paste(self, text);
        Vec::new()
    }
    fn render(&self, frame: &mut Frame, app: &App) {
        render(frame, app, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::plain;

    fn typed(o: &mut Onboarding, s: &str) {
        for c in s.chars() {
            o.on_key(&plain(KeyCode::Char(c)));
        }
    }

    #[test]
    fn two_partners_with_roles() {
        let mut o = Onboarding::default();
        o.on_key(&plain(KeyCode::Enter));
        o.on_key(&plain(KeyCode::Enter));
        assert!(o.error.is_some(), "an empty name is refused");
        typed(&mut o, "Alex");
        o.on_key(&plain(KeyCode::Enter));
        o.on_key(&plain(KeyCode::Char('1')));
        o.on_key(&plain(KeyCode::Enter));
        assert_eq!(o.step, Step::Second);
        assert_eq!(o.cursor, 1, "just me is the default");
        o.on_key(&plain(KeyCode::Char('y')));
        o.on_key(&plain(KeyCode::Enter));
        typed(&mut o, "alex");
        o.on_key(&plain(KeyCode::Enter));
        assert!(o.error.is_some(), "the same name twice is refused");
        o.on_key(&plain(KeyCode::Backspace));
        o.on_key(&plain(KeyCode::Backspace));
        o.on_key(&plain(KeyCode::Backspace));
        o.on_key(&plain(KeyCode::Backspace));
        typed(&mut o, "Sam");
        o.on_key(&plain(KeyCode::Enter));
        o.on_key(&plain(KeyCode::Char('2')));
        o.on_key(&plain(KeyCode::Enter));
        match o.on_key(&plain(KeyCode::Enter)) {
            Outcome::Done(ps) => assert_eq!(
                ps,
                vec![("Alex".into(), Role::Hurt), ("Sam".into(), Role::Repairing)]
            ),
            Outcome::Stay => panic!("should be done"),
        }
    }

    #[test]
    fn pasted_names_lose_control_characters_and_are_capped() {
        let mut o = Onboarding {
            step: Step::Name(0),
            ..Default::default()
        };
        o.paste("Al\x1b[2Jex\n");
        assert_eq!(o.names[0], "Al[2Jex");
        o.paste(&"x".repeat(500));
        assert_eq!(o.names[0].chars().count(), NAME_MAX);
    }
}
