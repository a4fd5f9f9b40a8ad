//! The input model: what a user writes in JSON. Strict serde types (unknown fields are
//! errors) with Vietnamese field names; no IO and no layout here.

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// Một văn bản hành chính (a document as the user describes it).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Tên loại văn bản: `ke-hoach`, `bao-cao`, `cong-van`, `to-trinh`, `quyet-dinh`, `thong-bao`, `giay-moi`, … hoặc tên tiếng Việt ("Kế hoạch").
    pub loai: String,
    /// Cơ quan ban hành và cơ quan chủ quản. Chỉ bỏ trống với báo cáo do một cá nhân hay
    /// tập thể lập (báo cáo thành tích): đầu trang khi đó chỉ có Quốc hiệu và Tiêu ngữ ở
    /// giữa, không có số, và dòng ngày tháng in trên phần ký.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co_quan: Option<Issuer>,
    /// Số văn bản (1–9999); bỏ trống (không ghi) khi là dự thảo để văn thư điền sau.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so: Option<u32>,
    /// Ký hiệu sau dấu `/`, chỉ ghi khi khác ký hiệu tự sinh (mã loại-viết tắt cơ quan[-đơn vị soạn thảo]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ky_hieu: Option<String>,
    /// Viết tắt đơn vị soạn thảo, thêm vào cuối ký hiệu (vd. `VP`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub don_vi_soan_thao: Option<String>,
    /// Độ mật (ô 10a, dưới dòng số): `mat`, `toi-mat`, `tuyet-mat`. Văn bản mật lấy số theo
    /// một dãy riêng trong sổ đăng ký.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub do_mat: Option<Secrecy>,
    /// Độ khẩn (ô 10b, dưới độ mật): `khan`, `thuong-khan`, `hoa-toc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub do_khan: Option<Urgency>,
    /// Chỉ dẫn phạm vi lưu hành (ô 11, dưới phần đầu văn bản): `xem-xong-tra-lai`,
    /// `luu-hanh-noi-bo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub luu_hanh: Option<Circulation>,
    /// Dấu dự thảo ở góc trên bên phải: `true` (`DỰ THẢO`) hoặc số lần dự thảo (`2`: `DỰ
    /// THẢO 2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub du_thao: Option<Draft>,
    /// Địa danh ở dòng ngày tháng (vd. `Quảng Ngãi`).
    pub dia_danh: String,
    /// Ngày ban hành: `YYYY-MM-DD`; `YYYY-MM` để trống ngày; `YYYY` để trống ngày và tháng.
    pub ngay: String,
    /// Trích yếu nội dung; với công văn là dòng `V/v …`. `\n` để xuống dòng.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trich_yeu: Option<String>,
    /// Danh sách nơi gửi (`Kính gửi:`), mỗi mục ghi như khi in (kết thúc `;` hoặc `.`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinh_gui: Vec<String>,
    /// Quyết định: dòng thẩm quyền ban hành dưới tên loại (vd. `GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tham_quyen: Option<String>,
    /// Các dòng căn cứ (in nghiêng), mỗi dòng kết thúc `;`, dòng cuối `.`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub can_cu: Vec<String>,
    /// Nội dung: danh sách khối (đoạn văn bản thuần hoặc khối có cấu trúc).
    pub noi_dung: Vec<Block>,
    /// Phần chữ ký: một người ký (một đối tượng), hoặc danh sách người ký in cạnh nhau trên
    /// một hàng, theo thứ tự từ trái sang phải; người cuối (bên phải) là người ký chính: chủ
    /// tọa của biên bản, người đứng đầu cơ quan chủ trì của văn bản liên tịch.
    pub ky: Signers,
    /// Văn bản liên tịch: các cơ quan cùng ban hành với cơ quan chủ trì (`co_quan`), theo
    /// thứ tự in trong phần đầu văn bản, dưới tên cơ quan chủ trì; mỗi cơ quan một người ký
    /// trong `ky`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lien_tich: Vec<Issuer>,
    /// Biên bản (Mẫu 1.9): thời gian, địa điểm, thành phần, chủ tọa, thư ký và giờ kết thúc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bien_ban: Option<Minutes>,
    /// Công điện (Mẫu 1.6): dòng người gửi điện trước danh sách nơi nhận điện, không có
    /// chữ `điện:` (vd. `CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dien: Option<String>,
    /// Giấy giới thiệu (Mẫu 1.8): người được giới thiệu, nơi đến, việc và hạn của giấy; lời
    /// văn cố định của mẫu do vanban viết.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gioi_thieu: Option<Introduction>,
    /// Giấy nghỉ phép (Mẫu 1.10): người được nghỉ, số ngày, từ ngày, đến ngày, nơi nghỉ; lời
    /// văn cố định của mẫu do vanban viết.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nghi_phep: Option<Leave>,
    /// Ô xác nhận ở cột trái của phần ký (thay cho Nơi nhận), như trong các mẫu báo cáo
    /// thành tích: `Xác nhận của …`, dòng ghi chú, khoảng ký và họ tên.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xac_nhan: Option<Confirmation>,
    /// Nơi nhận, mỗi mục không có `- ` đầu dòng; mục cuối `Lưu: VT, …`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub noi_nhan: Vec<String>,
    /// Ô 12: ký hiệu người soạn thảo và số lượng bản phát hành (`PL.200`, in dưới Nơi nhận),
    /// và số bản lưu (thêm vào dòng `Lưu`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phat_hanh: Option<Release>,
    /// Các phụ lục kèm theo.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phu_luc: Vec<Appendix>,
}

