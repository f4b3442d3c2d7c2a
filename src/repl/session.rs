//! What the REPL does with each line: SQL with the case variables bound, backslash commands,
//! and the playbook in progress. Every query and decision goes to the case journal.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use arrow::array::RecordBatch;
use tokio::sync::Notify;

use super::command::{self, COMMANDS};
use super::helper::Names;
use crate::cli::ReplArgs;
use crate::commands::inputs;
use crate::engine::{Engine, TimeWindow};
use crate::hunt::Detection;
use crate::investigate::{Subject, summary, timeline};
use crate::output::{self, Format, Rendering};
use crate::playbook::journal::Entry;
use crate::playbook::{Case, Playbook, model, present, report, runner};

/// Rows printed as a table before the rest is left to `\export` or a LIMIT.
const TABLE_ROWS: usize = 200;

pub enum Flow {
    Continue,
    Quit,
}

pub struct Session {
    lake: PathBuf,
    engine: Engine,
    case: Case,
    playbooks: Vec<Playbook>,
    detections: Vec<Detection>,
    format: Format,
    timing: bool,
    max_width: usize,
    last: Vec<RecordBatch>,
    /// Woken by Ctrl-C while a query runs; the query is dropped, the shell stays.
    interrupt: Arc<Notify>,
    /// Set when Ctrl-C cancelled something; a script stops on it.
    cancelled: bool,
    values: Vec<String>,
}

impl Session {
    pub async fn open(args: &ReplArgs) -> Result<Session> {
        let evidence = &args.evidence;
        let window = inputs::window(evidence.since.as_deref(), evidence.until.as_deref())?;
        let s3 = evidence.s3.options(window.since_us, window.until_us);
        let (lake, _) = tokio::task::block_in_place(|| {
            inputs::resolve_lake(evidence.lake.as_deref(), &evidence.sources, evidence.quiet, s3)
        })?;
        let dir = args.case.clone().unwrap_or_else(Case::default_dir);
        let mut case = Case::open(&dir, &lake)?;
        for (name, value) in [("since", &evidence.since), ("until", &evidence.until)] {
            if let Some(value) = value {
                inputs::parse_bound(value, name == "until")?;
                case.record(Entry::Set { name: name.to_string(), values: vec![value.clone()] })?;
            }
        }
        let engine = Engine::open_window(&lake, window_of(&case)?).await?;
        let interrupt = Arc::new(Notify::new());
        let notify = interrupt.clone();
        let mut sigint = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
            .context("listening for Ctrl-C")?;
        tokio::spawn(async move {
            while sigint.recv().await.is_some() {
                notify.notify_waiters();
            }
        });
        let mut session = Session {
            lake,
            engine,
            case,
            playbooks: model::load(args.playbooks.as_deref())?,
            detections: crate::hunt::catalog::builtin()?,
            format: Format::Table,
            timing: true,
            max_width: args.max_width,
            last: Vec::new(),
            interrupt,
            cancelled: false,
            values: Vec::new(),
        };
        session.values = session.common_values().await.unwrap_or_default();
        Ok(session)
    }

    /// On stderr, so that a piped script's stdout holds only its results.
    fn note_cancelled(&mut self) {
        println!("cancelled");
        self.cancelled = true;
    }

    /// Whether Ctrl-C cancelled something since the last call.
    pub fn take_cancelled(&mut self) -> bool {
        std::mem::take(&mut self.cancelled)
    }

    /// On stderr, so that a piped script's stdout holds only its results.
    pub fn greet(&self) {
        eprintln!("trailhound {} — lake {}", env!("CARGO_PKG_VERSION"), self.lake.display());
        eprintln!("case journal: {}", self.case.journal_path().display());
        if let Some(playbook) = &self.case.playbook {
            eprintln!("resuming playbook {playbook} (\\playbook status)");
        }
        eprintln!("SQL ends with ;  \\help lists the commands, \\playbook list the playbooks, Ctrl-D leaves.");
    }

    pub fn goodbye(&self) {
        eprintln!(
            "case journal: {} (reopen with --case {})",
            self.case.journal_path().display(),
            self.case.dir.display()
        );
    }

