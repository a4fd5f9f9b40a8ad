//! `vanban serve`: the web editor (see `vanban::serve`).

use super::{backends, usage};
use std::io::BufRead;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use vanban::messages::Text;
use vanban::serve::{self, auth::Auth};

#[derive(clap::Args)]
pub(crate) struct ServeArgs {
    /// The port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8080)]
    port: u16,

    /// The address to listen on. 127.0.0.1 (the default) serves this computer only; 0.0.0.0
    /// serves the office's network and then needs --password-file or --token.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,

    /// Another name the server may be reached by (repeatable): the name the office's DNS
    /// gives this computer, or a reverse proxy's. `NAME` allows any port, `NAME:PORT` one.
    /// Requests for any other name are refused (against DNS rebinding); 127.0.0.1,
    /// localhost, [::1] and --host are always allowed, with the port served.
    #[arg(long = "allowed-host", value_name = "NAME")]
    allowed_host: Vec<String>,

    /// Open the editor in the default browser.
    #[arg(long)]
    open: bool,

    /// Accounts allowed to log in: a file of `name:$argon2id$…` lines, written by
    /// `vanban serve --add-user NAME --password-file FILE`.
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,

    /// One shared access token instead of accounts (also $VANBAN_TOKEN); a link
    /// `http://HOST:PORT/?token=…` logs a browser in.
    #[arg(long, value_name = "TOKEN", env = "VANBAN_TOKEN", hide_env_values = true)]
    token: Option<String>,

    /// Where each account's drafts are kept on the server (with --password-file only; default:
    /// the folder `<password file>.ban-nhap` beside it).
    #[arg(long, value_name = "DIR")]
    drafts: Option<PathBuf>,

    /// Add or replace an account in --password-file, its password read from standard input
    /// (one line), then exit.
    #[arg(long, value_name = "NAME", requires = "password_file")]
    add_user: Option<String>,

    /// The largest upload (rows file, returned forms, nominations), in MB.
    #[arg(long, value_name = "MB", default_value_t = 50)]
    upload_limit: usize,

    /// Renders at once (default: the number of cores).
    #[arg(long, value_name = "N")]
    workers: Option<usize>,

    /// A render's time limit, in seconds.
    #[arg(long, value_name = "S", default_value_t = 30)]
    render_timeout: u64,

    /// The outgoing register for the register page and the editor's "Lấy số": a SQLite file
    /// or a PostgreSQL URL, as `vanban register --register` (also $VANBAN_REGISTER).
    #[arg(long, value_name = "FILE_OR_URL", env = "VANBAN_REGISTER")]
    register: Option<String>,

    /// Another directory of fonts (see `render --help`).
    #[arg(long, value_name = "DIR")]
    font_path: Vec<PathBuf>,
}

pub(crate) fn run(args: ServeArgs) -> ExitCode {
    if let (Some(name), Some(file)) = (&args.add_user, &args.password_file) {
        let mut line = String::new();
        if let Err(e) = std::io::stdin().lock().read_line(&mut line) {
            return usage(&Text::PasswordStdin { error: e.to_string() }.to_string());
        }
        let password = line.trim_end_matches(['\n', '\r']);
        return match serve::auth::add_user(file, name, password) {
            Ok(()) => {
                eprintln!("{}", Text::AccountWritten { path: file.display().to_string(), name: name.to_string() });
                ExitCode::SUCCESS
            }
            Err(e) => usage(&e),
        };
    }
    let auth = match (&args.password_file, &args.token) {
        (Some(_), Some(_)) => return usage(&Text::PasswordOrToken.to_string()),
        (Some(f), None) => match Auth::read_password_file(f) {
            Ok(a) => a,
            Err(e) => return usage(&e),
        },
        (None, Some(t)) if t.chars().count() < 12 => return usage(&Text::TokenShort.to_string()),
        (None, Some(t)) => Auth::Token(t.clone()),
        (None, None) => Auth::Open,
    };
    let (engine, docx) = match backends(&args.font_path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let config = serve::Config {
        host: args.host,
        port: args.port,
        auth,
        upload_limit: args.upload_limit.max(1) * 1024 * 1024,
        workers: args.workers.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        render_timeout: std::time::Duration::from_secs(args.render_timeout.max(1)),
        register: args.register.clone(),
        allowed_hosts: args.allowed_host.clone(),
        drafts: args.drafts.clone().or_else(|| {
            args.password_file.as_ref().map(|f| {
                let mut dir = f.clone().into_os_string();
                dir.push(".ban-nhap");
                PathBuf::from(dir)
            })
        }),
    };
    let open = args.open;
    let result = serve::run(config, engine, docx, |addr| {
        // From here the server answers pages: it speaks Vietnamese whatever the locale (its
        // messages, the CSVs it writes); before, the CLI's language (--lang, the locale).
        vanban::messages::set_lang(vanban::messages::Lang::Vi);
        let shown = if addr.ip().is_unspecified() { format!("http://127.0.0.1:{}/", addr.port()) } else { format!("http://{addr}/") };
        // The line tests and scripts read; then a note for the person.
        println!("vanban serve: {shown}");
        eprintln!("Mở trình duyệt tại {shown} (Ctrl+C để dừng)");
        if open {
            if let Err(e) = webbrowser::open(&shown) {
                eprintln!("{}", Text::CannotOpenBrowser { error: e.to_string() });
            }
        }
        use std::io::Write;
        // The address was also written to stderr; a closed stdout leaves no one to tell.
        let _ = std::io::stdout().flush();
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => usage(&e.to_string()),
    }
}
