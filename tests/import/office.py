"""Word documents made the way offices make them, for tests/import.rs (python-docx).

    office.py OUT_DIR

writes into OUT_DIR:
  bang.docx      a Kế hoạch: letterhead in a borderless table, automatic numbering (I., 1.,
                 1.1., a)), typed items, bold and italic runs, a table with merged cells and a
                 repeated header row, the signature and Nơi nhận in a borderless table, an
                 appendix after a page break, an image;
  hop-chu.docx   a Công văn: letterhead in two text boxes (VML, as older Word writes them),
                 V/v under the number, Kính gửi with a list, Căn cứ in italics, the
                 signature and Nơi nhận as tab-aligned lines;
  mau.docx       a form with {{…}} placeholders that Word split across runs, spell-check
                 marks and bookmarks.
"""
import sys
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml, OxmlElement
from docx.oxml.ns import qn, nsdecls
from docx.shared import Pt, Mm

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def base():
    d = Document()
    st = d.styles['Normal']
    st.font.name = 'Times New Roman'
    st.font.size = Pt(14)
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    return d


def para(d_or_cell, text='', bold=False, italic=False, align=None, size=None):
    p = d_or_cell.add_paragraph()
    if text:
        r = p.add_run(text)
        r.bold, r.italic = bold, italic
        if size:
            r.font.size = Pt(size)
    if align == 'c':
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == 'j':
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return p