    pub fn prompt(&self) -> String {
        match (&self.case.playbook, self.current_step()) {
            (Some(id), Some(index)) => {
                let total = self.playbook(id).map(|p| p.steps.len()).unwrap_or(0);
                format!("trailhound[{id} {}/{total}]> ", index + 1)
            }
            (Some(id), None) => format!("trailhound[{id}]> "),
            _ => "trailhound> ".to_string(),
        }
    }

    /// Everything the completer offers, as of now.
    pub async fn names(&self) -> Names {
        let mut names = Names {
            playbooks: self.playbooks.iter().map(|p| p.id.clone()).collect(),
            detections: self.detections.iter().map(|d| d.id.clone()).collect(),
            values: self.values.clone(),
            ..Names::default()
        };
        let mut variables: Vec<String> = self.case.vars.iter().map(|(n, _)| n.clone()).collect();
        for p in &self.playbooks {
            variables.extend(p.inputs.iter().map(|i| i.name.clone()));
        }
        variables.extend(["since".to_string(), "until".to_string()]);
        variables.sort();
        variables.dedup();
        names.variables = variables;
        let ctx = &self.engine.ctx;
        let mut tables =
            ctx.catalog("datafusion").and_then(|c| c.schema("public")).map(|s| s.table_names()).unwrap_or_default();
        tables.sort();
        for table in &tables {
            if let Ok(provider) = ctx.table_provider(table.as_str()).await {
                for field in provider.schema().fields() {
                    field_paths(field, "", &mut names.columns);
                }
            }
        }
        names.columns.sort();
        names.columns.dedup();
        names.tables = tables;
        let state = ctx.state();
        names.functions = state.scalar_functions().keys().chain(state.aggregate_functions().keys()).cloned().collect();
        names.functions.sort();
        names
    }

    /// Event names, services and regions in the lake, for completion inside quotes.
    async fn common_values(&self) -> Result<Vec<String>> {
        let sql = "SELECT DISTINCT v FROM (SELECT eventname AS v FROM cloudtrail UNION ALL \
                   SELECT eventsource FROM cloudtrail UNION ALL SELECT awsregion FROM cloudtrail) \
                   WHERE v IS NOT NULL LIMIT 5000";
        let rows = crate::hunt::run::to_findings(&self.engine.query(sql, &Vec::new()).await?)?;
        let mut values: Vec<String> = rows.iter().filter_map(|r| r.get("v").map(str::to_string)).collect();
        values.sort();
        Ok(values)
    }

    pub async fn execute(&mut self, line: &str) -> Result<Flow> {
        let text = line.trim();
        if command::is_bare_word(text) {
            return self.command(&format!("\\{}", text.trim_end_matches(';'))).await;
        }
        if text.starts_with('\\') {
            return self.command(text).await;
        }
        self.sql(text).await?;
        Ok(Flow::Continue)
    }

    async fn sql(&mut self, text: &str) -> Result<()> {
        let statements = datafusion::sql::parser::DFParser::parse_sql(text)?;
        let several = statements.len() > 1;
        for statement in statements {
            let sql = if several { statement.to_string() } else { text.trim_end_matches(';').to_string() };
            let params = self.case.vars.params();
            let interrupt = self.interrupt.clone();
            let outcome = tokio::select! {
                r = runner::recorded_query(&self.engine, &mut self.case, "sql", &sql, &params) => Some(r),
                _ = interrupt.notified() => None,
            };
            match outcome {
                None => {
                    self.note_cancelled();
                    return Ok(());
                }
                Some(result) => {
                    let (batches, elapsed) = result?;
                    self.show(batches, elapsed.as_secs_f64())?;
                }
            }
        }
        Ok(())
    }

