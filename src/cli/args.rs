//! The command line's shape: every clap struct and enum, and the parsers of its values. The doc
//! comments and attributes here are the `--help` text.

use crate::model::Role;
use crate::store::DATA_DIR_VAR;
use crate::validate;
use chrono::NaiveDate;
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub const CONTENT_DIR_VAR: &str = "TRUSTWORK_CONTENT_DIR";

#[derive(Debug, Parser)]
#[command(
    name = "trustwork",
    version,
    about = "A calm terminal workbook for rebuilding trust, alone or together.",
    long_about = "A calm terminal workbook for rebuilding trust, alone or together.\n\n\
        With no command it opens the workbook. The commands below script the same store.\n\
        Everything stays on this computer. If you are afraid of your partner, this is not a trust\n\
        problem to work through together: `trustwork content show safety-check` lists warning\n\
        signs, and the workbook's safety screen (Ctrl-O) lists people who can help."
)]
pub struct Cli {
    /// The data folder [default: the platform's data folder]
    #[arg(long, global = true, env = DATA_DIR_VAR, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// A content pack laid over the default one and the one in the config folder
    #[arg(long, global = true, env = CONTENT_DIR_VAR, value_name = "DIR")]
    pub content_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add and list the one or two partners
    #[command(subcommand)]
    Partners(PartnersCmd),
    /// Write, list and read journal entries
    #[command(subcommand)]
    Journal(JournalCmd),
    /// Record today's (or a past day's) check-in
    Checkin(CheckinArgs),
    /// Export journal entries, or the whole store as JSON
    Export(ExportArgs),
    /// Import a trustwork JSON export, a jrnl JSON export or a tui-journal export file
    Import(ImportArgs),
    /// Log a difficult moment: when something brought the hurt back
    Moment(MomentArgs),
    /// One line for a shell prompt: today's check-ins and streaks
    Today {
        /// Only this partner
        #[arg(long, value_parser = parse_name)]
        partner: Option<String>,
    },
    /// Counts, trends, streaks, moments, guides and milestones
    Stats {
        /// Print JSON (keys documented in docs/STATS.md)
        #[arg(long)]
        json: bool,
    },
    /// Check, list and read the guides
    #[command(subcommand)]
    Content(ContentCmd),
    /// List the backups of each store file: when each was kept (local time), its size and how
    /// many records it holds. Each save keeps the version it replaces: the last 10 saves of each
    /// file and the newest of each of the last 14 days (see docs/STORE.md)
    Backups {
        /// Print JSON: per file, each backup's number, time, path, size and records
        #[arg(long)]
        json: bool,
    },
    /// Put a backup of one store file back in its place. The version it replaces is kept as a
    /// backup first, and a backup that does not read is refused
    #[command(after_help = "Examples:\n  trustwork restore checkins/2026.json\n  \
        trustwork restore entries/2026-11.json --at \"2026-11-25 20:15\"\n  \
        trustwork restore partners.json --at 2")]
    Restore {
        /// The store file, as `trustwork backups` lists it: partners.json, entries/2026-11.json,
        /// checkins/2026.json…
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Which backup: its time as `trustwork backups` shows it (YYYY-MM-DD HH:MM:SS, or to
        /// the minute for the newest of that minute), an RFC 3339 time, or its number in that
        /// list [default: the newest that reads]
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Read every file of the store and list each problem with its path: damaged or newer
    /// files, temporary files of interrupted saves, records of a partner or entry that is gone,
    /// files that are not trustwork's, links. Changes nothing; exits 1 when anything is wrong
    Check,
    /// Erase trustwork's files (--all) or one partner's records (--me --partner NAME), after
    /// you type the word FORGET. Files that are not trustwork's are left and listed
    #[command(group(ArgGroup::new("scope").required(true).args(["all", "me"])))]
    Forget {
        /// Everything of trustwork's: entries, check-ins, keys, drafts, trash, settings, backups.
        /// With two partners, each passphrase set is needed
        #[arg(long)]
        all: bool,
        /// Only one partner's records (and the partner): their entries, check-ins, moments,
        /// drafts, key, promises, agreements they proposed, sessions they took part in
        #[arg(long, requires = "partner")]
        me: bool,
        /// The partner --me forgets; their passphrase is needed if they set one
        #[arg(long, value_parser = parse_name, requires = "me", conflicts_with = "all", value_name = "NAME")]
        partner: Option<String>,
    },
    /// List the devices that write this data folder when it is synced between laptops (see
    /// docs/SYNC.md): this one first, with its device file, then each other device with its
    /// name, when it last wrote (local time, to within an hour) and anything wrong with what it
    /// wrote — a file that does not read, one from a newer trustwork, a conflict copy waiting to
    /// be folded in, a missing marker. Also says when .stignore or .gitignore lacks trustwork's
    /// lines. Changes nothing
    #[command(after_help = "Examples:\n  trustwork devices\n  trustwork devices --json")]
    Devices {
        /// Print JSON: this device, and per device its id, folder, name, last write, store
        /// format, files and problems (each with a kind and a message)
        #[arg(long)]
        json: bool,
    },
    /// Finish moving a single-folder store into this device's folder (a synced store): remove
    /// the old files it kept in legacy-backup/
    Migrate {
        /// Remove legacy-backup/ (the files as they were before the move)
        #[arg(long, required = true)]
        cleanup: bool,
    },
    /// Print the completion script for a shell (bash, zsh, fish, elvish, powershell)
    #[command(after_help = "Examples:\n  \
        trustwork completions bash > ~/.local/share/bash-completion/completions/trustwork\n  \
        trustwork completions zsh > ~/.zfunc/_trustwork\n  \
        trustwork completions fish > ~/.config/fish/completions/trustwork.fish")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `trustwork man > ~/.local/share/man/man1/trustwork.1`
    Man,
}

#[derive(Debug, Subcommand)]
pub enum PartnersCmd {
    /// Add a partner (at most two; names are unique ignoring case)
    Add {
        #[arg(value_parser = parse_name)]
        name: String,
        /// hurt: the partner who was hurt; repairing: the partner who broke trust
        #[arg(long, value_enum, default_value = "unsaid")]
        role: RoleArg,
    },
    /// List the partners
    List,
    /// Set or change a partner's passphrase: from then on their entries can be private
    /// (encrypted, readable only by them). Read from the terminal without echo, or from
    /// TRUSTWORK_PASSPHRASE (and TRUSTWORK_NEW_PASSPHRASE to change it) for scripts, which is less safe
    Passphrase {
        #[arg(value_parser = parse_name)]
        name: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Hurt,
    Repairing,
    Unsaid,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Hurt => Role::Hurt,
            RoleArg::Repairing => Role::Repairing,
            RoleArg::Unsaid => Role::Unsaid,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum JournalCmd {
    /// Add an entry: the text as an argument, or `-` to read it from standard input
    Add(JournalAddArgs),
    /// List entries, newest first. A private entry shows only its author and time
    List(JournalListArgs),
    /// Search entries with the workbook's search: words (all of them, ignoring case), #tag,
    /// #starred or starred:yes/no, guide:ID, @name, since:YYYY-MM-DD, until:YYYY-MM-DD.
    /// Printed as `list` prints; private entries stay sealed, so only dates and @name find them
    #[command(after_help = "Examples:\n  trustwork journal search walk river\n  \
        trustwork journal search '#evening' since:2026-01-01 @alex\n  \
        trustwork journal search '#starred' -n 5")]
    Search {
        /// The query, in one or several words
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// Only the newest N
        #[arg(short = 'n', long = "number", value_name = "N")]
        number: Option<usize>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Show one entry in full (an id, or a unique start of one: at least 4 characters)
    Show { id: String },
    /// Edit one of your entries in $VISUAL, else $EDITOR, else vi (an id, or a unique start of
    /// one). Saved when the editor exits cleanly with changed text; otherwise nothing is
    /// written and your text is kept as a draft, which the workbook offers when you edit the
    /// entry there. A partner with a passphrase is asked for it (drafts and private entries
    /// are sealed)
    Edit {
        id: String,
        /// The entry's author: only they can change it
        #[arg(long, value_parser = parse_name)]
        partner: String,
    },
    /// Move one of your entries to the trash (an id, or a unique start of one); the workbook's
    /// journal (t) restores it. `--purge` deletes it for good
    Delete {
        id: String,
        /// The entry's author: only they can delete it
        #[arg(long, value_parser = parse_name)]
        partner: String,
        /// Delete for good, with every older copy of it: it cannot be undone. Asks first on a
        /// terminal; without one, --yes is needed
        #[arg(long)]
        purge: bool,
        /// Do not ask before --purge
        #[arg(long, requires = "purge")]
        yes: bool,
    },
    /// Tick "share with our counsellor" on one of your entries (an id, or a unique start of
    /// one): the counsellor summary holds it. Only its author can; `--off` unticks it
    Share {
        id: String,
        /// The entry's author (a private entry asks for their passphrase)
        #[arg(long, value_parser = parse_name)]
        partner: String,
        /// Untick it: no longer shared with the counsellor
        #[arg(long)]
        off: bool,
    },
}

#[derive(Debug, Args)]
pub struct JournalListArgs {
    /// Only this partner's entries
    #[arg(long, value_parser = parse_name)]
    pub partner: Option<String>,
    /// Only the newest N (after the other filters)
    #[arg(short = 'n', long = "number", value_name = "N")]
    pub number: Option<usize>,
    /// Only entries with this tag (repeat for any of several)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// From this day (YYYY-MM-DD, inclusive)
    #[arg(long, value_parser = parse_date)]
    pub since: Option<NaiveDate>,
    /// Up to this day (YYYY-MM-DD, inclusive)
    #[arg(long, value_parser = parse_date)]
    pub until: Option<NaiveDate>,
    /// Only starred entries
    #[arg(long)]
    pub starred: bool,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct JournalAddArgs {
    #[arg(long, value_parser = parse_name)]
    pub partner: String,
    #[arg(long)]
    pub title: Option<String>,
    /// A tag (repeatable); `#word` in the text is a tag too
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Link the entry to a guide
    #[arg(long, value_name = "ID")]
    pub guide: Option<String>,
    /// Link the entry to one of the guide's prompts (implies its guide)
    #[arg(long, value_name = "ID")]
    pub prompt: Option<String>,
    /// Encrypt the entry with the partner's passphrase: only they can read it. The text then
    /// comes from standard input (`-`), never from the command line (it would land in history)
    #[arg(long)]
    pub private: bool,
    /// Readable by the other partner too, even once this partner has a passphrase (their
    /// entries are private by default then)
    #[arg(long)]
    pub shared: bool,
    /// The day it is about (YYYY-MM-DD), to write about a past day; never a future day
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// The text, or `-` to read standard input
    pub text: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckinArgs {
    #[arg(long, value_parser = parse_name)]
    pub partner: String,
    /// Trust today, 0 to 10 (the app's own scale, not a validated measure)
    #[arg(long, value_parser = parse_trust, allow_negative_numbers = true)]
    pub trust: Option<u8>,
    /// One word for how you feel
    #[arg(long)]
    pub mood: Option<String>,
    /// One line on what helped or hurt today
    #[arg(long)]
    pub note: Option<String>,
    /// The day (YYYY-MM-DD), to fill in a missed one; never a future day
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct MomentArgs {
    #[arg(long, value_parser = parse_name)]
    pub partner: String,
    /// How strong it was, 0 to 10
    #[arg(long, value_parser = parse_strength, allow_negative_numbers = true)]
    pub strength: u8,
    /// What set it off (a date, a place, a song...)
    #[arg(long)]
    pub trigger: Option<String>,
    /// What helped
    #[arg(long)]
    pub helped: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    /// Ask your partner for reassurance (they see only that you asked)
    #[arg(long)]
    pub reassure: bool,
    /// Let your partner read what you wrote here too
    #[arg(long)]
    pub shared: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// md (Markdown), json (trustwork's own, for `import`), txt (plain text, 80 columns) or
    /// html (a printable report with charts); the summary is md (the default) or html
    #[arg(long, value_name = "FORMAT", value_parser = parse_format, required_unless_present = "summary")]
    pub format: Option<crate::export::Format>,
    /// The counsellor summary instead: two pages on the period (by default the last four
    /// weeks), with only the entries their authors shared with the counsellor
    #[arg(long, conflicts_with_all = ["guide", "tags"])]
    pub summary: bool,
    /// Only this partner's writing (entries, check-ins, moments, promises)
    #[arg(long, value_parser = parse_name)]
    pub partner: Vec<String>,
    /// Only what belongs to this guide
    #[arg(long, value_name = "ID")]
    pub guide: Option<String>,
    /// Only entries with this tag (repeat for any of several)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// From this day (inclusive)
    #[arg(long, value_parser = parse_date)]
    pub since: Option<NaiveDate>,
    /// Up to this day (inclusive)
    #[arg(long, value_parser = parse_date)]
    pub until: Option<NaiveDate>,
    /// Write to a file instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the file if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Include the private entries of --partner, opened with their passphrase (asked for)
    #[arg(long, alias = "include-private")]
    pub private: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub file: PathBuf,
    /// Whose entries these are (jrnl imports)
    #[arg(long, value_parser = parse_name)]
    pub partner: Option<String>,
    /// Keep imported jrnl entries shared even when the partner has a passphrase (they are
    /// private by default then, and the passphrase is asked)
    #[arg(long)]
    pub shared: bool,
}

#[derive(Debug, Subcommand)]
pub enum ContentCmd {
    /// Check a pack laid over the default one (or the default pack alone); every problem is
    /// printed as file:line:column: message
    Check {
        /// Also apply the quality gate the default pack meets
        #[arg(long)]
        strict: bool,
        /// Check DIR as a complete pack on its own, not laid over the default one
        #[arg(long, requires = "dir")]
        alone: bool,
        /// The texts the guides were built on (articles, notes; a file, or a folder of .txt,
        /// .md and .html files): no run of 8 words may be the same. Implies --strict
        #[arg(long, value_name = "PATH")]
        seeds: Vec<PathBuf>,
        dir: Option<PathBuf>,
    },
    /// One guide a line: id, stage, title (tab-separated)
    List,
    /// Print one guide as plain text
    Show { id: String },
}

fn parse_name(s: &str) -> Result<String, String> {
    validate::name(s)
        .map(str::to_string)
        .map_err(|e| e.to_string())
}

fn parse_trust(s: &str) -> Result<u8, String> {
    parse_scale(s).and_then(|v| validate::trust(v).map_err(|e| e.to_string()))
}

fn parse_strength(s: &str) -> Result<u8, String> {
    parse_scale(s).and_then(|v| validate::scale("strength", v).map_err(|e| e.to_string()))
}

fn parse_scale(s: &str) -> Result<u8, String> {
    s.trim().parse().map_err(|_| {
        format!(
            "{s:?} is not a whole number from 0 to {}",
            validate::SCALE_MAX
        )
    })
}

fn parse_format(s: &str) -> Result<crate::export::Format, String> {
    s.parse()
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date as YYYY-MM-DD"))?;
    validate::date(d).map_err(|e| e.to_string())
}
