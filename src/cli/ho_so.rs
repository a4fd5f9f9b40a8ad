//! `vanban ho-so` (alias `dossier`): a unit's award nomination dossier from its nominations
//! file; `vanban ho-so tong-hop` (alias `council`): the council's Quyết định from every unit's.

use super::{backends, print, usage, FormatArg};
use std::path::PathBuf;
use std::process::ExitCode;
use vanban::diag::Diagnostic;
use vanban::dossier::{self, council, documents::Forms, rules::Rules, Output};
use vanban::messages::Text;
use vanban::render::Format;

/// The arguments of `vanban ho-so` (its help is on the command in main.rs).
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(crate) struct HoSoArgs {
    #[command(subcommand)]
    council: Option<CouncilCommand>,

    /// The unit's nominations file: a workbook (.xlsx: sheets `Thông tin chung`, `Cá nhân`,
    /// `Tập thể`, `Lớp`) or its JSON twin (README, "Award dossiers").
    ///
    /// Example: samples/ho-so-khen-thuong/khoa-su-pham.xlsx
    #[arg(value_name = "NOMINATIONS", required_unless_present = "blank")]
    nominations: Option<PathBuf>,

    /// Write a blank nominations workbook instead: its four sheets, what each column holds
    /// (required or not), an example row, the header row, the fixed values as validation.
    ///
    /// Example: --blank de-nghi.xlsx
    #[arg(long, value_name = "OUT.xlsx", conflicts_with_all = ["nominations", "check"])]
    blank: Option<PathBuf>,

    #[command(flatten)]
    common: Common,

    /// Only check the file and the rules; write nothing.
    #[arg(long)]
    check: bool,
}

#[derive(clap::Subcommand)]
enum CouncilCommand {
    /// The council's side: every unit's nominations file together, the quotas applied across
    /// the school and per unit, the same person nominated twice flagged; writes the
    /// principal's Quyết định khen thưởng with its Danh sách (quyet-dinh.pdf, .docx), the
    /// summary per unit (tong-hop.csv) and the violations (vi-pham.csv).
    ///
    /// Example:
    ///   vanban ho-so tong-hop samples/ho-so-khen-thuong/*.json --thong-tin samples/ho-so-khen-thuong/hoi-dong/thong-tin.json --out-dir out/quyet-dinh
    #[command(name = "tong-hop", alias = "council", verbatim_doc_comment)]
    TongHop(CouncilArgs),
}

#[derive(clap::Args)]
struct CouncilArgs {
    /// The units' nominations files (.xlsx or .json).
    #[arg(value_name = "DOSSIERS", required = true)]
    dossiers: Vec<PathBuf>,

    /// The decision's own data (JSON): the school's letterhead, number, date, signer, Căn cứ
    /// lines, Nơi nhận. Left out: taken from the units' files, signer's name blank.
    ///
    /// Example: --thong-tin samples/ho-so-khen-thuong/hoi-dong/thong-tin.json
    #[arg(long, value_name = "FILE.json")]
    thong_tin: Option<PathBuf>,

    #[command(flatten)]
    common: Common,
}

#[derive(clap::Args)]
struct Common {
    /// Output folder (created if missing).
    ///
    /// Example: --out-dir out/ho-so
    #[arg(long, value_name = "DIR", conflicts_with = "zip")]
    out_dir: Option<PathBuf>,

    /// Write one ZIP archive instead of a folder.
    ///
    /// Example: --zip out/ho-so.zip
    #[arg(long, value_name = "OUT.zip")]
    zip: Option<PathBuf>,

    /// Render even when a criterion or a quota is not met; the violations are then listed
    /// (in danh-muc.csv, or vi-pham.csv for the council).
    #[arg(long)]
    allow_violations: bool,

    /// The campaign's rules (criteria and quotas) as JSON; default: the nominations file's
    /// own `quy_dinh`, else the shipped rules (templates/ho-so/quy-dinh.json).
    ///
    /// Example: --quy-dinh quy-dinh-truong.json
    #[arg(long, value_name = "FILE.json")]
    quy_dinh: Option<PathBuf>,

    /// A folder of the school's own forms, replacing the shipped ones of the same name
    /// (to-trinh.json, bao-cao-ca-nhan.json, bao-cao-tap-the.json, quyet-dinh.json).
    ///
    /// Example: --mau mau-cua-truong/
    #[arg(long, value_name = "DIR")]
    mau: Option<PathBuf>,

    /// Formats of each document, comma-separated (the combined PDF is always written).
    #[arg(long, value_name = "LIST", value_delimiter = ',', default_value = "pdf,docx")]
    format: Vec<FormatArg>,