    fn show(&mut self, batches: Vec<RecordBatch>, seconds: f64) -> Result<()> {
        let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        let shown = if self.format == Format::Table { present::head(&batches, TABLE_ROWS) } else { batches.clone() };
        output::write(&mut out, &shown, &Rendering { format: self.format, max_width: self.max_width })?;
        if self.timing {
            let more = if self.format == Format::Table && rows > TABLE_ROWS {
                format!(", {TABLE_ROWS} shown (\\export FILE for all)")
            } else {
                String::new()
            };
            writeln!(out, "{rows} row(s){more} in {seconds:.3} s")?;
        }
        out.flush()?;
        self.last = batches;
        Ok(())
    }

    async fn command(&mut self, line: &str) -> Result<Flow> {
        let (name, rest) = command::command_and_rest(line);
        match name {
            "\\q" | "\\quit" | "\\exit" => return Ok(Flow::Quit),
            "\\?" | "\\h" | "\\help" => help(),
            "\\tables" | "\\dt" => self.tables().await?,
            "\\d" | "\\describe" => {
                if rest.is_empty() {
                    self.tables().await?;
                } else {
                    self.describe(rest).await?;
                }
            }
            "\\format" => {
                self.format = match rest {
                    "table" => Format::Table,
                    "csv" => Format::Csv,
                    "json" => Format::Json,
                    "ndjson" => Format::Ndjson,
                    other => bail!("unknown format {other:?}: table, csv, json or ndjson"),
                };
            }
            "\\timing" => {
                self.timing = match rest {
                    "" => !self.timing,
                    "on" => true,
                    "off" => false,
                    other => bail!("\\timing on or off, not {other:?}"),
                };
                println!("timing {}", if self.timing { "on" } else { "off" });
            }
            "\\row" => self.row(rest)?,
            "\\set" | "\\add" => self.set(name == "\\add", rest).await?,
            "\\unset" => {
                if !self.case.vars.is_set(rest) {
                    bail!("{rest:?} is not set (\\vars lists the variables)");
                }
                self.case.record(Entry::Unset { name: rest.to_string() })?;
                if rest == "since" || rest == "until" {
                    self.reopen().await?;
                }
            }
            "\\vars" => self.vars(),
            "\\timeline" => self.timeline(rest).await?,
            "\\summary" => self.summary(rest).await?,
            "\\hunt" => self.hunt(rest).await?,
            "\\playbook" | "\\pb" => self.playbook_command(rest).await?,
            "\\note" => {
                if rest.is_empty() {
                    bail!("\\note TEXT");
                }
                self.case.record(Entry::Note { text: rest.to_string(), playbook: None, step: None })?;
                println!("noted");
            }
            "\\export" => self.export(rest)?,
            "\\report" => {
                let path = if rest.is_empty() { self.case.dir.join("report.md") } else { PathBuf::from(rest) };
                let interrupt = self.interrupt.clone();
                tokio::select! {
                    r = report::write(&self.engine, &mut self.case, &self.playbooks, &path) => r?,
                    _ = interrupt.notified() => { self.note_cancelled(); return Ok(Flow::Continue); }
                }
                println!("report written to {}", path.display());
            }
            "\\case" => {
                println!("case directory: {}", self.case.dir.display());
                println!("journal: {} ({} entries)", self.case.journal_path().display(), self.case.lines.len());
            }
            other => bail!("unknown command {other}: \\help lists them"),
        }
        Ok(Flow::Continue)
    }

    async fn tables(&mut self) -> Result<()> {
        let sql = "SELECT table_name, table_type FROM information_schema.tables \
                   WHERE table_schema = 'public' ORDER BY table_name";
        let batches = self.engine.query(sql, &Vec::new()).await?;
        self.show(batches, 0.0)
    }

    async fn describe(&mut self, table: &str) -> Result<()> {
        let sql = "SELECT column_name, data_type, is_nullable FROM information_schema.columns \
                   WHERE table_name = $table ORDER BY ordinal_position";
        let batches = self.engine.query_text(sql, &vec![("table".into(), table.into())]).await?;
        if batches.iter().all(|b| b.num_rows() == 0) {
            bail!("no table {table:?} (\\tables lists them)");
        }
        let saved = self.max_width;
        self.max_width = 0;
        let shown = self.show(batches, 0.0);
        self.max_width = saved;
        shown
    }