/// Ô 12 (ND30): người soạn thảo, số bản phát hành và số bản lưu.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Release {
    /// Ký hiệu (chữ viết tắt họ tên) người soạn thảo, chữ in hoa (vd. `PL`).
    pub nguoi_soan: String,
    /// Số lượng bản phát hành (vd. `200`: in `PL.200`); bỏ trống để chỉ in ký hiệu.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so_ban: Option<u32>,
    /// Số bản lưu, in cuối dòng `Lưu: VT, VP, 02b.`; bỏ trống để không in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ban_luu: Option<u32>,
}

/// Độ mật (secrecy, ND30 ô 10a).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Secrecy {
    /// `MẬT`.
    Mat,
    /// `TỐI MẬT`.
    ToiMat,
    /// `TUYỆT MẬT`.
    TuyetMat,
}

impl Secrecy {
    /// As printed.
    pub fn text(self) -> &'static str {
        match self {
            Secrecy::Mat => "MẬT",
            Secrecy::ToiMat => "TỐI MẬT",
            Secrecy::TuyetMat => "TUYỆT MẬT",
        }
    }
}

/// Độ khẩn (urgency, ND30 ô 10b).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Urgency {
    /// `KHẨN` (khung 20 × 8 mm).
    Khan,
    /// `THƯỢNG KHẨN` (khung 40 × 8 mm).
    ThuongKhan,
    /// `HỎA TỐC` (khung 30 × 8 mm).
    HoaToc,
}

impl Urgency {
    /// As printed, and the width of its box in mm (the decree's).
    pub fn text_and_width(self) -> (&'static str, f64) {
        match self {
            Urgency::Khan => ("KHẨN", 20.0),
            Urgency::ThuongKhan => ("THƯỢNG KHẨN", 40.0),
            Urgency::HoaToc => ("HỎA TỐC", 30.0),
        }
    }
}

/// Chỉ dẫn phạm vi lưu hành (ND30 ô 11).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Circulation {
    /// `XEM XONG TRẢ LẠI`.
    XemXongTraLai,
    /// `LƯU HÀNH NỘI BỘ`.
    LuuHanhNoiBo,
}

impl Circulation {
    /// As printed.
    pub fn text(self) -> &'static str {
        match self {
            Circulation::XemXongTraLai => "XEM XONG TRẢ LẠI",
            Circulation::LuuHanhNoiBo => "LƯU HÀNH NỘI BỘ",
        }
    }
}

/// Dấu dự thảo: `true`, hoặc số lần dự thảo.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(untagged)]
pub enum Draft {
    /// `true`: `DỰ THẢO`; `false`: không có dấu.
    Flag(bool),
    /// Lần dự thảo: `DỰ THẢO 2`.
    Version(u32),
}

