//! The input model: what a user writes in JSON. Strict serde types (unknown fields are
//! errors) with Vietnamese field names; no IO and no layout here.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// A document as the user describes it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Kind: `ke-hoach`, `bao-cao`, `cong-van`, … or its Vietnamese name.
    pub loai: String,
    /// The issuer.
    pub co_quan: Issuer,
    /// Number in the register; absent for a draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so: Option<u32>,
    /// The symbol after `/`, when it differs from the computed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ky_hieu: Option<String>,
    /// Drafting unit abbreviation (đơn vị soạn thảo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub don_vi_soan_thao: Option<String>,
    /// Place of the date line.
    pub dia_danh: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub ngay: String,
    /// Summary line (trích yếu); for a công văn the `V/v …` text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trich_yeu: Option<String>,
    /// Recipients of `Kính gửi:`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinh_gui: Vec<String>,
    /// Quyết định: the authority line under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tham_quyen: Option<String>,
    /// Italic basis lines (căn cứ).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub can_cu: Vec<String>,
    /// Body blocks.
    pub noi_dung: Vec<Block>,
    /// The signature block.
    pub ky: Signature,
    /// Nơi nhận entries, without the leading `- `.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub noi_nhan: Vec<String>,
    /// Appendices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phu_luc: Vec<Appendix>,
}

/// The issuing body and its parent.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// Parent body (cơ quan chủ quản), one string per printed line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chu_quan: Vec<String>,
    /// Issuing body, one string per printed line.
    pub ten: Vec<String>,
    /// Abbreviation used in the symbol.
    pub viet_tat: String,
}

/// Signing authority prefix.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum Authority {
    /// Thay mặt: on behalf of a collective body or the agency.
    TM,
    /// Ký thay: a deputy signs for the head.
    KT,
    /// Quyền: acting head.
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

/// The signature block.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// KT, TM, Q, TL or TUQ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hinh_thuc: Option<Authority>,
    /// The title or body signed for (with KT, TM, TL, TUQ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thay_mat: Option<String>,
    /// The signer's own title.
    pub chuc_vu: String,
    /// The signer's name.
    #[serde(default)]
    pub ho_ten: String,
}

/// An appendix (Phụ lục).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Appendix {
    /// Number as printed: `I`, `III`, `1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so: Option<String>,
    /// Title, upper case.
    pub ten: String,
    /// Lines under the title, before `kem_theo`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phu_de: Vec<String>,
    /// The italic `(Kèm theo …)` line as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kem_theo: Option<String>,
    /// Landscape pages.
    #[serde(default)]
    pub ngang: bool,
    /// Blocks.
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

/// Explicit blocks, written as an object with one key.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ExplicitBlock {
    /// A paragraph.
    Doan(StrOr<Paragraph>),
    /// A heading.
    Muc(Heading),
    /// A dash item.
    Gach(String),
    /// A plus item.
    Cong(String),
    /// A labelled line.
    Dong(Labelled),
    /// A fill-in line.
    Dien(String),
    /// A table.
    Bang(Table),
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Left.
    Trai,
    /// Centre.
    Giua,
    /// Right.
    Phai,
    /// Justified.
    Deu,
}

/// A paragraph with options.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Paragraph {
    /// Text with inline `**bold**` and `*italic*`.
    pub text: String,
    /// Alignment (default justified).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can: Option<Align>,
    /// Whole paragraph bold.
    #[serde(default)]
    pub dam: bool,
    /// Whole paragraph italic.
    #[serde(default)]
    pub nghieng: bool,
    /// First-line indent (default true for justified paragraphs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thut_dau: Option<bool>,
}

impl From<String> for Paragraph {
    fn from(text: String) -> Self {
        Paragraph { text, ..Default::default() }
    }
}

/// An explicit heading.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Heading {
    /// Level 1–5.
    pub cap: u8,
    /// The heading with its number as printed.
    pub text: String,
}

/// A labelled line `Chủ trì: Phòng GDTrH`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Labelled {
    /// The label, without colon.
    pub nhan: String,
    /// The content.
    pub noi_dung: String,
}

/// A table.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Relative column widths.
    pub cot: Vec<f64>,
    /// Header rows, repeated on every page.
    #[serde(default)]
    pub dau: Vec<Vec<StrOr<Cell>>>,
    /// Body rows.
    #[serde(default)]
    pub dong: Vec<Vec<StrOr<Cell>>>,
    /// Font size in pt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co_chu: Option<f64>,
}

/// A table cell.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// Text; `\n` breaks lines.
    pub text: String,
    /// Columns spanned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gop_cot: Option<u32>,
    /// Rows spanned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gop_dong: Option<u32>,
    /// Bold.
    #[serde(default)]
    pub dam: bool,
    /// Italic.
    #[serde(default)]
    pub nghieng: bool,
    /// Alignment.
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
                     (doan, muc, gach, cong, dong, dien, bang)",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Block, E> {
                Ok(Block::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Block, E> {
                Ok(Block::Text(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Block, A::Error> {
                ExplicitBlock::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Block::Explicit)
            }
        }
        deserializer.deserialize_any(V)
    }
}
