//! The web editor in a real browser: Debian's Chromium driven through chromium-driver
//! (WebDriver, fantoccini), against the real `vanban serve`. A clerk's session: open the
//! editor, choose Kế hoạch, fill the fields, type a body, add a table pasted from Excel, see
//! the preview change, fix a field the check flags, download the PDF and DOCX (checked as the
//! other tests check files), then a bulk upload to its ZIP. The editor's screenshot is saved
//! to target/test-artifacts/editor.png (and, with VANBAN_SCREENSHOT=1, to
//! tests/screenshots/editor.png, the picture README shows).

use crate::common;

use crate::common::server::Server;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// chromedriver, stopped when dropped; its port, to read the browser's console log.
struct Driver(Child, u16);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The newest notification of a number the register gave.
const NUMBER_NOTICE: &str = "[...document.querySelectorAll('#thong-bao li.ok span')].map((s) => s.textContent).find((t) => t.startsWith('Số: '))";

/// What the browser logged as an error since the last call (Chromium's console log through
/// chromedriver's log endpoint: it holds what no script can catch — a resource's 404, a
/// script or handler blocked by the Content-Security-Policy — as well as `console.error`
/// and uncaught exceptions).
async fn console_errors(c: &Client, driver: &Driver) -> Vec<String> {
    let session = c.session_id().await.unwrap().expect("a WebDriver session");
    let url = format!("http://127.0.0.1:{}/session/{session}/se/log", driver.1);
    let body = tokio::task::spawn_blocking(move || {
        let mut r = ureq::post(&url).header("Content-Type", "application/json").send(r#"{"type":"browser"}"#).expect("chromedriver's log");
        r.body_mut().read_to_string().unwrap()
    })
    .await
    .unwrap();
    let v: Value = serde_json::from_str(&body).unwrap();
    v["value"].as_array().expect("log entries").iter().filter(|e| e["level"] == "SEVERE").map(|e| e["message"].as_str().unwrap_or("").to_string()).collect()
}

/// The console holds no error but the refusals `expected` (statuses the server answered a
/// request the test made on purpose, which Chromium logs as failed resources).
async fn assert_console_only(c: &Client, driver: &Driver, expected: &[u16], when: &str) {
    let errors: Vec<String> = console_errors(c, driver)
        .await
        .into_iter()
        .filter(|e| !expected.iter().any(|s| e.contains(&format!("the server responded with a status of {s}"))))
        .collect();
    assert!(errors.is_empty(), "console errors {when}:\n{}", errors.join("\n"));
}

/// The console holds no error.
async fn assert_clean_console(c: &Client, driver: &Driver, when: &str) {
    let errors = console_errors(c, driver).await;
    assert!(errors.is_empty(), "console errors {when}:\n{}", errors.join("\n"));
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn chromium() -> (String, String) {
    let find = |names: &[&str]| names.iter().map(|n| PathBuf::from("/usr/bin").join(n)).find(|p| p.exists()).map(|p| p.display().to_string());
    let browser = find(&["chromium", "chromium-browser"]).expect("Chromium is needed: apt-get install chromium chromium-driver (bash tests/run.sh does)");
    let driver = find(&["chromedriver"]).expect("chromium-driver is needed: apt-get install chromium-driver (bash tests/run.sh does)");
    (browser, driver)
}

async fn browser(downloads: &Path) -> (Driver, Client) {
    browser_in(downloads, "vi").await
}

/// Chromium in the language `lang` (its date pickers and number formats follow it).
async fn browser_in(downloads: &Path, lang: &str) -> (Driver, Client) {
    let (binary, driver) = chromium();
    let port = free_port();
    let child = Command::new(driver).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start chromedriver");
    let driver = Driver(child, port);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": binary,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,768", format!("--lang={lang}")],
            "prefs": { "download.default_directory": downloads.display().to_string(), "download.prompt_for_download": false },
        }),
    );
    // Chromium's console, read by `console_errors`.
    caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
    let start = Instant::now();
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector).capabilities(caps.clone()).connect(&format!("http://127.0.0.1:{port}")).await {
            Ok(c) => return (driver, c),
            Err(e) if start.elapsed() < Duration::from_secs(30) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("cannot start Chromium through chromedriver: {e}"),
        }
    }
}

