//! The `vanban` command: parse arguments, run, print diagnostics, set the exit code
//! (0 all written, 1 some input had errors, 2 wrong usage). Each command is a file of `cli`
//! (`schema` alone is answered here); nothing of a command's work is done in the binary.

mod cli;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

// Typst lays out with many small allocations; from two or more bulk workers at once glibc's
// allocator spends a seventh of the run in malloc and free (measured). mimalloc is made for this.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "vanban",
    version,
    about = "Soạn văn bản hành chính theo Nghị định 30/2020/NĐ-CP: JSON → PDF, DOCX",
    long_about = "vanban turns a Vietnamese administrative document described in JSON into a PDF laid out \
                  as Nghị định 30/2020/NĐ-CP prescribes (letterhead, number and date line, title, body, \
                  signature, Nơi nhận, appendices)."
)]
struct Cli {
    /// The language of messages: vi (Tiếng Việt) or en; without it, the locale decides
    /// (LC_ALL, LC_MESSAGES, LANG starting with `vi`: Vietnamese; otherwise English).
    #[arg(long, global = true, value_parser = ["vi", "en"], value_name = "vi|en")]
    lang: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render documents to PDF and DOCX.
    ///
    /// Examples:
    ///   vanban render samples/ke-hoach-so-gddt-quang-ngai.json -o ke-hoach.pdf
    ///   vanban render samples/ke-hoach-so-gddt-quang-ngai.json -o ke-hoach.pdf -o ke-hoach.docx
    ///   vanban render samples/*.json --out-dir out/ --format pdf,docx
    ///   cat doc.json | vanban render - -o doc.pdf
    #[command(verbatim_doc_comment)]
    Render(cli::render::RenderArgs),

    /// Check documents against the input format and the ND30 rules, reporting every
    /// problem at once with its file, JSON path, line and column, and a hint. Exit 0 when no
    /// error is found (warnings allowed), 1 otherwise.
    ///
    /// A template (a shipped name or a file with {{…}} placeholders) is checked for its
    /// syntax; with --data or --rows, merged with the data and checked as `render --data`
    /// and `bulk` would, without rendering: every failing row with its field and message.
    ///
    /// Examples:
    ///   vanban check samples/*.json
    ///   vanban check ke-hoach.json --format json
    ///   vanban check phieu-bao-cao-quy --rows samples/truong.xlsx
    ///   vanban check my-template.json --data row.json
    ///   vanban check cong-van.docx bao-cao.pdf     (a document made elsewhere: its layout
    ///                                              against ND30, each finding at its
    ///                                              paragraph or page and line; --explain)
    #[command(verbatim_doc_comment)]
    Check(cli::check::CheckArgs),

    /// Render one document per row of a spreadsheet from a template.
    ///
    /// TEMPLATE is a shipped template (phieu-bao-cao-quy, bao-cao-quy) or a template file.
    /// A bad row is reported with its row number, field and message (also in failures.csv
    /// beside the output) and the other rows are still written; the exit code is then 1.
    ///
    /// Examples:
    ///   vanban bulk phieu-bao-cao-quy --rows samples/truong.xlsx --out-dir out/phieu
    ///   vanban bulk phieu-bao-cao-quy --rows samples/truong.csv --zip out/phieu.zip --format pdf
    ///   vanban bulk my-template.json --rows ds.xlsx --sheet "Danh sách" --name "{{truong.ma}}" --out-dir out
    #[command(verbatim_doc_comment)]
    Bulk(cli::bulk::BulkArgs),

    /// The summary report of returned forms (Báo cáo tổng hợp): reads the workbooks the units
    /// filled in (made by `bulk --format xlsx`; renamed or re-saved files are recognised by
    /// what they hold), or a combined sheet with a row per unit, or JSON; checks every value
    /// (missing, not a number, out of range, a count above its total, a unit that returned
    /// twice, a form of another template or period) and lists each problem with its file,
    /// sheet and cell; lists the units of --schools that have not returned; and writes the
    /// report the template's `tong_hop` section declares (totals, rates, groups, rankings,
    /// appendix tables, a chart), as PDF and DOCX. Exit 1 when any value had a problem (the
    /// report is still written from the good ones).
    ///
    /// Examples:
    ///   vanban bulk phieu-bao-cao-quy --rows samples/truong.xlsx --format xlsx --out-dir phieu/
    ///   vanban tong-hop bao-cao-tong-hop-quy --from tra-ve/ --schools samples/truong.xlsx -o bao-cao.pdf -o bao-cao.docx
    #[command(verbatim_doc_comment, name = "tong-hop", alias = "summary")]
    TongHop(cli::tong_hop::TongHopArgs),

    /// Award nomination dossiers (hồ sơ đề nghị khen thưởng): from a unit's nominations file
    /// (a workbook or its JSON twin) its Tờ trình, one Báo cáo thành tích per individual and
    /// per collective, each as PDF and DOCX, the whole dossier as one PDF (ho-so.pdf: an
    /// outline entry per document, each numbered from its own first page) and its index
    /// (danh-muc.csv). The criteria and quotas are checked first (the rules: --quy-dinh, or
    /// the seed's); a violation stops the run unless --allow-violations. Names are listed in
    /// Vietnamese order (given name, middle, family name).
    ///
    /// `vanban ho-so tong-hop` is the council's side: every unit's file to the Quyết định.
    ///
    /// Examples:
    ///   vanban ho-so samples/ho-so-khen-thuong/khoa-su-pham.xlsx --out-dir out/ho-so
    ///   vanban ho-so samples/ho-so-khen-thuong/khoa-su-pham.json --check
    ///   vanban ho-so ds.xlsx --zip out/ho-so.zip --allow-violations
    ///   vanban ho-so tong-hop samples/ho-so-khen-thuong/*.json --thong-tin samples/ho-so-khen-thuong/hoi-dong/thong-tin.json --out-dir out/quyet-dinh
    #[command(name = "ho-so", alias = "dossier", verbatim_doc_comment)]
    HoSo(cli::ho_so::HoSoArgs),