/// Cơ quan ban hành văn bản (the issuing body and its parent).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// Tên cơ quan chủ quản, mỗi phần tử một dòng in (có thể không có).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chu_quan: Vec<String>,
    /// Tên cơ quan ban hành, mỗi phần tử một dòng in, chữ in hoa.
    pub ten: Vec<String>,
    /// Chữ viết tắt tên cơ quan dùng trong ký hiệu (vd. `SGDĐT`).
    pub viet_tat: String,
    /// Tên cơ quan như viết trong câu (vd. `Sở Giáo dục và Đào tạo`), dùng trong dòng
    /// `(Kèm theo … của …)` của phụ lục; bỏ trống để vanban tự viết từ `ten`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ten_goi: Option<String>,
    /// Địa chỉ, in ở chân trang đầu (ô 13) cùng điện thoại, fax, e-mail, website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dia_chi: Option<String>,
    /// Điện thoại (ô 13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dien_thoai: Option<String>,
    /// Fax (ô 13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
    /// E-mail (ô 13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Website (ô 13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Ảnh con dấu của cơ quan (văn bản điện tử, ký số): tệp PNG màu đỏ, nền trong suốt,
    /// đường dẫn tính từ thư mục của văn bản; in đúng kích thước thật, trùm khoảng 1/3 ảnh chữ
    /// ký về phía bên trái.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anh_dau: Option<String>,
    /// Đường kính con dấu (mm); bỏ trống để lấy kích thước thật ghi trong tệp PNG (pHYs), hoặc
    /// 36 mm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duong_kinh_dau: Option<f64>,
}

/// Quyền hạn ký (signing authority prefix).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
pub enum Authority {
    /// Thay mặt tập thể hoặc cơ quan.
    TM,
    /// Ký thay người đứng đầu.
    KT,
    /// Quyền (người đứng đầu tạm thời).
    Q,
    /// Thừa lệnh.
    TL,
    /// Thừa ủy quyền.
    TUQ,
}

impl Authority {
    /// The prefix as printed, with its dot.
    pub fn prefix(self) -> &'static str {
        match self {
            Authority::TM => "TM.",
            Authority::KT => "KT.",
            Authority::Q => "Q.",
            Authority::TL => "TL.",
            Authority::TUQ => "TUQ.",
        }
    }
}

/// Phần chữ ký (the signature block).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Quyền hạn ký: `KT`, `TM`, `Q`, `TL`, `TUQ`, hoặc bỏ trống khi người đứng đầu ký.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hinh_thuc: Option<Authority>,
    /// Chức vụ/tập thể được ký thay (với KT, TM, TL, TUQ), vd. `GIÁM ĐỐC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thay_mat: Option<String>,
    /// Chức vụ của người ký, chữ in hoa (vd. `PHÓ GIÁM ĐỐC`).
    pub chuc_vu: String,
    /// Họ và tên người ký.
    #[serde(default)]
    pub ho_ten: String,
    /// Dòng in nghiêng dưới chức vụ, vd. `(Ký và ghi rõ họ tên)`; `\n` để xuống dòng.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ghi_chu: Option<String>,
    /// Ảnh chữ ký của người ký (văn bản điện tử, ký số): tệp PNG nền trong suốt, đường dẫn
    /// tính từ thư mục của văn bản; in giữa chức vụ và họ tên.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anh_chu_ky: Option<String>,
}

/// The signers of a document: one (written as an object, as always) or several (a list,
/// printed side by side left to right, the last one the principal signer).
#[derive(Debug, Clone, PartialEq)]
pub struct Signers {
    list: Vec<Signature>,
    /// Written as a list (`"ky": [ … ]`): paths are `ky[0]`, `ky[1]`.
    as_list: bool,
}

impl Signers {
    /// One signer, written as an object.
    pub fn one(s: Signature) -> Signers {
        Signers { list: vec![s], as_list: false }
    }

    /// Several signers, left to right (the principal last).
    pub fn many(list: Vec<Signature>) -> Signers {
        Signers { list, as_list: true }
    }

    /// The principal signer: the only one, or the last (rightmost) of a list.
    pub fn principal(&self) -> &Signature {
        self.list.last().expect("a list of signers is never empty")
    }

    /// The signers printed to the left of the principal, left to right.
    pub fn others(&self) -> &[Signature] {
        &self.list[..self.list.len() - 1]
    }

    /// Every signer, left to right, with its JSON path (`ky` or `ky[1]`).
    pub fn with_paths(&self) -> impl Iterator<Item = (String, &Signature)> {
        let list = self.as_list;
        self.list.iter().enumerate().map(move |(i, s)| (if list { format!("ky[{i}]") } else { "ky".to_string() }, s))
    }