/// Waits until a JavaScript expression is truthy; its value.
async fn until(c: &Client, expr: &str, what: &str) -> Value {
    let start = Instant::now();
    loop {
        let v = c.execute(&format!("return ({expr});"), vec![]).await.unwrap_or(Value::Null);
        let truthy = !(v.is_null() || v == json!(false) || v == json!(0) || v == json!(""));
        if truthy {
            return v;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let status = c.execute("return document.getElementById('trang-thai').textContent", vec![]).await.unwrap_or_default();
            let diags = c.execute("return document.getElementById('tong-chan-doan').textContent", vec![]).await.unwrap_or_default();
            if let Ok(png) = c.screenshot().await {
                let dir = common::root().join("target/test-artifacts");
                let _ = std::fs::create_dir_all(&dir);
                let _ = std::fs::write(dir.join("browser-timeout.png"), png);
            }
            panic!("timed out waiting for {what} ({expr}); status: {status}; diagnostics: {diags} (screenshot: target/test-artifacts/browser-timeout.png)");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn rev(c: &Client) -> u64 {
    c.execute("return Number(document.getElementById('xem-truoc').dataset.rev)", vec![]).await.unwrap().as_u64().unwrap()
}

async fn set_text(c: &Client, id: &str, text: &str) {
    let el = c.find(Locator::Id(id)).await.unwrap_or_else(|e| panic!("#{id}: {e}"));
    el.clear().await.unwrap();
    el.send_keys(text).await.unwrap();
}

/// A file the browser saved into `dir`, once complete.
async fn downloaded(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let start = Instant::now();
    // Until the file is there and Chromium's partial download is gone.
    while !path.exists() || dir.join(format!("{name}.crdownload")).exists() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{name} was not downloaded into {}: {:?}",
            dir.display(),
            std::fs::read_dir(dir).unwrap().collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_drafts_a_plan_and_runs_a_bulk_job() {
    let work = tempfile::tempdir().unwrap();
    let downloads = work.path().join("tai-ve");
    std::fs::create_dir(&downloads).unwrap();
    let register = work.path().join("so-dang-ky.db");
    let server = Server::start_in(work.path(), &["--register", register.to_str().unwrap()]);
    let (driver, c) = browser(&downloads).await;
    c.goto(&format!("{}/", server.base)).await.unwrap();

    // The starter of the first kind is shown as pages.
    until(&c, "Number(document.getElementById('xem-truoc').dataset.pages) >= 1", "the first preview").await;
    c.find(Locator::Id("loai")).await.unwrap().select_by_value("ke-hoach").await.unwrap();
    // A new Kế hoạch: no number, the example's text only as the empty fields' grey hints.
    until(&c, "document.getElementById('trich_yeu').placeholder.includes('Ngày Sách') && document.getElementById('trich_yeu').value === '' && document.getElementById('so').value === ''", "the new Kế hoạch").await;
    let first = rev(&c).await;

    // The clerk's own plan.
    set_text(&c, "co_quan.chu_quan", "SỞ GD&ĐT QUẢNG NGÃI").await;
    set_text(&c, "co_quan.ten", "TRƯỜNG THPT LÊ THÁNH TÔN").await;
    set_text(&c, "co_quan.viet_tat", "THPTLTT").await;
    set_text(&c, "so", "27").await;
    set_text(&c, "dia_danh", "Quảng Ngãi").await;
    set_text(&c, "trich_yeu", "Tổ chức Hội khỏe Phù Đổng cấp trường năm học 2026 - 2027").await;
    // The starter's body is text, a table, text: the clerk keeps one text part and types.
    while c.find_all(Locator::Css("#noi_dung .segment")).await.unwrap().len() > 1 {
        let remove = c.find_all(Locator::XPath("//div[@id='noi_dung']/div[contains(@class,'segment')][last()]//button[text()='Xóa phần này']")).await.unwrap();
        remove[0].click().await.unwrap();
    }
    let body = c.find(Locator::Css("#noi_dung textarea.body-text")).await.unwrap();
    body.clear().await.unwrap();
    body.send_keys(
        "Thực hiện kế hoạch năm học 2026 - 2027, Trường THPT Lê Thánh Tôn xây dựng Kế hoạch tổ chức Hội khỏe Phù Đổng cấp trường như sau:\n\
         I. MỤC ĐÍCH, YÊU CẦU\n\
         - Phát triển phong trào thể dục thể thao trong học sinh;\n\
         - Tuyển chọn vận động viên dự Hội khỏe Phù Đổng cấp tỉnh.\n\
         II. TỔ CHỨC THỰC HIỆN\n\
         Giao Đoàn trường chủ trì tổ chức các môn thi đấu./.",
    )
    .await
    .unwrap();
    set_text(&c, "ky.ho_ten", "Nguyễn Thị Minh Hằng").await;
    set_text(&c, "noi_nhan", "Sở GDĐT (để báo cáo);\nCác tổ chuyên môn;\nLưu: VT.").await;
    c.find(Locator::Id("ky.hinh_thuc")).await.unwrap().select_by_value("KT").await.unwrap();
    set_text(&c, "ky.thay_mat", "HIỆU TRƯỞNG").await;
    set_text(&c, "ky.chuc_vu", "PHÓ HIỆU TRƯỞNG").await;

    // A table, its figures pasted from Excel (tab-separated lines) into its first cell.
    c.find(Locator::Css("#noi_dung .segment-bar .them-bang")).await.unwrap().click().await.unwrap();
    until(&c, "document.querySelectorAll('#noi_dung table.grid').length === 1", "the table grid").await;
    c.execute(
        "const input = document.querySelector('#noi_dung table.grid tr:not(.head) input');
         const dt = new DataTransfer();
         dt.setData('text/plain', '1\\tĐiền kinh\\t120\\n2\\tBóng đá nam\\t96\\n3\\tCờ vua\\t40\\n');
         input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));",
        vec![],
    )
    .await
    .unwrap();
    until(&c, "document.querySelectorAll('#noi_dung table.grid tr').length === 4", "3 pasted rows under the header").await;
    let cols = c.execute("return document.querySelectorAll('#noi_dung table.grid tr')[1].querySelectorAll('input').length", vec![]).await.unwrap();
    assert_eq!(cols, json!(3), "the grid grew to the pasted columns");
    // The header gets the third column's title.
    c.execute("const i = document.querySelectorAll('#noi_dung table.grid tr.head input')[2]; i.value = 'Số học sinh'; i.dispatchEvent(new Event('input', { bubbles: true }));", vec![]).await.unwrap();

    until(
        &c,
        &format!(
            "Number(document.getElementById('xem-truoc').dataset.rev) > {first} && document.getElementById('trang-thai').textContent.startsWith('Đã cập nhật')"
        ),
        "the preview of the typed plan",
    )
    .await;
    let typed = rev(&c).await;
    let pages_before: Value = c.execute("return [...document.querySelectorAll('#xem-truoc img')].map(i => i.src)", vec![]).await.unwrap();

    // A symbol of another kind: flagged at its field, in Vietnamese; then fixed.
    set_text(&c, "ky_hieu", "BC-THPTLTT").await;
    let note = until(&c, "(document.querySelector('.diag.loi[data-for=\"ky_hieu\"]') || {}).textContent", "the check's note at Ký hiệu").await;
    assert!(note.as_str().unwrap().contains("không khớp với loại văn bản"), "{note}");
    assert_eq!(c.execute("return document.getElementById('ky_hieu').classList.contains('co-loi')", vec![]).await.unwrap(), json!(true));
    set_text(&c, "ky_hieu", "").await;
    until(&c, "!document.querySelector('.diag.loi')", "the note gone once fixed").await;
    until(&c, &format!("Number(document.getElementById('xem-truoc').dataset.rev) > {typed}"), "the preview after the fix").await;
    let pages_after: Value = c.execute("return [...document.querySelectorAll('#xem-truoc img')].map(i => i.src)", vec![]).await.unwrap();
    assert_ne!(pages_before, pages_after);

    // The screenshot README shows.
    let png = c.screenshot().await.unwrap();
    let artefacts = common::root().join("target/test-artifacts");
    std::fs::create_dir_all(&artefacts).unwrap();
    std::fs::write(artefacts.join("editor.png"), &png).unwrap();
    if std::env::var_os("VANBAN_SCREENSHOT").is_some() {
        std::fs::write(common::root().join("tests/screenshots/editor.png"), &png).unwrap();
    }

    // Downloads: the PDF's text and the DOCX's XML hold what was typed; the DOCX is valid.
    c.find(Locator::Id("tai-pdf")).await.unwrap().click().await.unwrap();
    let pdf = downloaded(&downloads, "ke-hoach-27.pdf").await;
    let text = common::pdftotext(&pdf);
    for want in [
        "TRƯỜNG THPT LÊ THÁNH TÔN",
        "Số: 27/KH-THPTLTT",
        "Hội khỏe Phù Đổng cấp trường",
        "Bóng đá nam",
        "Số học sinh",
        "KT. HIỆU TRƯỞNG",
        "PHÓ HIỆU TRƯỞNG",
        "Nguyễn Thị Minh Hằng",
    ] {
        assert!(text.contains(want), "{want} in the PDF:\n{text}");
    }
    c.find(Locator::Id("tai-docx")).await.unwrap().click().await.unwrap();
    let docx = downloaded(&downloads, "ke-hoach-27.docx").await;
    let xml = common::docx_part(&docx, "word/document.xml");
    for want in ["Phù Đổng", "Cờ vua", "Nguyễn Thị Minh Hằng"] {
        assert!(xml.contains(want), "{want} in the DOCX");
    }
    let valid = work.path().join("hop-le");
    std::fs::create_dir(&valid).unwrap();
    std::fs::copy(&docx, valid.join("k.docx")).unwrap();
    common::assert_valid_docx(&valid);
    c.find(Locator::Id("tai-json")).await.unwrap().click().await.unwrap();
    let saved: Value = serde_json::from_slice(&std::fs::read(downloaded(&downloads, "ke-hoach.json").await).unwrap()).unwrap();
    assert_eq!(saved["so"], 27);
    assert_eq!(saved["ky"]["hinh_thuc"], "KT");
    assert!(saved.get("ky_hieu").is_none());

    // The register: the number the plan carries, typed by hand, recorded once the clerk
    // confirms it; the book's page shows it.
    c.find(Locator::Id("ghi-so")).await.unwrap().click().await.unwrap();
    let ask =
        until(&c, "!document.getElementById('xac-nhan-ghi-so').hidden && document.getElementById('xac-nhan-ghi-so-chu').textContent", "the confirmation").await;
    assert!(ask.as_str().unwrap().starts_with("Ghi số 27 (gõ tay) vào sổ văn bản đi"), "{ask}");
    c.find(Locator::Id("ghi-so-dong-y")).await.unwrap().click().await.unwrap();
    let said = until(&c, NUMBER_NOTICE, "the number from the register").await;
    assert_eq!(said, json!("Số: 27/KH-THPTLTT (số gõ tay, đã ghi vào sổ)"));
    c.find(Locator::Id("tab-so")).await.unwrap().click().await.unwrap();
    let row = until(&c, "(document.querySelectorAll('#so-ket-qua table tr')[1] || {}).textContent", "the book's first line").await;
    assert!(row.as_str().unwrap().starts_with("27/KH-THPTLTT"), "{row}");
    c.find(Locator::Css("button[data-tab=soan]")).await.unwrap().click().await.unwrap();

    // The draft comes back after a reload, as it was.
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(&c, "Number(document.getElementById('xem-truoc').dataset.pages) >= 1", "the preview after reload").await;
    until(&c, "document.getElementById('trich_yeu').value.includes('Phù Đổng')", "the plan's draft").await;
    let remembered = c.execute("return document.getElementById('co_quan.ten').value", vec![]).await.unwrap();
    assert_eq!(remembered, json!("TRƯỜNG THPT LÊ THÁNH TÔN"));

    // Bulk: the rows checked first (one row fails), then run to its ZIP and failures.csv.
    let rows: Vec<String> = std::fs::read_to_string(common::root().join("samples/truong.csv")).unwrap().lines().take(6).map(str::to_string).collect();
    let mut rows = rows;
    rows[2] = rows[2].replacen(",2,", ",hai,", 1);
    let csv = work.path().join("truong.csv");
    std::fs::write(&csv, rows.join("\n") + "\n").unwrap();
    c.find(Locator::Css("button[data-tab=hang-loat]")).await.unwrap().click().await.unwrap();
    c.find(Locator::Id("hl-mau")).await.unwrap().select_by_value("phieu-bao-cao-quy").await.unwrap();
    c.find(Locator::Id("hl-du-lieu")).await.unwrap().send_keys(csv.to_str().unwrap()).await.unwrap();
    c.find(Locator::Id("hl-kiem-tra")).await.unwrap().click().await.unwrap();
    let checked = until(&c, "(document.querySelector('#hl-ket-qua p.loi, #hl-ket-qua p.ok') || {}).textContent", "the rows' check").await;
    assert_eq!(checked, json!("5 dòng, 1 dòng có lỗi"));
    c.find(Locator::Id("hl-tao")).await.unwrap().click().await.unwrap();
    until(&c, "document.querySelector('#hl-ket-qua a.tai-zip')", "the ZIP link").await;
    let progress = c.execute("const p = document.getElementById('hl-tien-do'); return [p.value, p.max]", vec![]).await.unwrap();
    assert_eq!(progress, json!([5, 5]));
    c.find(Locator::Css("#hl-ket-qua a.tai-zip")).await.unwrap().click().await.unwrap();
    let zip = std::fs::read(downloaded(&downloads, "van-ban.zip").await).unwrap();
    let names = common::server::zip_names(&zip);
    assert_eq!(names.iter().filter(|n| n.ends_with(".pdf")).count(), 4, "{names:?}");
    c.find(Locator::Css("#hl-ket-qua a.tai-failures")).await.unwrap().click().await.unwrap();
    let failures = std::fs::read_to_string(downloaded(&downloads, "failures.csv").await).unwrap();
    assert!(failures.lines().nth(1).is_some_and(|l| l.starts_with("3,")), "{failures}");

    assert_clean_console(&c, &driver, "during the clerk's session").await;
    c.close().await.unwrap();
}

/// Issue 26, item 8: no error in the console on any tab (the forms' handlers are not inline
/// scripts the Content-Security-Policy blocks, the icon is served), and Enter in a field
/// never submits a form by navigation (the chosen file, the tab and the page stay).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_console_error_on_any_tab_and_enter_never_reloads_the_page() {
    let work = tempfile::tempdir().unwrap();
    let downloads = work.path().join("tai-ve");
    std::fs::create_dir(&downloads).unwrap();
    let register = work.path().join("so-dang-ky.db");
    let server = Server::start_in(work.path(), &["--register", register.to_str().unwrap()]);
    let (driver, c) = browser(&downloads).await;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(&c, "Number(document.getElementById('xem-truoc').dataset.pages) >= 1", "the first preview").await;
    // The icon the browser asks for on its own, after the page.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_clean_console(&c, &driver, "on loading the editor").await;
    for tab in ["hang-loat", "ho-so", "tong-hop", "so-dang-ky", "soan"] {
        c.find(Locator::Css(&format!("button[data-tab={tab}]"))).await.unwrap().click().await.unwrap();
        until(&c, &format!("document.getElementById('{tab}').classList.contains('active')"), tab).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_clean_console(&c, &driver, &format!("on the tab {tab}")).await;
    }

    // Enter in "Trang tính", a file chosen: the page is the same page, on the same tab.
    c.find(Locator::Css("button[data-tab=hang-loat]")).await.unwrap().click().await.unwrap();
    c.execute("window.vanbanSamePage = true;", vec![]).await.unwrap();
    let csv = common::root().join("samples/truong.csv");
    c.find(Locator::Id("hl-du-lieu")).await.unwrap().send_keys(csv.to_str().unwrap()).await.unwrap();
    c.find(Locator::Css("input[name=trang_tinh]")).await.unwrap().send_keys("Trang1\u{E007}").await.unwrap();
    tokio::time::sleep(Duration::from_millis(800)).await;
    let state = c
        .execute(
            "return [window.vanbanSamePage === true, location.search, document.getElementById('hang-loat').classList.contains('active'), document.getElementById('hl-du-lieu').files.length]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(state, json!([true, "", true, 1]), "[same page, query, tab, files] after Enter");
    // Enter in the editor's fields neither.
    c.find(Locator::Css("button[data-tab=soan]")).await.unwrap().click().await.unwrap();
    c.find(Locator::Id("dia_danh")).await.unwrap().send_keys("\u{E007}").await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(c.execute("return window.vanbanSamePage === true && location.search === ''", vec![]).await.unwrap(), json!(true));
    assert_clean_console(&c, &driver, "after Enter in the fields").await;
    c.close().await.unwrap();
    drop(server);

    // The login page: Enter logs in (the script sends it), with no error either.
    let server = Server::start_in(work.path(), &["--token", "ma-truy-cap-cua-phong"]);
    let (driver, c) = browser(&downloads).await;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(&c, "location.pathname === '/dang-nhap' && document.getElementById('mat-khau')", "the login page").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Opening `/` without a session is answered by a redirect, not an error.
    assert_clean_console(&c, &driver, "on the login page").await;
    c.find(Locator::Id("mat-khau")).await.unwrap().send_keys("ma-truy-cap-cua-phong\u{E007}").await.unwrap();
    until(&c, "location.pathname === '/' && Number((document.getElementById('xem-truoc') || {dataset: {}}).dataset.pages) >= 1", "the editor after logging in")
        .await;
    assert_eq!(c.execute("return location.search", vec![]).await.unwrap(), json!(""));
    assert_clean_console(&c, &driver, "after logging in").await;
    c.close().await.unwrap();
}

/// The page count of a PDF, by poppler.
fn pdf_pages(pdf: &Path) -> usize {
    common::pdfinfo(pdf).lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).expect("Pages: in pdfinfo")
}

/// The page as the browser prints it (WebDriver's Print Page, A4 without margins, as the
/// page's own `@page` asks): a PDF saved in `dir`.
async fn printed(c: &Client, dir: &Path, name: &str) -> PathBuf {
    use fantoccini::wd::{PrintConfiguration, PrintMargins, PrintSize};
    let config = PrintConfiguration::builder().size(PrintSize::A4).margins(PrintMargins { top: 0.0, bottom: 0.0, left: 0.0, right: 0.0 }).build().unwrap();
    let pdf = c.print(config).await.unwrap();
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

/// Opens a document file through the editor's "open a file" input.
async fn open_file(c: &Client, path: &Path) {
    let before = rev(c).await;
    c.find(Locator::Id("mo-tep")).await.unwrap().send_keys(path.to_str().unwrap()).await.unwrap();
    until(
        c,
        &format!("Number(document.getElementById('xem-truoc').dataset.rev) > {before} && document.getElementById('xem-truoc').dataset.cu === ''"),
        "the opened file's preview",
    )
    .await;
}

/// Issue 26, item 1: "In" prints the document as it now stands — an edit made just before
/// is in it, no blank sheet follows — and is refused, with the reason, while the document
/// has errors (printed anyway with Ctrl+P, the page is a note, not the older pages).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn print_is_the_document_as_it_now_stands() {
    let work = tempfile::tempdir().unwrap();
    let server = Server::start_in(work.path(), &[]);
    let (driver, c) = browser(work.path()).await;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(&c, "document.getElementById('loai').options.length > 0 && document.getElementById('trang-thai').textContent !== ''", "the editor").await;
    open_file(&c, &common::sample("ke-hoach-so-gddt-quang-ngai")).await;
    // The browser's print dialog, recorded instead of opened: what the preview held then.
    c.execute(
        "window.printCalls = [];
         window.print = () => { const b = document.getElementById('xem-truoc');
           window.printCalls.push({ rev: Number(b.dataset.rev), cu: b.dataset.cu, pages: Number(b.dataset.pages), imgs: b.querySelectorAll('img.page').length }); };",
        vec![],
    )
    .await
    .unwrap();
    let before = rev(&c).await;

    // A new signer typed, "In" at once: printed once the preview holds the new signer.
    set_text(&c, "ky.ho_ten", "Trần Thị Bình An").await;
    c.find(Locator::Id("in")).await.unwrap().click().await.unwrap();
    let call = until(&c, "window.printCalls.length === 1 && window.printCalls[0]", "the print").await;
    assert!(call["rev"].as_u64().unwrap() > before, "printed the older preview: {call}");
    assert_eq!(call["cu"], "", "{call}");
    assert_eq!(call["pages"], call["imgs"], "{call}");
    let pages = call["pages"].as_u64().unwrap() as usize;
    let pdf = printed(&c, work.path(), "in.pdf").await;
    assert_eq!(pdf_pages(&pdf), pages, "one sheet a page, no blank sheet after the last");
    // The pages printed are the document's: the same count as the PDF the server makes.
    let doc: Value = c.execute("return collect()", vec![]).await.unwrap();
    let mut client = common::server::Client::session(&server.base);
    let made = client.post_json("/api/download/pdf", &doc);
    assert_eq!(made.status, 200);
    std::fs::write(work.path().join("tai.pdf"), &made.body).unwrap();
    assert_eq!(pdf_pages(&work.path().join("tai.pdf")), pages);
    assert!(common::pdftotext(&work.path().join("tai.pdf")).contains("Trần Thị Bình An"));

    // An error typed, "In" at once: refused with the reason, the preview marked outdated.
    set_text(&c, "ky_hieu", "BC-SGDĐT").await;
    c.find(Locator::Id("in")).await.unwrap().click().await.unwrap();
    let notice = until(&c, "(document.querySelector('#thong-bao li.loi') || {}).textContent", "the refusal").await;
    assert!(notice.as_str().unwrap().contains("Chưa in được: văn bản còn 1 lỗi"), "{notice}");
    assert_eq!(c.execute("return window.printCalls.length", vec![]).await.unwrap(), json!(1), "printed with an error");
    let banner = c.execute("const b = document.getElementById('xem-truoc-cu'); return [b.hidden, b.textContent, document.getElementById('xem-truoc').classList.contains('cu')]", vec![]).await.unwrap();
    assert_eq!(banner[0], false);
    assert!(banner[1].as_str().unwrap().starts_with("Văn bản hiện còn 1 lỗi: xem trước bên dưới là bản cũ (lúc "), "{banner}");
    assert_eq!(banner[2], true);
    // Item 6: the error list heads the form; its entry takes the clerk to the field, which
    // names its problem to screen readers.
    c.find(Locator::Id("trich_yeu")).await.unwrap().click().await.unwrap();
    let head = c.execute("return document.querySelector('#tong-chan-doan .diag-head').textContent", vec![]).await.unwrap();
    assert!(head.as_str().unwrap().starts_with("1 lỗi") && head.as_str().unwrap().contains(" — chưa in, tải hay lấy số được."), "{head}");
    c.find(Locator::Css("#tong-chan-doan li.loi button.den-o")).await.unwrap().click().await.unwrap();
    let focus = c
        .execute("const f = document.activeElement; return [f.id, f.getAttribute('aria-invalid'), document.getElementById(f.getAttribute('aria-describedby')).textContent.startsWith('Ký hiệu')]", vec![])
        .await
        .unwrap();
    assert_eq!(focus, json!(["ky_hieu", "true", true]));
    // The refusal stays: still there after later updates.
    set_text(&c, "trich_yeu", "Về việc tổ chức Hội khỏe Phù Đổng").await;
    until(&c, "document.getElementById('trang-thai').textContent.startsWith('Văn bản còn')", "the next update").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(c.execute("return document.querySelector('#thong-bao li.loi').textContent", vec![]).await.unwrap().as_str().unwrap().contains("Chưa in được"));
    // Printed anyway (Ctrl+P): a note on one sheet, not the older pages.
    let pdf = printed(&c, work.path(), "in-loi.pdf").await;
    assert_eq!(pdf_pages(&pdf), 1);
    assert!(common::pdftotext(&pdf).contains("chưa in được"), "{}", common::pdftotext(&pdf));
    let png = c.screenshot().await.unwrap();
    let artefacts = common::root().join("target/test-artifacts");
    std::fs::create_dir_all(&artefacts).unwrap();
    std::fs::write(artefacts.join("print-refused.png"), &png).unwrap();

    // Fixed: printed again, the current pages.
    set_text(&c, "ky_hieu", "").await;
    c.find(Locator::Id("in")).await.unwrap().click().await.unwrap();
    let call = until(&c, "window.printCalls.length === 2 && window.printCalls[1]", "the print after the fix").await;
    assert_eq!(call["cu"], "");
    assert_eq!(pdf_pages(&printed(&c, work.path(), "in-2.pdf").await), call["pages"].as_u64().unwrap() as usize);
    assert_clean_console(&c, &driver, "while printing").await;
    c.close().await.unwrap();
}

/// Types a whole Kế hoạch of the clerk's own into the editor.
async fn type_plan(c: &Client, summary: &str) {
    set_text(c, "co_quan.chu_quan", "SỞ GD&ĐT QUẢNG NGÃI").await;
    set_text(c, "co_quan.ten", "TRƯỜNG THPT LÊ THÁNH TÔN").await;
    set_text(c, "co_quan.viet_tat", "THPTLTT").await;
    set_text(c, "dia_danh", "Quảng Ngãi").await;
    set_text(c, "trich_yeu", summary).await;
    let body = c.find(Locator::Css("#noi_dung textarea.body-text")).await.unwrap();
    body.clear().await.unwrap();
    body.send_keys("Trường THPT Lê Thánh Tôn xây dựng kế hoạch như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n- Phát triển phong trào thể dục thể thao trong học sinh./.")
        .await
        .unwrap();
    set_text(c, "ky.chuc_vu", "HIỆU TRƯỞNG").await;
    set_text(c, "ky.ho_ten", "Nguyễn Thị Minh Hằng").await;
    set_text(c, "noi_nhan", "Sở GDĐT (để báo cáo);\nLưu: VT.").await;
    until(c, "document.getElementById('trang-thai').textContent.startsWith('Đã cập nhật') && !document.querySelector('.diag.loi')", "the typed plan's preview")
        .await;
}

async fn click(c: &Client, id: &str) {
    c.find(Locator::Id(id)).await.unwrap_or_else(|e| panic!("#{id}: {e}")).click().await.unwrap();
}

async fn click_css(c: &Client, css: &str) {
    c.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.unwrap();
}

/// Issue 26, items 2, 4 and 5: a new document is blank (the example only as grey hints,
/// shown as an example in the preview), "Lấy số" takes the register's next number and a
/// typed one is recorded only after a separate confirmation, the example's text is refused
/// by the register; results stay with their times and the number stays beside its field;
/// drafts are saved as typed, come back on reload, are listed to reopen or delete; another
/// kind keeps what was typed; each tab has its address and Back returns to the tab before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_documents_start_blank_numbers_come_from_the_register_and_drafts_stay() {
    let work = tempfile::tempdir().unwrap();
    let register = work.path().join("so-dang-ky.db");
    let server = Server::start_in(work.path(), &["--register", register.to_str().unwrap()]);
    let (driver, c) = browser(work.path()).await;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    c.find(Locator::Id("loai")).await.unwrap().select_by_value("ke-hoach").await.unwrap();
    until(&c, "document.getElementById('trich_yeu').placeholder.startsWith('Ví dụ: Tổ chức Ngày Sách') && !document.getElementById('vi-du').hidden && Number(document.getElementById('xem-truoc').dataset.pages) >= 1", "the new Kế hoạch and its example").await;
    let blank = c
        .execute("return ['trich_yeu', 'so', 'ky.ho_ten', 'kinh_gui'].map((id) => document.getElementById(id).value).concat([document.querySelector('#noi_dung textarea.body-text').value, document.querySelector('#noi_dung textarea.body-text').placeholder.startsWith('Ví dụ:')])", vec![])
        .await
        .unwrap();
    assert_eq!(blank, json!(["", "", "", "", "", true]), "a new document's fields");
    // No problem listed for a document not yet typed.
    assert_eq!(c.execute("return document.querySelectorAll('.diag').length", vec![]).await.unwrap(), json!(0));
    let png = c.screenshot().await.unwrap();
    let artefacts = common::root().join("target/test-artifacts");
    std::fs::create_dir_all(&artefacts).unwrap();
    std::fs::write(artefacts.join("new-document.png"), &png).unwrap();

    // The clerk's plan: "Lấy số" gives the year's first number, shown beside the field.
    type_plan(&c, "Tổ chức Hội khỏe Phù Đổng cấp trường năm học 2026 - 2027").await;
    click(&c, "lay-so").await;
    let said = until(&c, NUMBER_NOTICE, "the first number").await;
    assert_eq!(said, json!("Số: 01/KH-THPTLTT (số mới)"));
    assert_eq!(c.execute("return document.getElementById('so').value", vec![]).await.unwrap(), json!("1"));
    // The result stays through later updates of the preview; the number beside its field.
    set_text(&c, "kinh_gui", "Các tổ chuyên môn").await;
    until(&c, "document.getElementById('trang-thai').textContent.startsWith('Đã cập nhật')", "the next update").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let kept = c
        .execute(
            &format!("return [{NUMBER_NOTICE}, document.querySelector('#thong-bao li.ok time').textContent, document.getElementById('so-da-cap').textContent]"),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(kept[0], "Số: 01/KH-THPTLTT (số mới)");
    assert!(kept[1].as_str().unwrap().chars().filter(|c| *c == ':').count() == 2, "a time hh:mm:ss: {kept}");
    assert!(kept[2].as_str().unwrap().starts_with("Đã lấy số 01/KH-THPTLTT (số mới) lúc "), "{kept}");
    // "Lấy số" again after an edit: no second number for the same document.
    click(&c, "lay-so").await;
    let said = until(&c, "(document.querySelector('#thong-bao li.tin span') || {}).textContent", "the note").await;
    assert!(said.as_str().unwrap().starts_with("Văn bản này đã có số: 01/KH-THPTLTT (số mới) lúc "), "{said}");
    let rows = common::server::Client::new(&server.base).get("/api/register/book?nam=2026").json()["dong"].as_array().unwrap().len();
    assert_eq!(rows, 1, "one number for the document");
    // A number typed by hand: "Lấy số" does not take it, it gives the register's number
    // (the document changed since its first number: the register's next one).
    set_text(&c, "so", "7").await;
    until(&c, "!document.getElementById('ghi-so').hidden", "the record-typed-number button").await;
    click(&c, "lay-so").await;
    until(&c, "document.getElementById('so').value === '2'", "the register's number").await;
    let said = until(&c, "document.querySelector('#thong-bao li.ok span').textContent", "the notice").await;
    assert_eq!(said, json!("Số: 02/KH-THPTLTT (số mới); số gõ tay 7 đã được thay bằng số của sổ"));
    assert!(c.execute("return document.getElementById('ghi-so').hidden", vec![]).await.unwrap() == json!(true), "the register's own number is not a typed one");
    // Recording a typed number: a separate confirmation, which can be declined.
    set_text(&c, "trich_yeu", "Kiểm tra nội bộ trường học năm học 2026 - 2027").await;
    set_text(&c, "so", "7").await;
    click(&c, "ghi-so").await;
    until(&c, "!document.getElementById('xac-nhan-ghi-so').hidden", "the confirmation").await;
    click(&c, "ghi-so-huy").await;
    until(&c, "document.getElementById('xac-nhan-ghi-so').hidden", "the confirmation closed").await;
    let mut http = common::server::Client::new(&server.base);
    let book = |http: &mut common::server::Client| http.get("/api/register/book?nam=2026").json()["dong"].as_array().unwrap().len();
    assert_eq!(book(&mut http), 2, "nothing recorded when declined");
    click(&c, "ghi-so").await;
    click(&c, "ghi-so-dong-y").await;
    until(&c, "document.querySelector('#thong-bao li.ok span').textContent === 'Số: 07/KH-THPTLTT (số gõ tay, đã ghi vào sổ)'", "the typed number recorded")
        .await;
    assert_eq!(book(&mut http), 3);
    assert_clean_console(&c, &driver, "taking numbers").await;

    // `vanban new`'s file, opened as it is: the register refuses its example text, at its fields.
    let starter = work.path().join("ke-hoach.json");
    let o = common::vanban(&["new", "ke-hoach", "-o", starter.to_str().unwrap()]);
    assert!(o.status.success());
    open_file(&c, &starter).await;
    assert_eq!(c.execute("return document.getElementById('so').value", vec![]).await.unwrap(), json!(""), "a starter carries no number");
    click(&c, "lay-so").await;
    let refused = until(&c, "(document.querySelector('#thong-bao li.loi span') || {}).textContent", "the refusal").await;
    assert!(refused.as_str().unwrap().starts_with("Chưa lấy số: văn bản còn nội dung ví dụ của mẫu"), "{refused}");
    until(&c, "document.querySelector('.diag.loi[data-for=\"trich_yeu\"]')", "the example's summary marked").await;
    assert_eq!(book(&mut http), 3, "nothing recorded from the example");
    assert_console_only(&c, &driver, &[422], "refusing the example").await;

    // Drafts: the opened file is the current draft; the plan is in the list.
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(&c, "document.getElementById('trich_yeu').value.startsWith('Tổ chức Ngày Sách')", "the current draft after reload").await;
    c.find(Locator::Css("#ban-nhap summary")).await.unwrap().click().await.unwrap();
    let titles = c.execute("return [...document.querySelectorAll('#ds-ban-nhap li.draft .mo-nhap')].map((b) => b.textContent)", vec![]).await.unwrap();
    assert_eq!(
        titles,
        json!(["Tổ chức Ngày Sách và Văn hóa đọc Việt Nam lần thứ 5 năm 2026 trong ngành Giáo dục", "Kiểm tra nội bộ trường học năm học 2026 - 2027"])
    );
    c.find(Locator::XPath("//ul[@id='ds-ban-nhap']/li[2]/button[contains(@class,'mo-nhap')]")).await.unwrap().click().await.unwrap();
    until(&c, "document.getElementById('trich_yeu').value.startsWith('Kiểm tra nội bộ') && document.getElementById('so').value === '7'", "the plan reopened")
        .await;
    let note = c.execute("return document.getElementById('so-da-cap').textContent", vec![]).await.unwrap();
    assert!(note.as_str().unwrap().starts_with("Đã lấy số 07/KH-THPTLTT"), "{note}");
    // The example's draft deleted.
    c.find(Locator::Css("#ban-nhap summary")).await.unwrap().click().await.unwrap();
    c.find(Locator::XPath("//ul[@id='ds-ban-nhap']/li[contains(., 'Ngày Sách')]/button[contains(@class,'xoa-nhap')]")).await.unwrap().click().await.unwrap();
    until(&c, "document.getElementById('so-ban-nhap').textContent === '1'", "one draft left").await;

    // "Thẩm quyền ban hành" only on a Quyết định.
    assert_eq!(
        c.execute("return document.getElementById('nhan-tham-quyen').offsetParent === null", vec![]).await.unwrap(),
        json!(true),
        "hidden on a Kế hoạch"
    );
    // Another kind: asked first; kept, what was typed stays.
    c.find(Locator::Id("loai")).await.unwrap().select_by_value("thong-bao").await.unwrap();
    until(&c, "!document.getElementById('hoi').hidden", "the question before changing the kind").await;
    click_css(&c, "#hoi .hoi-giu").await;
    until(&c, "document.querySelector('#thong-bao li.tin span') && document.querySelector('#thong-bao li.tin span').textContent.startsWith('Đã đổi loại văn bản thành Thông báo')", "the kind changed").await;
    assert_eq!(c.execute("return document.getElementById('trich_yeu').value", vec![]).await.unwrap(), json!("Kiểm tra nội bộ trường học năm học 2026 - 2027"));
    c.find(Locator::Id("loai")).await.unwrap().select_by_value("quyet-dinh").await.unwrap();
    until(&c, "!document.getElementById('hoi').hidden", "the question before changing the kind").await;
    click_css(&c, "#hoi .hoi-giu").await;
    until(&c, "document.getElementById('nhan-tham-quyen').offsetParent !== null", "Thẩm quyền shown on a Quyết định").await;
    // "Văn bản mới": asked first; a blank one, the typed one kept in the list.
    click(&c, "mau-moi").await;
    until(&c, "!document.getElementById('hoi').hidden", "the question before a new document").await;
    click_css(&c, "#hoi .hoi-moi").await;
    until(&c, "document.getElementById('trich_yeu').value === '' && !document.getElementById('vi-du').hidden", "a new document").await;
    assert_eq!(c.execute("return [document.getElementById('so-ban-nhap').textContent, document.getElementById('co_quan.ten').value, document.getElementById('so-da-cap').textContent]", vec![]).await.unwrap(), json!(["1", "TRƯỜNG THPT LÊ THÁNH TÔN", ""]));

    // Tabs: an address each; Back returns to the tab before, not out of the editor.
    c.find(Locator::Css("button[data-tab=hang-loat]")).await.unwrap().click().await.unwrap();
    assert_eq!(c.execute("return location.hash", vec![]).await.unwrap(), json!("#hang-loat"));
    c.find(Locator::Css("button[data-tab=so-dang-ky]")).await.unwrap().click().await.unwrap();
    until(&c, "(document.querySelectorAll('#so-ket-qua table tr')[1] || {}).textContent", "the book").await;
    c.back().await.unwrap();
    until(&c, "location.hash === '#hang-loat' && document.getElementById('hang-loat').classList.contains('active')", "Back to the bulk tab").await;
    c.back().await.unwrap();
    until(&c, "document.getElementById('soan').classList.contains('active') && document.getElementById('trich_yeu') !== null", "Back to the editor").await;
    c.goto(&format!("{}/#tong-hop", server.base)).await.unwrap();
    until(&c, "document.getElementById('tong-hop').classList.contains('active')", "the summary tab by its address").await;
    assert_clean_console(&c, &driver, "with drafts and tabs").await;
    c.close().await.unwrap();
}

/// Issue 26, item 7: dates typed and shown as dd/mm/yyyy in a browser set to English; a
/// date that does not exist refused at its field, in Vietnamese, as typed (from the keyboard
/// or from a file); an empty place name flagged at its field.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dates_are_day_month_year_whatever_the_browsers_language() {
    let work = tempfile::tempdir().unwrap();
    let server = Server::start_in(work.path(), &[]);
    let (driver, c) = browser_in(work.path(), "en-US").await;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(&c, "Number(document.getElementById('xem-truoc').dataset.pages) >= 1", "the editor").await;
    open_file(&c, &common::sample("ke-hoach-so-gddt-quang-ngai")).await;
    assert_eq!(c.execute("return document.getElementById('ngay').value", vec![]).await.unwrap(), json!("30/06/2025"));

    set_text(&c, "ngay", "31022026").await;
    let note = until(
        &c,
        "[...document.querySelectorAll('.diag.loi[data-for=\"ngay\"]')].map((d) => d.textContent).find((t) => t.includes('31022026'))",
        "the date's note",
    )
    .await;
    assert_eq!(note, json!("Ngày “31022026” không có: tháng 2 năm 2026 chỉ có 28 ngày. — Ghi ngày theo dạng ngày/tháng/năm, ví dụ 15/04/2026; với dự thảo chưa có ngày, đánh dấu “Để trống ngày”."));
    until(&c, "document.getElementById('xem-truoc').classList.contains('cu')", "the preview outdated").await;
    set_text(&c, "ngay", "15/4/2026").await;
    until(&c, "!document.querySelector('.diag.loi') && document.getElementById('trang-thai').textContent.startsWith('Đã cập nhật')", "the date accepted").await;
    assert_eq!(c.execute("return collect().ngay", vec![]).await.unwrap(), json!("2026-04-15"));
    c.find(Locator::Id("dia_danh")).await.unwrap().click().await.unwrap();
    assert_eq!(c.execute("return document.getElementById('ngay').value", vec![]).await.unwrap(), json!("15/04/2026"), "shown as dd/mm/yyyy once left");

    // An empty place name: flagged at its field.
    set_text(&c, "dia_danh", "").await;
    let place = until(&c, "(document.querySelector('.diag.canh-bao[data-for=\"dia_danh\"]') || {}).textContent", "the place's note").await;
    assert!(place.as_str().unwrap().starts_with("Địa danh: chưa ghi"), "{place}");

    // A file dated 31 February: the date shown as it is, and refused — never cleared.
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(common::sample("ke-hoach-so-gddt-quang-ngai")).unwrap()).unwrap();
    v["ngay"] = json!("2026-02-31");
    let bad = work.path().join("ngay-sai.json");
    std::fs::write(&bad, v.to_string()).unwrap();
    c.find(Locator::Id("mo-tep")).await.unwrap().send_keys(bad.to_str().unwrap()).await.unwrap();
    let note = until(&c, "(document.querySelector('.diag.loi[data-for=\"ngay\"]') || {}).textContent", "the file's date refused").await;
    assert!(note.as_str().unwrap().starts_with("Ngày “31/02/2026” không có: tháng 2 năm 2026 chỉ có 28 ngày."), "{note}");
    assert_eq!(c.execute("return document.getElementById('ngay').value", vec![]).await.unwrap(), json!("31/02/2026"));
    let png = c.screenshot().await.unwrap();
    let artefacts = common::root().join("target/test-artifacts");
    std::fs::create_dir_all(&artefacts).unwrap();
    std::fs::write(artefacts.join("date-refused.png"), &png).unwrap();
    assert_clean_console(&c, &driver, "with dates").await;
    c.close().await.unwrap();
}