    /// Give the Tờ trình (or, for the council, the Quyết định) its number from the outgoing
    /// register: the register given, else $VANBAN_REGISTER, else vanban.db here.
    #[arg(long, value_name = "PATH", num_args = 0..=1, default_missing_value = "")]
    register: Option<String>,

    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,

    /// Another directory of fonts (see `render --help`).
    #[arg(long, value_name = "DIR")]
    font_path: Vec<PathBuf>,
}

impl Common {
    fn output(&self, today: chrono::NaiveDate) -> Output {
        let mut formats: Vec<Format> = Vec::new();
        for f in &self.format {
            let f = Format::from(*f);
            if !formats.contains(&f) {
                formats.push(f);
            }
        }
        Output {
            out_dir: self.out_dir.clone(),
            zip: self.zip.clone(),
            formats,
            jobs: self.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
            today,
        }
    }

    /// The forms (the shipped ones, or `--mau`'s) and the two back ends.
    fn renderers(&self) -> Result<(Forms, std::sync::Arc<vanban::render::pdf::Engine>, vanban::render::docx::DocxWriter), ExitCode> {
        let forms = Forms::load(self.mau.as_deref()).map_err(|ds| fail(&ds))?;
        let (engine, docx) = backends(&self.font_path)?;
        Ok((forms, engine, docx))
    }

    /// The register, when `--register` is given.
    fn store(&self) -> Result<Option<Box<dyn vanban::register::Store>>, ExitCode> {
        match self.register.as_deref() {
            None => Ok(None),
            Some(flag) => {
                let location = vanban::register::location(Some(flag).filter(|f| !f.is_empty()));
                vanban::register::open(&location, true).map(Some).map_err(|d| fail(&[d]))
            }
        }
    }

    fn rules(&self) -> Result<Option<Rules>, Vec<Diagnostic>> {
        self.quy_dinh.as_ref().map(|p| dossier::read_rules(&p.display().to_string())).transpose()
    }
}

/// Prints the violations; `allowed`: as a note, else as what stops the run.
fn print_violations(vs: &[dossier::rules::Violation], allowed: bool) {
    for v in vs {
        eprintln!("{v}");
    }
    if !vs.is_empty() {
        if allowed {
            eprintln!("{}", Text::ViolationsAllowed { count: vs.len() });
        } else {
            eprintln!("{}", Text::ViolationsStop { count: vs.len() });
        }
    }
}

/// Runs `vanban ho-so`.
pub(crate) fn run(args: HoSoArgs) -> ExitCode {
    if let Some(CouncilCommand::TongHop(c)) = args.council {
        return tong_hop(c);
    }
    if let Some(out) = &args.blank {
        return super::bulk::blank(&vanban::dossier::nominations::guide(), out);
    }
    let Some(path) = args.nominations else { return usage(&Text::GiveNominations.to_string()) };
    let common = args.common;
    if !args.check && common.out_dir.is_none() && common.zip.is_none() {
        return usage(&Text::SayWhereDossier.to_string());
    }
    let today = chrono::Local::now().date_naive();
    let rules = match common.rules() {
        Ok(r) => r,
        Err(ds) => return fail(&ds),
    };
    let (n, rules) = match dossier::load_unit(&path, rules.as_ref(), today) {
        Ok(x) => x,
        Err(ds) => return fail(&ds),
    };
    for note in &n.notes {
        eprintln!("{note}");
    }
    let violations = dossier::rules::evaluate(&rules, &[&n]);
    // The rules' own validity and legal basis on the day the dossier is made.
    for w in rules.validity(today, vanban::law::table()) {
        eprintln!("{w}");
    }
    let counts = Text::NominationCounts { path: path.display().to_string(), individuals: n.individuals.len(), collectives: n.collectives.len() }.to_string();
    if args.check {
        for v in &violations {
            eprintln!("{v}");
        }
        eprintln!("{}", Text::CountsChecked { counts: counts.clone(), violations: violations.len() });
        return if violations.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) };
    }
    print_violations(&violations, common.allow_violations);
    if !violations.is_empty() && !common.allow_violations {
        return ExitCode::from(1);
    }
    let (forms, engine, docx) = match common.renderers() {
        Ok(r) => r,
        Err(code) => return code,
    };
    let mut store = match common.store() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let start = std::time::Instant::now();
    let result = dossier::render_unit(
        &n,
        &violations,
        &forms,
        &engine,
        &docx,
        &common.output(today),
        store.as_mut().map(|s| &mut **s as &mut dyn vanban::register::Store),
    );
    match result {
        Err(ds) => fail(&ds),
        Ok(w) => {
            report_warnings(&w.warnings);
            if let Some(n) = &w.number {
                eprintln!("Tờ trình: Số: {n}");
            }
            let parts = w.index.len();
            let written = Text::DossierWritten {
                counts: counts.clone(),
                parts,
                pages: w.combined_pages,
                combined: dossier::COMBINED.to_string(),
                place: common.zip.as_ref().or(common.out_dir.as_ref()).map_or(String::new(), |p| p.display().to_string()),
                seconds: format!("{:.1}", start.elapsed().as_secs_f64()),
            };
            eprintln!("{written}");
            ExitCode::SUCCESS
        }
    }
}