    /// The JSON path of the principal signer.
    pub fn principal_path(&self) -> String {
        if self.as_list {
            format!("ky[{}]", self.list.len() - 1)
        } else {
            "ky".to_string()
        }
    }

    /// How many sign.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Never true (a list of signers has one at least); for symmetry with [`Signers::len`].
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

impl From<Signature> for Signers {
    fn from(s: Signature) -> Self {
        Signers::one(s)
    }
}

impl Serialize for Signers {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.as_list {
            self.list.serialize(s)
        } else {
            self.principal().serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for Signers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Signers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a signer (an object with `chuc_vu`, `ho_ten`, …) or a list of signers")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Signers, A::Error> {
                Signature::deserialize(de::value::MapAccessDeserializer::new(map)).map(Signers::one)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Signers, A::Error> {
                let list = Vec::<Signature>::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                if list.is_empty() {
                    return Err(de::Error::invalid_length(0, &"one signer at least"));
                }
                Ok(Signers::many(list))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl JsonSchema for Signers {
    fn schema_name() -> Cow<'static, str> {
        "NguoiKy".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let one = g.subschema_for::<Signature>();
        schemars::json_schema!({
            "description": "Một người ký, hoặc danh sách người ký in cạnh nhau từ trái sang phải (người cuối là người ký chính: chủ tọa biên bản, cơ quan chủ trì văn bản liên tịch).",
            "anyOf": [ one, { "type": "array", "items": one, "minItems": 1 } ]
        })
    }
}

/// Giấy giới thiệu (Mẫu 1.8).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Introduction {
    /// Họ tên người được giới thiệu (in sau `Ông (bà):`).
    pub ho_ten: String,
    /// Chức vụ.
    pub chuc_vu: String,
    /// Nơi được cử đến.
    pub duoc_cu_den: String,
    /// Về việc.
    pub ve_viec: String,
    /// Giấy có giá trị đến hết ngày: `YYYY-MM-DD`.
    pub gia_tri_den: String,
}

/// Giấy nghỉ phép (Mẫu 1.10).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Leave {
    /// Ngày của đơn đề nghị nghỉ phép (`YYYY-MM-DD`), in trong câu `Xét Đơn đề nghị nghỉ phép
    /// ngày …`; bỏ trống để không in câu ấy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngay_don: Option<String>,
    /// Người hoặc cơ quan cấp giấy, như viết trong câu (vd. `Hiệu trưởng Trường THPT Trần
    /// Quốc Tuấn`); bỏ trống: tên cơ quan ban hành.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nguoi_cap: Option<String>,
    /// Họ tên người được nghỉ.
    pub ho_ten: String,
    /// Chức vụ.
    pub chuc_vu: String,
    /// Đơn vị công tác.
    pub don_vi: String,
    /// Loại nghỉ, in sau `Nghỉ phép` (vd. `năm 2026`); bỏ trống để không in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loai: Option<String>,
    /// Ngày nghỉ đầu tiên: `YYYY-MM-DD`.
    pub tu_ngay: String,
    /// Ngày nghỉ cuối cùng: `YYYY-MM-DD`; số ngày nghỉ tính từ hai ngày này.
    pub den_ngay: String,
    /// Nơi nghỉ phép.
    pub noi_nghi: String,
}

/// Biên bản (Mẫu 1.9): the parts printed before the proceedings, and the closing line.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Minutes {
    /// Thời gian bắt đầu: `HH:MM` (ngày của văn bản) hoặc `YYYY-MM-DD HH:MM`.
    pub bat_dau: String,
    /// Địa điểm.
    pub dia_diem: String,
    /// Thành phần tham dự, mỗi phần tử một dòng (in sau `- `); một phần tử: in cùng dòng.
    pub thanh_phan: Vec<String>,
    /// Chủ trì (chủ tọa): họ tên và chức vụ, như khi in.
    pub chu_toa: String,
    /// Thư ký (người ghi biên bản): họ tên và chức vụ, như khi in.
    pub thu_ky: String,
    /// Giờ kết thúc: `HH:MM` (ngày của văn bản) hoặc `YYYY-MM-DD HH:MM`; in trong câu
    /// `Cuộc họp kết thúc vào … giờ …, ngày … tháng … năm …./.` sau nội dung.
    pub ket_thuc: String,
    /// Tên cuộc họp trong câu kết thúc (mặc định `Cuộc họp`; vd. `Hội nghị`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ten_goi: Option<String>,
}