/// Issue 26's acceptance: a clerk's day. A blank start, a Công văn typed, an error shown at
/// its field and fixed, "Lấy số" against the register, the PDF and DOCX downloaded —
/// byte for byte what `vanban render` makes of the draft saved as a file — a reload that
/// brings the draft back, and a print holding exactly the current pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerks_day() {
    let work = tempfile::tempdir().unwrap();
    let downloads = work.path().join("tai-ve");
    std::fs::create_dir(&downloads).unwrap();
    let register = work.path().join("so-dang-ky.db");
    let server = Server::start_in(work.path(), &["--register", register.to_str().unwrap()]);
    let (driver, c) = browser(&downloads).await;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(&c, "!document.getElementById('vi-du').hidden", "a new document").await;
    c.find(Locator::Id("loai")).await.unwrap().select_by_value("cong-van").await.unwrap();
    until(
        &c,
        "document.getElementById('trich_yeu').placeholder.startsWith('Ví dụ: V/v') && document.getElementById('trich_yeu').value === ''",
        "a new Công văn",
    )
    .await;

    set_text(&c, "co_quan.chu_quan", "SỞ GD&ĐT QUẢNG NGÃI").await;
    set_text(&c, "co_quan.ten", "TRƯỜNG THPT LÊ THÁNH TÔN").await;
    set_text(&c, "co_quan.viet_tat", "THPTLTT").await;
    set_text(&c, "don_vi_soan_thao", "VP").await;
    set_text(&c, "dia_danh", "Quảng Ngãi").await;
    set_text(&c, "trich_yeu", "V/v tham gia Hội khỏe Phù Đổng cấp tỉnh").await;
    set_text(&c, "kinh_gui", "Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi.").await;
    let body = c.find(Locator::Css("#noi_dung textarea.body-text")).await.unwrap();
    body.send_keys("Trường THPT Lê Thánh Tôn đăng ký 24 vận động viên tham gia Hội khỏe Phù Đổng cấp tỉnh năm 2027.\nTrường THPT Lê Thánh Tôn kính báo cáo./.")
        .await
        .unwrap();
    set_text(&c, "ky.chuc_vu", "HIỆU TRƯỞNG").await;
    set_text(&c, "ky.ho_ten", "Nguyễn Thị Minh Hằng").await;
    set_text(&c, "noi_nhan", "Như trên;\nLưu: VT, VP.").await;
    until(&c, "document.getElementById('trang-thai').textContent.startsWith('Đã cập nhật') && !document.querySelector('.diag.loi')", "the Công văn's preview")
        .await;

    // An error, at its field; fixed.
    set_text(&c, "ky_hieu", "KH-THPTLTT").await;
    let note = until(&c, "(document.querySelector('.diag.loi[data-for=\"ky_hieu\"]') || {}).textContent", "the symbol's error").await;
    assert!(note.as_str().unwrap().starts_with("Ký hiệu"), "{note}");
    set_text(&c, "ky_hieu", "").await;
    until(&c, "!document.querySelector('.diag.loi') && document.getElementById('xem-truoc').dataset.cu === ''", "the error fixed").await;

    // The number from the register.
    click(&c, "lay-so").await;
    let said = until(&c, NUMBER_NOTICE, "the number").await;
    assert_eq!(said, json!("Số: 01/THPTLTT-VP (số mới)"));
    until(
        &c,
        "document.getElementById('trang-thai').textContent.startsWith('Đã cập nhật') && document.getElementById('xem-truoc').dataset.cu === ''",
        "the numbered preview",
    )
    .await;

    // PDF, DOCX and the draft file; the CLI makes the same bytes from the draft.
    click(&c, "tai-pdf").await;
    let pdf = downloaded(&downloads, "cong-van-01.pdf").await;
    click(&c, "tai-docx").await;
    let docx = downloaded(&downloads, "cong-van-01.docx").await;
    click(&c, "tai-json").await;
    let draft = downloaded(&downloads, "cong-van.json").await;
    let saved: Value = serde_json::from_slice(&std::fs::read(&draft).unwrap()).unwrap();
    assert_eq!(saved["so"], 1);
    let (cli_pdf, cli_docx) = (work.path().join("cli.pdf"), work.path().join("cli.docx"));
    let o = common::vanban(&["render", draft.to_str().unwrap(), "-o", cli_pdf.to_str().unwrap(), "-o", cli_docx.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(std::fs::read(&pdf).unwrap() == std::fs::read(&cli_pdf).unwrap(), "the PDF downloaded is `vanban render`'s");
    assert!(std::fs::read(&docx).unwrap() == std::fs::read(&cli_docx).unwrap(), "the DOCX downloaded is `vanban render`'s");
    assert!(common::pdftotext(&pdf).contains("Số: 01/THPTLTT-VP"));

    // A reload: the draft is back, with its number.
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(&c, "document.getElementById('trich_yeu').value === 'V/v tham gia Hội khỏe Phù Đổng cấp tỉnh' && document.getElementById('xem-truoc').dataset.cu === '' && document.getElementById('trang-thai').textContent.startsWith('Đã cập nhật')", "the draft after reload").await;
    let back = c
        .execute(
            "return [document.getElementById('so').value, document.getElementById('so-da-cap').textContent.startsWith('Đã lấy số 01/THPTLTT-VP'), collect()]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(back, json!(["1", true, saved]), "[number, its note, the same document]");

    // The print: exactly the current pages, as many as the PDF's.
    c.execute("window.printed = null; window.print = () => { const b = document.getElementById('xem-truoc'); window.printed = [b.dataset.cu, Number(b.dataset.pages)]; };", vec![]).await.unwrap();
    click(&c, "in").await;
    let p = until(&c, "window.printed", "the print").await;
    assert_eq!(p, json!(["", pdf_pages(&pdf)]));
    assert_eq!(pdf_pages(&printed(&c, work.path(), "in.pdf").await), pdf_pages(&pdf));
    assert_clean_console(&c, &driver, "during the clerk's day").await;
    c.close().await.unwrap();
}

/// Logs in through the login page.
async fn log_in(c: &Client, base: &str, user: &str, password: &str) {
    c.goto(&format!("{base}/")).await.unwrap();
    until(c, "location.pathname === '/dang-nhap' && document.getElementById('ten')", "the login page").await;
    c.find(Locator::Id("ten")).await.unwrap().send_keys(user).await.unwrap();
    c.find(Locator::Id("mat-khau")).await.unwrap().send_keys(&format!("{password}\u{E007}")).await.unwrap();
    until(c, "location.pathname === '/' && document.getElementById('trang-thai') && /^(Đã cập nhật|Văn bản còn)/.test(document.getElementById('trang-thai').textContent)", "the editor after logging in").await;
}

/// Issue 26, item 5, with accounts: a draft typed on one computer is found on another (a
/// browser with an empty profile) by the same account — not by another account.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_accounts_drafts_follow_the_clerk_to_another_computer() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("tai-khoan.txt");
    for (user, pw) in [("vanthu", "mat-khau-dai-1"), ("hieupho", "mat-khau-dai-2")] {
        use std::io::Write;
        let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(["serve", "--add-user", user, "--password-file", file.to_str().unwrap()])
            .stdin(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(format!("{pw}\n").as_bytes()).unwrap();
        assert!(child.wait().unwrap().success());
    }
    let server = Server::start_in(work.path(), &["--host", "0.0.0.0", "--password-file", file.to_str().unwrap()]);
    let base = server.base.replace("0.0.0.0", "127.0.0.1");
    let first = work.path().join("may-1");
    std::fs::create_dir(&first).unwrap();
    let (driver, c) = browser(&first).await;
    log_in(&c, &base, "vanthu", "mat-khau-dai-1").await;
    set_text(&c, "trich_yeu", "Tổ chức Hội khỏe Phù Đổng cấp trường").await;
    // Saved in the browser, then on the server.
    let mut http = common::server::Client::session(&base);
    let r = http.post_json("/api/login", &json!({ "ten": "vanthu", "mat_khau": "mat-khau-dai-1" }));
    http.csrf = r.json()["csrf"].as_str().map(str::to_string);
    let start = Instant::now();
    while !http.get("/api/drafts").text().contains("Hội khỏe Phù Đổng") {
        assert!(start.elapsed() < Duration::from_secs(20), "the draft never reached the server");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_clean_console(&c, &driver, "saving a draft to the server").await;
    c.close().await.unwrap();
    drop(driver);

    // Another computer: the same account finds it, opened where it was left.
    let second = work.path().join("may-2");
    std::fs::create_dir(&second).unwrap();
    let (driver, c) = browser(&second).await;
    log_in(&c, &base, "vanthu", "mat-khau-dai-1").await;
    until(&c, "document.getElementById('trich_yeu').value === 'Tổ chức Hội khỏe Phù Đổng cấp trường'", "the draft on another computer").await;
    assert_eq!(c.execute("return document.getElementById('so-ban-nhap').textContent", vec![]).await.unwrap(), json!("1"));
    assert_clean_console(&c, &driver, "finding the draft").await;
    // Another account on that computer: not its drafts.
    c.execute("return fetch('/api/logout', { method: 'POST', headers: { 'X-CSRF-Token': csrf } }).then(() => true)", vec![]).await.unwrap();
    log_in(&c, &base, "hieupho", "mat-khau-dai-2").await;
    until(
        &c,
        "document.getElementById('trich_yeu').value === '' && document.getElementById('so-ban-nhap').textContent === '0'",
        "another account's empty list",
    )
    .await;
    assert_clean_console(&c, &driver, "another account").await;
    c.close().await.unwrap();
    drop(driver);

    // The account's drafts file damaged on the server: the page says it could not load them,
    // keeps working in the browser, and never sends its own list over the file.
    // The server's file: `<hash of the account>.json` (not the browsers' profiles).
    let server_file = |f: &PathBuf| {
        f.extension().is_some_and(|e| e == "json") && f.file_stem().is_some_and(|s| s.len() == 32 && s.to_string_lossy().chars().all(|c| c.is_ascii_hexdigit()))
    };
    let kept = walk(work.path())
        .into_iter()
        .find(|f| server_file(f) && std::fs::read_to_string(f).is_ok_and(|t| t.contains("Hội khỏe Phù Đổng")))
        .expect("vanthu's drafts file");
    let damaged = "[{\"id\": \"n1\", \"doc\": {\"trich_yeu\": \"Hội khỏe Phù Đổng\"";
    std::fs::write(&kept, damaged).unwrap();
    let third = work.path().join("may-3");
    std::fs::create_dir(&third).unwrap();
    let (driver, c) = browser(&third).await;
    log_in(&c, &base, "vanthu", "mat-khau-dai-1").await;
    until(&c, "[...document.querySelectorAll('#thong-bao li')].some((li) => li.textContent.includes('Không tải được bản nháp đã lưu trên máy chủ') && li.textContent.includes('bị hỏng'))", "the notice").await;
    set_text(&c, "trich_yeu", "Kế hoạch tổ chức Ngày Nhà giáo").await;
    until(&c, "document.getElementById('so-ban-nhap').textContent === '1'", "the draft kept in the browser").await;
    tokio::time::sleep(Duration::from_millis(2000)).await;
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), damaged, "the damaged file was written over");
    assert_console_only(&c, &driver, &[500], "with a damaged drafts file").await;
    c.close().await.unwrap();
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// axe-core (npm), as `bash tests/run.sh` installs it: `$VANBAN_AXE`, or under target/.
fn axe_source() -> String {
    let path = std::env::var("VANBAN_AXE").map(PathBuf::from).unwrap_or_else(|_| common::root().join("target/test-tools/axe/node_modules/axe-core/axe.min.js"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("axe-core is needed at {} ({e}): `npm install --prefix target/test-tools/axe axe-core@4`, or run `bash tests/run.sh`", path.display())
    })
}

/// The serious and critical violations axe-core finds on the page as it is.
async fn axe_violations(c: &Client, axe: &str) -> Vec<String> {
    // Injected through WebDriver, which the page's Content-Security-Policy does not govern.
    c.execute(&format!("{axe}\nreturn true;"), vec![]).await.unwrap();
    let found = c
        .execute(
            "return axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
               .filter((v) => v.impact === 'serious' || v.impact === 'critical')
               .map((v) => v.impact + ' ' + v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')))",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// Issue 26's acceptance: axe-core reports no serious or critical violation on any tab (the
/// editor with a new document, with a document with errors, and every other tab).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tab_passes_axe() {
    let axe = axe_source();
    let work = tempfile::tempdir().unwrap();
    let register = work.path().join("so-dang-ky.db");
    let server = Server::start_in(work.path(), &["--register", register.to_str().unwrap()]);
    let (driver, c) = browser(work.path()).await;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(&c, "!document.getElementById('vi-du').hidden && Number(document.getElementById('xem-truoc').dataset.pages) >= 1", "a new document").await;
    let mut report = Vec::new();
    report.extend(axe_violations(&c, &axe).await.into_iter().map(|v| format!("soan (mới): {v}")));
    open_file(&c, &common::sample("ke-hoach-so-gddt-quang-ngai")).await;
    set_text(&c, "ky_hieu", "BC-SGDĐT").await;
    until(&c, "document.querySelector('.diag.loi')", "an error shown").await;
    report.extend(axe_violations(&c, &axe).await.into_iter().map(|v| format!("soan (lỗi): {v}")));
    for tab in ["hang-loat", "ho-so", "tong-hop", "so-dang-ky"] {
        c.find(Locator::Css(&format!("button[data-tab={tab}]"))).await.unwrap().click().await.unwrap();
        until(&c, &format!("document.getElementById('{tab}').classList.contains('active')"), tab).await;
        report.extend(axe_violations(&c, &axe).await.into_iter().map(|v| format!("{tab}: {v}")));
    }
    // The editor again, a table added, the list of drafts open.
    c.find(Locator::Css("button[data-tab=soan]")).await.unwrap().click().await.unwrap();
    c.find(Locator::Css("#noi_dung .segment-bar .them-bang")).await.unwrap().click().await.unwrap();
    c.find(Locator::Css("#ban-nhap summary")).await.unwrap().click().await.unwrap();
    until(&c, "document.querySelector('#noi_dung table.grid') && document.getElementById('ban-nhap').open", "a table and the drafts").await;
    report.extend(axe_violations(&c, &axe).await.into_iter().map(|v| format!("soan (bảng, bản nháp): {v}")));
    assert_clean_console(&c, &driver, "under axe").await;
    c.close().await.unwrap();
    drop(server);
    // The login page.
    let server = Server::start_in(work.path(), &["--token", "ma-truy-cap-cua-phong"]);
    let (_driver, c) = browser(work.path()).await;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(&c, "location.pathname === '/dang-nhap' && document.getElementById('mat-khau')", "the login page").await;
    report.extend(axe_violations(&c, &axe).await.into_iter().map(|v| format!("dang-nhap: {v}")));
    c.close().await.unwrap();
    assert!(report.is_empty(), "axe-core:\n{}", report.join("\n"));
}

/// Issue 26, item 11: a block copied from Excel with a cell holding a line break and one
/// holding quotes stays in its rows and cells (Excel quotes such cells), and the document
/// carries the cell's two lines.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn excel_cells_with_line_breaks_stay_one_cell() {
    let work = tempfile::tempdir().unwrap();
    let server = Server::start_in(work.path(), &[]);
    let (driver, c) = browser(work.path()).await;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(&c, "!document.getElementById('vi-du').hidden", "a new document").await;
    // "+ Bảng" where the clerk was typing: after the caret's line, the rest after the table.
    let body = c.find(Locator::Css("#noi_dung textarea.body-text")).await.unwrap();
    body.send_keys("Kết quả thi đấu như sau:\nĐề nghị các tổ chuyên môn thực hiện./.").await.unwrap();
    c.execute("const t = document.querySelector('#noi_dung textarea.body-text'); t.focus(); t.setSelectionRange(4, 4);", vec![]).await.unwrap();
    c.find(Locator::Css("#noi_dung .segment-bar .them-bang")).await.unwrap().click().await.unwrap();
    until(&c, "document.querySelectorAll('#noi_dung table.grid').length === 1", "the table grid").await;
    let order = c.execute("return collect().noi_dung.map((b) => typeof b === 'string' ? b : b.bang.cot)", vec![]).await.unwrap();
    assert_eq!(order, json!(["Kết quả thi đấu như sau:", [1, 5], "Đề nghị các tổ chuyên môn thực hiện./."]), "the table at the caret, its STT column narrow");
    c.execute(
        "const input = document.querySelector('#noi_dung table.grid tr:not(.head) input');
         const dt = new DataTransfer();
         dt.setData('text/plain', '1\\t\"Điền kinh\\nnam và nữ\"\\t120\\r\\n2\\t\"Cờ \"\"vua\"\" nhanh\"\\t40\\r\\n');
         input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));",
        vec![],
    )
    .await
    .unwrap();
    until(&c, "document.querySelectorAll('#noi_dung table.grid tr').length === 3", "2 pasted rows under the header").await;
    let table = c.execute("return collect().noi_dung.find((b) => b.bang).bang.dong", vec![]).await.unwrap();
    assert_eq!(table, json!([["1", "Điền kinh\nnam và nữ", "120"], ["2", "Cờ \"vua\" nhanh", "40"]]));

    // Cells pasted into the text: offered as a table, made one where they were pasted.
    c.execute(
        "const ta = document.querySelectorAll('#noi_dung textarea.body-text')[1];
         ta.focus(); ta.setSelectionRange(0, 0);
         const text = 'Môn\\tSố đội\\nBơi lội\\t12\\n';
         const dt = new DataTransfer();
         dt.setData('text/plain', text);
         ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
         ta.setRangeText(text, 0, 0, 'end'); ta.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![],
    )
    .await
    .unwrap();
    until(&c, "document.querySelector('.goi-y-bang .thanh-bang')", "the offer of a table").await;
    c.find(Locator::Css(".goi-y-bang .thanh-bang")).await.unwrap().click().await.unwrap();
    until(&c, "document.querySelectorAll('#noi_dung table.grid').length === 2", "the pasted cells as a table").await;
    let body = c.execute("return collect().noi_dung.map((b) => typeof b === 'string' ? b : [b.bang.dau, b.bang.dong])", vec![]).await.unwrap();
    assert_eq!(body[2], json!([[["Môn", "Số đội"]], [["Bơi lội", "12"]]]), "{body}");
    assert_eq!(body[3], json!("Đề nghị các tổ chuyên môn thực hiện./."), "{body}");
    assert_clean_console(&c, &driver, "pasting").await;
    c.close().await.unwrap();
}

/// Issue 26, item 5: switching the kind, "Văn bản mới" and leaving the page ask before a
/// changed document is left (a question in the page; nothing asked while nothing was typed);
/// cancelling keeps everything as it was, the kind included.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_a_changed_document_asks_first() {
    let axe = axe_source();
    let work = tempfile::tempdir().unwrap();
    let server = Server::start_in(work.path(), &[]);
    let (driver, c) = browser(work.path()).await;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(&c, "!document.getElementById('vi-du').hidden", "a new document").await;
    let asked = "!document.getElementById('hoi').hidden";
    let unload = "const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented;";
    // Nothing typed: another kind, a new document and leaving ask nothing.
    c.find(Locator::Id("loai")).await.unwrap().select_by_value("cong-van").await.unwrap();
    until(&c, "document.getElementById('trich_yeu').placeholder.startsWith('Ví dụ: V/v')", "a new Công văn").await;
    click(&c, "mau-moi").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(c.execute(&format!("return {asked}"), vec![]).await.unwrap(), json!(false), "asked with nothing typed");
    assert_eq!(c.execute(unload, vec![]).await.unwrap(), json!(false), "leaving asks nothing");

    // Typed: another kind asks; cancelled, the kind goes back and the text stays.
    set_text(&c, "trich_yeu", "V/v tổ chức Hội khỏe Phù Đổng cấp trường").await;
    c.find(Locator::Id("loai")).await.unwrap().select_by_value("thong-bao").await.unwrap();
    let q = until(&c, &format!("{asked} && document.getElementById('hoi-chu').textContent"), "the question").await;
    assert_eq!(q, json!("Đổi loại văn bản “V/v tổ chức Hội khỏe Phù Đổng cấp trường” thành Thông báo?"));
    assert_eq!(c.execute("return document.activeElement.className", vec![]).await.unwrap(), json!("hoi-giu"), "the first choice focused");
    let found = axe_violations(&c, &axe).await;
    assert!(found.is_empty(), "axe-core with the question open:\n{}", found.join("\n"));
    click_css(&c, "#hoi .hoi-huy").await;
    until(&c, &format!("!({asked})"), "the question closed").await;
    let now = c.execute("return [document.getElementById('loai').value, document.getElementById('trich_yeu').value]", vec![]).await.unwrap();
    assert_eq!(now, json!(["cong-van", "V/v tổ chức Hội khỏe Phù Đổng cấp trường"]));
    // Escape cancels too.
    c.find(Locator::Id("loai")).await.unwrap().select_by_value("thong-bao").await.unwrap();
    until(&c, asked, "the question again").await;
    c.execute("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))", vec![]).await.unwrap();
    until(&c, &format!("!({asked}) && document.getElementById('loai').value === 'cong-van'"), "cancelled by Escape").await;
    // Kept: the kind changes, the text stays.
    c.find(Locator::Id("loai")).await.unwrap().select_by_value("thong-bao").await.unwrap();
    until(&c, asked, "the question").await;
    click_css(&c, "#hoi .hoi-giu").await;
    until(
        &c,
        "document.getElementById('loai').value === 'thong-bao' && document.getElementById('trich_yeu').value.startsWith('V/v tổ chức Hội khỏe')",
        "the kind changed, the text kept",
    )
    .await;
    // A new document of the kind: this one kept in the drafts.
    c.find(Locator::Id("loai")).await.unwrap().select_by_value("ke-hoach").await.unwrap();
    until(&c, asked, "the question").await;
    click_css(&c, "#hoi .hoi-moi").await;
    until(
        &c,
        "document.getElementById('loai').value === 'ke-hoach' && document.getElementById('trich_yeu').value === '' && !document.getElementById('vi-du').hidden",
        "a new Kế hoạch",
    )
    .await;
    assert_eq!(c.execute("return document.getElementById('so-ban-nhap').textContent", vec![]).await.unwrap(), json!("1"));

    // "Văn bản mới" on a typed document: asked; cancelled, the text stays; then a new one.
    set_text(&c, "trich_yeu", "Kế hoạch kiểm tra nội bộ năm học 2026 - 2027").await;
    click(&c, "mau-moi").await;
    let q = until(&c, &format!("{asked} && document.getElementById('hoi-chu').textContent"), "the question").await;
    assert!(q.as_str().unwrap().starts_with("Mở một văn bản mới? Văn bản “Kế hoạch kiểm tra nội bộ"), "{q}");
    click_css(&c, "#hoi .hoi-huy").await;
    until(&c, &format!("!({asked}) && document.getElementById('trich_yeu').value.startsWith('Kế hoạch kiểm tra')"), "kept").await;
    click(&c, "mau-moi").await;
    until(&c, asked, "the question").await;
    click_css(&c, "#hoi .hoi-moi").await;
    until(&c, "document.getElementById('trich_yeu').value === '' && document.getElementById('so-ban-nhap').textContent === '2'", "a new document, two drafts")
        .await;

    // Leaving: nothing asked while every change is saved; asked when the browser could not
    // save one (its storage full).
    set_text(&c, "trich_yeu", "Thông báo lịch họp hội đồng trường").await;
    until(&c, "document.getElementById('trang-thai').textContent !== 'Đang cập nhật…'", "the draft saved").await;
    assert_eq!(c.execute(unload, vec![]).await.unwrap(), json!(false), "all saved: leaving asks nothing");
    c.execute("Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };", vec![]).await.unwrap();
    set_text(&c, "trich_yeu", "Thông báo lịch họp hội đồng trường tháng 5").await;
    until(&c, "document.querySelector('#thong-bao li.loi span') && document.querySelector('#thong-bao li.loi span').textContent.startsWith('Không lưu được bản nháp')", "the failure said").await;
    assert_eq!(c.execute(unload, vec![]).await.unwrap(), json!(true), "an unsaved change: leaving asks");
    assert_clean_console(&c, &driver, "asking before leaving").await;
    c.close().await.unwrap();
}

/// Issue 26, item 10: the bulk page lists templates by their Vietnamese titles with what
/// each makes, the columns of its rows file and a blank workbook to download (the CLI's,
/// byte for byte); the dossier page the same for the nominations workbook; the bulk check
/// and the run report the same rows of a workbook with a title and a typed percentage.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_and_dossier_pages_guide_the_clerk() {
    let axe = axe_source();
    let work = tempfile::tempdir().unwrap();
    let downloads = work.path().join("tai-ve");
    std::fs::create_dir(&downloads).unwrap();
    let server = Server::start_in(work.path(), &[]);
    let (driver, c) = browser(&downloads).await;
    c.goto(&format!("{}/#hang-loat", server.base)).await.unwrap();
    until(&c, "document.querySelector('#hl-huong-dan table')", "the rows file's columns").await;
    let titles = c.execute("return [...document.querySelectorAll('#hl-mau option')].map((o) => o.textContent)", vec![]).await.unwrap();
    assert!(titles.as_array().unwrap().iter().all(|t| t.as_str().unwrap().contains("Bình dân học vụ số")), "titles, not code names: {titles}");
    c.find(Locator::Id("hl-mau")).await.unwrap().select_by_value("phieu-bao-cao-quy").await.unwrap();
    c.find(Locator::Css("#hl-huong-dan details summary")).await.unwrap().click().await.unwrap();
    let heads = c.execute("return [...document.querySelectorAll('#hl-huong-dan table tr:first-of-type th')].map((t) => t.textContent)", vec![]).await.unwrap();
    assert_eq!(heads, json!(["Tên cột", "Nội dung", "Bắt buộc", "Ví dụ", "Chỉ nhận"]));
    let row = c
        .execute(
            "return [...document.querySelectorAll('#hl-huong-dan table tr')].map((r) => [...r.cells].map((c) => c.textContent)).find((r) => r[0] === 'ky.quy')",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(row, json!(["ky.quy", "Quý báo cáo (1–4)", "Bắt buộc", "3", "1; 2; 3; 4"]));
    let png = c.screenshot().await.unwrap();
    let artefacts = common::root().join("target/test-artifacts");
    std::fs::create_dir_all(&artefacts).unwrap();
    std::fs::write(artefacts.join("bulk-guide.png"), &png).unwrap();
    if std::env::var_os("VANBAN_SCREENSHOT").is_some() {
        std::fs::write(common::root().join("tests/screenshots/bulk-guide.png"), &png).unwrap();
    }
    let mut report: Vec<String> = axe_violations(&c, &axe).await.into_iter().map(|v| format!("hang-loat: {v}")).collect();
    click_css(&c, "#hl-huong-dan a.tai-mau-trong").await;
    let blank = std::fs::read(downloaded(&downloads, "du-lieu-phieu-bao-cao-quy.xlsx").await).unwrap();
    let cli = work.path().join("blank.xlsx");
    assert!(common::vanban(&["bulk", "phieu-bao-cao-quy", "--blank", cli.to_str().unwrap()]).status.success());
    assert_eq!(blank, std::fs::read(&cli).unwrap(), "the page's blank workbook is the CLI's");

    // A workbook with a title above the header, a rate typed as a percentage and one bad
    // row: the check and the run name the same row.
    let header: Vec<&str> =
        "truong.ma,truong.ten,truong.cap,truong.xa,truong.hieu_truong,ky.quy,ky.nam,so_cbql,so_gv,so_hs,hs_tai_khoan,so_lop_tap_huan,kinh_phi,ty_le_tiet_so"
            .split(',')
            .collect();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "DANH SÁCH TRƯỜNG GỬI PHIẾU QUÝ 3").unwrap();
    for (i, h) in header.iter().enumerate() {
        ws.write_string(2, i as u16, *h).unwrap();
    }
    let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
    for (r, (code, pupils)) in [("TH-0001", "300"), ("TH-0002", "ba trăm"), ("TH-0003", "280")].iter().enumerate() {
        let r = 3 + r as u32;
        for (i, v) in [*code, "Trường Tiểu học Số 1", "Tiểu học", "Xã A", "Nguyễn Văn A", "3", "2026", "2", "20", pupils, "250", "1", "0"].iter().enumerate()
        {
            ws.write_string(r, i as u16, *v).unwrap();
        }
        ws.write_number_with_format(r, 13, 0.35, &percent).unwrap();
    }
    let rows = work.path().join("truong.xlsx");
    wb.save(&rows).unwrap();
    c.find(Locator::Id("hl-du-lieu")).await.unwrap().send_keys(rows.to_str().unwrap()).await.unwrap();
    click(&c, "hl-kiem-tra").await;
    let checked = until(&c, "(document.querySelector('#hl-ket-qua p.loi, #hl-ket-qua p.ok') || {}).textContent", "the rows' check").await;
    assert_eq!(checked, json!("3 dòng, 1 dòng có lỗi"));
    let table = "[...document.querySelectorAll('#hl-ket-qua table tr')].map((r) => [...r.cells].map((c) => c.textContent))";
    let from_check = c.execute(&format!("return {table}"), vec![]).await.unwrap();
    assert_eq!(from_check[0], json!(["Dòng", "Cột dữ liệu", "Lỗi"]), "the column header is not “Trường” (school)");
    report.extend(axe_violations(&c, &axe).await.into_iter().map(|v| format!("hang-loat (kiểm tra): {v}")));
    click(&c, "hl-tao").await;
    let done = until(&c, "document.querySelector('#hl-ket-qua a.tai-zip') && document.querySelector('#hl-ket-qua p').textContent", "the run").await;
    assert_eq!(done, json!("Xong: 3 dòng, 4 tệp, 1 dòng có lỗi"));
    let from_run = c.execute(&format!("return {table}"), vec![]).await.unwrap();
    assert_eq!(from_check, from_run, "the check and the run report the same rows");
    assert_eq!(from_run[1][0], json!("5"), "the sheet's row of the bad school");

    // The dossier page: the workbook's four sheets described, its blank workbook offered.
    c.find(Locator::Css("button[data-tab=ho-so]")).await.unwrap().click().await.unwrap();
    until(&c, "document.querySelectorAll('#hs-huong-dan table').length === 4", "the nominations workbook's sheets").await;
    c.find(Locator::Css("#hs-huong-dan details summary")).await.unwrap().click().await.unwrap();
    let captions = c.execute("return [...document.querySelectorAll('#hs-huong-dan caption')].map((c) => c.textContent)", vec![]).await.unwrap();
    assert!(captions[1].as_str().unwrap().starts_with("Trang tính “Cá nhân”"), "{captions}");
    report.extend(axe_violations(&c, &axe).await.into_iter().map(|v| format!("ho-so: {v}")));
    click_css(&c, "#hs-huong-dan a.tai-mau-trong").await;
    let blank = std::fs::read(downloaded(&downloads, "de-nghi-khen-thuong.xlsx").await).unwrap();
    assert!(common::vanban(&["ho-so", "--blank", cli.to_str().unwrap()]).status.success());
    assert_eq!(blank, std::fs::read(&cli).unwrap());
    assert_clean_console(&c, &driver, "the guides").await;
    c.close().await.unwrap();
    assert!(report.is_empty(), "axe-core:\n{}", report.join("\n"));
}