fn fail(ds: &[Diagnostic]) -> ExitCode {
    print(ds);
    let errors = ds.iter().filter(|d| d.is_error()).count();
    eprintln!("{}", Text::ErrorsNothingWritten { errors });
    ExitCode::from(1)
}

/// The documents' warnings, each kind once with how many parts have it.
fn report_warnings(ws: &[Diagnostic]) {
    let mut seen: Vec<(&str, usize, &Diagnostic)> = Vec::new();
    for w in ws {
        match seen.iter_mut().find(|(c, _, _)| *c == w.code) {
            Some((_, n, _)) => *n += 1,
            None => seen.push((w.code, 1, w)),
        }
    }
    for (_, n, w) in seen {
        if n > 1 {
            eprintln!("{}", Text::AndMoreLikeIt { line: w.to_string(), more: n - 1 });
        } else {
            eprintln!("{w}");
        }
    }
}

fn tong_hop(args: CouncilArgs) -> ExitCode {
    let common = args.common;
    if common.out_dir.is_none() && common.zip.is_none() {
        return usage(&Text::SayWhere.to_string());
    }
    let today = chrono::Local::now().date_naive();
    let rules = match common.rules() {
        Ok(r) => r,
        Err(ds) => return fail(&ds),
    };
    let info = match args.thong_tin.as_ref().map(|p| council::CouncilInfo::read(&p.display().to_string())).transpose() {
        Ok(i) => i.unwrap_or_default(),
        Err(ds) => return fail(&ds),
    };
    // Every unit's file read; every problem of every file reported.
    let mut units = Vec::new();
    let mut errors = Vec::new();
    let mut unit_rules = Vec::new();
    for p in &args.dossiers {
        match dossier::load_unit(p, rules.as_ref(), today) {
            Ok((n, r)) => {
                units.push(n);
                unit_rules.push(r);
            }
            Err(ds) => errors.extend(ds),
        }
    }
    if !errors.is_empty() {
        return fail(&errors);
    }
    // One set of rules for the school: the given one, else the first unit's.
    let rules = unit_rules.into_iter().next().unwrap_or_else(Rules::shipped);
    let refs: Vec<&dossier::nominations::Nominations> = units.iter().collect();
    let decided = info.ngay.as_deref().and_then(vanban::vn::parse_day).unwrap_or(today);
    for w in rules.validity(decided, vanban::law::table()) {
        eprintln!("{w}");
    }
    let outcome = council::tong_hop(&refs, &rules, &info, today);
    print_violations(&outcome.violations, common.allow_violations);
    let write_decision = outcome.violations.is_empty() || common.allow_violations;
    eprintln!("{:<32} {:>14} {:>16} {:>14}", "Đơn vị", "Đề nghị CN/TT", "Trong chỉ tiêu", "Khen thưởng");
    for s in &outcome.summary {
        let awarded = if write_decision { format!("{}/{}", s.awarded.0, s.awarded.1) } else { "-".into() };
        eprintln!("{:<32} {:>14} {:>16} {:>14}", s.unit, format!("{}/{}", s.proposed.0, s.proposed.1), format!("{}/{}", s.within.0, s.within.1), awarded);
    }
    let (forms, engine, docx) = match common.renderers() {
        Ok(r) => r,
        Err(code) => return code,
    };
    let mut store = match common.store() {
        Ok(s) if write_decision => s,
        Ok(_) => None,
        Err(code) => return code,
    };
    let result = dossier::render_decision(
        &outcome,
        &forms,
        &engine,
        &docx,
        &common.output(today),
        write_decision,
        store.as_mut().map(|s| &mut **s as &mut dyn vanban::register::Store),
    );
    match result {
        Err(ds) => fail(&ds),
        Ok(w) => {
            report_warnings(&w.warnings);
            if let Some(n) = &w.number {
                eprintln!("Quyết định: Số: {n}");
            }
            for f in &w.files {
                eprintln!("{}", Text::Wrote { path: f.to_string() });
            }
            if write_decision {
                ExitCode::SUCCESS
            } else {
                eprintln!("{}", Text::DecisionNotWritten);
                ExitCode::from(1)
            }
        }
    }
}