/// Ô xác nhận (a confirmation area, the left column of the signature block in a form).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    /// Tiêu đề in đậm, như khi in (vd. `XÁC NHẬN CỦA CHỦ NHIỆM LỚP`); `\n` để xuống dòng.
    pub tieu_de: String,
    /// Dòng in nghiêng dưới tiêu đề, vd. `(Ký, ghi rõ họ tên)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ghi_chu: Option<String>,
    /// Họ tên người xác nhận, nếu đã biết; bỏ trống để ký tay.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ho_ten: String,
}

/// Một phụ lục (an appendix).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Appendix {
    /// Số phụ lục như khi in: `I`, `III`, `1`; bỏ trống nếu chỉ có một phụ lục.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so: Option<String>,
    /// Tên phụ lục, chữ in hoa; `\n` để xuống dòng.
    pub ten: String,
    /// Các dòng in giữa dưới tên phụ lục, trước dòng `Kèm theo`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phu_de: Vec<String>,
    /// Dòng `(Kèm theo … số … ngày … của …)` in nghiêng; bỏ trống để tự sinh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kem_theo: Option<String>,
    /// Văn bản ban hành kèm theo (quy chế, quy định): dòng tự sinh là `(Ban hành kèm theo
    /// Quyết định số …)` thay cho `(Kèm theo …)`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ban_hanh: bool,
    /// In khổ ngang (cho bảng rộng).
    #[serde(default)]
    pub ngang: bool,
    /// In dòng nhãn `Phụ lục …` (mặc định có); `false` cho phụ lục chỉ có tên, như
    /// `DANH SÁCH …` kèm theo một quyết định.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nhan: Option<bool>,
    /// Nội dung phụ lục: danh sách khối như phần nội dung.
    pub noi_dung: Vec<Block>,
}

/// A body block: a string of plain text following the seeds' conventions, or one of the
/// explicit blocks.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Block {
    /// Plain text, one block per line.
    Text(String),
    /// An explicit block.
    Explicit(ExplicitBlock),
}

/// Khối có cấu trúc: một đối tượng có đúng một khóa.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ExplicitBlock {
    /// Đoạn văn (không nhận dạng số mục).
    Doan(StrOr<Paragraph>),
    /// Đề mục có cấp.
    Muc(Heading),
    /// Ý gạch đầu dòng `- `.
    Gach(String),
    /// Ý `+ `.
    Cong(String),
    /// Dòng có nhãn: `Chủ trì: …`.
    Dong(Labelled),
    /// Dòng để điền: nhãn rồi dấu chấm đến hết dòng.
    Dien(String),
    /// Bảng.
    Bang(Table),
    /// Biểu đồ cột (đen và xám, in và photo được).
    BieuDo(Chart),
    /// `Phần I` và tên phần (quyết định, quy chế, quy định): in giữa, đậm.
    Phan(Division),
    /// `Chương I` và tên chương: in giữa, đậm.
    Chuong(Division),
    /// `Mục 1` (mục của một chương) và tên mục: in giữa, đậm.
    MucChuong(Division),
    /// `Tiểu mục 1` và tên tiểu mục: in giữa, đậm.
    TieuMuc(Division),
    /// `Điều 1. Tên điều`: in đậm, thụt đầu dòng; các khoản (`1.`) và điểm (`a)`) của điều
    /// viết tiếp bằng văn bản thuần.
    Dieu(Article),
}

/// Phần, chương, mục, tiểu mục: số như khi in và tên.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Division {
    /// Số: `I`, `II` (phần, chương), `1`, `2` (mục, tiểu mục).
    pub so: String,
    /// Tên, chữ in hoa (vd. `NHỮNG QUY ĐỊNH CHUNG`).
    pub ten: String,
}

/// Một điều: số và tên điều.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Số điều, liên tục trong cả văn bản.
    pub so: u32,
    /// Tên điều (vd. `Phạm vi điều chỉnh`).
    pub ten: String,
}

