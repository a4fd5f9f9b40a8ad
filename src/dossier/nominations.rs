//! The nominations file (danh sách đề nghị khen thưởng) as a unit keeps it: a workbook with
//! a sheet of general information, one of individuals, one of collectives and one of class
//! sizes (sheet and column names in Vietnamese, matched without regard to case or tone
//! marks), or the same as one JSON file (`thong_tin`, `ca_nhan`, `tap_the`, `lop`,
//! optionally `quy_dinh`). Both are read into the same types; every record remembers where
//! it came from (JSON path, or sheet, row and column) so that every message can say so.

use crate::diag::{line_col, Diagnostic};
use crate::messages::{Msg, Text};
use crate::vn;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::path::Path;

/// The general information of a unit's dossier (sheet `Thông tin chung`, JSON `thong_tin`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Info {
    /// The proposing unit, as written in a sentence: `Khoa Sư phạm`.
    pub don_vi: String,
    /// Its parent (the school): `Trường Cao đẳng Sơn La`.
    pub chu_quan: String,
    /// The unit's abbreviation, for the Tờ trình's symbol: `KSP`.
    pub viet_tat: String,
    /// Place name of the date line: `Sơn La`.
    pub dia_danh: String,
    /// Date of the Tờ trình: `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`).
    pub ngay: String,
    /// Number of the Tờ trình, if the clerk has given one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so: Option<u32>,
    /// Title of the signer: `Trưởng khoa`.
    pub chuc_vu_nguoi_ky: String,
    /// The signer's name.
    #[serde(default)]
    pub nguoi_ky: String,
    /// `KT` when a deputy signs for the head (then `ky_thay` names the head's title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hinh_thuc_ky: Option<crate::model::Authority>,
    /// The title signed for with `KT`: `Trưởng khoa`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ky_thay: Option<String>,
    /// The campaign: `Bình dân học vụ số`.
    pub phong_trao: String,
    /// School year: `2025-2026`.
    pub nam_hoc: String,
    /// To whom the Tờ trình goes; default `Hội đồng Thi đua - Khen thưởng <chu_quan>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinh_gui: Option<String>,
    /// The plan that launched the campaign, as cited: `Kế hoạch số 125/KH-CĐSL ngày …`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_cu: Option<String>,
    /// The unit's outstanding achievements, one paragraph each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thanh_tich: Vec<String>,
}

/// Student or staff.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum PersonKind {
    /// Học sinh, sinh viên (HSSV).
    SinhVien,
    /// Cán bộ, giảng viên, nhân viên.
    CanBo,
}

/// Kind of collective.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum CollectiveKind {
    /// A class of students.
    Lop,
    /// A team or group (đội, nhóm, đội hình tình nguyện).
    DoiNhom,
    /// An office or a faculty (phòng, khoa, trung tâm).
    PhongKhoa,
}

/// One nominated individual (sheet `Cá nhân`, JSON `ca_nhan[i]`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Individual {
    /// Họ và tên.
    pub ho_ten: String,
    /// Date of birth, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngay_sinh: Option<String>,
    /// `Nam` or `Nữ`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gioi_tinh: Option<String>,
    /// `sinh-vien` or `can-bo`.
    pub doi_tuong: PersonKind,
    /// A student's class, or a staff member's office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lop: Option<String>,
    /// Faculty (for staff of a faculty, and students).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub khoa: Option<String>,
    /// Student or staff code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ma: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dien_thoai: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Participation: when, how, what.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qua_trinh: Option<String>,
    /// Number of citizens supported (lượt người dân được hỗ trợ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so_luot_ho_tro: Option<u32>,
    /// Notable products or results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub san_pham: Option<String>,
    /// An initiative or solution (sáng kiến, giải pháp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sang_kien: Option<String>,
    /// The volunteer team taken part in, with the recognition it received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi_hinh: Option<String>,
    /// Self-assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tu_danh_gia: Option<String>,
    /// Proposed award.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hinh_thuc: Option<String>,
    /// Evidence attached.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub minh_chung: Vec<String>,
    /// Achievements in one line for the tables; default: made from the numbers and products.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tom_tat: Option<String>,
}

/// One nominated collective (sheet `Tập thể`, JSON `tap_the[i]`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Collective {
    /// Tên tập thể.
    pub ten: String,
    /// `lop`, `doi-nhom` or `phong-khoa`.
    pub loai: CollectiveKind,
    /// The unit it belongs to (a faculty, the youth union).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub don_vi: Option<String>,
    /// Number of members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so_thanh_vien: Option<u32>,
    /// Period of the activities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thoi_gian: Option<String>,
    /// Activities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hoat_dong: Option<String>,
    /// Area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dia_ban: Option<String>,
    /// Number of digital-skills classes held for citizens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so_lop: Option<u32>,
    /// Learners in the largest of those classes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lop_dong_nhat: Option<u32>,
    /// Number of citizens supported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so_luot_ho_tro: Option<u32>,
    /// Notable products or models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub san_pham: Option<String>,
    /// Impact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tac_dong: Option<String>,
    /// Proposed award.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hinh_thuc: Option<String>,
    /// Evidence attached.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub minh_chung: Vec<String>,
    /// The collective's representative, who signs its report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dai_dien: Option<String>,
    /// Achievements in one line for the tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tom_tat: Option<String>,
}

/// A class and its size (sheet `Lớp`, JSON `lop[i]`), for the students' quota.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Class {
    /// Class name as the individuals' `lop` gives it.
    pub ten: String,
    /// Number of students.
    pub si_so: u32,
}

/// Where a record came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// A JSON file: the record's path (`ca_nhan[3]`).
    Json {
        /// The record's JSON path.
        path: String,
    },
    /// A sheet row; `columns` maps a field to its column letter and header.
    Row {
        /// Sheet name as in the workbook.
        sheet: String,
        /// Row number as the spreadsheet shows it.
        row: usize,
        /// (field, column letter, header).
        columns: Vec<(String, String, String)>,
    },
}

