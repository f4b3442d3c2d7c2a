//! `trailhound repl`: the responder's shell. A rustyline loop around a [`Session`]; the session
//! does the work, the loop reads lines and keeps the history private.

pub mod command;
pub mod helper;
pub mod history;
pub mod session;

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use rustyline::error::ReadlineError;
use rustyline::validate::ValidationResult;
use rustyline::{Config, Editor};

use crate::cli::ReplArgs;
use helper::ReplHelper;
pub use session::Session;

pub fn run(args: ReplArgs) -> Result<ExitCode> {
    let runtime = crate::commands::runtime()?;
    let mut session = runtime.block_on(Session::open(&args))?;
    let config = Config::builder().auto_add_history(false).history_ignore_space(true).max_history_size(10_000)?.build();
    let mut editor: Editor<ReplHelper, rustyline::history::DefaultHistory> = Editor::with_config(config)?;

    let history = history::open()?;
    if let Some(path) = &history {
        // A missing or unreadable history is not worth refusing to start over.
        let _ = editor.load_history(path);
    }
    // Piped input (a script) gets no line editor, so statements are gathered here until `;`,
    // and the first error stops the run with status 2: a script must not go on half-done.
    let interactive = std::io::stdin().is_terminal();
    if interactive {
        editor.set_helper(Some(ReplHelper { names: runtime.block_on(session.names()) }));
    }
    let mut pending = String::new();
    session.greet();
    loop {
        let prompt = if pending.is_empty() { session.prompt() } else { "    -> ".to_string() };
        match editor.readline(&prompt) {
            Ok(line) => {
                let text = if pending.is_empty() { line } else { format!("{pending}\n{line}") };
                if text.trim().is_empty() {
                    continue;
                }
                if !interactive && matches!(helper::validate(&text), ValidationResult::Incomplete) {
                    pending = text;
                    continue;
                }
                pending.clear();
                let _ = editor.add_history_entry(text.as_str());
                if let Some(path) = &history {
                    let _ = editor.append_history(path);
                }
                match runtime.block_on(session.execute(&text)) {
                    Ok(session::Flow::Quit) => break,
                    Ok(session::Flow::Continue) if !interactive && session.take_cancelled() => {
                        eprintln!("error: cancelled; the script stops here");
                        return Ok(ExitCode::from(130));
                    }
                    Ok(session::Flow::Continue) => {}
                    Err(e) if interactive => eprintln!("error: {e:#}"),
                    Err(e) => {
                        eprintln!("error: {e:#}");
                        return Ok(ExitCode::from(2));
                    }
                }
                if let Some(helper) = editor.helper_mut() {
                    helper.names = runtime.block_on(session.names());
                }
            }
            // Ctrl-C at the prompt drops the line being typed, as in a shell.
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => {
                if !pending.trim().is_empty() {
                    eprintln!("error: the input ended inside a statement (no closing `;`): {}", pending.trim());
                    return Ok(ExitCode::from(2));
                }
                break;
            }
            Err(e) => return Err(e.into()),
        }
    }
    session.goodbye();
    Ok(ExitCode::SUCCESS)
}