    /// One row of the last result, every cell whole; JSON cells pretty-printed.
    fn row(&self, rest: &str) -> Result<()> {
        let n: usize = rest.parse().context("\\row N, where N counts from 1")?;
        let rows = crate::hunt::run::to_findings(&self.last)?;
        let total: usize = self.last.iter().map(|b| b.num_rows()).sum();
        let row = n
            .checked_sub(1)
            .and_then(|i| rows.get(i))
            .with_context(|| format!("the last result has {total} row(s)"))?;
        for (column, value) in &row.fields {
            let pretty = serde_json::from_str::<serde_json::Value>(value)
                .ok()
                .filter(|v| v.is_object() || v.is_array())
                .and_then(|v| serde_json::to_string_pretty(&v).ok());
            let text = pretty.unwrap_or_else(|| output::truncate(value, 0));
            println!("{column}: {}", text.replace('\n', "\n  "));
        }
        Ok(())
    }

    async fn set(&mut self, add: bool, rest: &str) -> Result<()> {
        let (name, value) = command::command_and_rest(rest);
        if name.is_empty() || value.is_empty() {
            bail!("\\set NAME VALUE (the value is the rest of the line, as typed)");
        }
        if !model::is_variable_name(name) {
            bail!("variable names are lower_snake_case: {name:?}");
        }
        if name == "since" || name == "until" {
            inputs::parse_bound(value, name == "until")?;
        }
        let values = vec![value.to_string()];
        let entry = if add {
            Entry::Add { name: name.to_string(), values }
        } else {
            Entry::Set { name: name.to_string(), values }
        };
        self.case.record(entry)?;
        if name == "since" || name == "until" {
            self.reopen().await?;
            println!("cloudtrail now holds only the events in the window (cloudtrail_all holds all)");
        }
        println!("${name} = {value:?}");
        Ok(())
    }

    /// Reopens the engine after the time window changed.
    async fn reopen(&mut self) -> Result<()> {
        self.engine = Engine::open_window(&self.lake, window_of(&self.case)?).await?;
        Ok(())
    }

    fn vars(&self) {
        if self.case.vars.iter().next().is_none() {
            println!("no variables: \\set key AKIA… (then $key in SQL)");
        }
        for (name, values) in self.case.vars.iter() {
            for (i, v) in values.iter().enumerate() {
                let label = if i == 0 { format!("${name}") } else { String::new() };
                println!("{label:<20} {:<48} {}", output::truncate(&v.text, 80), v.origin);
            }
        }
    }

    /// `$name` means the variable's first value; anything else is taken as typed.
    fn resolve(&self, text: &str) -> Result<String> {
        match text.strip_prefix('$') {
            Some(name) => self.case.vars.first(name).map(str::to_string).with_context(|| format!("${name} is not set")),
            None if text.is_empty() => bail!("give a key, ARN, IP, resource or $variable"),
            None => Ok(text.to_string()),
        }
    }

    async fn timeline(&mut self, rest: &str) -> Result<()> {
        let subject = Subject::new(&self.resolve(rest)?, None)?;
        let sql = timeline::sql(&subject, timeline::DEFAULT_LIMIT);
        let params = vec![("subject".to_string(), subject.value.clone())];
        let interrupt = self.interrupt.clone();
        let context = format!("timeline {}", subject.describe());
        let result = tokio::select! {
            r = runner::recorded_query(&self.engine, &mut self.case, &context, &sql, &params) => r,
            _ = interrupt.notified() => { self.note_cancelled(); return Ok(()); }
        };
        let (batches, elapsed) = result?;
        println!("Timeline of {}", subject.describe());
        self.show(batches, elapsed.as_secs_f64())
    }