impl Place {
    /// The place of `field` of the record (or the record itself), as a message names it:
    /// `ca_nhan[3].ngay_sinh`, or `sheet "Cá nhân", row 5, column C (Ngày sinh)`.
    pub fn describe(&self, field: Option<&str>) -> String {
        match self {
            Place::Json { path } => match field {
                Some(f) if path.is_empty() => f.to_string(),
                Some(f) => format!("{path}.{f}"),
                None => path.clone(),
            },
            Place::Row { sheet, row, columns } => {
                let col = field.and_then(|f| columns.iter().find(|(k, _, _)| k == f));
                match (col, field) {
                    (Some((_, letter, header)), _) => {
                        Text::PlaceColumn { sheet: sheet.clone(), row: *row, letter: letter.clone(), header: header.clone() }.to_string()
                    }
                    (None, Some(f)) => Text::PlaceNoColumn { sheet: sheet.clone(), row: *row, field: f.to_string() }.to_string(),
                    (None, None) => Text::PlaceRow { sheet: sheet.clone(), row: *row }.to_string(),
                }
            }
        }
    }

    /// The short form for lists: `Cá nhân, row 5` or `ca_nhan[3]`.
    pub fn short(&self) -> String {
        match self {
            Place::Json { path } => path.clone(),
            Place::Row { sheet, row, .. } => Text::PlaceShort { sheet: sheet.clone(), row: *row }.to_string(),
        }
    }
}

/// A record with its place.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// The record.
    pub value: T,
    /// Where it is.
    pub place: Place,
}

/// A unit's nominations, read and validated.
#[derive(Debug, Clone)]
pub struct Nominations {
    /// The file it was read from.
    pub file: String,
    /// General information.
    pub info: Info,
    /// Class sizes.
    pub classes: Vec<Located<Class>>,
    /// Individuals, in the file's order.
    pub individuals: Vec<Located<Individual>>,
    /// Collectives, in the file's order.
    pub collectives: Vec<Located<Collective>>,
    /// Rules given in the file (`quy_dinh`), if any, as JSON.
    pub rules: Option<Value>,
    /// The JSON text (for line and column of JSON paths); none for a workbook.
    text: Option<String>,
    /// How a workbook was read (a title above a header, rows skipped after the data…).
    pub notes: Vec<Diagnostic>,
}

impl Nominations {
    /// An error at `field` of the record at `place`, located in the file.
    pub fn error(&self, code: &'static str, place: &Place, field: Option<&str>, message: Msg) -> Diagnostic {
        locate(&self.file, self.text.as_deref(), code, place, field, message)
    }

    /// The JSON text the file was read from; none for a workbook.
    pub fn json_text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// The size of class `name`, if the file gives it.
    pub fn class_size(&self, name: &str) -> Option<u32> {
        let key = vn::fold(name);
        self.classes.iter().find(|c| vn::fold(&c.value.ten) == key).map(|c| c.value.si_so)
    }
}

/// An error of the record at `place`, its code that of the part of the file (`dossier-info`,
/// `dossier-individual`, …) whatever the message.
fn locate(file: &str, text: Option<&str>, code: &'static str, place: &Place, field: Option<&str>, message: Msg) -> Diagnostic {
    let mut d = Diagnostic::error(message).in_file(file).at(place.describe(field));
    d.code = code;
    if let (Place::Json { .. }, Some(text)) = (place, text) {
        if let Some(o) = d.path.as_deref().and_then(|p| crate::locate_nearest(text, p)) {
            let (l, c) = line_col(text, o);
            d = d.line_col(l, c);
        }
    }
    d
}

/// A sheet of the workbook: its Vietnamese name (and other accepted names), the JSON key
/// its records go to, and its columns.
pub struct SheetSpec {
    /// Names accepted for the sheet (the first is the documented one).
    pub names: &'static [&'static str],
    /// The JSON key of the records.
    pub key: &'static str,
    /// (field, headers accepted: the first is the documented one).
    pub columns: &'static [(&'static str, &'static [&'static str])],
    /// The fields every record must have.
    pub required: &'static [&'static str],
}

/// The sheet of individuals.
pub const INDIVIDUALS: SheetSpec = SheetSpec {
    names: &["Cá nhân", "Ca nhan", "ca_nhan"],
    key: "ca_nhan",
    columns: &[
        ("ho_ten", &["Họ và tên", "Họ tên", "ho_ten"]),
        ("ngay_sinh", &["Ngày sinh", "ngay_sinh"]),
        ("gioi_tinh", &["Giới tính", "gioi_tinh"]),
        ("doi_tuong", &["Đối tượng", "doi_tuong"]),
        ("lop", &["Lớp/Đơn vị", "Lớp", "Đơn vị", "lop"]),
        ("khoa", &["Khoa", "khoa"]),
        ("ma", &["Mã SV/CB", "Mã sinh viên", "Mã", "ma"]),
        ("dien_thoai", &["Số điện thoại", "Điện thoại", "dien_thoai"]),
        ("email", &["Email", "E-mail"]),
        ("qua_trinh", &["Quá trình tham gia", "qua_trinh"]),
        ("so_luot_ho_tro", &["Số lượt người dân được hỗ trợ", "Số lượt hỗ trợ", "so_luot_ho_tro"]),
        ("san_pham", &["Sản phẩm nổi bật", "Sản phẩm", "san_pham"]),
        ("sang_kien", &["Sáng kiến, giải pháp", "Sáng kiến", "sang_kien"]),
        ("doi_hinh", &["Đội hình tham gia", "Đội hình", "doi_hinh"]),
        ("tu_danh_gia", &["Tự đánh giá", "tu_danh_gia"]),
        ("hinh_thuc", &["Hình thức khen thưởng", "Đề xuất khen thưởng", "hinh_thuc"]),
        ("minh_chung", &["Minh chứng", "minh_chung"]),
        ("tom_tat", &["Thành tích tóm tắt", "Tóm tắt", "tom_tat"]),
    ],
    required: &["ho_ten", "doi_tuong"],
};

