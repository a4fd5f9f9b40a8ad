"""Makes spreadsheets the way offices make them, for tests/testsuite/sheets.rs and tests/testsuite/aggregate.rs.

openpyxl writes what a person does in Excel: a merged title above the header, headers typed
with line breaks, percent and date formats, hidden rows and columns, a hidden sheet of the
office's own, a total row and a signature line under the data, a formula saved without its
value (openpyxl, like any script, writes no cached value), rows and columns inserted into a
form. LibreOffice (called by the Rust tests) makes the .ods/.xls copies and re-saves.

  office.py table OUT.xlsx SPEC.json        a sheet from a JSON spec (see `table` below)
  office.py edit FILE.xlsx EDITS.json       edits of a returned form, in place
  office.py nominations IN.xlsx OUT.xlsx    the nominations workbook as an office retypes it
"""
import json
import sys

import openpyxl
from openpyxl.styles import Alignment, Font


def cell_value(ws, row, col, v):
    """v: a plain value, or {"v": value, "fmt": "0%"}, or {"f": "=SUM(…)"}."""
    c = ws.cell(row=row, column=col)
    if isinstance(v, dict):
        if "f" in v:
            c.value = v["f"]
        else:
            c.value = v.get("v")
        if "fmt" in v:
            c.number_format = v["fmt"]
    else:
        c.value = v
    return c


def table(out, spec):
    wb = openpyxl.Workbook()
    ws = wb.active
    if spec.get("hidden_sheet_first"):
        # The office's own notes, hidden, first in the workbook.
        ws.title = spec["hidden_sheet_first"]
        ws["A1"] = "Ghi chú nội bộ"
        ws["B1"] = "không in"
        ws.sheet_state = "hidden"
        ws = wb.create_sheet()
    ws.title = spec.get("sheet", "Sheet1")
    width = len(spec["headers"])
    r = 1
    for title in spec.get("title", []):
        ws.cell(row=r, column=1, value=title).font = Font(bold=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")
        r += 1
    r += spec.get("blank_before_header", 0)
    for k, h in enumerate(spec["headers"]):
        c = ws.cell(row=r, column=k + 1, value=h)
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True)
    header = r
    r += 1
    for row in spec["rows"]:
        for k, v in enumerate(row):
            if v is not None:
                cell_value(ws, r, k + 1, v)
        r += 1
    for row in spec.get("footer", []):
        if row is None:
            r += 1
            continue
        for k, v in enumerate(row):
            if v is not None:
                cell_value(ws, r, k + 1, v)
        r += 1
    for hr in spec.get("hidden_rows", []):
        ws.row_dimensions[header + hr].hidden = True
    for hc in spec.get("hidden_cols", []):
        ws.column_dimensions[hc].hidden = True
    wb.save(out)