/// Biểu đồ cột (a bar chart): one bar per item, its value printed above it, labelled axes,
/// drawn in black and greys that survive photocopying.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Chart {
    /// Tên biểu đồ, in đậm giữa phía trên (vd. `Biểu đồ 1. Tỷ lệ hoàn thành theo cấp học`).
    pub tieu_de: String,
    /// Nhãn trục ngang (vd. `Cấp học`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub truc_x: String,
    /// Nhãn trục đứng (vd. `Tỷ lệ (%)`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub truc_y: String,
    /// Đơn vị in sau mỗi giá trị (vd. `%`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub don_vi: String,
    /// Giá trị cao nhất của trục đứng (vd. `100` cho tỷ lệ); bỏ trống để tự chọn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toi_da: Option<f64>,
    /// Các cột, theo thứ tự in.
    pub cot: Vec<Bar>,
}

/// Một cột của biểu đồ.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bar {
    /// Nhãn dưới cột (vd. `Mầm non`).
    pub nhan: String,
    /// Giá trị (≥ 0); bỏ trống khi chưa có số liệu (in `-`).
    #[serde(default)]
    pub gia_tri: Option<f64>,
}

/// Căn lề (horizontal alignment).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Trái.
    Trai,
    /// Giữa.
    Giua,
    /// Phải.
    Phai,
    /// Đều hai bên.
    Deu,
}

/// Đoạn văn có tùy chọn.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Paragraph {
    /// Nội dung; `**đậm**`, `*nghiêng*`.
    pub text: String,
    /// Căn lề (mặc định đều hai bên).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can: Option<Align>,
    /// In đậm cả đoạn.
    #[serde(default)]
    pub dam: bool,
    /// In nghiêng cả đoạn.
    #[serde(default)]
    pub nghieng: bool,
    /// Thụt đầu dòng (mặc định có với đoạn căn đều).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thut_dau: Option<bool>,
}

impl From<String> for Paragraph {
    fn from(text: String) -> Self {
        Paragraph { text, ..Default::default() }
    }
}

/// Đề mục (an explicit heading).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Heading {
    /// Cấp 1–5 (I. là cấp 1, 1. cấp 2, 1.1. cấp 3).
    pub cap: u8,
    /// Đề mục kèm số như khi in.
    pub text: String,
}

/// Dòng có nhãn `Chủ trì: Phòng GDTrH`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Labelled {
    /// Nhãn, không có dấu hai chấm (in nghiêng).
    pub nhan: String,
    /// Nội dung sau nhãn.
    pub noi_dung: String,
}

/// Bảng (a table).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Độ rộng tương đối của các cột.
    pub cot: Vec<f64>,
    /// Các dòng tiêu đề, lặp lại ở mỗi trang.
    #[serde(default)]
    pub dau: Vec<Vec<StrOr<Cell>>>,
    /// Các dòng dữ liệu.
    #[serde(default)]
    pub dong: Vec<Vec<StrOr<Cell>>>,
    /// Cỡ chữ (pt), mặc định 13.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co_chu: Option<f64>,
    /// Căn lề của từng cột ở các dòng dữ liệu (vd. `["giua", "trai", "phai"]`); ô có `can`
    /// riêng theo ô. Cột không ghi: căn trái.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub can: Vec<Align>,
}

/// Ô bảng (a table cell).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// Nội dung; `\n` để xuống dòng trong ô.
    pub text: String,
    /// Số cột gộp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gop_cot: Option<u32>,
    /// Số dòng gộp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gop_dong: Option<u32>,
    /// In đậm.
    #[serde(default)]
    pub dam: bool,
    /// In nghiêng.
    #[serde(default)]
    pub nghieng: bool,
    /// Căn lề.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can: Option<Align>,
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell { text, ..Default::default() }
    }
}

/// A value written either as a bare string or as an object with options.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(transparent)]
pub struct StrOr<T>(pub T);