/// The sheet of collectives.
pub const COLLECTIVES: SheetSpec = SheetSpec {
    names: &["Tập thể", "Tap the", "tap_the"],
    key: "tap_the",
    columns: &[
        ("ten", &["Tên tập thể", "Tên", "ten"]),
        ("loai", &["Loại", "Loại tập thể", "loai"]),
        ("don_vi", &["Đơn vị trực thuộc", "Đơn vị", "don_vi"]),
        ("so_thanh_vien", &["Số thành viên", "Số lượng thành viên", "so_thanh_vien"]),
        ("thoi_gian", &["Thời gian thực hiện", "Thời gian", "thoi_gian"]),
        ("hoat_dong", &["Nội dung hoạt động", "Hoạt động", "hoat_dong"]),
        ("dia_ban", &["Địa bàn triển khai", "Địa bàn", "dia_ban"]),
        ("so_lop", &["Số lớp kỹ năng số", "Số lớp", "so_lop"]),
        ("lop_dong_nhat", &["Số người của lớp đông nhất", "Lớp đông nhất", "lop_dong_nhat"]),
        ("so_luot_ho_tro", &["Số lượt người dân được hỗ trợ", "Số lượt hỗ trợ", "so_luot_ho_tro"]),
        ("san_pham", &["Sản phẩm/mô hình tiêu biểu", "Sản phẩm", "san_pham"]),
        ("tac_dong", &["Tác động và hiệu quả", "Tác động", "tac_dong"]),
        ("hinh_thuc", &["Hình thức khen thưởng", "Đề xuất khen thưởng", "hinh_thuc"]),
        ("minh_chung", &["Minh chứng", "minh_chung"]),
        ("dai_dien", &["Đại diện tập thể", "Đại diện", "dai_dien"]),
        ("tom_tat", &["Thành tích tóm tắt", "Tóm tắt", "tom_tat"]),
    ],
    required: &["ten", "loai"],
};

/// The sheet of class sizes.
pub const CLASSES: SheetSpec = SheetSpec {
    names: &["Lớp", "Sĩ số", "lop"],
    key: "lop",
    columns: &[("ten", &["Lớp", "Tên lớp", "ten"]), ("si_so", &["Sĩ số", "Số HSSV", "si_so"])],
    required: &["ten", "si_so"],
};

/// The sheet of general information: two columns, `Mục` (one of these labels) and `Nội dung`.
pub const INFO_SHEET: &[&str] = &["Thông tin chung", "Thong tin chung", "thong_tin"];

/// The labels of the general information sheet, by field. `Thành tích nổi bật` may be given
/// on several rows, one achievement each.
pub const INFO_LABELS: &[(&str, &[&str])] = &[
    ("don_vi", &["Đơn vị đề nghị", "Đơn vị", "don_vi"]),
    ("chu_quan", &["Đơn vị cấp trên", "Trường", "chu_quan"]),
    ("viet_tat", &["Viết tắt", "Chữ viết tắt", "viet_tat"]),
    ("dia_danh", &["Địa danh", "dia_danh"]),
    ("ngay", &["Ngày", "Ngày tờ trình", "ngay"]),
    ("so", &["Số", "Số tờ trình", "so"]),
    ("chuc_vu_nguoi_ky", &["Chức vụ người ký", "Chức vụ", "chuc_vu_nguoi_ky"]),
    ("nguoi_ky", &["Người ký", "nguoi_ky"]),
    ("hinh_thuc_ky", &["Hình thức ký", "hinh_thuc_ky"]),
    ("ky_thay", &["Ký thay", "ky_thay"]),
    ("phong_trao", &["Phong trào", "phong_trao"]),
    ("nam_hoc", &["Năm học", "nam_hoc"]),
    ("kinh_gui", &["Kính gửi", "kinh_gui"]),
    ("can_cu", &["Căn cứ", "can_cu"]),
    ("thanh_tich", &["Thành tích nổi bật", "Thành tích", "thanh_tich"]),
];

/// The items of the general information every file must give.
pub const INFO_REQUIRED: &[&str] = &["don_vi", "chu_quan", "viet_tat", "dia_danh", "ngay", "chuc_vu_nguoi_ky", "phong_trao", "nam_hoc"];

/// An example value of each field, and the values a field is limited to, for the guide and
/// the blank workbook (see [`guide`]).
const EXAMPLES: &[(&str, &str)] = &[
    ("don_vi", "Khoa Sư phạm"),
    ("chu_quan", "Trường Cao đẳng Sơn La"),
    ("viet_tat", "KSP"),
    ("dia_danh", "Sơn La"),
    ("ngay", "2026-06-05"),
    ("so", ""),
    ("chuc_vu_nguoi_ky", "Phó Trưởng khoa"),
    ("nguoi_ky", "Lò Văn Minh"),
    ("hinh_thuc_ky", "KT"),
    ("ky_thay", "Trưởng khoa"),
    ("phong_trao", "Bình dân học vụ số"),
    ("nam_hoc", "2025-2026"),
    ("kinh_gui", "Hội đồng Thi đua - Khen thưởng Trường Cao đẳng Sơn La"),
    ("can_cu", "Kế hoạch số 117/KH-CĐSL ngày 20/5/2025 của Trường Cao đẳng Sơn La về phát động Phong trào “Bình dân học vụ số”"),
    ("thanh_tich", "Khoa đã tổ chức 12 lớp hướng dẫn kỹ năng số cho người dân tại các xã"),
    ("ho_ten", "Lò Thị Ánh"),
    ("ngay_sinh", "2005-03-14"),
    ("gioi_tinh", "Nữ"),
    ("doi_tuong", "Sinh viên"),
    ("lop", "CĐ GDMN K15A"),
    ("khoa", "Khoa Sư phạm"),
    ("ma", "2115001"),
    ("dien_thoai", "0912 345 678"),
    ("email", "anhlt@cdsonla.edu.vn"),
    ("qua_trinh", "Từ tháng 6 đến tháng 11/2025, tham gia đội hình tình nguyện của Khoa tại xã Chiềng Ngần"),
    ("so_luot_ho_tro", "46"),
    ("san_pham", "Video hướng dẫn cài đặt VssID bằng tiếng Thái"),
    ("sang_kien", ""),
    ("doi_hinh", "Đội hình Sinh viên tình nguyện số Khoa Sư phạm"),
    ("tu_danh_gia", "Nhiệt tình, có trách nhiệm, hoàn thành tốt nhiệm vụ được giao."),
    ("hinh_thuc", "Giấy khen của Hiệu trưởng"),
    ("minh_chung", "Ảnh hoạt động tình nguyện; Giấy xác nhận của UBND xã"),
    ("tom_tat", ""),
    ("ten", "Lớp CĐ GDMN K15A"),
    ("loai", "Lớp"),
    ("don_vi_tt", "Khoa Sư phạm"),
    ("so_thanh_vien", "31"),
    ("thoi_gian", "Tháng 6 – tháng 11/2025"),
    ("hoat_dong", "Tổ chức 5 lớp kỹ năng số buổi tối cho người dân xã Chiềng Ngần"),
    ("dia_ban", "Xã Chiềng Ngần"),
    ("so_lop", "5"),
    ("lop_dong_nhat", "42"),
    ("tac_dong", "Được người dân và địa phương đánh giá cao"),
    ("dai_dien", "Lò Thị Ánh"),
    ("si_so", "31"),
];

