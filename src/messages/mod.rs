//! Every text a person reads — diagnostics, their hints, the CLI's lines, CSV headers — as a
//! catalogue keyed by a typed message ([`Msg`], [`Text`]) with typed arguments, in Vietnamese
//! and English (`vi.ftl`, `en.ftl`, Project Fluent). Must not build one language's text from the other's.
//!
//! A message is a variant of [`Msg`] (a diagnostic: it has its stable code, such as
//! `unknown-field`) or of [`Text`] (anything else a person reads); its fields are the named
//! variables of its text in the catalogues (`{ $field }`), and a diagnostic's hint is the
//! attribute `.hint` of its message. The language is the process's ([`lang`], chosen once by
//! the CLI with [`choose`]; the web server always speaks Vietnamese), or given explicitly.
//! To add a message: a variant in `catalogue.rs`, its text in both `.ftl` files; the test
//! `every_message_in_both_languages` fails until both are there with the same variables.

mod catalogue;
mod macros;

pub use catalogue::{Msg, Text};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

/// The languages of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Tiếng Việt: the web pages, and the CLI under a Vietnamese locale.
    Vi,
    /// English: the CLI's default (no locale, or another one).
    En,
}

impl Lang {
    /// Both languages, Vietnamese first.
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// `vi`, `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The catalogue's source text.
    pub fn source(self) -> &'static str {
        match self {
            Lang::Vi => include_str!("vi.ftl"),
            Lang::En => include_str!("en.ftl"),
        }
    }
}

static LANG: AtomicU8 = AtomicU8::new(1);

/// The language of this process's messages (English until [`set_lang`] says otherwise).
pub fn lang() -> Lang {
    if LANG.load(Ordering::Relaxed) == 0 {
        Lang::Vi
    } else {
        Lang::En
    }
}

/// Sets the language of this process's messages (the CLI at its start, the server).
pub fn set_lang(lang: Lang) {
    LANG.store(if lang == Lang::Vi { 0 } else { 1 }, Ordering::Relaxed);
}

/// The language of the CLI: `--lang` when given (`vi`, `en`), otherwise the locale —
/// the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not empty, Vietnamese when it
/// starts with `vi`; English otherwise (no locale at all, as in CI, is English).
pub fn choose(flag: Option<&str>, env: impl Fn(&str) -> Option<String>) -> Lang {
    let vi = |s: &str| s.trim().to_ascii_lowercase().starts_with("vi");
    if let Some(f) = flag {
        return if vi(f) { Lang::Vi } else { Lang::En };
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|k| env(k).filter(|v| !v.trim().is_empty()));
    match locale {
        Some(l) if vi(&l) => Lang::Vi,
        _ => Lang::En,
    }
}

/// A message's argument as its catalogue text receives it: numbers and strings as written
/// (no grouping, no isolation marks), a message inside a message in the same language.
pub trait Arg {
    /// The argument's text in `lang`.
    fn arg(&self, lang: Lang) -> String;
}

macro_rules! display_arg {
    ($($t:ty),*) => { $(impl Arg for $t { fn arg(&self, _: Lang) -> String { self.to_string() } })* };
}
display_arg!(String, &'static str, u8, u16, u32, u64, usize, i32, i64, f64, char);

impl Arg for Box<Msg> {
    fn arg(&self, lang: Lang) -> String {
        self.render(lang)
    }
}

impl Arg for Box<Text> {
    fn arg(&self, lang: Lang) -> String {
        self.render(lang)
    }
}

type Bundle = FluentBundle<FluentResource>;

/// The catalogues are built in: `tests::parse` refuses one that does not parse or gives a
/// message twice (the only errors `try_new` and `add_resource` have), so none is looked at here.
fn build(lang: Lang) -> Bundle {
    let resource = FluentResource::try_new(lang.source().to_string()).unwrap_or_else(|(r, _)| r);
    let mut bundle = Bundle::new_concurrent(vec![lang.tag().parse().expect("a language tag")]);
    // Unicode isolation marks around each argument would reach terminals, CSVs and tests.
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    bundle
}

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    let b = BUNDLES.get_or_init(|| [build(Lang::Vi), build(Lang::En)]);
    &b[if lang == Lang::Vi { 0 } else { 1 }]
}

