//! The settings' prompts: the word FORGET and the passphrases it needs, and setting or
//! changing a passphrase.

use crate::text::escape_line;
use crate::ui::{App, Effect};
use zeroize::Zeroizing;

/// The word FORGET, then each passphrase the forgetting needs.
#[derive(Clone, Default)]
pub struct ForgetPrompt {
    /// Whose records (a partner id); `None` for everything.
    pub partner: Option<String>,
    pub word: String,
    /// Partners (id, name) whose passphrase is needed, and what was typed for each.
    pub needs: Vec<(String, String)>,
    pub typed: Vec<String>,
    /// The passphrase being typed, once the word is right.
    pub at: Option<usize>,
}

impl std::fmt::Debug for ForgetPrompt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ForgetPrompt")
            .field("partner", &self.partner)
            .field("at", &self.at)
            .finish_non_exhaustive()
    }
}

impl ForgetPrompt {
    pub(super) fn new(app: &App, partner: Option<String>) -> ForgetPrompt {
        let scope = partner
            .as_deref()
            .map_or(crate::store::Scope::All, crate::store::Scope::Partner);
        let needs: Vec<(String, String)> =
            crate::store::passphrases_needed(scope, &app.data.partners, &app.data.keys)
                .into_iter()
                .map(|p| (p.id, p.name))
                .collect();
        ForgetPrompt {
            partner,
            word: String::new(),
            typed: vec![String::new(); needs.len()],
            needs,
            at: None,
        }
    }

    pub(super) fn field(&mut self) -> &mut String {
        match self.at {
            Some(i) => &mut self.typed[i],
            None => &mut self.word,
        }
    }

    /// Enter: the next field, or the effect once everything is typed.
    pub(super) fn enter(&mut self) -> Result<Option<Effect>, &'static str> {
        match self.at {
            None if self.word != "FORGET" => {
                return Err("Nothing was erased (the word was not FORGET).");
            }
            None if !self.needs.is_empty() => self.at = Some(0),
            Some(i) if i + 1 < self.needs.len() => self.at = Some(i + 1),
            _ => {
                let given = self
                    .needs
                    .iter()
                    .zip(&self.typed)
                    .map(|((id, _), t)| (id.clone(), crate::store::Passphrase::from(t.as_str())))
                    .collect();
                return Ok(Some(match &self.partner {
                    Some(id) => Effect::ForgetPartner(id.clone(), given),
                    None => Effect::ForgetAll(given),
                }));
            }
        }
        Ok(None)
    }

    pub(super) fn shown(&self) -> String {
        match self.at {
            None => format!("type FORGET and Enter: {}_", escape_line(&self.word)),
            Some(i) => format!(
                "{}'s passphrase: {}_",
                escape_line(&self.needs[i].1),
                "•".repeat(self.typed[i].chars().count())
            ),
        }
    }
}

/// Setting or changing a passphrase: the current one (to change it), the new one, the new one
/// again. Wiped from memory when dropped, and never printed.
#[derive(Clone, Default)]
pub struct PassEntry {
    /// `Some` once the current passphrase was typed (changing), `None` while setting one.
    pub current: Option<Zeroizing<String>>,
    /// The current one is still being typed.
    pub asking_current: bool,
    pub first: Option<Zeroizing<String>>,
    pub text: Zeroizing<String>,
}

impl std::fmt::Debug for PassEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PassEntry(…)")
    }
}