/// The values a field's cells are limited to (as the clerk writes them).
const FIXED: &[(&str, &[&str])] = &[
    ("gioi_tinh", &["Nam", "Nữ"]),
    ("doi_tuong", &["Sinh viên", "Học sinh", "Cán bộ", "Giảng viên", "Nhân viên"]),
    ("loai", &["Lớp", "Đội, nhóm", "Phòng, khoa"]),
    ("hinh_thuc_ky", &["KT", "TM", "Q", "TL", "TUQ"]),
];

/// The nominations workbook: its four sheets and their columns (headers as documented,
/// required or not, an example, fixed values) — what the web page shows and
/// `vanban ho-so --blank OUT.xlsx` writes (see [`crate::guide::blank_workbook`]).
pub fn guide() -> crate::guide::Guide {
    use crate::guide::{Column, Guide, Sheet};
    let column = |field: &str, header: &str, required: bool, table: &str| {
        // A collective's unit has the example of a unit, not of the proposing faculty's name.
        let key = match (table, field) {
            ("tap_the", "don_vi") => "don_vi_tt",
            ("lop", "ten") => "lop",
            _ => field,
        };
        let example = EXAMPLES.iter().find(|(f, _)| *f == key).map_or("", |(_, e)| *e);
        let values = FIXED.iter().find(|(f, _)| *f == field).map(|(_, v)| v.iter().map(|s| s.to_string()).collect()).unwrap_or_default();
        Column { header: header.to_string(), label: header.to_string(), required, example: example.to_string(), values }
    };
    let info = INFO_LABELS.iter().map(|(f, ls)| column(f, ls[0], INFO_REQUIRED.contains(f), "thong_tin")).collect();
    let mut sheets = vec![Sheet { name: INFO_SHEET[0].to_string(), items: true, required: true, columns: info }];
    for (spec, required) in [(&INDIVIDUALS, true), (&COLLECTIVES, false), (&CLASSES, false)] {
        let columns = spec.columns.iter().map(|(f, hs)| column(f, hs[0], spec.required.contains(f), spec.key)).collect();
        sheets.push(Sheet { name: spec.names[0].to_string(), items: false, required, columns });
    }
    Guide {
        title: "Danh sách đề nghị khen thưởng của đơn vị".to_string(),
        description: "Một tệp cho mỗi đơn vị (khoa, phòng, Đoàn Thanh niên): thông tin chung của đơn vị và tờ trình, các cá nhân và tập thể được đề nghị, sĩ số các lớp. vanban kiểm tra tiêu chuẩn, chỉ tiêu rồi lập tờ trình, danh sách, báo cáo thành tích (PDF, DOCX)."
            .to_string(),
        sheets,
    }
}

/// Fields read as whole numbers.
const NUMBER_FIELDS: &[&str] = &["so", "so_luot_ho_tro", "so_thanh_vien", "so_lop", "lop_dong_nhat", "si_so"];
/// Fields read as lists (cells: one item a line, or items separated by `;`).
const LIST_FIELDS: &[&str] = &["minh_chung", "thanh_tich"];

/// Reads a nominations file (.xlsx or .json) and checks what one file can hold: types,
/// names, dates of birth, class sizes, the same person twice. Every problem is reported at
/// once; `today` decides what is in the future.
pub fn read(path: &Path, today: chrono::NaiveDate) -> Result<Nominations, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let raw = match ext.as_str() {
        "json" => {
            let text = crate::input::read_text(&file).map_err(|d| vec![d])?;
            raw_json(&file, text)?
        }
        "xlsx" | "xlsm" | "xls" | "ods" => raw_workbook(path)?,
        _ => return Err(vec![Diagnostic::error(Msg::DossierFormat { ext: ext.to_string() }).in_file(file)]),
    };
    typed(raw, today)
}

/// The file read but not yet typed: each record a JSON object with its place.
struct Raw {
    file: String,
    text: Option<String>,
    info: Option<(Value, Place)>,
    classes: Vec<(Value, Place)>,
    individuals: Vec<(Value, Place)>,
    collectives: Vec<(Value, Place)>,
    rules: Option<Value>,
    errors: Vec<Diagnostic>,
    notes: Vec<Diagnostic>,
}

impl Raw {
    /// Nothing read yet from `file`.
    fn new(file: &str) -> Raw {
        Raw {
            file: file.to_string(),
            text: None,
            info: None,
            classes: vec![],
            individuals: vec![],
            collectives: vec![],
            rules: None,
            errors: vec![],
            notes: vec![],
        }
    }
}