/// Issue 26, item 9: the summary page's outcome coloured by what happened — no unit
/// summarised is a failure, problems a warning — and every problem shown on the page as a
/// table naming the file as uploaded, with the ZIP to download.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_summary_page_shows_failure_as_failure_and_its_problems() {
    let axe = axe_source();
    let work = tempfile::tempdir().unwrap();
    let downloads = work.path().join("tai-ve");
    std::fs::create_dir(&downloads).unwrap();
    let server = Server::start_in(work.path(), &[]);
    let (driver, c) = browser(&downloads).await;
    c.goto(&format!("{}/#tong-hop", server.base)).await.unwrap();
    until(&c, "document.getElementById('th-mo-ta').textContent", "the summary's description").await;
    let title = c.execute("return document.querySelector('#th-mau option').textContent", vec![]).await.unwrap();
    assert!(title.as_str().unwrap().starts_with("Báo cáo tổng hợp quý"), "{title}");
    // The list of the 3 schools the forms went to, and two "forms" that are not workbooks:
    // nothing to summarise (the case that was shown in green).
    let list = work.path().join("danh-sach-truong.csv");
    std::fs::write(&list, common::quarter::schools_csv(&common::quarter::schools(3), 3, 2026)).unwrap();
    let a = work.path().join("phieu-truong-a.xlsx");
    let b = work.path().join("phieu-truong-b.xlsx");
    std::fs::write(&a, b"not a workbook").unwrap();
    std::fs::write(&b, b"not a workbook either").unwrap();
    let input = c.find(Locator::Css("#form-tong-hop input[name=tra_ve]")).await.unwrap();
    input.send_keys(&format!("{}\n{}", a.display(), b.display())).await.unwrap();
    c.find(Locator::Css("#form-tong-hop input[name=danh_sach]")).await.unwrap().send_keys(list.to_str().unwrap()).await.unwrap();
    click(&c, "th-lap").await;
    let said = until(
        &c,
        "document.getElementById('th-ket-luan') && [document.getElementById('th-ket-luan').className, document.getElementById('th-ket-luan').textContent]",
        "the outcome",
    )
    .await;
    assert_eq!(said[0], "loi", "no unit summarised is a failure: {said}");
    assert!(said[1].as_str().unwrap().starts_with("Không tổng hợp được đơn vị nào; 2 lỗi"), "{said}");
    let rows =
        c.execute("return [...document.querySelectorAll('#th-ket-qua table tr')].map((r) => [...r.cells].map((c) => c.textContent))", vec![]).await.unwrap();
    assert_eq!(rows[0], json!(["Tệp", "Trang tính", "Ô", "Đơn vị", "Lỗi"]));
    let files: Vec<&str> = rows.as_array().unwrap()[1..].iter().map(|r| r[0].as_str().unwrap()).collect();
    assert_eq!(files, ["phieu-truong-a.xlsx", "phieu-truong-b.xlsx"], "the files as uploaded");
    let found = axe_violations(&c, &axe).await;
    assert!(found.is_empty(), "axe-core on the summary's result:\n{}", found.join("\n"));
    let png = c.screenshot().await.unwrap();
    std::fs::write(common::root().join("target/test-artifacts/summary.png"), &png).unwrap();
    if std::env::var_os("VANBAN_SCREENSHOT").is_some() {
        std::fs::write(common::root().join("tests/screenshots/summary.png"), &png).unwrap();
    }
    click_css(&c, "#th-ket-qua a.tai-ket-qua").await;
    let zip = std::fs::read(downloaded(&downloads, "bao-cao-tong-hop.zip").await).unwrap();
    let loi = String::from_utf8(common::server::zip_entry(&zip, "bao-cao-tong-hop.loi.csv")).unwrap();
    assert!(loi.contains("phieu-truong-a.xlsx") && !loi.contains("tep-0"), "{loi}");
    // Without the list, nothing tells the period: refused in red, in Vietnamese, each file's
    // problem listed by the name uploaded.
    c.execute("document.querySelector('#form-tong-hop input[name=danh_sach]').value = ''", vec![]).await.unwrap();
    click(&c, "th-lap").await;
    let said = until(
        &c,
        "!document.getElementById('th-ket-luan') && document.querySelector('#th-ket-qua ul') && document.getElementById('th-ket-qua').textContent",
        "the refusal",
    )
    .await;
    let said = said.as_str().unwrap();
    assert!(said.starts_with("Không lập được báo cáo tổng hợp.Không đọc được phiếu nào"), "{said}");
    assert!(said.contains("Phiếu phieu-truong-a.xlsx") && said.contains("Phiếu phieu-truong-b.xlsx") && !said.contains("tep-0"), "{said}");
    assert_eq!(c.execute("return document.querySelector('#th-ket-qua p').className", vec![]).await.unwrap(), json!("loi"));
    assert_console_only(&c, &driver, &[422], "the summary").await;
    c.close().await.unwrap();
}