impl<'de, T> Deserialize<'de> for StrOr<T>
where
    T: Deserialize<'de> + From<String>,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de> + From<String>> Visitor<'de> for V<T> {
            type Value = StrOr<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or an object")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(StrOr(T::from(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(StrOr(T::from(v)))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(StrOr)
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Block;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a block: a string of text, or an object with one key \
                     (doan, muc, gach, cong, dong, dien, bang, bieu_do, phan, chuong, muc_chuong, tieu_muc, dieu)",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Block, E> {
                Ok(Block::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Block, E> {
                Ok(Block::Text(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Block, A::Error> {
                ExplicitBlock::deserialize(de::value::MapAccessDeserializer::new(map)).map(Block::Explicit)
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl<T: JsonSchema> JsonSchema for StrOr<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("{}_hoac_chuoi", T::schema_name()).into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let object = g.subschema_for::<T>();
        schemars::json_schema!({
            "description": "Một chuỗi, hoặc một đối tượng có tùy chọn.",
            "anyOf": [ { "type": "string" }, object ]
        })
    }
}

impl JsonSchema for Block {
    fn schema_name() -> Cow<'static, str> {
        "Khoi".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let explicit = g.subschema_for::<ExplicitBlock>();
        schemars::json_schema!({
            "description": "Một khối nội dung: chuỗi văn bản thuần (mỗi dòng một khối; `I. `, `1. `, `1.1. ` là đề mục, `- `/`+ ` là ý, `**đậm**`, `*nghiêng*`), hoặc một khối có cấu trúc.",
            "anyOf": [ { "type": "string" }, explicit ]
        })
    }
}

/// Hình thức bản sao (ND30 Điều 25–26): sao y, sao lục, trích sao.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CopyKind {
    /// `SAO Y` (ký hiệu `SY`).
    SaoY,
    /// `SAO LỤC` (ký hiệu `SL`).
    SaoLuc,
    /// `TRÍCH SAO` (ký hiệu `TS`).
    TrichSao,
}

impl CopyKind {
    /// Every kind, in the decree's order.
    pub const ALL: [CopyKind; 3] = [CopyKind::SaoY, CopyKind::SaoLuc, CopyKind::TrichSao];

    /// The id written on the command line (`sao-y`).
    pub fn id(self) -> &'static str {
        match self {
            CopyKind::SaoY => "sao-y",
            CopyKind::SaoLuc => "sao-luc",
            CopyKind::TrichSao => "trich-sao",
        }
    }

    /// The kind of copy from its id.
    pub fn from_id(id: &str) -> Option<CopyKind> {
        CopyKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// As printed at the head of the copy block (`SAO Y`).
    pub fn title(self) -> &'static str {
        match self {
            CopyKind::SaoY => "SAO Y",
            CopyKind::SaoLuc => "SAO LỤC",
            CopyKind::TrichSao => "TRÍCH SAO",
        }
    }

    /// The code in a copy's symbol (`05/SY-VP`); copies of all kinds share one sequence.
    pub fn code(self) -> &'static str {
        match self {
            CopyKind::SaoY => "SY",
            CopyKind::SaoLuc => "SL",
            CopyKind::TrichSao => "TS",
        }
    }

    /// Its name in the register's book (`Bản sao y`).
    pub fn name(self) -> &'static str {
        match self {
            CopyKind::SaoY => "Bản sao y",
            CopyKind::SaoLuc => "Bản sao lục",
            CopyKind::TrichSao => "Bản trích sao",
        }
    }
}

/// Thông tin bản sao (tệp `--copy-data` của `vanban render --copy`): cơ quan sao văn bản,
/// số và ký hiệu bản sao, địa danh và ngày sao, người ký và nơi nhận. Phần sao in sau văn
/// bản được sao, dưới một đường kẻ suốt khổ, trên cùng tờ giấy.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CopyData {
    /// Cơ quan sao văn bản (tên, cơ quan chủ quản, chữ viết tắt).
    pub co_quan: Issuer,
    /// Số bản sao (1–9999); mọi hình thức sao dùng chung một dãy số từ 01 mỗi năm. Bỏ trống
    /// để văn thư điền, hoặc lấy từ sổ đăng ký (`--register`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so: Option<u32>,
    /// Ký hiệu sau dấu `/`, chỉ ghi khi khác ký hiệu tự sinh (`SY-<viết tắt cơ quan>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ky_hieu: Option<String>,
    /// Địa danh ở dòng ngày sao.
    pub dia_danh: String,
    /// Ngày sao: `YYYY-MM-DD`.
    pub ngay: String,
    /// Người ký bản sao.
    pub ky: Signature,
    /// Nơi nhận bản sao, mục cuối `Lưu: VT.`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub noi_nhan: Vec<String>,
}