fn raw_json(file: &str, text: String) -> Result<Raw, Vec<Diagnostic>> {
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| vec![Diagnostic::error(Msg::DossierJson { detail: e.to_string() }).in_file(file).line_col(e.line(), e.column().max(1))])?;
    let Value::Object(mut top) = value else {
        return Err(vec![Diagnostic::error(Msg::DossierNotObject).in_file(file)]);
    };
    let mut raw = Raw::new(file);
    let here = |p: &str| Place::Json { path: p.to_string() };
    let known = ["thong_tin", "lop", "ca_nhan", "tap_the", "quy_dinh"];
    for k in top.keys() {
        if !known.contains(&k.as_str()) {
            raw.errors.push(locate(
                file,
                Some(&text),
                "unknown-field",
                &here(k),
                None,
                Msg::DossierUnknownField { field: k.to_string(), known: known.join(", ") },
            ));
        }
    }
    match top.remove("thong_tin") {
        Some(v) => raw.info = Some((v, here("thong_tin"))),
        None => raw.errors.push(locate(file, Some(&text), "missing-field", &here(""), None, Msg::DossierNoInfo)),
    }
    for (key, out) in [("lop", &mut raw.classes), ("ca_nhan", &mut raw.individuals), ("tap_the", &mut raw.collectives)] {
        match top.remove(key) {
            None => {}
            Some(Value::Array(items)) => out.extend(items.into_iter().enumerate().map(|(i, v)| (v, here(&format!("{key}[{i}]"))))),
            Some(_) => raw.errors.push(locate(file, Some(&text), "wrong-type", &here(key), None, Msg::DossierNotList { key: key.to_string() })),
        }
    }
    raw.rules = top.remove("quy_dinh");
    raw.text = Some(text);
    Ok(raw)
}

/// A column letter: 0 → A, 26 → AA.
fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push((b'A' + (i % 26) as u8) as char);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.iter().rev().collect()
}

fn raw_workbook(path: &Path) -> Result<Raw, Vec<Diagnostic>> {
    use crate::sheet::{read_table, Book, Cell, Column, Expect};
    let file = path.display().to_string();
    let fail = |msg: Msg| Diagnostic::error(msg).in_file(&file);
    let read_failed = |d: Diagnostic| {
        let mut d = d.reword(|m| Msg::DossierRead { detail: Box::new(m) });
        d.code = "dossier-read";
        d
    };
    let mut book = Book::open(path).map_err(|mut d| {
        if d.code == "rows-read" {
            d.code = "dossier-read";
        }
        vec![d]
    })?;
    let names: Vec<String> = book.sheets.iter().map(|s| s.name.clone()).collect();
    let mut raw = Raw::new(&file);
    let missing = |what: Text, accepted: &[&str]| fail(Msg::DossierNoSheet { sheet: accepted[0].to_string(), what: Box::new(what), sheets: names.join(", ") });
    // A cell as the record's value; a cell that cannot be read is an error at its place.
    let value = |cell: &Cell| cell.json();

    // General information: label | value rows, under a title or not; a row whose label is
    // no item and whose value is empty (a title, a signature line) is skipped.
    match book.find(INFO_SHEET) {
        None => raw.errors.push(missing(Text::InfoSheetWhat, INFO_SHEET)),
        Some(name) => match book.grid(&name) {
            Err(d) => raw.errors.push(read_failed(d)),
            Ok(grid) => {
                let col0 = (0..grid.rows.len()).filter_map(|r| grid.rows[r].iter().position(|c| !c.is_empty())).min().unwrap_or(0) as u32;
                let mut obj = Map::new();
                let mut columns = Vec::new();
                let mut skipped = Vec::new();
                for r in 0..grid.rows.len() as u32 {
                    let row = r as usize + 1;
                    let label = grid.shown(r, col0);
                    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
                    let cell = grid.cell(r, col0 + 1);
                    if label.is_empty() || matches!(crate::sheet::fold(&label).as_str(), "muc" | "thong tin" | "muc thong tin") {
                        continue;
                    }
                    let Some((field, _)) = INFO_LABELS.iter().find(|(_, ls)| ls.iter().any(|l| crate::sheet::fold(l) == crate::sheet::fold(&label))) else {
                        if cell.is_empty() {
                            skipped.push(row);
                            continue;
                        }
                        raw.errors.push(fail(Msg::DossierUnknownItem {
                            sheet: name.clone(),
                            row,
                            column: column_letter(col0 as usize),
                            label: label.clone(),
                            items: INFO_LABELS.iter().map(|(_, l)| l[0]).collect::<Vec<_>>().join(", "),
                        }));
                        continue;
                    };
                    let v = match value(cell) {
                        Err(e) => {
                            raw.errors.push(fail(Msg::DossierCell {
                                sheet: name.clone(),
                                row,
                                column: column_letter(col0 as usize + 1),
                                problem: Box::new(e),
                            }));
                            continue;
                        }
                        Ok(v) => v,
                    };
                    let Some(v) = v else { continue };
                    columns.retain(|(f, _, _): &(String, String, String)| f != field);
                    columns.push((field.to_string(), format!("{}{row}", column_letter(col0 as usize + 1)), label.clone()));
                    if LIST_FIELDS.contains(field) {
                        // One item a row (an achievement may hold a `;` of its own).
                        let list = obj.entry(field.to_string()).or_insert_with(|| Value::Array(vec![]));
                        if let Value::Array(a) = list {
                            a.push(Value::String(crate::input::value_text(&v)));
                        }
                    } else {
                        obj.insert(field.to_string(), convert(field, v));
                    }
                }
                if !skipped.is_empty() {
                    raw.notes
                        .push(grid.note(crate::messages::Msg::InfoRowsSkipped { rows: skipped.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", ") }));
                }
                // Messages about the information name the row of each item.
                raw.info = Some((Value::Object(obj), Place::Row { sheet: name.clone(), row: 0, columns }));
            }
        },
    }

    for (spec, out, required, key) in [(&CLASSES, 0, false, "ten"), (&INDIVIDUALS, 1, true, "ho_ten"), (&COLLECTIVES, 2, false, "ten")] {
        let Some(name) = book.find(spec.names) else {
            if required {
                raw.errors.push(missing(Text::IndividualsWhat, spec.names));
            }
            continue;
        };
        let grid = match book.grid(&name) {
            Ok(g) => g,
            Err(d) => {
                raw.errors.push(read_failed(d));
                continue;
            }
        };
        if grid.rows.iter().all(|r| r.iter().all(Cell::is_empty)) {
            continue;
        }
        let expect = Expect {
            columns: spec.columns.iter().map(|(f, hs)| Column::new(f, hs)).collect(),
            key: Some(key.to_string()),
            keep_unknown: false,
            ignore: vec!["STT".into(), "TT".into(), "Số TT".into()],
        };
        let table = read_table(&grid, &expect);
        raw.errors.extend(table.errors.iter().cloned().map(|mut d| {
            d.code = "dossier-column";
            d
        }));
        raw.notes.extend(table.notes.iter().cloned());
        let columns: Vec<(String, String, String)> = table.columns.iter().map(|c| (c.key.clone(), column_letter(c.col as usize), c.header.clone())).collect();
        for rec in &table.records {
            let row = rec.row as usize + 1;
            let mut obj = Map::new();
            for (k, cell) in rec.cells.iter().enumerate() {
                let col = &table.columns[k];
                let field = col.key.as_str();
                match value(cell) {
                    Err(e) => raw.errors.push(fail(Msg::DossierCellHeader {
                        sheet: name.clone(),
                        row,
                        column: column_letter(col.col as usize),
                        header: col.header.clone(),
                        problem: Box::new(e),
                    })),
                    Ok(None) => {}
                    Ok(Some(v)) if LIST_FIELDS.contains(&field) => {
                        obj.insert(field.to_string(), Value::Array(split_list(&v)));
                    }
                    Ok(Some(v)) => {
                        obj.insert(field.to_string(), convert(field, v));
                    }
                }
            }
            if obj.is_empty() {
                continue;
            }
            let place = Place::Row { sheet: name.clone(), row, columns: columns.clone() };
            match out {
                0 => raw.classes.push((Value::Object(obj), place)),
                1 => raw.individuals.push((Value::Object(obj), place)),
                _ => raw.collectives.push((Value::Object(obj), place)),
            }
        }
    }
    Ok(raw)
}