def edit(path, edits):
    """edits: a list of {"op": "insert_rows"|"delete_rows"|"insert_cols", "at": N, "n": 1},
    {"op": "set", "cell": "D14", "v": 0.63, "fmt": "0%"}, {"op": "label", "cell": "B14", "v": "…"}.
    Edits apply to the form's sheet (the first); the hidden sheet `_vanban` is left as made."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws.protection.sheet = False
    # openpyxl does not move merged regions with inserted rows, as Excel does: unmerge first
    # (each region's text stays in its first cell); the reader must not depend on them.
    for m in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(m))
    for e in edits:
        op = e["op"]
        if op == "insert_rows":
            ws.insert_rows(e["at"], e.get("n", 1))
        elif op == "delete_rows":
            ws.delete_rows(e["at"], e.get("n", 1))
        elif op == "insert_cols":
            ws.insert_cols(e["at"], e.get("n", 1))
        elif op == "delete_blank_above_header":
            # The blank row a form has above its table (its header's `Chỉ tiêu` in column B).
            header = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=2).value == "Chỉ tiêu")
            assert all(ws.cell(row=header - 1, column=c).value in (None, "") for c in range(1, 6))
            ws.delete_rows(header - 1, 1)
        elif op in ("set", "label"):
            c = ws[e["cell"]]
            c.value = e["v"]
            if "fmt" in e:
                c.number_format = e["fmt"]
        else:
            raise SystemExit(f"unknown edit {op}")
    wb.save(path)


def nominations(src, out):
    """A title above each list, headers with line breaks and double spaces, dates typed as
    text, a signature block and a total under the data, a title on the general sheet."""
    import datetime

    wb = openpyxl.load_workbook(src)
    info = wb["Thông tin chung"]
    info.insert_rows(1, 2)
    info["A1"] = "THÔNG TIN CHUNG VỀ ĐƠN VỊ ĐỀ NGHỊ KHEN THƯỞNG"
    info.merge_cells("A1:B1")
    last = info.max_row
    info.cell(row=last + 2, column=2, value="Người lập biểu")
    for name in ("Cá nhân", "Tập thể", "Lớp"):
        ws = wb[name]
        width = ws.max_column
        rows = ws.max_row
        ws.insert_rows(1, 2)
        ws["A1"] = "DANH SÁCH " + name.upper() + " ĐỀ NGHỊ KHEN THƯỞNG"
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        header = 3
        for c in range(1, width + 1):
            h = ws.cell(row=header, column=c)
            if isinstance(h.value, str) and " " in h.value:
                # Ngày sinh → "Ngày\nsinh"; Họ và tên → "Họ  và tên"
                words = h.value.split(" ")
                h.value = words[0] + ("\n" if c % 2 == 0 else "  ") + " ".join(words[1:])
                h.alignment = Alignment(wrap_text=True)
        for r in range(header + 1, header + rows):
            for c in range(1, width + 1):
                v = ws.cell(row=r, column=c).value
                if isinstance(v, datetime.datetime):
                    ws.cell(row=r, column=c).value = v.strftime("%d/%m/%Y")
                    ws.cell(row=r, column=c).number_format = "@"
        end = header + rows
        if name == "Cá nhân":
            # A two-row header: each header cell merged down over both rows, except the two
            # contact columns, grouped under `Liên hệ` with their own headers below it.
            ws.insert_rows(header + 1, 1)
            end += 1
            contact = [c for c in range(1, width + 1) if str(ws.cell(row=header, column=c).value or "").replace("\n", " ").replace("  ", " ") in ("Số điện thoại", "Email", "Số\nđiện thoại", "Số  điện thoại")]
            for c in range(1, width + 1):
                if c in contact:
                    ws.cell(row=header + 1, column=c, value=ws.cell(row=header, column=c).value)
                    ws.cell(row=header, column=c, value=None)
                else:
                    ws.merge_cells(start_row=header, start_column=c, end_row=header + 1, end_column=c)
            assert len(contact) == 2, contact
            ws.cell(row=header, column=contact[0], value="Liên hệ")
            ws.merge_cells(start_row=header, start_column=contact[0], end_row=header, end_column=contact[1])
        if name == "Lớp":
            ws.cell(row=end, column=2, value="Tổng cộng")
            ws.cell(row=end, column=3, value=f"=SUM(C{header + 1}:C{end - 1})")
        ws.cell(row=end + 2, column=2, value="Người lập biểu")
        ws.cell(row=end + 3, column=2, value="(Ký, ghi rõ họ tên)")
    wb.save(out)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "table":
        table(sys.argv[2], json.load(open(sys.argv[3], encoding="utf-8")))
    elif cmd == "nominations":
        nominations(sys.argv[2], sys.argv[3])
    elif cmd == "edit":
        edits = json.load(open(sys.argv[3], encoding="utf-8"))
        if isinstance(edits, dict):
            # Many files at once: {path: [edits]}.
            for p, es in edits.items():
                edit(p, es)
        else:
            edit(sys.argv[2], edits)
    else:
        raise SystemExit(__doc__)
