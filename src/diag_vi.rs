//! Diagnostics in Vietnamese, for the people who will never read the CLI's English: the web
//! editor shows these beside the field at fault. Each message is written for its code; the
//! particulars (the symbol, the value, the field) are the back-quoted parts of the English
//! message, in its order, and the field's name as a clerk knows it comes from the JSON path.
//! A code without a text here (new checks) keeps its English message after a Vietnamese
//! label, so nothing is ever hidden.

use crate::diag::Diagnostic;

/// The parts of `message` between back quotes, in order.
fn quoted(message: &str) -> Vec<String> {
    message.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// The name of the form field a JSON path is in, as the editor labels it.
pub fn field_label(path: &str) -> String {
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

/// The message and hint of `d` in Vietnamese.
pub fn vietnamese(d: &Diagnostic) -> (String, Option<String>) {
    let q = quoted(&d.message);
    let a = |i: usize| q.get(i).cloned().unwrap_or_default();
    let field = d.path.as_deref().map(field_label).unwrap_or_default();
    let h = |s: &str| Some(s.to_string());
    let (m, hint): (String, Option<String>) = match d.code {
        "json-syntax" => ("Văn bản JSON sai cú pháp.".into(), h("Kiểm tra dấu phẩy, dấu ngoặc kép và ngoặc quanh chỗ này.")),
        "empty" => ("Văn bản trống.".into(), h("Chọn một loại văn bản để bắt đầu.")),
        "not-a-document" => ("Cần một văn bản (một đối tượng JSON).".into(), None),
        "encoding" => ("Tệp không ở mã UTF-8.".into(), h("Lưu lại tệp với mã UTF-8.")),
        "too-large" => ("Văn bản quá lớn (quá 10 MB).".into(), None),
        "unknown-field" => (format!("Trường `{}` không có trong mẫu văn bản.", a(0)), h("Xóa trường này hoặc sửa lại tên (tên trường viết không dấu).")),
        "missing-field" => (format!("{field}: thiếu `{}`.", a(0)), h("Điền thông tin còn thiếu.")),
        "unknown-value" => (format!("{field}: giá trị `{}` không hợp lệ.", a(0)), h("Chọn một giá trị trong danh sách.")),
        "wrong-type" => (format!("{field}: sai kiểu dữ liệu."), h("Ví dụ: số ghi bằng chữ số, danh sách ghi mỗi dòng một mục.")),
        "unknown-kind" => (format!("Không có loại văn bản `{}`.", a(0)), h("Chọn loại văn bản trong danh sách.")),
        "bad-date" => (format!("`{}` không phải là ngày.", a(0)), h("Chọn ngày; để trống ngày khi là dự thảo.")),
        "date-as-text" => (format!("Ngày `{}` được viết bằng chữ.", a(0)), h("Chọn ngày trong lịch; vanban tự in “ngày … tháng … năm …”.")),
        "missing-place" => (
            "Địa danh: chưa ghi — dòng ngày tháng sẽ in “Ngày … tháng … năm …” mà không có địa danh.".into(),
            h("Ghi địa danh nơi cơ quan đóng trụ sở, ví dụ “Quảng Ngãi”."),
        ),
        "future-date" => ("Ngày ban hành ở tương lai.".into(), h("Kiểm tra lại năm; văn bản ghi ngày ký ban hành.")),
        "bad-number" => ("Số văn bản phải từ 1 đến 9999.".into(), None),
        "tong-hop-period" => (
            "Không đọc được phiếu nào và không có danh sách đơn vị ghi kỳ báo cáo: chưa biết báo cáo của quý nào.".into(),
            h("Xem các phiếu có lỗi bên dưới, hoặc chọn thêm danh sách các đơn vị phải nộp phiếu (có cột ky.quy, ky.nam)."),
        ),
        "tong-hop-return" => (format!("Phiếu {}: {}", d.file.as_deref().unwrap_or(""), d.message), None),
        "example-text" => (format!("{field}: vẫn là nội dung ví dụ của mẫu — sổ không cấp số cho văn bản này."), h("Thay bằng nội dung của văn bản này.")),
        "missing-issuer" if d.path.as_deref() == Some("co_quan.ten") => {
            ("Chưa có tên cơ quan ban hành.".into(), h("Ghi tên cơ quan bằng chữ in hoa, mỗi dòng một dòng in."))
        }
        "missing-issuer" => ("Loại văn bản này cần có cơ quan ban hành.".into(), h("Điền tên cơ quan, cơ quan chủ quản và chữ viết tắt.")),
        "missing-abbreviation" => ("Chưa có chữ viết tắt tên cơ quan (dùng trong ký hiệu).".into(), h("Ví dụ: SGDĐT, THPTLTV.")),
        "symbol-kind" => (
            format!("Ký hiệu `{}` không khớp với loại văn bản (mã loại `{}`).", a(0), a(1)),
            h("Sửa ký hiệu, hoặc chọn đúng loại văn bản; bỏ trống ký hiệu để vanban tự sinh."),
        ),
        "unknown-abbreviation" => {
            (format!("`{}` trong ký hiệu không phải chữ viết tắt của cơ quan (`{}`).", a(0), a(1)), h("Kiểm tra chính tả ký hiệu và chữ viết tắt."))
        }
        "cong-van-vv" if q.len() > 1 => ("Trích yếu của công văn bắt đầu bằng “V/v ”.".into(), h("Viết “V/v …”.")),
        "cong-van-vv" => ("Công văn cần có trích yếu “V/v …” dưới số, ký hiệu.".into(), h("Ví dụ: V/v triển khai …")),
        "cong-van-unit" => ("Ký hiệu công văn chưa có đơn vị soạn thảo.".into(), h("Điền đơn vị soạn thảo (ví dụ: VP).")),
        "cong-van-kinh-gui" => ("Công văn cần có nơi gửi (Kính gửi).".into(), h("Mỗi dòng một nơi, ví dụ: Các cơ sở giáo dục trên địa bàn tỉnh.")),
        "missing-summary" => ("Loại văn bản này thường có trích yếu dưới tên loại.".into(), None),
        "signature-kt" => ("Ký thay (KT.): chức vụ người ký phải khác chức vụ được ký thay.".into(), h("Ví dụ: ký thay GIÁM ĐỐC, chức vụ PHÓ GIÁM ĐỐC.")),
        "signature-tm" => {
            (format!("Thay mặt (TM.) là thay mặt tập thể, không phải `{}`.", a(0)), h("Dùng KT. khi cấp phó ký thay cấp trưởng, hoặc ghi tên tập thể."))
        }
        "signature-q" => ("Quyền (Q.) in “Q. <chức vụ>”; không ghi chức vụ được ký thay.".into(), h("Xóa chức vụ được ký thay.")),
        "signer-name" => ("Chưa có họ tên người ký.".into(), None),
        "phat-hanh" if d.path.as_deref() == Some("phat_hanh.nguoi_soan") => {
            ("Ký hiệu người soạn thảo chỉ gồm chữ cái (chữ viết tắt họ tên).".into(), h("Ví dụ: PL; số bản phát hành ghi ở ô bên cạnh."))
        }
        "phat-hanh" if d.path.as_deref() == Some("phat_hanh.ban_luu") && d.message.contains("Lưu") => {
            ("Số bản lưu in ở dòng “Lưu”, nhưng Nơi nhận chưa có dòng này.".into(), h("Thêm dòng cuối “Lưu: VT, <đơn vị soạn thảo>.”"))
        }
        "phat-hanh" => (format!("{field}: phải từ 1 trở lên."), h("Bỏ trống nếu không ghi.")),
        "xac-nhan-noi-nhan" => ("Ô xác nhận thay cho Nơi nhận: chỉ ghi một trong hai.".into(), None),
        "form-number" => ("Báo cáo của cá nhân, tập thể (không có cơ quan ban hành) không có số, ký hiệu.".into(), h("Xóa số, hoặc điền cơ quan ban hành.")),
        "noi-nhan" => ("Chưa có nơi nhận.".into(), h("Liệt kê nơi nhận, dòng cuối “Lưu: VT, …”.")),
        "noi-nhan-luu" => (format!("Nơi nhận kết thúc bằng `{}`, không phải “Lưu: VT, …”.", a(0)), h("Thêm dòng cuối “Lưu: VT, <đơn vị soạn thảo>.”")),
        "noi-nhan-nhu-tren" => ("Nơi nhận của công văn bắt đầu bằng “Như trên;”.".into(), None),
        "upper-case" => (format!("`{}` sẽ được in bằng chữ in hoa.", a(0)), h("Đã tự sửa; viết chữ in hoa để không còn cảnh báo này.")),
        "closing" => ("Nội dung chưa kết thúc bằng dấu “./.”.".into(), h("Thêm “./.” vào cuối đoạn kết.")),
        "control-char" => ("Có ký tự điều khiển (dán từ chương trình khác) trong văn bản.".into(), h("Đã tự bỏ; gõ lại đoạn này nếu cần.")),
        "bidi-char" => ("Có ký tự đảo chiều văn bản (ẩn) trong văn bản.".into(), h("Đã tự bỏ; tiếng Việt không cần các ký tự này.")),
        "invisible-char" => ("Có ký tự ẩn (dán từ web hoặc Word) trong văn bản.".into(), h("Đã tự bỏ; không mất chữ nào.")),
        "missing-glyph" => ("Phông chữ không có ký tự này.".into(), h("Xóa ký tự đó hoặc thay bằng ký tự khác.")),
        "letterhead-line" => (format!("`{}` quá dài cho một dòng của phần đầu văn bản.", a(0)), h("Tách thành nhiều dòng.")),
        "heading-order" => (format!("Đề mục `{}` đánh số không liên tục.", a(0)), h("Đánh số lại nếu không cố ý.")),
        "mark-without-number" => ("Độ mật, độ khẩn in dưới dòng số: văn bản không có cơ quan ban hành thì không có.".into(), None),
        "bad-heading-level" => ("Cấp đề mục phải từ 1 đến 5.".into(), None),
        "empty-table" => ("Bảng cần có độ rộng cột.".into(), None),
        "bad-width" => ("Độ rộng cột phải là số dương.".into(), None),
        "bad-align" => ("Số cách căn lề không khớp với số cột của bảng.".into(), None),
        "bad-value" => ("Giá trị của biểu đồ không hợp lệ.".into(), None),
        "bien-ban-thu-ky" => ("Biên bản có chữ ký của thư ký (bên trái) và chủ tọa (bên phải).".into(), h("Thêm người ký THƯ KÝ trước người ký CHỦ TỌA.")),
        "bien-ban-chu-toa" => ("Biên bản: thư ký ký bên trái, chủ tọa ký bên phải.".into(), h("Đặt thư ký trước, chủ tọa sau cùng trong danh sách người ký.")),
        "bien-ban-parts" => ("Biên bản ghi thời gian, địa điểm, thành phần, chủ trì và thư ký.".into(), None),
        "lien-tich-signers" => {
            ("Văn bản liên tịch có một người ký của mỗi cơ quan ban hành.".into(), h("Người ký của cơ quan chủ trì đặt sau cùng (bên phải)."))
        }
        "expired-law" => ("Văn bản được trích dẫn đã hết hiệu lực vào ngày ban hành văn bản này.".into(), d.hint.clone()),
        "form-parts" | "form-field" => (d.message.clone(), d.hint.clone()),
        "typst" | "render" | "pdf" => ("Không dàn trang được văn bản.".into(), h("Hãy báo cho người quản trị kèm tệp JSON.")),
        "font" => ("Lỗi phông chữ khi dàn trang.".into(), None),
        "sheet-title" => (format!("Các dòng phía trên dòng tên cột được coi là tiêu đề: `{}`.", a(0)), None),
        "sheet-footer" => (format!("Các dòng sau dữ liệu không phải là một dòng số liệu nên được bỏ qua: `{}`.", a(0)), None),
        "sheet-total" => ("Dòng tổng cộng khác với tổng các dòng phía trên.".into(), h("Kiểm tra lại số liệu hoặc công thức của dòng tổng.")),
        "sheet-hidden" => ("Tệp có dòng hoặc cột bị ẩn; vanban vẫn đọc các ô này.".into(), h("Hiện các dòng, cột đó để kiểm tra.")),
        "sheet-encoding" => {
            ("Có chữ gõ bằng bảng mã cũ (TCVN3 hoặc VNI), đã được chuyển sang Unicode.".into(), h("Kiểm tra lại tên người, tên đơn vị đã chuyển."))
        }
        "sheet-percent" => ("Các ô định dạng phần trăm được đọc theo số hiển thị (63% là 63).".into(), None),
        _ => (format!("Lỗi ({}): {}", d.code, d.message), d.hint.clone()),
    };
    let m = if field.is_empty() || m.starts_with(&field) || matches!(d.code, "missing-field" | "unknown-value" | "wrong-type") {
        m
    } else {
        format!("{field}: {m}")
    };
    (m, hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_parts_in_order() {
        assert_eq!(quoted("the symbol `KH-SGDĐT` does not start with `BC`, the code"), vec!["KH-SGDĐT", "BC"]);
    }

    #[test]
    fn field_of_a_path() {
        assert_eq!(field_label("ky.chuc_vu"), "Chức vụ người ký");
        assert_eq!(field_label("noi_nhan[3]"), "Nơi nhận");
        assert_eq!(field_label("noi_dung[2].bang.dong[1]"), "Nội dung");
    }
}