/// A list cell: one item a line, or items separated by `;`.
fn split_list(v: &Value) -> Vec<Value> {
    match v {
        Value::String(s) => s
            .split(['\n', ';', vn::LINE_BREAK])
            .map(|x| x.trim().trim_start_matches(['-', '+', '•']).trim())
            .filter(|x| !x.is_empty())
            .map(|x| Value::String(x.to_string()))
            .collect(),
        other => vec![Value::String(crate::input::value_text(other))],
    }
}

/// A cell's value as its field wants it: numbers from numeric text, text from numbers (a
/// phone number or code typed as a number), the kinds from their Vietnamese names.
fn convert(field: &str, v: Value) -> Value {
    match (field, v) {
        // A count typed as text (`1.250`, `45`): the number, when it is a whole one.
        (f, Value::String(s)) if NUMBER_FIELDS.contains(&f) => match crate::sheet::parse_number(&s) {
            Some(x) if x >= 0.0 && x.fract() == 0.0 => crate::sheet::number_json(x),
            _ => Value::String(s),
        },
        (f, v @ Value::Number(_)) if NUMBER_FIELDS.contains(&f) => v,
        ("doi_tuong", Value::String(s)) => Value::String(person_kind_id(&s).map_or(s, str::to_string)),
        ("loai", Value::String(s)) => Value::String(collective_kind_id(&s).map_or(s, str::to_string)),
        ("hinh_thuc_ky", Value::String(s)) => Value::String(s.trim_end_matches('.').to_uppercase()),
        (_, Value::Number(n)) => Value::String(n.to_string()),
        (_, Value::Bool(b)) => Value::String(if b { "Có" } else { "Không" }.into()),
        (_, v) => v,
    }
}

/// `Sinh viên`, `HSSV`, `Học sinh` → `sinh-vien`; `Cán bộ`, `Giảng viên`, `Nhân viên` → `can-bo`.
fn person_kind_id(s: &str) -> Option<&'static str> {
    let f = vn::fold(s);
    if ["sinh vien", "sinh-vien", "hssv", "hoc sinh", "sv", "hoc sinh, sinh vien"].contains(&f.as_str()) {
        Some("sinh-vien")
    } else if ["can bo", "can-bo", "giang vien", "nhan vien", "can bo, giang vien", "gv", "cb"].contains(&f.as_str()) {
        Some("can-bo")
    } else {
        None
    }
}

/// `Lớp` → `lop`; `Đội`, `Nhóm`, `Đội nhóm`, `Tổ` → `doi-nhom`; `Phòng`, `Khoa`, `Phòng/Khoa` → `phong-khoa`.
fn collective_kind_id(s: &str) -> Option<&'static str> {
    let f = vn::fold(s).replace(['/', ','], " ");
    let f: Vec<&str> = f.split_whitespace().collect();
    match f.as_slice() {
        ["lop"] => Some("lop"),
        ["doi"] | ["nhom"] | ["to"] | ["doi", "nhom"] | ["to", "doi"] | ["doi-nhom"] | ["doi", "hinh"] => Some("doi-nhom"),
        ["phong"] | ["khoa"] | ["trung", "tam"] | ["phong", "khoa"] | ["phong-khoa"] => Some("phong-khoa"),
        _ => None,
    }
}