def no_borders(t):
    tblPr = t._tbl.tblPr
    b = parse_xml('<w:tblBorders %s>%s</w:tblBorders>' % (nsdecls('w'), ''.join(
        '<w:%s w:val="nil"/>' % s for s in ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'])))
    tblPr.append(b)


def cell_paras(cell, lines):
    """Lines (text, bold, italic) into a cell, its first empty paragraph reused."""
    first = True
    for text, bold, italic in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(text)
        r.bold, r.italic = bold, italic
        r.font.size = Pt(13)


def numbering(d):
    """An outline list: I. / 1. / 1.1. / a) — the abstractNum and its num (id 90)."""
    part = d.part.numbering_part
    levels = [('upperRoman', '%1.'), ('decimal', '%2.'), ('decimal', '%2.%3.'), ('lowerLetter', '%4)')]
    lvls = ''.join(
        '<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="%s"/><w:lvlText w:val="%s"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>' % (i, f, t)
        for i, (f, t) in enumerate(levels))
    part.element.append(parse_xml('<w:abstractNum %s w:abstractNumId="90">%s</w:abstractNum>' % (nsdecls('w'), lvls)))
    part.element.append(parse_xml('<w:num %s w:numId="90"><w:abstractNumId w:val="90"/></w:num>' % nsdecls('w')))


def numbered(d, text, level, bold=True):
    p = para(d, text, bold=bold, align='j')
    pPr = p._p.get_or_add_pPr()
    pPr.append(parse_xml('<w:numPr %s><w:ilvl w:val="%d"/><w:numId w:val="90"/></w:numPr>' % (nsdecls('w'), level)))
    return p


def header_row(row):
    trPr = row._tr.get_or_add_trPr()
    trPr.append(parse_xml('<w:tblHeader %s/>' % nsdecls('w')))


def bang(out):
    d = base()
    numbering(d)
    t = d.add_table(rows=2, cols=2)
    no_borders(t)
    cell_paras(t.cell(0, 0), [('UBND TỈNH QUẢNG NGÃI', False, False), ('SỞ GIÁO DỤC VÀ ĐÀO TẠO', True, False)])
    cell_paras(t.cell(0, 1), [('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', True, False), ('Độc lập - Tự do - Hạnh phúc', True, False)])
    cell_paras(t.cell(1, 0), [('Số: 15/KH-SGDĐT', False, False)])
    cell_paras(t.cell(1, 1), [('Quảng Ngãi, ngày 05 tháng 3 năm 2026', False, True)])
    para(d)
    para(d, 'KẾ HOẠCH', bold=True, align='c')
    para(d, 'Tổ chức Ngày hội chuyển đổi số năm 2026', bold=True, align='c')
    para(d)
    p = para(d, 'Thực hiện chỉ đạo của ', align='j')
    r = p.add_run('Ủy ban nhân dân tỉnh')
    r.bold = True
    p.add_run(', Sở Giáo dục và Đào tạo ban hành kế hoạch ')
    r = p.add_run('như sau')
    r.italic = True
    p.add_run(':')
    p.paragraph_format.first_line_indent = Mm(10)
    numbered(d, 'MỤC ĐÍCH, YÊU CẦU', 0)
    numbered(d, 'Mục đích', 1)
    numbered(d, 'Phổ biến kỹ năng số', 2)
    para(d, '- Tổ chức các gian trưng bày sản phẩm số của học sinh;', align='j')
    para(d, '+ Mỗi trường một gian;', align='j')
    numbered(d, 'các trường trung học phổ thông;', 3, bold=False)
    numbered(d, 'NỘI DUNG', 0)
    tb = d.add_table(rows=4, cols=3)
    tb.style = 'Table Grid'
    header_row(tb.rows[0])
    for i, h in enumerate(['STT', 'Nội dung', 'Thời gian']):
        tb.cell(0, i).text = h
        tb.cell(0, i).paragraphs[0].runs[0].bold = True
    tb.cell(1, 0).text, tb.cell(1, 1).text, tb.cell(1, 2).text = '1', 'Khai mạc', 'Tháng 4'
    tb.cell(2, 0).text, tb.cell(2, 1).text = '2', 'Trưng bày'
    tb.cell(3, 0).text, tb.cell(3, 1).text = '3', 'Tổng kết'
    tb.cell(2, 2).merge(tb.cell(3, 2)).text = 'Tháng 5'
    m = tb.cell(1, 0)
    d.add_picture_placeholder = None
    para(d, 'Các đơn vị triển khai thực hiện./.', align='j')
    # An image, which vanban does not carry.
    import base64, io
    png = base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==')
    d.add_picture(io.BytesIO(png), width=Mm(20))
    s = d.add_table(rows=1, cols=2)
    no_borders(s)
    left = s.cell(0, 0)
    left.paragraphs[0].add_run('Nơi nhận:').bold = True
    left.paragraphs[0].runs[0].italic = True
    for line in ['- UBND tỉnh (b/c);', '- Các trường THPT;', '- Lưu: VT, VP.']:
        left.add_paragraph().add_run(line).font.size = Pt(11)
    cell_paras(s.cell(0, 1), [('KT. GIÁM ĐỐC', True, False), ('PHÓ GIÁM ĐỐC', True, False), ('', False, False), ('Nguyễn Văn An', True, False)])
    p = para(d)
    p.add_run().add_break(WD_BREAK.PAGE)
    para(d, 'Phụ lục', bold=True, align='c')
    para(d, 'DANH SÁCH ĐƠN VỊ THAM GIA', bold=True, align='c')
    para(d, '(Kèm theo Kế hoạch số 15/KH-SGDĐT ngày 05 tháng 3 năm 2026 của Sở Giáo dục và Đào tạo)', italic=True, align='c')
    para(d, 'Trường THPT Trần Quốc Tuấn.', align='j')
    d.save(out)


def textbox(x_pt, lines):
    body = ''.join(
        '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr>%s<w:sz w:val="26"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r></w:p>'
        % ('<w:b/>' if b else '', t) for t, b in lines)
    return parse_xml(
        '<w:r %s xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape type="#_x0000_t202" '
        'style="position:absolute;margin-left:%dpt;margin-top:0pt;width:220pt;height:70pt;mso-position-horizontal-relative:margin">'
        '<v:textbox><w:txbxContent>%s</w:txbxContent></v:textbox></v:shape></w:pict></w:r>' % (W, x_pt, body))


def hop_chu(out):
    d = base()
    p = d.add_paragraph()
    p._p.append(textbox(0, [('UBND TỈNH QUẢNG NGÃI', False), ('SỞ GIÁO DỤC VÀ ĐÀO TẠO', True), ('Số: 27/SGDĐT-VP', False), ('V/v tăng cường an toàn thông tin', False)]))
    p._p.append(textbox(230, [('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', True), ('Độc lập - Tự do - Hạnh phúc', True), ('Quảng Ngãi, ngày 12 tháng 01 năm 2026', False)]))
    for _ in range(5):
        para(d)
    para(d, 'Kính gửi:', align='c')
    para(d, '- Các trường trung học phổ thông;', align='c')
    para(d, '- Các trung tâm giáo dục thường xuyên.', align='c')
    para(d, 'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;', italic=True, align='j')
    para(d, 'Sở Giáo dục và Đào tạo đề nghị các đơn vị rà soát hệ thống thông tin./.', align='j')
    para(d)
    for left, right, b in [('Nơi nhận:', 'TL. GIÁM ĐỐC', True), ('- Như trên;', 'CHÁNH VĂN PHÒNG', True), ('- Lưu: VT, VP.', '', False), ('', 'Trần Thị Bình', True)]:
        p = d.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(Mm(120), WD_TAB_ALIGNMENT.CENTER)
        if left:
            r = p.add_run(left)
            r.bold = left.startswith('Nơi')
            r.italic = left.startswith('Nơi')
        p.add_run('\t')
        if right:
            r = p.add_run(right)
            r.bold = b
    d.save(out)


def split(p, pieces):
    """Runs for `pieces`; a piece `|proof` or `|bm` puts a spell-check mark or a bookmark there."""
    for piece in pieces:
        if piece == '|proof':
            p._p.append(parse_xml('<w:proofErr %s w:type="spellStart"/>' % nsdecls('w')))
        elif piece == '|bm':
            p._p.append(parse_xml('<w:bookmarkStart %s w:id="7" w:name="_GoBack"/>' % nsdecls('w')))
            p._p.append(parse_xml('<w:bookmarkEnd %s w:id="7"/>' % nsdecls('w')))
        else:
            p.add_run(piece)


def mau(out):
    d = base()
    t = d.add_table(rows=2, cols=2)
    no_borders(t)
    cell_paras(t.cell(0, 0), [('UBND TỈNH QUẢNG NGÃI', False, False), ('SỞ GIÁO DỤC VÀ ĐÀO TẠO', True, False)])
    cell_paras(t.cell(0, 1), [('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', True, False), ('Độc lập - Tự do - Hạnh phúc', True, False)])
    cell_paras(t.cell(1, 0), [('Số: {{so_vb}}/GM-SGDĐT', False, False)])
    cell_paras(t.cell(1, 1), [('Quảng Ngãi, ngày 20 tháng 3 năm 2026', False, True)])
    para(d, 'GIẤY MỜI', bold=True, align='c')
    para(d, 'Dự hội nghị tổng kết năm học', bold=True, align='c')
    p = para(d, align='j')
    split(p, ['Sở Giáo dục và Đào tạo trân trọng kính mời ', '{{', 'truong', '|proof', '.ten', '|bm', '}}', ' đến dự hội nghị.'])
    p = para(d, align='j')
    split(p, ['Người dự: {{hieu', '_', 'truong}}.'])
    p = para(d, align='j')
    p.add_run('Địa điểm: ')
    r = p.add_run('{{dia')
    r.bold = True
    p.add_run('_diem}}./.')
    s = d.add_table(rows=1, cols=2)
    no_borders(s)
    s.cell(0, 0).paragraphs[0].add_run('Nơi nhận:')
    s.cell(0, 0).add_paragraph().add_run('- Như trên;')
    s.cell(0, 0).add_paragraph().add_run('- Lưu: VT.')
    cell_paras(s.cell(0, 1), [('GIÁM ĐỐC', True, False), ('Lê Văn Cường', True, False)])
    d.save(out)


if __name__ == '__main__':
    out = sys.argv[1]
    bang(out + '/bang.docx')
    hop_chu(out + '/hop-chu.docx')
    mau(out + '/mau.docx')