    /// The outgoing-document register (sổ đăng ký văn bản đi, ND30 Phụ lục IV): numbers taken
    /// once from each issuer's sequence for the year (from 01 on 1 January), written into
    /// the document; the book listed, exported (.xlsx, .csv) and numbers voided. The register
    /// is a file (SQLite): --register PATH, $VANBAN_REGISTER, or vanban.db here.
    ///
    /// Examples:
    ///   vanban register issue ke-hoach.json -o ke-hoach.pdf -o ke-hoach.docx
    ///   vanban register list --year 2026
    ///   vanban register export --year 2026 -o so-dang-ky-2026.xlsx
    ///   vanban register void 12 --year 2026 --reason "Trùng nội dung"
    #[command(verbatim_doc_comment)]
    Register(cli::register::RegisterArgs),

    /// The web editor: a local web page where a document is filled in as a form and its pages
    /// follow the typing; bulk runs, award dossiers and summary reports by upload. Pages are
    /// built into the binary (no internet needed). Serves this computer only unless --host
    /// says otherwise, which then needs --password-file or --token.
    ///
    /// Examples:
    ///   vanban serve --open
    ///   vanban serve --add-user vanthu --password-file tai-khoan.txt   (password on stdin)
    ///   vanban serve --host 0.0.0.0 --port 8080 --password-file tai-khoan.txt
    #[command(verbatim_doc_comment)]
    Serve(cli::serve::ServeArgs),

    /// Import a Word document (.docx) as vanban's JSON: letterhead, number and symbol, place
    /// and date, kind and trích yếu, Kính gửi, Căn cứ, the body (headings by their numbering,
    /// typed or automatic; items; bold and italic; tables with merged cells), the signature
    /// block, Nơi nhận and appendices. What cannot be mapped is listed as warnings with its
    /// paragraph number; images are reported, not carried. A .doc is converted with
    /// LibreOffice when installed. With --template, `{{…}}` placeholders typed in Word are
    /// kept (even split across runs): the output is a template for `vanban bulk`.
    ///
    /// Examples:
    ///   vanban nhap cong-van.docx -o cong-van.json
    ///   vanban nhap mau-giay-moi.docx --template -o giay-moi.json
    #[command(verbatim_doc_comment, alias = "import")]
    Nhap(cli::nhap::NhapArgs),

    /// Print the JSON Schema of the input format (Vietnamese descriptions), for editors
    /// such as VS Code to complete and validate documents; `ban-sao` prints the schema of a
    /// copy's data (`render --copy … --copy-data COPY.json`).
    ///
    /// Examples:
    ///   vanban schema > vanban.schema.json
    ///   vanban schema ban-sao > ban-sao.schema.json
    #[command(verbatim_doc_comment)]
    Schema {
        /// `van-ban` (a document, the default) or `ban-sao` (a copy's data).
        #[arg(value_parser = ["van-ban", "ban-sao"], default_value = "van-ban")]
        what: String,
    },

    /// Print a starter document of a kind, ready to render and to edit.
    ///
    /// Examples:
    ///   vanban new ke-hoach > ke-hoach.json
    ///   vanban new cong-van -o cong-van.json
    #[command(verbatim_doc_comment)]
    New {
        /// ke-hoach, bao-cao, cong-van, to-trinh, quyet-dinh, thong-bao, giay-moi or quy-che (a
        /// Quyết định ban hành with its Quy chế in chapters and articles).
        kind: String,
        /// Write to this file instead of standard output (not overwritten if it exists).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },

    /// Write the Typst project of a document (nd30.typ, nd30-parts.typ, profile.json, data.json) into DIR, for
    /// `typst compile DIR/nd30.typ` (debugging and benchmarks).
    #[command(hide = true)]
    TypstProject {
        /// Input JSON document.
        input: String,
        /// Directory to write into.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    vanban::messages::set_lang(vanban::messages::choose(cli.lang.as_deref(), |k| std::env::var(k).ok()));
    match cli.command {
        Command::Render(args) => cli::render::render(args),
        Command::Bulk(args) => cli::bulk::bulk(args),
        Command::Check(args) => cli::check::run(args),
        Command::HoSo(args) => cli::ho_so::run(args),
        Command::Register(args) => cli::register::run(args),
        Command::TongHop(args) => cli::tong_hop::run(args),
        Command::Serve(args) => cli::serve::run(args),
        Command::Nhap(args) => cli::nhap::run(args),
        Command::Schema { what } => {
            cli::print_out(&format!("{}\n", if what == "ban-sao" { vanban::copy_schema() } else { vanban::schema() }));
            ExitCode::SUCCESS
        }
        Command::New { kind, output } => cli::new::new(&kind, output.as_deref()),
        Command::TypstProject { input, dir } => cli::render::typst_project(&input, &dir),
    }
}