/// A serde error inside one record: the field it is about, and the message.
fn record_error(e: &serde_path_to_error::Error<serde_json::Error>) -> (Option<String>, Msg) {
    let path = e.path().to_string();
    let inner = e.inner().to_string();
    let inner = inner.split(" at line ").next().unwrap_or(&inner).to_string();
    let field = if path == "." { None } else { Some(path.split(['.', '[']).next().unwrap_or(&path).to_string()) };
    // Messages as a clerk reads them.
    let msg = if let Some(f) = inner.strip_prefix("missing field ") {
        let f = f.trim_matches('`');
        let msg = if matches!(f, "ho_ten" | "ten") { Msg::NameEmpty } else { Msg::FieldIsMissing { field: f.to_string() } };
        return (Some(f.to_string()), msg);
    } else if inner.starts_with("unknown field") {
        Msg::RecordDetail { detail: inner }
    } else if inner.contains("expected u32") || inner.contains("expected u64") {
        let got = inner.split("invalid type: ").nth(1).and_then(|s| s.split(", expected").next()).unwrap_or("");
        Msg::ExpectedWhole { got: got.to_string() }
    } else if inner.contains("variant") {
        Msg::UnknownRecordValue { detail: inner.replace("unknown variant", "unknown value") }
    } else {
        Msg::RecordDetail { detail: inner }
    };
    (field, msg)
}