/// Issue 26, item 11's smaller points not tested elsewhere: the tabs are tabs with a
/// selected state, the status line is announced, every preview page has a text alternative,
/// the draft file is called so (opened and saved as a draft), and “Thẩm quyền ban hành” is
/// not offered on a Công văn.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_speaks_to_screen_readers_and_names_the_draft_file() {
    let work = tempfile::tempdir().unwrap();
    let downloads = work.path().join("tai-ve");
    std::fs::create_dir(&downloads).unwrap();
    let server = Server::start_in(work.path(), &[]);
    let (driver, c) = browser(&downloads).await;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(&c, "!document.getElementById('vi-du').hidden && Number(document.getElementById('xem-truoc').dataset.pages) >= 1", "a new document").await;
    let tabs = "[...document.querySelectorAll('.tab:not([hidden])')].map((t) => t.getAttribute('role') + ':' + t.getAttribute('aria-selected'))";
    assert_eq!(c.execute(&format!("return {tabs}"), vec![]).await.unwrap(), json!(["tab:true", "tab:false", "tab:false", "tab:false", "tab:false"]));
    c.find(Locator::Css("button[data-tab=ho-so]")).await.unwrap().click().await.unwrap();
    assert_eq!(c.execute(&format!("return {tabs}"), vec![]).await.unwrap(), json!(["tab:false", "tab:false", "tab:true", "tab:false", "tab:false"]));
    assert_eq!(c.execute("return document.getElementById('ho-so').getAttribute('role')", vec![]).await.unwrap(), json!("tabpanel"));
    c.find(Locator::Css("button[data-tab=soan]")).await.unwrap().click().await.unwrap();
    // The status line and the notices are announced; each page image has its text.
    let live = c
        .execute("return [document.getElementById('trang-thai').getAttribute('role'), document.getElementById('thong-bao').getAttribute('aria-live'), [...document.querySelectorAll('#xem-truoc img')].map((i) => i.alt)]", vec![])
        .await
        .unwrap();
    assert_eq!(live[0], "status");
    assert_eq!(live[1], "polite");
    let alts = live[2].as_array().unwrap();
    assert!(
        !alts.is_empty() && alts.iter().enumerate().all(|(i, a)| a.as_str().unwrap() == format!("Trang {} trên {} của văn bản", i + 1, alts.len())),
        "{live}"
    );
    // A Công văn: no “Thẩm quyền ban hành”; a Quyết định: offered.
    c.find(Locator::Id("loai")).await.unwrap().select_by_value("cong-van").await.unwrap();
    until(&c, "document.getElementById('trich_yeu').placeholder.startsWith('Ví dụ: V/v')", "a new Công văn").await;
    assert_eq!(c.execute("return document.getElementById('nhan-tham-quyen').offsetParent === null", vec![]).await.unwrap(), json!(true));
    // The draft file: named so, saved as the document stands, opened again.
    let labels = c
        .execute("return [document.getElementById('tai-json').textContent, document.querySelector('label.file-button').firstChild.textContent]", vec![])
        .await
        .unwrap();
    assert_eq!(labels, json!(["Lưu bản nháp ra tệp", "Mở bản nháp từ tệp"]));
    set_text(&c, "trich_yeu", "V/v tổ chức tập huấn chuyển đổi số").await;
    click(&c, "tai-json").await;
    let saved: Value = serde_json::from_slice(&std::fs::read(downloaded(&downloads, "cong-van.json").await).unwrap()).unwrap();
    assert_eq!((saved["loai"].as_str(), saved["trich_yeu"].as_str()), (Some("cong-van"), Some("V/v tổ chức tập huấn chuyển đổi số")));
    assert!(saved.get("tham_quyen").is_none(), "{saved}");
    assert_clean_console(&c, &driver, "the page's roles and the draft file").await;
    c.close().await.unwrap();
}