/// The text of message `id` (its attribute `attr` when given) in `lang` with `args`; `None`
/// when the catalogue has no such text.
pub fn format(lang: Lang, id: &str, attr: Option<&str>, args: &[(&'static str, String)]) -> Option<String> {
    let b = bundle(lang);
    let m = b.get_message(id)?;
    let pattern = match attr {
        Some(a) => m.get_attribute(a)?.value(),
        None => m.value()?,
    };
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        fa.set(*k, FluentValue::from(v.as_str()));
    }
    let mut errors = Vec::new();
    Some(b.format_pattern(pattern, Some(&fa), &mut errors).into_owned())
}

/// What every message of the catalogues is: its id, its diagnostic code (empty for a
/// [`Text`]) and its named arguments.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The message id in the `.ftl` files (the variant's name).
    pub id: &'static str,
    /// The diagnostic code (`unknown-field`); empty for a [`Text`].
    pub code: &'static str,
    /// The variant's fields, the variables its texts use.
    pub fields: &'static [&'static str],
}

/// Every message of both enums.
pub fn entries() -> impl Iterator<Item = &'static Entry> {
    Msg::ALL.iter().chain(Text::ALL.iter())
}

/// The name of the form field a JSON path is in, as the web editor labels it (Vietnamese:
/// the labels of the page).
pub fn field_label(path: &str) -> String {
    // A place in a document made elsewhere (`vanban check FILE.pdf|FILE.docx`): `trang 2, dòng
    // 14`, `đoạn 12`, `phần 1`, `đầu trang, phần 1` — itself, capitalised.
    if ["trang ", "đoạn ", "phần ", "đầu trang"].iter().any(|p| path.starts_with(p)) {
        let mut c = path.chars();
        return c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default();
    }
    let p = path.split('[').next().unwrap_or(path);
    let name = match p {
        "loai" => "Loại văn bản",
        "co_quan" => "Cơ quan ban hành",
        "co_quan.chu_quan" => "Cơ quan chủ quản",
        "co_quan.ten" => "Tên cơ quan",
        "co_quan.viet_tat" => "Viết tắt tên cơ quan",
        "so" => "Số",
        "ky_hieu" => "Ký hiệu",
        "don_vi_soan_thao" => "Đơn vị soạn thảo",
        "do_mat" => "Độ mật",
        "do_khan" => "Độ khẩn",
        "dia_danh" => "Địa danh",
        "ngay" => "Ngày",
        "trich_yeu" => "Trích yếu",
        "kinh_gui" => "Kính gửi",
        "tham_quyen" => "Thẩm quyền ban hành",
        "can_cu" => "Căn cứ",
        "noi_dung" => "Nội dung",
        "ky" => "Chữ ký",
        "ky.hinh_thuc" => "Quyền hạn ký",
        "ky.thay_mat" => "Chức vụ được ký thay",
        "ky.chuc_vu" => "Chức vụ người ký",
        "ky.ho_ten" => "Họ tên người ký",
        "noi_nhan" => "Nơi nhận",
        "phu_luc" => "Phụ lục",
        "phat_hanh.nguoi_soan" => "Người soạn thảo",
        "phat_hanh.so_ban" => "Số bản phát hành",
        "phat_hanh.ban_luu" => "Số bản lưu",
        "xac_nhan" => "Xác nhận",
        "bien_ban" => "Biên bản",
        "lien_tich" => "Cơ quan liên tịch",
        "dien" => "Người gửi điện",
        "gioi_thieu" => "Giấy giới thiệu",
        "nghi_phep" => "Giấy nghỉ phép",
        _ => "",
    };
    if !name.is_empty() {
        return name.to_string();
    }
    if path.contains(".bang") {
        "Bảng".to_string()
    } else if path.starts_with("phu_luc") {
        "Phụ lục".to_string()
    } else {
        format!("Trường `{path}`")
    }
}

/// The message and hint of `d` as the web page shows them: Vietnamese, the message led by
/// the name of the field it is about (from its JSON path) unless it already names it.
pub fn for_page(d: &crate::diag::Diagnostic) -> (String, Option<String>) {
    let m = d.text(Lang::Vi);
    let field = d.path.as_deref().map(field_label).unwrap_or_default();
    let m = if field.is_empty() || m.starts_with(&field) { m } else { format!("{field}: {m}") };
    (m, d.hint_text(Lang::Vi))
}

#[cfg(test)]
mod tests;