    async fn summary(&mut self, rest: &str) -> Result<()> {
        let subject = Subject::new(&self.resolve(rest)?, None)?;
        let started = Instant::now();
        let interrupt = self.interrupt.clone();
        let result = tokio::select! {
            r = summary::run(&self.engine, &subject) => r,
            _ = interrupt.notified() => { self.note_cancelled(); return Ok(()); }
        };
        let summary = result?;
        let all: Vec<RecordBatch> = summary.sections.iter().flat_map(|(_, _, b)| b.clone()).collect();
        self.case.record(Entry::Query {
            context: format!("summary {}", subject.describe()),
            sql: subject.condition().to_string(),
            params: vec![("subject".into(), subject.value.clone())],
            rows: all.iter().map(|b| b.num_rows()).sum(),
            result_sha256: runner::result_sha256(&all)?,
            elapsed_ms: started.elapsed().as_millis() as u64,
            error: None,
        })?;
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        summary.write(&mut out, self.format, self.max_width)?;
        Ok(())
    }

    async fn hunt(&mut self, rest: &str) -> Result<()> {
        use crate::hunt::{report as hunt_report, run, selection::Selection};
        let words = command::split(rest)?;
        let (ids, tags): (Vec<String>, Vec<String>) =
            words.into_iter().partition(|w| self.detections.iter().any(|d| &d.id == w));
        let chosen = Selection { only: ids, tags, min_severity: None }.apply(self.detections.clone())?;
        let count = chosen.len();
        println!("running {count} detection(s)… (Ctrl-C cancels)");
        let interrupt = self.interrupt.clone();
        let report = tokio::select! {
            r = run::run(&self.engine, chosen, &[], 2) => r,
            _ = interrupt.notified() => { self.note_cancelled(); return Ok(()); }
        };
        runner::journal_hunt(&mut self.case, &report)?;
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        hunt_report::write(&mut out, &report, hunt_report::HuntFormat::Table, 5)?;
        Ok(())
    }