/// Issue 29: "Kiểm tra văn bản" — a PDF made elsewhere (LibreOffice's, two defects planted)
/// uploaded; its findings listed in Vietnamese with their place, its pages drawn, each finding
/// marked on its page where it is (the date line near the top of page 1); no console error,
/// and axe passes on the page with its results.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pdf_made_elsewhere_is_checked_and_its_findings_marked_on_its_pages() {
    let axe = axe_source();
    let work = tempfile::tempdir().unwrap();
    let pdf = crate::check_foreign::planted_pdf(work.path());
    let server = Server::start_in(work.path(), &[]);
    let (driver, c) = browser(work.path()).await;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(&c, "Number(document.getElementById('xem-truoc').dataset.pages) >= 1", "the editor").await;
    c.find(Locator::Css("button[data-tab=kiem-tra]")).await.unwrap().click().await.unwrap();
    until(&c, "document.getElementById('kiem-tra').classList.contains('active')", "the tab").await;
    c.find(Locator::Id("kt-tep")).await.unwrap().send_keys(pdf.to_str().unwrap()).await.unwrap();
    c.find(Locator::Id("kt-kiem-tra")).await.unwrap().click().await.unwrap();
    until(&c, "document.querySelectorAll('#kt-ds li').length > 0 && document.querySelectorAll('.kt-page img').length > 0", "the findings").await;
    let items: Vec<String> =
        serde_json::from_value(c.execute("return [...document.querySelectorAll('#kt-ds li')].map((l) => l.textContent)", vec![]).await.unwrap()).unwrap();
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items[0].starts_with("Trang 1, dòng ") && items[0].contains("Ngày tháng ghi `5`, phải ghi `05`"), "{items:?}");
    assert!(items[1].starts_with("Trang 2, dòng ") && items[1].contains("Nơi nhận kết thúc bằng `Đăng website Trường;`"), "{items:?}");
    assert_eq!(
        c.execute("return document.getElementById('kt-tom-tat').textContent", vec![]).await.unwrap(),
        json!("2 lỗi, 0 cảnh báo về thể thức theo Nghị định 30.")
    );
    // Each finding marked on its page: the date on page 1, in its top fifth and right half;
    // Nơi nhận on page 2.
    let marks = c
        .execute(
            "return [...document.querySelectorAll('.kt-dau')].map((m) => [m.closest('figure').querySelector('figcaption').textContent, m.textContent, parseFloat(m.style.top), parseFloat(m.style.left)])",
            vec![],
        )
        .await
        .unwrap();
    let marks: Vec<(String, String, f64, f64)> = serde_json::from_value(marks).unwrap();
    assert_eq!(marks.len(), 2, "{marks:?}");
    assert_eq!((marks[0].0.as_str(), marks[0].1.as_str()), ("Trang 1", "1"));
    assert!(marks[0].2 < 20.0 && marks[0].3 > 45.0, "the date line's mark: {marks:?}");
    assert_eq!((marks[1].0.as_str(), marks[1].1.as_str()), ("Trang 2", "2"));
    // The pages drawn are the PDF's: as many as poppler counts.
    let pages = c.execute("return document.querySelectorAll('.kt-page img').length", vec![]).await.unwrap();
    assert_eq!(pages, json!(pdf_pages(&pdf)));
    assert_clean_console(&c, &driver, "after checking a PDF").await;
    let report = axe_violations(&c, &axe).await;
    assert!(report.is_empty(), "axe-core:\n{}", report.join("\n"));
    c.close().await.unwrap();
}