fn typed(raw: Raw, today: chrono::NaiveDate) -> Result<Nominations, Vec<Diagnostic>> {
    let Raw { file, text, info, classes, individuals, collectives, rules, mut errors, notes } = raw;
    let err = |code, place: &Place, field: Option<&str>, msg: Msg| locate(&file, text.as_deref(), code, place, field, msg);
    /// A record typed, or every problem of it: the required fields missing, then each
    /// field of the wrong type (set aside one after the other).
    fn parse<T: serde::de::DeserializeOwned>(mut v: Value, required: &[&str]) -> Result<T, Vec<(Option<String>, Msg)>> {
        let mut errs: Vec<(Option<String>, Msg)> = Vec::new();
        if let Value::Object(m) = &v {
            for r in required.iter().filter(|r| !m.contains_key(**r)) {
                let msg = if matches!(*r, "ho_ten" | "ten") { Msg::NameEmpty } else { Msg::FieldIsMissing { field: r.to_string() } };
                errs.push((Some(r.to_string()), msg));
            }
        }
        for _ in 0..32 {
            match serde_path_to_error::deserialize::<_, T>(v.clone()) {
                Ok(t) if errs.is_empty() => return Ok(t),
                Ok(_) => break,
                Err(e) => {
                    let missing = e.inner().to_string().starts_with("missing field");
                    let (field, msg) = record_error(&e);
                    if !errs.iter().any(|(f, _)| *f == field) {
                        errs.push((field.clone(), msg));
                    }
                    let removed = match (&field, v.as_object_mut()) {
                        (Some(f), Some(m)) if !missing => m.remove(f).is_some(),
                        _ => false,
                    };
                    if !removed {
                        break;
                    }
                }
            }
        }
        Err(errs)
    }
    // The information sheet names its items by row: for a message, the item's own row.
    let info_place = |place: &Place, field: Option<&str>| -> Place {
        match (place, field) {
            (Place::Row { sheet, columns, .. }, Some(f)) => match columns.iter().find(|(k, _, _)| k == f) {
                Some((_, cell, label)) => {
                    let row = cell.trim_start_matches(|c: char| c.is_ascii_alphabetic()).parse().unwrap_or(0);
                    let letter: String = cell.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
                    Place::Row { sheet: sheet.clone(), row, columns: vec![(f.to_string(), letter, label.clone())] }
                }
                None => Place::Row { sheet: sheet.clone(), row: 0, columns: vec![] },
            },
            _ => place.clone(),
        }
    };
    if let Some((v, place)) = &info {
        if let Some(d) = v.get("ngay").and_then(Value::as_str).filter(|d| crate::vn::parse_date(d).is_none()) {
            errors.push(err("dossier-info", &info_place(place, Some("ngay")), Some("ngay"), Msg::DossierBadDate { date: d.to_string() }));
        }
    }
    let info = info.and_then(|(v, place)| match parse::<Info>(v, INFO_REQUIRED) {
        Ok(i) => Some((i, place)),
        Err(es) => {
            for (field, msg) in es {
                let p = info_place(&place, field.as_deref());
                let mut d = err("dossier-info", &p, field.as_deref(), msg);
                if let (Place::Row { sheet, row: 0, .. }, Some(f)) = (&p, &field) {
                    let label = INFO_LABELS.iter().find(|(k, _)| k == f).map_or(f.as_str(), |(_, l)| l[0]);
                    d.path = Some(Text::PlaceItem { sheet: sheet.clone(), label: label.to_string() }.to_string());
                }
                errors.push(d);
            }
            None
        }
    });
    let mut typed_list = |list: Vec<(Value, Place)>, what: Text| -> Vec<(Value, Place)> {
        let mut ok = Vec::new();
        for (v, place) in list {
            if !v.is_object() {
                errors.push(err("wrong-type", &place, None, Msg::MustBeObject { what: Box::new(what.clone()) }));
                continue;
            }
            ok.push((v, place));
        }
        ok
    };
    let classes_raw = typed_list(classes, Text::AClass);
    let individuals_raw = typed_list(individuals, Text::AnIndividual);
    let collectives_raw = typed_list(collectives, Text::ACollective);
    let mut out = Nominations {
        file: file.clone(),
        info: info.as_ref().map(|(i, _)| i.clone()).unwrap_or_else(|| Info {
            don_vi: String::new(),
            chu_quan: String::new(),
            viet_tat: String::new(),
            dia_danh: String::new(),
            ngay: String::new(),
            so: None,
            chuc_vu_nguoi_ky: String::new(),
            nguoi_ky: String::new(),
            hinh_thuc_ky: None,
            ky_thay: None,
            phong_trao: String::new(),
            nam_hoc: String::new(),
            kinh_gui: None,
            can_cu: None,
            thanh_tich: vec![],
        }),
        classes: vec![],
        individuals: vec![],
        collectives: vec![],
        rules,
        text: text.clone(),
        notes,
    };
    if let Some((i, place)) = &info {
        for (field, value) in [
            ("don_vi", &i.don_vi),
            ("chu_quan", &i.chu_quan),
            ("viet_tat", &i.viet_tat),
            ("phong_trao", &i.phong_trao),
            ("nam_hoc", &i.nam_hoc),
            ("chuc_vu_nguoi_ky", &i.chuc_vu_nguoi_ky),
        ] {
            if value.trim().is_empty() {
                errors.push(err("dossier-info", &info_place(place, Some(field)), Some(field), Msg::InfoEmpty { field: field.to_string() }));
            }
        }
    }
    for (v, place) in classes_raw {
        match parse::<Class>(v, CLASSES.required) {
            Ok(c) => {
                if out.classes.iter().any(|o| vn::fold(&o.value.ten) == vn::fold(&c.ten)) {
                    errors.push(err("dossier-duplicate", &place, Some("ten"), Msg::ClassTwice { class: c.ten.clone() }));
                }
                out.classes.push(Located { value: c, place })
            }
            Err(es) => {
                errors.extend(es.into_iter().map(|(field, msg)| err("dossier-class", &place, field.as_deref(), Msg::ClassSize { detail: Box::new(msg) })))
            }
        }
    }
    for (v, place) in individuals_raw {
        match parse::<Individual>(v, INDIVIDUALS.required) {
            Ok(p) => out.individuals.push(Located { value: p, place }),
            Err(es) => errors.extend(es.into_iter().map(|(field, msg)| err("dossier-individual", &place, field.as_deref(), msg))),
        }
    }
    for (v, place) in collectives_raw {
        match parse::<Collective>(v, COLLECTIVES.required) {
            Ok(c) => out.collectives.push(Located { value: c, place }),
            Err(es) => errors.extend(es.into_iter().map(|(field, msg)| err("dossier-collective", &place, field.as_deref(), msg))),
        }
    }
    // What each record must hold, beyond its types.
    let sizes: Vec<String> = out.classes.iter().map(|c| vn::fold(&c.value.ten)).collect();
    for p in out.individuals.iter_mut() {
        let v = &mut p.value;
        if v.ho_ten.trim().is_empty() {
            errors.push(err("dossier-name", &p.place, Some("ho_ten"), Msg::NameEmpty));
        }
        if let Some(d) = &v.ngay_sinh {
            match crate::sheet::parse_date(d).ok_or(()) {
                Err(_) => errors.push(err("dossier-birth", &p.place, Some("ngay_sinh"), Msg::BirthBadDate { date: d.to_string() })),
                Ok(b) if b > today => {
                    errors.push(err("dossier-birth", &p.place, Some("ngay_sinh"), Msg::BirthFuture { name: v.ho_ten.clone(), date: d.to_string() }))
                }
                Ok(b) => v.ngay_sinh = Some(b.format("%Y-%m-%d").to_string()),
            }
        }
        if v.doi_tuong == PersonKind::SinhVien {
            match &v.lop {
                None => errors.push(err("dossier-class", &p.place, Some("lop"), Msg::StudentNoClass { name: v.ho_ten.clone() })),
                Some(l) if !sizes.is_empty() && !sizes.contains(&vn::fold(l)) => {
                    errors.push(err("dossier-class", &p.place, Some("lop"), Msg::ClassNoSize { name: v.ho_ten.clone(), class: l.to_string() }))
                }
                _ => {}
            }
        }
    }
    if out.classes.is_empty() && out.individuals.iter().any(|p| p.value.doi_tuong == PersonKind::SinhVien) {
        errors.push(Diagnostic::error(Msg::NoClassSizes).in_file(&file));
    }
    for c in &out.collectives {
        if c.value.ten.trim().is_empty() {
            errors.push(err("dossier-name", &c.place, Some("ten"), Msg::CollectiveNoName));
        }
    }
    // The same person twice in one file: by code, or by name and date of birth.
    for (i, p) in out.individuals.iter().enumerate() {
        if let Some(q) = out.individuals[..i].iter().find(|q| same_person(&q.value, &p.value)) {
            errors.push(err("dossier-duplicate", &p.place, Some("ho_ten"), Msg::NominatedTwice { name: p.value.ho_ten.clone(), other: q.place.short() }));
        }
    }
    for (i, c) in out.collectives.iter().enumerate() {
        if let Some(q) = out.collectives[..i].iter().find(|q| vn::fold(&q.value.ten) == vn::fold(&c.value.ten)) {
            errors.push(err("dossier-duplicate", &c.place, Some("ten"), Msg::NominatedTwice { name: c.value.ten.clone(), other: q.place.short() }));
        }
    }
    if out.individuals.is_empty() && out.collectives.is_empty() && errors.is_empty() {
        errors.push(Diagnostic::error(Msg::DossierEmpty).in_file(&file));
    }
    if errors.is_empty() && info.is_some() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The same person: the same code, or the same name and date of birth.
pub fn same_person(a: &Individual, b: &Individual) -> bool {
    let code = |p: &Individual| p.ma.as_deref().map(|m| m.trim().to_uppercase()).filter(|m| !m.is_empty());
    match (code(a), code(b)) {
        (Some(x), Some(y)) if x == y => true,
        _ => {
            vn::normalize(a.ho_ten.trim()).to_lowercase() == vn::normalize(b.ho_ten.trim()).to_lowercase()
                && a.ngay_sinh.is_some()
                && a.ngay_sinh == b.ngay_sinh
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn kinds_from_vietnamese_names() {
        assert_eq!(person_kind_id("Sinh viên"), Some("sinh-vien"));
        assert_eq!(person_kind_id("HSSV"), Some("sinh-vien"));
        assert_eq!(person_kind_id("Giảng viên"), Some("can-bo"));
        assert_eq!(collective_kind_id("Đội nhóm"), Some("doi-nhom"));
        assert_eq!(collective_kind_id("Phòng/Khoa"), Some("phong-khoa"));
        assert_eq!(collective_kind_id("Lớp"), Some("lop"));
        assert_eq!(collective_kind_id("Câu lạc bộ"), None);
    }
}