    fn export(&mut self, rest: &str) -> Result<()> {
        if rest.is_empty() {
            bail!("\\export FILE (.csv, .json, else NDJSON)");
        }
        let path = PathBuf::from(rest);
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => Format::Csv,
            Some("json") => Format::Json,
            _ => Format::Ndjson,
        };
        let mut bytes = Vec::new();
        output::write(&mut bytes, &self.last, &Rendering { format, max_width: 0 })?;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("creating {} (an existing file is never overwritten)", path.display()))?;
        file.write_all(&bytes)?;
        let rows = self.last.iter().map(|b| b.num_rows()).sum();
        let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
        self.case.record(Entry::Exported { path: path.display().to_string(), rows, sha256 })?;
        println!("{rows} row(s) written to {}", path.display());
        Ok(())
    }

    fn playbook(&self, id: &str) -> Option<&Playbook> {
        self.playbooks.iter().find(|p| p.id == id)
    }

    fn current_step(&self) -> Option<usize> {
        let playbook = self.playbook(self.case.playbook.as_deref()?)?;
        playbook.step_index(self.case.step.as_deref()?)
    }

    async fn playbook_command(&mut self, rest: &str) -> Result<()> {
        let (action, argument) = command::command_and_rest(rest);
        let active = || -> Result<Playbook> {
            let id = self.case.playbook.clone().context("no playbook in progress: \\playbook start ID")?;
            self.playbook(&id).cloned().with_context(|| format!("the case's playbook {id} is not loaded"))
        };
        match action {
            "" | "list" => {
                for p in &self.playbooks {
                    println!("{:<40} {:<9} {:>2} steps  {}", p.id, p.severity, p.steps.len(), p.title);
                }
            }
            "start" => {
                let playbook = model::find(&self.playbooks, argument)?.clone();
                let missing: Vec<String> = playbook
                    .inputs
                    .iter()
                    .filter(|i| i.required && !self.case.vars.is_set(&i.name))
                    .map(|i| {
                        format!("  \\set {} {}   # {}", i.name, i.example.as_deref().unwrap_or("VALUE"), i.description)
                    })
                    .collect();
                if !missing.is_empty() {
                    bail!("{} needs these case variables first:\n{}", playbook.id, missing.join("\n"));
                }
                println!("{}\n{}", playbook.title, present::wrap(playbook.summary.trim(), 100));
                self.case.record(Entry::PlaybookStarted { playbook: playbook.id.clone() })?;
                self.run_step(&playbook, 0).await?;
            }
            "show" => {
                let playbook = active()?;
                self.run_step(&playbook, self.current_step().unwrap_or(0)).await?;
            }
            "next" | "done" => {
                let playbook = active()?;
                let current = self.current_step();
                if action == "done" {
                    let index = current.context("no step shown yet: \\playbook show")?;
                    let step = &playbook.steps[index];
                    self.case.record(Entry::StepDone {
                        playbook: playbook.id.clone(),
                        step: step.id.clone(),
                        phase: step.phase,
                    })?;
                    println!("✔ {}", step.title);
                }
                let next = current.map_or(0, |i| i + 1);
                if next >= playbook.steps.len() {
                    println!(
                        "that was the last step: \\playbook status shows what is open, \\report writes the report"
                    );
                } else {
                    self.run_step(&playbook, next).await?;
                }
            }
            "back" => {
                let playbook = active()?;
                let index = self.current_step().unwrap_or(0).saturating_sub(1);
                self.run_step(&playbook, index).await?;
            }
            "status" => {
                let playbook = active()?;
                let current = self.current_step();
                println!("{} ({})", playbook.title, playbook.id);
                for (i, step) in playbook.steps.iter().enumerate() {
                    let mark = if self.case.is_done(&playbook.id, &step.id) {
                        "[x]"
                    } else if current == Some(i) {
                        "[>]"
                    } else {
                        "[ ]"
                    };
                    println!("  {mark} {:>2}. {:<13} {}", i + 1, step.phase.name(), step.title);
                }
                let done = playbook.steps.iter().filter(|s| self.case.is_done(&playbook.id, &s.id)).count();
                println!("{done} of {} steps done", playbook.steps.len());
            }
            "note" => {
                let playbook = active()?;
                if argument.is_empty() {
                    bail!("\\playbook note TEXT");
                }
                let step = self.current_step().map(|i| playbook.steps[i].id.clone());
                self.case.record(Entry::Note {
                    text: argument.to_string(),
                    playbook: Some(playbook.id.clone()),
                    step,
                })?;
                println!("noted");
            }
            other => bail!("\\playbook {other}? use list, start ID, status, show, next, back, done or note TEXT"),
        }
        Ok(())
    }

    async fn run_step(&mut self, playbook: &Playbook, index: usize) -> Result<()> {
        let stdout = std::io::stdout();
        present::header(&mut stdout.lock(), playbook, index)?;
        let interrupt = self.interrupt.clone();
        let outcome = tokio::select! {
            r = runner::run_step(&self.engine, &mut self.case, playbook, index) => r?,
            _ = interrupt.notified() => { self.note_cancelled(); return Ok(()); }
        };
        let mut out = stdout.lock();
        present::outcome(&mut out, &playbook.steps[index], &outcome, self.max_width)?;
        writeln!(
            out,
            "\n\\playbook done when finished, \\playbook next to move on, \\playbook note TEXT to record what you did"
        )?;
        if let Some(last) = outcome.queries.iter().rev().find(|q| q.error.is_none() && q.waiting_for.is_empty()) {
            self.last = last.batches.clone();
        }
        Ok(())
    }
}

/// The cloudtrail time window from the case's `since` / `until` variables.
fn window_of(case: &Case) -> Result<TimeWindow> {
    inputs::window(case.vars.first("since"), case.vars.first("until"))
}

fn help() {
    println!("SQL runs when a statement ends with ;  ($name binds a case variable; $name_list all its values)");
    for c in COMMANDS {
        println!("  {:<58} {}", c.usage, c.help);
    }
    println!("Tab completes commands, tables, columns, functions, $variables, ids and quoted values.");
}

/// Column names with struct fields as dotted paths.
fn field_paths(field: &arrow::datatypes::Field, prefix: &str, out: &mut Vec<String>) {
    let name = format!("{prefix}{}", field.name());
    if let arrow::datatypes::DataType::Struct(children) = field.data_type() {
        for child in children {
            field_paths(child, &format!("{name}."), out);
        }
    }
    out.push(name);
}