/// Issue 29: "Mở tệp Word" opens a .docx into the form — the letterhead, number, signer and
/// body in their fields — and lists what could not be mapped (here the signature and seal
/// images, which vanban does not carry); a file that is not a Word document is refused in
/// Vietnamese. No console error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_word_document_opens_into_the_form_with_what_was_not_mapped() {
    let work = tempfile::tempdir().unwrap();
    let docx = work.path().join("cong-van-ky-so.docx");
    let o = common::vanban(&["render", common::sample("cong-van-ky-so").to_str().unwrap(), "-o", docx.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let server = Server::start_in(work.path(), &[]);
    let (driver, c) = browser(work.path()).await;
    c.goto(&format!("{}/", server.base)).await.unwrap();
    until(&c, "document.getElementById('loai').options.length > 0 && document.getElementById('trang-thai').textContent !== ''", "the editor").await;
    assert_clean_console(&c, &driver, "the editor opened").await;
    let before = rev(&c).await;
    c.find(Locator::Id("mo-word")).await.unwrap().send_keys(docx.to_str().unwrap()).await.unwrap();
    until(&c, "!document.getElementById('nhap-word').hidden", "the import's list").await;
    until(
        &c,
        &format!("Number(document.getElementById('xem-truoc').dataset.rev) > {before} && document.getElementById('xem-truoc').dataset.cu === ''"),
        "the imported document's preview",
    )
    .await;
    let fields: Value = c
        .execute(
            "return ['loai', 'co_quan.chu_quan', 'co_quan.ten', 'so', 'ngay', 'trich_yeu', 'ky.chuc_vu', 'ky.ho_ten'].map((id) => document.getElementById(id).value)",
            vec![],
        )
        .await
        .unwrap();
    let f: Vec<&str> = fields.as_array().unwrap().iter().map(|v| v.as_str().unwrap_or("")).collect();
    assert_eq!(f[0], "cong-van", "{fields}");
    assert_eq!(f[1], "UBND TỈNH QUẢNG TRỊ", "{fields}");
    assert_eq!(f[2], "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "{fields}");
    assert_eq!(f[3], "38", "{fields}");
    assert!(f[5].starts_with("V/v sử dụng chữ ký số"), "{fields}");
    assert_eq!(f[6], "PHÓ GIÁM ĐỐC", "{fields}");
    assert_eq!(f[7], "Hoàng Văn Nam", "{fields}");
    let listed: Value = c.execute("return [...document.querySelectorAll('#nhap-word-ds li')].map((li) => li.textContent)", vec![]).await.unwrap();
    let listed: Vec<&str> = listed.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed.iter().all(|l| l.starts_with("Đoạn ") && l.contains("ảnh không được mang sang")), "{listed:?}");
    // The body is in the form: the preview's pages hold its text.
    let pages = c.execute("return document.getElementById('xem-truoc').dataset.pages", vec![]).await.unwrap();
    assert_eq!(pages, "2", "{pages}");
    assert_clean_console(&c, &driver, "a Word document opened").await;

    // The same endpoint refuses what is not a Word document, in Vietnamese.
    let mut client = common::server::Client::session(&server.base);
    let r = client.post("/api/nhap", "application/octet-stream", b"khong phai docx");
    assert_eq!(r.status, 422);
    assert!(r.json()["loi"].as_str().unwrap().contains("không phải tài liệu Word .docx"), "{}", r.text());
    c.close().await.unwrap();
    drop(driver);
}
