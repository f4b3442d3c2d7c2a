//! `trailhound repl`: the responder's shell. A rustyline loop around a [`Session`]; the session
//! does the work, the loop reads lines and keeps the history private.

pub mod command;
pub mod helper;
pub mod history;
pub mod session;

use std::process::ExitCode;

use anyhow::Result;
use rustyline::error::ReadlineError;
use rustyline::{Config, Editor};

use crate::cli::ReplArgs;
use helper::ReplHelper;
pub use session::Session;

pub fn run(args: ReplArgs) -> Result<ExitCode> {
    let runtime = crate::commands::runtime()?;
    let mut session = runtime.block_on(Session::open(&args))?;
    let config = Config::builder().auto_add_history(false).history_ignore_space(true).max_history_size(10_000)?.build();
    let mut editor: Editor<ReplHelper, rustyline::history::DefaultHistory> = Editor::with_config(config)?;
    editor.set_helper(Some(ReplHelper { names: runtime.block_on(session.names()) }));
    let history = history::open()?;
    if let Some(path) = &history {
        // A missing or unreadable history is not worth refusing to start over.
        let _ = editor.load_history(path);
    }
    session.greet();
    loop {
        let prompt = session.prompt();
        match editor.readline(&prompt) {
            Ok(line) => {
                if line.trim().is_empty() {
                    continue;
                }
                let _ = editor.add_history_entry(line.as_str());
                if let Some(path) = &history {
                    let _ = editor.append_history(path);
                }
                match runtime.block_on(session.execute(&line)) {
                    Ok(session::Flow::Quit) => break,
                    Ok(session::Flow::Continue) => {}
                    Err(e) => eprintln!("error: {e:#}"),
                }
                if let Some(helper) = editor.helper_mut() {
                    helper.names = runtime.block_on(session.names());
                }
            }
            // Ctrl-C at the prompt drops the line being typed, as in a shell.
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e.into()),
        }
    }
    session.goodbye();
    Ok(ExitCode::SUCCESS)
}
