// vanban's web editor. The page only gathers what the clerk types into the JSON that
// `vanban render` reads and shows what the server answers: every rule of the document
// (checks, numbering, layout) is in the server, none here. User text is only ever put into
// the page as text (textContent, input values), never as markup.
'use strict';

const $ = (id) => document.getElementById(id);
let csrf = '';
let doc = {};
const bodies = {};
let seq = 0;
let rev = 0;
let inflight = null;
let timer = null;
let pageUrls = [];
// Typed since the draft was last saved (the draft is saved as it is typed).
let edited = false;
// A new document nothing has been typed into yet: the preview shows the kind's example.
let isNew = false;
// The kind's starter: never values in the form (its text would reach the register), only
// the grey example text of the empty fields, and the preview of a new document.
let example = null;
// The draft being edited (its id in the list of drafts), and the number the register gave it.
let draftId = null;
let issuedNote = '';
let issuedNumber = null;
// Problems the page finds itself before the server can (a date that does not exist).
let localErrors = [];
// The drafts could not be saved (storage full or off): leaving the page then asks first.
let saveFailed = false;
const kindNames = {};

// ---------------------------------------------------------------- server

async function api(path, opts = {}) {
  const o = Object.assign({ credentials: 'same-origin' }, opts);
  o.headers = Object.assign({}, opts.headers || {});
  if (o.method && o.method !== 'GET') o.headers['X-CSRF-Token'] = csrf;
  const r = await fetch(path, o);
  if (r.status === 401) {
    location.href = '/dang-nhap';
    throw new Error('Cần đăng nhập.');
  }
  return r;
}

async function postJson(path, value, signal) {
  return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value), signal });
}

async function errorText(r) {
  try {
    const j = await r.json();
    return j.loi || ('Lỗi ' + r.status);
  } catch (_) {
    return 'Lỗi ' + r.status;
  }
}

function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function nameFrom(r, fallback) {
  const cd = r.headers.get('Content-Disposition') || '';
  const m = cd.match(/filename="([^"]+)"/);
  return m ? m[1] : fallback;
}

// ---------------------------------------------------------------- document <-> form

const LISTS = ['co_quan.chu_quan', 'co_quan.ten', 'kinh_gui', 'can_cu', 'noi_nhan'];
const TEXTS = ['co_quan.viet_tat', 'ky_hieu', 'don_vi_soan_thao', 'dia_danh', 'trich_yeu', 'tham_quyen',
  'ky.thay_mat', 'ky.chuc_vu', 'ky.ho_ten'];
const SELECTS = ['do_mat', 'do_khan', 'ky.hinh_thuc'];
// Ô 12: the drafter's initials, copies issued and kept (`phat_hanh`), left out when all empty.
const RELEASE = ['nguoi_soan', 'so_ban', 'ban_luu'];

// A path's keys. `ky.…` of a document signed by several (`ky` a list, issue 27) is the
// principal signer's, the last: the form edits that one and keeps the others as they are.
function pathKeys(obj, path) {
  const k = path.split('.');
  if (k[0] === 'ky' && obj && Array.isArray(obj.ky) && obj.ky.length) k.splice(1, 0, String(obj.ky.length - 1));
  return k;
}

function get(obj, path) {
  return pathKeys(obj, path).reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function set(obj, path, value) {
  const keys = pathKeys(obj, path);
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
    o = o[k];
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
}

function setDoc(d) {
  doc = JSON.parse(JSON.stringify(d));
  edited = false;
  localErrors = [];
  const kind = $('loai');
  if ([...kind.options].some((o) => o.value === doc.loai)) kind.value = doc.loai;
  shownKind = kind.value;
  for (const p of LISTS) $(p).value = (get(doc, p) || []).join('\n');
  for (const p of TEXTS) $(p).value = get(doc, p) || '';
  for (const p of SELECTS) $(p).value = get(doc, p) || '';
  $('so').value = doc.so == null ? '' : doc.so;
  for (const k of RELEASE) $('phat_hanh.' + k).value = get(doc, 'phat_hanh.' + k) ?? '';
  // The date as the clerk reads it (dd/mm/yyyy), whatever the browser's language; a date
  // that does not exist (2026-02-31) is shown as it is and flagged, never cleared.
  const ngay = String(doc.ngay || '');
  let m;
  $('de-trong-ngay').checked = /^\d{4}(-\d{2})?$/.test(ngay);
  $('ngay').value = (m = ngay.match(/^(\d{4})-(\d{2})-(\d{2})$/)) ? m[3] + '/' + m[2] + '/' + m[1]
    : (m = ngay.match(/^(\d{4})-(\d{2})$/)) ? '01/' + m[2] + '/' + m[1]
      : (m = ngay.match(/^(\d{4})$/)) ? '01/01/' + m[1] : ngay;
  bodies.noi_dung = new BodyEditor($('noi_dung'), 'noi_dung', doc.noi_dung || [], exampleBody());
  renderAppendices();
  signatureFields();
  placeholders();
  $('so-da-cap').textContent = issuedNote;
  numberButtons();
  schedule(0);
}

// The example's text as the grey placeholder of each empty field, marked as an example.
function placeholders() {
  const ex = example || {};
  const hint = (v) => (v ? 'Ví dụ: ' + v : '');
  for (const p of LISTS) $(p).placeholder = hint((get(ex, p) || []).join('\n'));
  for (const p of TEXTS) $(p).placeholder = hint(get(ex, p) || '');
  $('ngay').placeholder = 'ngày/tháng/năm, ví dụ 15/04/2026';
  $('so').placeholder = $('lay-so').hidden ? '' : 'bấm “Lấy số”';
  const body = document.querySelector('#noi_dung textarea.body-text');
  if (body) body.placeholder = exampleBody();
}

function exampleBody() {
  const text = ((example && example.noi_dung) || []).filter((b) => typeof b === 'string');
  return text.length ? 'Ví dụ:\n' + text.join('\n') : '';
}

// A date typed as dd/mm/yyyy (or ddmmyyyy, d/m/yyyy, yyyy-mm-dd): its ISO form, or why it
// is not a date — in Vietnamese, quoting what was typed.
function parseDay(typed) {
  const t = typed.trim();
  if (!t) return {};
  let m = t.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/) || t.match(/^(\d{2})(\d{2})(\d{4})$/);
  let d, mo, y;
  if (m) { d = Number(m[1]); mo = Number(m[2]); y = Number(m[3]); }
  else if ((m = t.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/))) { y = Number(m[1]); mo = Number(m[2]); d = Number(m[3]); }
  else return { error: 'Ngày “' + t + '” không đúng dạng: ghi ngày/tháng/năm, ví dụ 15/04/2026.' };
  if (mo < 1 || mo > 12) return { error: 'Ngày “' + t + '” không có: không có tháng ' + mo + ' (tháng từ 1 đến 12).' };
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > last) return { error: 'Ngày “' + t + '” không có: tháng ' + mo + ' năm ' + y + ' chỉ có ' + last + ' ngày.' };
  if (y < 1945 || y > 2100) return { error: 'Ngày “' + t + '”: năm ' + y + ' không hợp lý.' };
  const two = (n) => String(n).padStart(2, '0');
  return { iso: y + '-' + two(mo) + '-' + two(d), text: two(d) + '/' + two(mo) + '/' + y };
}

function todayIso() {
  const t = new Date();
  return t.getFullYear() + '-' + String(t.getMonth() + 1).padStart(2, '0') + '-' + String(t.getDate()).padStart(2, '0');
}

function lines(text) {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

function collect() {
  const d = JSON.parse(JSON.stringify(doc));
  d.loai = $('loai').value;
  for (const p of LISTS) {
    const v = lines($(p).value);
    set(d, p, v.length || p === 'co_quan.ten' ? v : undefined);
  }
  for (const p of TEXTS) {
    const v = $(p).value.trim();
    const required = ['dia_danh', 'ky.chuc_vu', 'ky.ho_ten', 'co_quan.viet_tat'].includes(p);
    set(d, p, v || required ? v : undefined);
  }
  for (const p of SELECTS) set(d, p, $(p).value || undefined);
  const so = $('so').value.trim();
  if (so === '') delete d.so;
  else d.so = /^\d+$/.test(so) ? Number(so) : so;
  const release = {};
  for (const k of RELEASE) {
    const v = $('phat_hanh.' + k).value.trim();
    if (v !== '') release[k] = k === 'nguoi_soan' || !/^\d+$/.test(v) ? v : Number(v);
  }
  if (Object.keys(release).length) d.phat_hanh = Object.assign({ nguoi_soan: '' }, release);
  else delete d.phat_hanh;
  const day = parseDay($('ngay').value);
  const undated = !day.iso && !day.error && !$('de-trong-ngay').checked;
  const why = day.error || (undated ? 'Chưa ghi ngày ban hành.' : '');
  localErrors = why ? [{ muc: 'loi', ma: 'ngay-khong-co', duong_dan: 'ngay', thong_bao: why, goi_y: 'Ghi ngày theo dạng ngày/tháng/năm, ví dụ 15/04/2026; với dự thảo chưa có ngày, đánh dấu “Để trống ngày”.' }] : [];
  d.ngay = $('de-trong-ngay').checked ? (day.iso || todayIso()).slice(0, 7) : (day.iso || '');
  if (d.co_quan && !(d.co_quan.ten || []).length && !d.co_quan.viet_tat && !(d.co_quan.chu_quan || []).length) delete d.co_quan;
  d.noi_dung = bodies.noi_dung.blocks();
  const appendices = [...document.querySelectorAll('#phu_luc .appendix')].map((el, i) => {
    const a = Object.assign({}, (doc.phu_luc || [])[i] || {});
    const so = el.querySelector('.pl-so').value.trim();
    if (so) a.so = so; else delete a.so;
    a.ten = el.querySelector('.pl-ten').value.trim();
    a.noi_dung = bodies['phu_luc[' + i + '].noi_dung'].blocks();
    return a;
  });
  if (appendices.length) d.phu_luc = appendices; else delete d.phu_luc;
  return d;
}

function signatureFields() {
  const needs = ['KT', 'TM', 'TL', 'TUQ'].includes($('ky.hinh_thuc').value);
  $('nhan-thay-mat').hidden = !needs;
  // "Thẩm quyền ban hành" belongs to a Quyết định: shown there, or when a value is in it.
  $('nhan-tham-quyen').hidden = $('loai').value !== 'quyet-dinh' && !$('tham_quyen').value;
}

// ---------------------------------------------------------------- body: text and tables

class BodyEditor {
  constructor(container, key, blocks, hint) {
    this.container = container;
    this.key = key;
    this.hint = hint || '';
    this.segments = [];
    container.replaceChildren();
    let text = null;
    for (const b of blocks) {
      if (typeof b === 'string') {
        if (!text) { text = []; this.segments.push({ type: 'text', lines: text }); }
        text.push(b);
        continue;
      }
      text = null;
      const t = b && b.bang;
      const plain = t && Object.keys(b).length === 1 && [...(t.dau || []), ...(t.dong || [])].every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string'));
      if (plain) this.segments.push({ type: 'table', table: t });
      else this.segments.push({ type: 'json', value: b });
    }
    if (!this.segments.length) this.segments.push({ type: 'text', lines: [] });
    this.draw();
  }

  draw() {
    this.container.replaceChildren();
    this.segments.forEach((s, i) => {
      const box = document.createElement('div');
      box.className = 'segment segment-' + s.type;
      s.el = box;
      if (s.type === 'text') {
        const ta = document.createElement('textarea');
        s.typedIn = null;
        ta.className = 'body-text';
        ta.rows = Math.min(24, Math.max(4, s.lines.length + 1));
        ta.value = s.lines.join('\n');
        ta.setAttribute('aria-label', 'Nội dung');
        if (i === this.segments.findIndex((x) => x.type === 'text')) ta.placeholder = this.hint;
        ta.addEventListener('input', () => { s.lines = ta.value.split('\n'); });
        // Where the clerk was typing: "+ Bảng" puts the table there, not at the end.
        ta.addEventListener('focus', () => { s.typedIn = ta; });
        // Cells pasted from a spreadsheet (tab-separated) land as lines of text; the clerk
        // is offered to make them a table instead, where they were pasted.
        ta.addEventListener('paste', (e) => {
          const text = (e.clipboardData || window.clipboardData).getData('text/plain');
          if (!/\t/.test(text)) return;
          const at = ta.selectionStart;
          setTimeout(() => this.offerTable(s, ta, at, text.replace(/\r\n?/g, '\n')), 0);
        });
        box.appendChild(ta);
      } else if (s.type === 'table') {
        box.appendChild(tableGrid(s.table));
      } else {
        const ta = document.createElement('textarea');
        ta.className = 'body-json';
        ta.rows = 6;
        ta.setAttribute('aria-label', 'Khối nội dung (JSON)');
        ta.value = JSON.stringify(s.value, null, 2);
        ta.addEventListener('input', () => {
          try { s.value = JSON.parse(ta.value); ta.classList.remove('co-loi'); } catch (_) { ta.classList.add('co-loi'); }
        });
        box.appendChild(ta);
      }
      const bar = document.createElement('div');
      bar.className = 'segment-bar';
      bar.append(
        button('+ Bảng', () => {
          const table = { type: 'table', table: { dau: [['STT', 'Nội dung']], dong: [['1', '']] } };
          const ta = s.type === 'text' && s.typedIn;
          if (ta) {
            // After the line the caret is on; the lines below it follow the table.
            const end = ta.value.indexOf('\n', ta.selectionStart);
            const after = end < 0 ? '' : ta.value.slice(end + 1);
            if (after.trim()) {
              s.lines = ta.value.slice(0, end).split('\n');
              this.segments.splice(i + 1, 0, table, { type: 'text', lines: after.split('\n') });
              this.draw();
              changed();
              return;
            }
          }
          this.segments.splice(i + 1, 0, table);
          this.draw();
          changed();
        }, 'them-bang'),
        button('+ Đoạn văn', () => { this.segments.splice(i + 1, 0, { type: 'text', lines: [] }); this.draw(); changed(); }),
      );
      if (this.segments.length > 1) bar.append(button('Xóa phần này', () => { this.segments.splice(i, 1); this.draw(); changed(); }));
      box.appendChild(bar);
      this.container.appendChild(box);
    });
  }

  offerTable(s, ta, at, text) {
    const box = s.el;
    box.querySelectorAll('.goi-y-bang').forEach((x) => x.remove());
    const bar = document.createElement('div');
    bar.className = 'goi-y-bang';
    bar.setAttribute('role', 'status');
    bar.append('Đoạn vừa dán có dạng bảng (các cột cách nhau bằng Tab). ');
    bar.append(button('Chuyển thành bảng', () => {
      const value = ta.value;
      const start = value.indexOf(text.replace(/\n$/, ''), Math.max(0, at - 1));
      if (start < 0) { bar.remove(); return; }
      const before = value.slice(0, start).replace(/\n$/, '');
      const after = value.slice(start + text.replace(/\n$/, '').length).replace(/^\n/, '');
      const rows = parseTsv(text.replace(/\n$/, ''));
      const i = this.segments.indexOf(s);
      const parts = [];
      if (before.trim()) parts.push({ type: 'text', lines: before.split('\n') });
      parts.push({ type: 'table', table: { dau: rows.slice(0, 1), dong: rows.slice(1) } });
      if (after.trim()) parts.push({ type: 'text', lines: after.split('\n') });
      this.segments.splice(i, 1, ...parts);
      this.draw();
      changed();
    }, 'thanh-bang'), ' ', button('Giữ là chữ', () => bar.remove()));
    ta.after(bar);
  }

  blocks() {
    const out = [];
    for (const s of this.segments) {
      s.start = out.length;
      if (s.type === 'text') out.push(...lines(s.lines.join('\n')));
      else if (s.type === 'table') out.push({ bang: tableValue(s.table) });
      else out.push(s.value);
      s.end = out.length;
    }
    return out;
  }

  segmentAt(index) {
    return this.segments.find((s) => index >= s.start && index < s.end) || null;
  }
}

function button(label, onclick, cls) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (cls) b.className = cls;
  b.addEventListener('click', onclick);
  return b;
}

function tableValue(t) {
  const v = Object.assign({}, t);
  const cols = Math.max(0, ...[...(t.dau || []), ...(t.dong || [])].map((r) => r.length));
  // Relative widths for a new table or one whose columns changed: a numbering column
  // (STT) narrow, the others equal.
  if (!v.cot || v.cot.length !== cols) {
    const head = (t.dau && t.dau[0]) || [];
    v.cot = Array.from({ length: cols }, (_, c) => (/^(stt|tt|số tt)$/i.test(String(head[c] || '').trim()) ? 1 : 5));
  }
  if (!v.dau || !v.dau.length) delete v.dau;
  return v;
}

// Cells copied from Excel or LibreOffice: tab-separated, a line a row; a cell holding a
// line break or a quote comes quoted ("…", a quote doubled inside) — one cell, not rows
// with stray quotes.
function parseTsv(text) {
  const t = text.replace(/\r\n?/g, '\n');
  const rows = [];
  let row = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (t[i] === '"') {
      i++;
      for (;;) {
        const q = t.indexOf('"', i);
        if (q < 0) { cell += t.slice(i); i = t.length; break; }
        cell += t.slice(i, q);
        i = q + 1;
        if (t[i] === '"') { cell += '"'; i++; continue; }
        break;
      }
      // Anything after the closing quote up to the separator belongs to the cell.
      const end = t.slice(i).search(/[\t\n]/);
      const stop = end < 0 ? t.length : i + end;
      cell += t.slice(i, stop);
      i = stop;
    } else {
      const end = t.slice(i).search(/[\t\n]/);
      const stop = end < 0 ? t.length : i + end;
      cell = t.slice(i, stop);
      i = stop;
    }
    row.push(cell);
    if (i >= t.length) { rows.push(row); break; }
    if (t[i] === '\t') { i++; continue; }
    // A line break: the row ends; a final one ends the block.
    rows.push(row);
    row = [];
    i++;
    if (i >= t.length) break;
  }
  return rows;
}

// A table as a grid of inputs: header rows (bold) then body rows; rows and columns added
// and removed; a block copied from Excel (tab-separated lines) pasted into a cell fills
// the grid from that cell, growing it as needed.
function tableGrid(t) {
  t.dau = t.dau || [];
  t.dong = t.dong || [];
  const wrap = document.createElement('div');
  wrap.className = 'grid-wrap';
  const draw = () => {
    const rows = [...t.dau, ...t.dong];
    const cols = Math.max(1, ...rows.map((r) => r.length));
    const table = document.createElement('table');
    table.className = 'grid';
    rows.forEach((r, ri) => {
      const tr = document.createElement('tr');
      if (ri < t.dau.length) tr.className = 'head';
      for (let ci = 0; ci < cols; ci++) {
        const td = document.createElement('td');
        const input = document.createElement('input');
        input.value = r[ci] == null ? '' : r[ci];
        input.dataset.r = ri;
        input.dataset.c = ci;
        input.setAttribute('aria-label', (ri < t.dau.length ? 'Tiêu đề' : 'Bảng') + ', hàng ' + (ri + 1) + ', cột ' + (ci + 1));
        input.addEventListener('input', () => { cell(ri)[ci] = input.value; });
        input.addEventListener('paste', (e) => {
          const text = (e.clipboardData || window.clipboardData).getData('text/plain');
          if (!/[\t\n]/.test(text)) return;
          e.preventDefault();
          const grid = parseTsv(text);
          grid.forEach((line, dr) => {
            while (t.dau.length + t.dong.length <= ri + dr) t.dong.push([]);
            line.forEach((v, dc) => { const row = cell(ri + dr); while (row.length < ci + dc) row.push(''); row[ci + dc] = v.trim(); });
          });
          square();
          draw();
          changed();
        });
        td.appendChild(input);
        tr.appendChild(td);
      }
      table.appendChild(tr);
    });
    const bar = document.createElement('div');
    bar.className = 'grid-bar';
    const heads = document.createElement('label');
    heads.textContent = 'Dòng tiêu đề ';
    const n = document.createElement('input');
    n.type = 'number';
    n.min = 0;
    n.value = t.dau.length;
    n.className = 'head-count';
    n.addEventListener('change', () => {
      const all = [...t.dau, ...t.dong];
      const k = Math.max(0, Math.min(all.length, Number(n.value) || 0));
      t.dau = all.slice(0, k);
      t.dong = all.slice(k);
      draw();
      changed();
    });
    heads.appendChild(n);
    bar.append(
      button('+ Hàng', () => { t.dong.push(Array(cols).fill('')); draw(); changed(); }, 'them-hang'),
      button('− Hàng', () => { if (t.dong.length) t.dong.pop(); draw(); changed(); }),
      button('+ Cột', () => { for (const r of [...t.dau, ...t.dong]) { while (r.length < cols) r.push(''); r.push(''); } if (t.cot) t.cot.push(1); draw(); changed(); }, 'them-cot'),
      button('− Cột', () => { if (cols > 1) { for (const r of [...t.dau, ...t.dong]) r.length = Math.min(r.length, cols - 1); if (t.cot) t.cot.length = cols - 1; } draw(); changed(); }),
      heads,
    );
    wrap.replaceChildren(table, bar);
  };
  const cell = (ri) => (ri < t.dau.length ? t.dau[ri] : t.dong[ri - t.dau.length]);
  const square = () => {
    const all = [...t.dau, ...t.dong];
    const cols = Math.max(...all.map((r) => r.length));
    for (const r of all) while (r.length < cols) r.push('');
    if (!t.cot || t.cot.length !== cols) delete t.cot;
  };
  draw();
  return wrap;
}

// ---------------------------------------------------------------- appendices

function renderAppendices() {
  const box = $('phu_luc');
  box.replaceChildren();
  for (const k of Object.keys(bodies)) if (k !== 'noi_dung') delete bodies[k];
  (doc.phu_luc || []).forEach((a, i) => addAppendix(a, i));
}

function addAppendix(a, i) {
  const el = document.createElement('div');
  el.className = 'appendix';
  const so = document.createElement('input');
  so.className = 'pl-so';
  so.value = a.so || '';
  so.dataset.path = 'phu_luc[' + i + '].so';
  so.size = 4;
  const ten = document.createElement('input');
  ten.className = 'pl-ten';
  ten.value = a.ten || '';
  ten.dataset.path = 'phu_luc[' + i + '].ten';
  const l1 = document.createElement('label'); l1.append('Số phụ lục ', so);
  const l2 = document.createElement('label'); l2.append('Tên phụ lục ', ten);
  const body = document.createElement('div');
  body.dataset.path = 'phu_luc[' + i + '].noi_dung';
  el.append(l1, l2, body, button('Xóa phụ lục', () => {
    doc = collect();
    doc.phu_luc.splice(i, 1);
    if (!doc.phu_luc.length) delete doc.phu_luc;
    renderAppendices();
    changed();
  }));
  $('phu_luc').appendChild(el);
  bodies['phu_luc[' + i + '].noi_dung'] = new BodyEditor(body, 'phu_luc[' + i + '].noi_dung', a.noi_dung || []);
}

// ---------------------------------------------------------------- diagnostics

function fieldFor(path) {
  let p = path || '';
  while (p) {
    const m = p.match(/^(.*noi_dung)\[(\d+)\]/);
    if (m && bodies[m[1]]) {
      const s = bodies[m[1]].segmentAt(Number(m[2]));
      if (s) return s.el;
    }
    const el = document.querySelector('[data-path="' + CSS.escape(p) + '"]');
    if (el) return el;
    const cut = p.replace(/(\.[^.[\]]*|\[\d+\])$/, '');
    if (cut === p) break;
    p = cut;
  }
  return null;
}

// The problems listed at the top of the form (each entry takes the clerk to its field) and
// shown under each field, tied to it for screen readers (aria-describedby, aria-invalid).
function showDiagnostics(list) {
  document.querySelectorAll('.diag').forEach((e) => e.remove());
  document.querySelectorAll('.co-loi, .co-canh-bao').forEach((e) => e.classList.remove('co-loi', 'co-canh-bao'));
  document.querySelectorAll('[aria-describedby^="chan-doan-"]').forEach((e) => { e.removeAttribute('aria-describedby'); e.removeAttribute('aria-invalid'); });
  const summary = $('tong-chan-doan');
  summary.replaceChildren();
  const errors = list.filter((d) => d.muc === 'loi').length;
  const warnings = list.length - errors;
  summary.classList.toggle('co-loi-tong', errors > 0);
  summary.classList.toggle('co-canh-bao-tong', !errors && warnings > 0);
  if (!list.length) return;
  const head = document.createElement('p');
  head.className = 'diag-head';
  head.textContent = (errors ? errors + ' lỗi' : '') + (errors && warnings ? ', ' : '') + (warnings ? warnings + ' cảnh báo' : '') +
    (errors ? ' — chưa in, tải hay lấy số được. Bấm vào từng mục để đến ô cần sửa.' : '');
  summary.appendChild(head);
  const ul = document.createElement('ul');
  list.forEach((d, n) => {
    const text = d.thong_bao + (d.goi_y ? ' — ' + d.goi_y : '');
    const el = fieldFor(d.duong_dan);
    const li = document.createElement('li');
    li.className = d.muc;
    if (el) {
      const note = document.createElement('div');
      note.className = 'diag ' + d.muc;
      note.id = 'chan-doan-' + n;
      note.dataset.path = '';
      note.dataset.for = d.duong_dan || '';
      note.textContent = text;
      el.classList.add(d.muc === 'loi' ? 'co-loi' : 'co-canh-bao');
      const anchor = el.closest('label') || el;
      anchor.after(note);
      const target = el.matches('input, textarea, select') ? el : el.querySelector('input, textarea, select');
      if (target) {
        target.setAttribute('aria-describedby', note.id);
        if (d.muc === 'loi') target.setAttribute('aria-invalid', 'true');
      }
      const go = button(text, () => { el.scrollIntoView({ block: 'center' }); if (target) target.focus(); }, 'den-o');
      li.appendChild(go);
    } else {
      li.textContent = text;
    }
    ul.appendChild(li);
  });
  summary.appendChild(ul);
}

// ---------------------------------------------------------------- notifications

// Results and errors stay in a list, with their time, until the clerk closes them: a
// number issued or refused, a download made, a print refused. The status line beside the
// buttons only tells the preview's state.
function clock(t) {
  return t.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

function notify(kind, text) {
  const list = $('thong-bao');
  const li = document.createElement('li');
  li.className = 'notice ' + kind;
  const time = document.createElement('time');
  time.textContent = clock(new Date());
  const span = document.createElement('span');
  span.textContent = text;
  const close = button('×', () => { li.remove(); noticesShown(); }, 'dong');
  close.setAttribute('aria-label', 'Đóng thông báo');
  close.title = 'Đóng thông báo';
  li.append(time, span, close);
  list.prepend(li);
  while (list.children.length > 30) list.lastElementChild.remove();
  noticesShown();
}

function noticesShown() {
  $('xoa-thong-bao').hidden = !$('thong-bao').children.length;
}

// ---------------------------------------------------------------- preview

function changed() {
  edited = true;
  if (isNew) { isNew = false; $('vi-du').hidden = true; }
  numberButtons();
  schedule(150);
}

function schedule(ms) {
  clearTimeout(timer);
  stale(true);
  timer = setTimeout(update, ms);
}

// ---------------------------------------------------------------- drafts

// Drafts are kept in this browser as they are typed: the last 30, newest first, each with
// its title, kind and time; the one being edited comes back on reload.
// With accounts, each account has its own drafts in the browser (the key names it), and they
// are also kept on the server (`serverDrafts`), sent there after each save.
let DRAFTS = 'vanban.ban-nhap';
let CURRENT = 'vanban.ban-nhap.hien-tai';
let serverDrafts = false;
let pushTimer = null;
let pushFailed = false;

function drafts() {
  try {
    const list = JSON.parse(localStorage.getItem(DRAFTS) || '[]');
    return Array.isArray(list) ? list : [];
  } catch (_) { return []; }
}

function storeDrafts(list) {
  try {
    localStorage.setItem(DRAFTS, JSON.stringify(list.slice(0, 30)));
    saveFailed = false;
    if (serverDrafts) { clearTimeout(pushTimer); pushTimer = setTimeout(pushDrafts, 800); }
  } catch (_) {
    // Said once, not at every keystroke.
    if (!saveFailed) notify('loi', 'Không lưu được bản nháp trong trình duyệt (bộ nhớ đầy hoặc bị tắt): hãy lưu bản nháp ra tệp (“Lưu bản nháp ra tệp”).');
    saveFailed = true;
  }
}

async function pushDrafts() {
  let r;
  try {
    r = await postJson('/api/drafts', drafts());
  } catch (_) { r = null; }
  if (r && r.ok) { pushFailed = false; return; }
  // Said once, not at every keystroke; the drafts are still in this browser.
  if (!pushFailed) notify('loi', 'Chưa lưu được bản nháp lên máy chủ' + (r ? ': ' + await errorText(r) : ' (mất kết nối)') + '. Bản nháp vẫn được lưu trong trình duyệt này.');
  pushFailed = true;
}

// The account's drafts on the server merged with this browser's: by id, the newer wins.
async function pullDrafts() {
  const r = await api('/api/drafts');
  if (!r.ok) {
    // The server's list is not sent over while it could not be read: it would replace it.
    serverDrafts = false;
    notify('loi', 'Không tải được bản nháp đã lưu trên máy chủ: ' + await errorText(r) + ' Bản nháp chỉ được lưu trong trình duyệt này cho đến khi tải lại trang.');
    return;
  }
  const j = await r.json();
  const byId = new Map();
  for (const x of [...(j.ban_nhap || []), ...drafts()]) {
    if (!x || !x.id) continue;
    const old = byId.get(x.id);
    if (!old || String(x.luc) > String(old.luc)) byId.set(x.id, x);
  }
  const merged = [...byId.values()].sort((a, b) => String(b.luc).localeCompare(String(a.luc)));
  try { localStorage.setItem(DRAFTS, JSON.stringify(merged.slice(0, 30))); } catch (_) { /* reported when saving */ }
  if (!localStorage.getItem(CURRENT) && merged.length) localStorage.setItem(CURRENT, merged[0].id);
}

function saveDraft(d) {
  if (!draftId) draftId = 'n' + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  const list = drafts().filter((x) => x.id !== draftId);
  list.unshift({ id: draftId, loai: d.loai, tieu_de: String(d.trich_yeu || '').split('\n')[0], luc: new Date().toISOString(), so_da_cap: issuedNote, so_da_cap_so: issuedNumber, ngay_go: $('ngay').value, doc: d });
  storeDrafts(list);
  try {
    localStorage.setItem(CURRENT, draftId);
    // The agency and place: the clerk's own, offered again in every new document.
    if (d.co_quan) localStorage.setItem('vanban.co_quan', JSON.stringify(d.co_quan));
    if (d.dia_danh) localStorage.setItem('vanban.dia_danh', d.dia_danh);
  } catch (_) { /* reported by storeDrafts */ }
  edited = false;
  renderDrafts();
}

// Saves what was typed and not yet saved (before another document replaces it).
function flushDraft() {
  if (edited && !isNew) saveDraft(collect());
}

function renderDrafts() {
  const list = drafts();
  $('so-ban-nhap').textContent = String(list.length);
  const ul = $('ds-ban-nhap');
  ul.replaceChildren();
  if (!list.length) {
    const li = document.createElement('li');
    li.textContent = 'Chưa có bản nháp: văn bản được lưu tự động khi gõ.';
    ul.appendChild(li);
  }
  for (const x of list) {
    const li = document.createElement('li');
    li.className = 'draft' + (x.id === draftId ? ' current' : '');
    li.dataset.id = x.id;
    const open = button(x.tieu_de || '(chưa có trích yếu)', () => openDraft(x.id), 'mo-nhap');
    const info = document.createElement('small');
    info.textContent = (kindNames[x.loai] || x.loai) + ' · ' + new Date(x.luc).toLocaleString('vi-VN', { hour12: false }) + (x.id === draftId ? ' · đang soạn' : '');
    const del = button('Xóa', () => deleteDraft(x.id), 'xoa-nhap');
    del.setAttribute('aria-label', 'Xóa bản nháp ' + (x.tieu_de || ''));
    li.append(open, info, del);
    ul.appendChild(li);
  }
}

async function openDraft(id) {
  const x = drafts().find((y) => y.id === id);
  if (!x) return;
  flushDraft();
  draftId = x.id;
  issuedNote = x.so_da_cap || '';
  issuedNumber = x.so_da_cap_so ?? null;
  isNew = false;
  $('vi-du').hidden = true;
  await loadExample(x.loai);
  setDoc(x.doc);
  if (x.ngay_go) $('ngay').value = x.ngay_go;
  try { localStorage.setItem(CURRENT, id); } catch (_) { /* nothing to remember */ }
  $('ban-nhap').open = false;
  renderDrafts();
}

function deleteDraft(id) {
  storeDrafts(drafts().filter((x) => x.id !== id));
  if (id === draftId) {
    draftId = null;
    try { localStorage.removeItem(CURRENT); } catch (_) { /* nothing to forget */ }
    newDocument($('loai').value);
  }
  renderDrafts();
  notify('tin', 'Đã xóa bản nháp.');
}

// What the preview shows: the document it was made from (as sent), when, and whether it
// had errors (then the pages are older than the document).
const shown = { json: null, at: null, errors: 0, pages: false };

// The preview marked outdated when the document has errors: dimmed, with a banner naming
// the errors and the time of the pages shown. While an update is pending (`pending`) it is
// not dimmed (that would flicker as the clerk types), but it is not printable either:
// printed, an outdated or pending preview is a note, never the older pages.
function stale(pending) {
  const box = $('xem-truoc');
  const errors = !shown.pages && shown.json !== null;
  box.classList.toggle('cu', errors);
  box.classList.toggle('cho', pending);
  box.dataset.cu = errors || pending ? '1' : '';
  const banner = $('xem-truoc-cu');
  banner.hidden = !errors;
  if (errors) {
    banner.textContent = 'Văn bản hiện còn ' + shown.errors + ' lỗi: ' +
      (shown.at ? 'xem trước bên dưới là bản cũ (lúc ' + clock(shown.at) + ')' : 'chưa xem trước được') +
      ', chưa in hay tải được. Sửa các lỗi trong danh sách bên trái.';
  }
}

async function update() {
  clearTimeout(timer);
  const d = collect();
  const json = JSON.stringify(d);
  if (edited && !isNew) saveDraft(d);
  const showExample = isNew && example;
  if (inflight) inflight.abort();
  const mine = ++seq;
  const ctl = new AbortController();
  inflight = ctl;
  $('trang-thai').textContent = 'Đang cập nhật…';
  let r;
  try {
    r = await postJson('/api/preview', showExample ? example : d, ctl.signal);
  } catch (e) {
    if (e.name !== 'AbortError') $('trang-thai').textContent = 'Không kết nối được máy chủ.';
    return;
  }
  if (mine !== seq) return;
  // The body is read under the same signal: a newer update aborting this one rejects it.
  let j;
  try {
    if (!r.ok) {
      const why = await errorText(r);
      if (mine !== seq) return;
      inflight = null;
      $('trang-thai').textContent = why;
      return;
    }
    j = await r.json();
  } catch (e) {
    if (e.name !== 'AbortError' && mine === seq) $('trang-thai').textContent = 'Không kết nối được máy chủ.';
    return;
  }
  if (mine !== seq) return;
  inflight = null;
  // A new document: the example's pages, marked as an example; its own problems (every
  // field empty) are not listed until the clerk starts typing.
  const list = showExample ? [] : localErrors.concat((j.chan_doan || []).filter((x) => !(localErrors.length && x.duong_dan === 'ngay')));
  showDiagnostics(list);
  shown.json = json;
  shown.example = !!showExample;
  shown.errors = list.filter((x) => x.muc === 'loi').length;
  shown.pages = !!j.trang && !localErrors.length;
  $('vi-du').hidden = !showExample;
  if (shown.pages) {
    showPages(j.trang);
    shown.at = new Date();
    $('trang-thai').textContent = 'Đã cập nhật: ' + j.trang.length + ' trang';
  } else {
    $('trang-thai').textContent = 'Văn bản còn ' + shown.errors + ' lỗi';
  }
  stale(false);
}

function showPages(pages) {
  const box = $('xem-truoc');
  const old = pageUrls;
  pageUrls = pages.map((svg) => URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })));
  const imgs = [...box.querySelectorAll('img')];
  pageUrls.forEach((url, i) => {
    let img = imgs[i];
    if (!img) {
      img = document.createElement('img');
      img.className = 'page';
      box.appendChild(img);
    }
    img.alt = 'Trang ' + (i + 1) + ' trên ' + pages.length + ' của văn bản';
    img.src = url;
  });
  imgs.slice(pageUrls.length).forEach((img) => img.remove());
  box.dataset.rev = String(++rev);
  box.dataset.pages = String(pages.length);
  setTimeout(() => old.forEach((u) => URL.revokeObjectURL(u)), 1000);
}

// The preview brought up to the document as it now stands (a pending or stale one redone).
async function current() {
  for (let i = 0; i < 5; i++) {
    if (shown.json === JSON.stringify(collect()) && !inflight) {
      // The pages are of the document as it stands: an update still scheduled (a last
      // `change` event after the text was already sent) would only redo them, and must not
      // leave them marked pending when they are printed.
      clearTimeout(timer);
      stale(false);
      return true;
    }
    await update();
  }
  return shown.json === JSON.stringify(collect());
}

// "In": the pages of the document as it now stands, or a refusal with the reason — never
// the pages of an older state.
async function printDocument() {
  if (!(await current())) {
    notify('loi', 'Chưa in được: không cập nhật được bản xem trước.');
    return;
  }
  if (shown.example) {
    notify('loi', 'Chưa in được: xem trước đang là văn bản ví dụ. Hãy soạn văn bản của bạn vào các ô bên trái.');
    return;
  }
  if (!shown.pages) {
    notify('loi', 'Chưa in được: văn bản còn ' + shown.errors + ' lỗi. Sửa các lỗi trong danh sách bên trái rồi bấm “In” lại.');
    $('tong-chan-doan').scrollIntoView({ block: 'start' });
    return;
  }
  window.print();
}

async function download(format) {
  const d = collect();
  if (localErrors.length) {
    showDiagnostics(localErrors);
    notify('loi', 'Chưa tải được: ' + localErrors[0].thong_bao);
    return;
  }
  $('trang-thai').textContent = 'Đang tạo ' + format.toUpperCase() + '…';
  const r = await postJson('/api/download/' + format, d);
  if (r.status === 422) {
    const j = await r.json();
    showDiagnostics(j.chan_doan || []);
    notify('loi', j.loi);
    return;
  }
  if (!r.ok) { notify('loi', await errorText(r)); return; }
  const name = nameFrom(r, 'van-ban.' + format);
  saveBlob(await r.blob(), name);
  notify('ok', 'Đã tải ' + format.toUpperCase() + ': ' + name);
}

// ---------------------------------------------------------------- choosing a document

async function loadExample(kind) {
  example = null;
  const r = await api('/api/starter/' + encodeURIComponent(kind));
  if (!r.ok) { notify('loi', await errorText(r)); return; }
  example = await r.json();
}

// A new document of `kind`: no number, its fields empty with the example's text in grey,
// today's date, and the clerk's agency and place as last typed.
async function newDocument(kind) {
  flushDraft();
  draftId = null;
  issuedNote = '';
  issuedNumber = null;
  try { localStorage.removeItem(CURRENT); } catch (_) { /* nothing to forget */ }
  await loadExample(kind);
  const d = { loai: kind, ngay: todayIso(), noi_dung: [] };
  try {
    const issuer = JSON.parse(localStorage.getItem('vanban.co_quan') || 'null');
    if (issuer) d.co_quan = issuer;
    const place = localStorage.getItem('vanban.dia_danh');
    if (place) d.dia_danh = place;
  } catch (_) { /* nothing remembered */ }
  isNew = true;
  setDoc(d);
  renderDrafts();
}

// Another kind chosen: a new document when nothing was typed; otherwise what was typed
// stays (only the kind and the examples change) — nothing is thrown away.
async function chooseKind(kind) {
  if (isNew) { await newDocument(kind); return; }
  await loadExample(kind);
  placeholders();
  changed();
  notify('tin', 'Đã đổi loại văn bản thành ' + (kindNames[kind] || kind) + '; nội dung đã gõ được giữ nguyên.');
}

// ---------------------------------------------------------------- asking before leaving a document

// A question in the page (not the browser's `confirm`, which a clerk can dismiss by reflex
// and a screen reader announces poorly): the choices as buttons, Escape cancels. The answer
// is the chosen key, `huy` when cancelled.
let asking = null;
function ask(text, choices) {
  if (asking) asking('huy');
  const box = $('hoi');
  $('hoi-chu').textContent = text;
  const bar = $('hoi-nut');
  bar.replaceChildren();
  return new Promise((resolve) => {
    const done = (key) => {
      asking = null;
      box.hidden = true;
      document.removeEventListener('keydown', esc, true);
      resolve(key);
    };
    const esc = (e) => { if (e.key === 'Escape') { e.preventDefault(); done('huy'); } };
    asking = done;
    for (const [key, label] of choices) bar.appendChild(button(label, () => done(key), 'hoi-' + key));
    box.hidden = false;
    document.addEventListener('keydown', esc, true);
    bar.firstChild.focus();
  });
}

// Whether the document on the page is the clerk's (typed or opened), not a new one nothing
// was typed into: leaving it then asks first.
function hasWork() {
  return !isNew && (edited || draftId !== null);
}

function workName() {
  const t = $('trich_yeu').value.trim().split('\n')[0];
  return t ? '“' + (t.length > 60 ? t.slice(0, 60) + '…' : t) + '”' : 'đang soạn';
}

// "Văn bản mới": asked first when a document is being edited (it stays in the drafts).
async function askNewDocument() {
  if (hasWork()) {
    const a = await ask('Mở một văn bản mới? Văn bản ' + workName() + ' được giữ trong “Bản nháp” để mở lại sau.',
      [['moi', 'Mở văn bản mới'], ['huy', 'Tiếp tục soạn văn bản này']]);
    if (a !== 'moi') return;
  }
  flushDraft();
  await newDocument($('loai').value);
  if (draftsHave()) notify('tin', 'Văn bản trước vẫn được lưu trong “Bản nháp”.');
}

function draftsHave() {
  return drafts().length > 0;
}

// The kind of the document on the page, to go back to when a change of kind is cancelled.
let shownKind = null;

// Another kind chosen: a new document of that kind when nothing was typed; otherwise the
// clerk chooses — keep what was typed under the new kind, start a new document of that
// kind (this one stays in the drafts), or cancel (the kind goes back).
async function askKind() {
  const kind = $('loai').value;
  if (!hasWork()) { await chooseKind(kind); shownKind = kind; return; }
  const name = kindNames[kind] || kind;
  const a = await ask('Đổi loại văn bản ' + workName() + ' thành ' + name + '?',
    [['giu', 'Đổi loại, giữ nội dung đã gõ'], ['moi', 'Soạn ' + name + ' mới (văn bản này giữ trong “Bản nháp”)'], ['huy', 'Hủy, giữ loại cũ']]);
  if (a === 'huy') { $('loai').value = shownKind; signatureFields(); return; }
  if (a === 'moi') { flushDraft(); await newDocument(kind); } else await chooseKind(kind);
  shownKind = kind;
  signatureFields();
}

// ---------------------------------------------------------------- uploads

function formData(form) {
  const fd = new FormData(form);
  const formats = fd.getAll('f');
  fd.delete('f');
  if (formats.length) fd.append('dinh_dang', formats.join(','));
  return fd;
}

function failureTable(rows) {
  return table('Các dòng có lỗi', ['Dòng', 'Cột dữ liệu', 'Lỗi'], rows.map((f) => [f.dong, f.truong, f.thong_bao]), 'failures');
}

// A table of text cells under a caption (never markup).
function table(caption, heads, rows, cls) {
  const t = document.createElement('table');
  t.className = cls || 'failures';
  if (caption) { const c = document.createElement('caption'); c.textContent = caption; t.appendChild(c); }
  const head = document.createElement('tr');
  for (const h of heads) { const th = document.createElement('th'); th.scope = 'col'; th.textContent = h; head.appendChild(th); }
  t.appendChild(head);
  for (const row of rows) {
    const tr = document.createElement('tr');
    for (const v of row) { const td = document.createElement('td'); td.textContent = v == null ? '' : String(v); tr.appendChild(td); }
    t.appendChild(tr);
  }
  return t;
}

// What a spreadsheet must hold (a template's rows file, the dossier's workbook): its
// description, each sheet's columns (name, required, example, fixed values) and a link to
// the blank workbook the server makes from the same description.
function showGuide(box, guide, blankUrl, blankName) {
  box.replaceChildren();
  if (!guide) return;
  if (guide.description) box.appendChild(para(guide.description));
  const a = link(blankUrl, 'Tải tệp Excel mẫu để điền (' + blankName + ')', 'tai-mau-trong');
  a.download = blankName;
  box.appendChild(a);
  const more = document.createElement('details');
  more.className = 'cot-du-lieu';
  const sum = document.createElement('summary');
  sum.textContent = 'Các cột cần có trong tệp' + (guide.sheets.length > 1 ? ' (' + guide.sheets.length + ' trang tính)' : '');
  more.appendChild(sum);
  more.appendChild(para('Dòng tiêu đề cột ghi đúng tên cột như dưới đây; mỗi dòng dưới nó là một ' + (guide.sheets.length > 1 ? 'người hoặc tập thể' : 'văn bản') + '. Các dòng phía trên dòng tiêu đề (tên bảng, ví dụ) không được đọc.'));
  for (const sh of guide.sheets) {
    const rows = sh.columns.map((c) => [c.header, c.label !== c.header ? c.label : '', c.required ? 'Bắt buộc' : 'Không', c.example, (c.values || []).join('; ')]);
    const caption = 'Trang tính “' + sh.name + '”' + (sh.items ? ' (mỗi dòng một mục: cột “Mục”, cột “Nội dung”)' : '') + (sh.required ? '' : ' — có thể bỏ trống');
    more.appendChild(table(caption, [sh.items ? 'Mục' : 'Tên cột', 'Nội dung', 'Bắt buộc', 'Ví dụ', 'Chỉ nhận'], rows, 'failures cot'));
  }
  box.appendChild(more);
}

function para(text, cls) {
  const p = document.createElement('p');
  p.textContent = text;
  if (cls) p.className = cls;
  return p;
}

function link(href, text, cls) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  a.download = '';
  if (cls) a.className = cls;
  return a;
}

async function bulkCheck() {
  const out = $('hl-ket-qua');
  out.replaceChildren(para('Đang kiểm tra…'));
  const r = await api('/api/bulk/check', { method: 'POST', body: formData($('form-hang-loat')) });
  if (!r.ok) { out.replaceChildren(para(await errorText(r), 'loi')); return; }
  const j = await r.json();
  out.replaceChildren(para(j.so_dong + ' dòng, ' + j.dong_loi + ' dòng có lỗi', j.dong_loi ? 'loi' : 'ok'));
  if (j.loi.length) out.appendChild(failureTable(j.loi));
}

async function bulkRun() {
  const out = $('hl-ket-qua');
  const bar = $('hl-tien-do');
  out.replaceChildren(para('Đang tạo…'));
  const r = await api('/api/bulk', { method: 'POST', body: formData($('form-hang-loat')) });
  if (!r.ok) { out.replaceChildren(para(await errorText(r), 'loi')); return; }
  const { viec } = await r.json();
  bar.hidden = false;
  bar.value = 0;
  for (;;) {
    await new Promise((res) => setTimeout(res, 300));
    const s = await (await api('/api/jobs/' + viec)).json();
    bar.max = Math.max(1, s.tong);
    bar.value = s.xong;
    if (s.trang_thai === 'dang-chay') { out.replaceChildren(para('Đang tạo: ' + s.xong + '/' + s.tong + ' dòng')); continue; }
    if (s.trang_thai === 'loi') { out.replaceChildren(para((s.chan_doan || []).map((d) => d.thong_bao).join('; '), 'loi')); return; }
    out.replaceChildren(para('Xong: ' + s.tong + ' dòng, ' + s.so_tep + ' tệp, ' + s.dong_loi + ' dòng có lỗi', s.dong_loi ? 'loi' : 'ok'));
    out.appendChild(link('/api/jobs/' + viec + '/zip', 'Tải tệp ZIP', 'tai-zip'));
    if (s.dong_loi) {
      out.appendChild(link('/api/jobs/' + viec + '/failures.csv', 'Tải failures.csv', 'tai-failures'));
      out.appendChild(failureTable(s.loi));
    }
    return;
  }
}

async function uploadFor(url, form, out, name, describe) {
  out.replaceChildren(para('Đang xử lý…'));
  const r = await api(url, { method: 'POST', body: new FormData(form) });
  if (r.ok) {
    const blob = await r.blob();
    const href = URL.createObjectURL(blob);
    // The outcome's colour follows what happened: a summary of no unit is a failure, one
    // with problems a warning — never green.
    const said = describe(r);
    const text = typeof said === 'string' ? said : said.text;
    out.replaceChildren(para(text, typeof said === 'string' ? 'ok' : said.muc));
    const a = link(href, 'Tải ' + nameFrom(r, name), 'tai-ket-qua');
    a.download = nameFrom(r, name);
    out.appendChild(a);
    return;
  }
  let j = {};
  try { j = await r.json(); } catch (_) { /* not JSON */ }
  out.replaceChildren(para(j.loi || ('Lỗi ' + r.status), 'loi'));
  const items = (j.vi_pham || []).concat((j.chan_doan || []).map((d) => d.thong_bao + (d.goi_y ? ' — ' + d.goi_y : '')));
  if (items.length) {
    const ul = document.createElement('ul');
    for (const t of items) { const li = document.createElement('li'); li.textContent = t; ul.appendChild(li); }
    out.appendChild(ul);
  }
}

// The summary report: the outcome coloured by what happened (no unit summarised is a
// failure, problems a warning), the problems as a table (the files as uploaded), the units
// that have not returned their form, and the ZIP (report, loi.csv, chua-nop.csv).
async function summaryRun() {
  const out = $('th-ket-qua');
  out.replaceChildren(para('Đang lập báo cáo…'));
  const r = await api('/api/tong-hop?ket_qua=json', { method: 'POST', body: new FormData($('form-tong-hop')) });
  let j = {};
  try { j = await r.json(); } catch (_) { /* not JSON */ }
  if (!r.ok) {
    out.replaceChildren(para(j.loi || ('Lỗi ' + r.status), 'loi'));
    const items = (j.chan_doan || []).map((d) => d.thong_bao + (d.goi_y ? ' — ' + d.goi_y : ''));
    if (items.length) {
      const ul = document.createElement('ul');
      for (const t of items) { const li = document.createElement('li'); li.textContent = t; ul.appendChild(li); }
      out.appendChild(ul);
    }
    return;
  }
  const missing = j.chua_nop || [];
  const rest = (j.so_loi ? '; ' + j.so_loi + ' lỗi trong các phiếu (bảng dưới đây, và loi.csv trong tệp ZIP)' : '') +
    (missing.length ? '; ' + missing.length + ' đơn vị chưa nộp phiếu: ' + missing.join(', ') : '') + '.';
  const said = !j.tong_hop ? para('Không tổng hợp được đơn vị nào' + rest, 'loi')
    : para('Đã tổng hợp ' + j.tong_hop + ' đơn vị' + rest, j.so_loi || missing.length ? 'canh-bao' : 'ok');
  said.id = 'th-ket-luan';
  const a = link(j.tai, 'Tải bao-cao-tong-hop.zip (báo cáo PDF, DOCX, loi.csv' + (missing.length ? ', chua-nop.csv' : '') + ')', 'tai-ket-qua');
  a.download = 'bao-cao-tong-hop.zip';
  out.replaceChildren(said, a);
  if ((j.loi || []).length) {
    out.appendChild(table('Lỗi trong các phiếu gửi về (' + j.loi.length + ')', ['Tệp', 'Trang tính', 'Ô', 'Đơn vị', 'Lỗi'],
      j.loi.map((p) => [p.tep, p.trang, p.o, p.don_vi, p.thong_bao]), 'failures loi-tong-hop'));
  }
}

// ---------------------------------------------------------------- the register

// "Lấy số": the register's next number (or the one this same document was given before) —
// never the number in the field, which may be a mistake or a sample's.
async function takeNumber() {
  // The register gives a document one number: once it has one, a second "Lấy số" (after an
  // edit, which makes it another document to the register) would take another and leave
  // the first unused in the book. A new number only once the clerk empties the field.
  if (issuedNumber != null && $('so').value.trim() === String(issuedNumber)) {
    notify('tin', 'Văn bản này đã có số: ' + issuedNote.replace(/^Đã lấy số /, '') + '. Sổ không cấp số thứ hai cho cùng văn bản; nếu thật cần số mới, xóa ô Số rồi bấm “Lấy số”.');
    return;
  }
  const d = collect();
  delete d.so;
  await issue('/api/register/issue', d);
}

// The number typed by hand recorded in the book, once the clerk confirmed it.
async function recordTyped() {
  $('xac-nhan-ghi-so').hidden = true;
  await issue('/api/register/issue?ghi_so_da_go=1', collect());
}

async function issue(url, d) {
  const typed = $('so').value.trim();
  const r = await postJson(url, d);
  let j = {};
  try { j = await r.json(); } catch (_) { /* not JSON */ }
  if (!r.ok) {
    showDiagnostics(j.chan_doan || []);
    notify('loi', j.loi || ('Lỗi ' + r.status));
    return;
  }
  $('so').value = j.so;
  issuedNumber = j.so;
  const how = { moi: 'số mới', 'da-cap': 'số đã cấp cho văn bản này', 'ghi-so': 'số gõ tay, đã ghi vào sổ' }[j.cach] || '';
  issuedNote = 'Đã lấy số ' + j.so_ky_hieu + ' (' + how + ') lúc ' + clock(new Date());
  $('so-da-cap').textContent = issuedNote;
  notify('ok', 'Số: ' + j.so_ky_hieu + ' (' + how + ')' + (typed && typed !== String(j.so) ? '; số gõ tay ' + typed + ' đã được thay bằng số của sổ' : ''));
  changed();
}

// "Ghi số đã gõ vào sổ" only when a number is typed that the register did not give.
function numberButtons() {
  const typed = $('so').value.trim();
  $('ghi-so').hidden = $('lay-so').hidden || !typed || typed === String(issuedNumber);
  if ($('ghi-so').hidden) $('xac-nhan-ghi-so').hidden = true;
}

function askRecordTyped() {
  const n = $('so').value.trim();
  $('xac-nhan-ghi-so-chu').textContent = 'Ghi số ' + n + ' (gõ tay) vào sổ văn bản đi cho văn bản này? Số đã ghi không cấp lại cho văn bản khác. ' +
    'Chỉ dùng khi văn bản đã thật sự mang số này; nếu không, bấm “Lấy số” để sổ cấp số tiếp theo.';
  $('xac-nhan-ghi-so').hidden = false;
  $('ghi-so-dong-y').focus();
}

async function showBook() {
  const year = $('so-nam').value;
  $('so-xlsx').href = '/api/register/export?nam=' + encodeURIComponent(year) + '&dinh_dang=xlsx';
  $('so-csv').href = '/api/register/export?nam=' + encodeURIComponent(year) + '&dinh_dang=csv';
  const out = $('so-ket-qua');
  const r = await api('/api/register/book?nam=' + encodeURIComponent(year));
  if (!r.ok) { out.replaceChildren(para(await errorText(r), 'loi')); return; }
  const j = await r.json();
  const t = document.createElement('table');
  t.className = 'failures book';
  const head = document.createElement('tr');
  for (const h of j.cot) { const th = document.createElement('th'); th.textContent = h; head.appendChild(th); }
  t.appendChild(head);
  for (const row of j.dong) {
    const tr = document.createElement('tr');
    for (const v of row) { const td = document.createElement('td'); td.textContent = v; tr.appendChild(td); }
    t.appendChild(tr);
  }
  out.replaceChildren(para(j.dong.length + ' văn bản năm ' + j.nam), t);
}

// ---------------------------------------------------------------- start

function showTab(id) {
  const tab = document.querySelector('.tab[data-tab="' + CSS.escape(id || '') + '"]');
  if (!tab || tab.hidden) { id = 'soan'; }
  document.querySelectorAll('.tab').forEach((t) => {
    const on = t.dataset.tab === id;
    t.classList.toggle('active', on);
    t.setAttribute('aria-selected', on ? 'true' : 'false');
  });
  document.querySelectorAll('.panel').forEach((p) => p.classList.toggle('active', p.id === id));
  if (id === 'so-dang-ky') showBook();
}


// ---------------------------------------------------------------- checking a document made elsewhere

// "Kiểm tra văn bản": a .docx or .pdf uploaded, its findings listed, a PDF's pages shown with
// each finding marked where it is (its number on the page, linked to the list).
let checkUrls = [];

async function checkForeign() {
  const out = $('kt-tom-tat');
  const list = $('kt-ds');
  const pages = $('kt-trang');
  list.replaceChildren();
  pages.replaceChildren();
  for (const u of checkUrls) URL.revokeObjectURL(u);
  checkUrls = [];
  if (!$('kt-tep').files.length) { out.replaceChildren(para('Chọn một tệp .pdf hoặc .docx.', 'loi')); return; }
  out.replaceChildren(para('Đang kiểm tra…'));
  const r = await api('/api/kiem-tra-van-ban', { method: 'POST', body: new FormData($('form-kiem-tra')) });
  let j = {};
  try { j = await r.json(); } catch (_) { /* not JSON */ }
  if (!r.ok) { out.replaceChildren(para(j.loi || ('Lỗi ' + r.status), 'loi')); return; }
  const found = j.chan_doan || [];
  const errors = found.filter((d) => d.muc === 'loi').length;
  const text = found.length
    ? errors + ' lỗi, ' + (found.length - errors) + ' cảnh báo về thể thức theo Nghị định 30.'
    : 'Không thấy sai khác nào với thể thức theo Nghị định 30.';
  out.replaceChildren(para(text, errors ? 'loi' : (found.length ? 'canh-bao' : 'ok')));
  if (j.loai_tep === 'docx') out.appendChild(para('Văn bản Word: mỗi điểm ghi số thứ tự đoạn văn (đếm cả đoạn trong bảng); trang in tùy máy nên không vẽ trang.'));
  const shown = {};
  (j.trang || []).forEach((p, i) => {
    if (!p.svg) return;
    const fig = document.createElement('figure');
    fig.className = 'kt-page';
    const img = document.createElement('img');
    const u = URL.createObjectURL(new Blob([p.svg], { type: 'image/svg+xml' }));
    checkUrls.push(u);
    img.src = u;
    img.alt = 'Trang ' + (i + 1) + ' của văn bản';
    const cap = document.createElement('figcaption');
    cap.textContent = 'Trang ' + (i + 1);
    fig.append(img, cap);
    pages.appendChild(fig);
    shown[i + 1] = { fig, w: p.rong_mm, h: p.cao_mm };
  });
  found.forEach((d, k) => {
    const n = k + 1;
    const li = document.createElement('li');
    li.id = 'kt-muc-' + n;
    li.className = d.muc;
    li.textContent = d.thong_bao + (d.goi_y ? ' — ' + d.goi_y : '');
    list.appendChild(li);
    const page = d.trang && shown[d.trang];
    if (!page) return;
    const mark = document.createElement('a');
    mark.className = 'kt-dau ' + d.muc;
    mark.href = '#kt-muc-' + n;
    const num = document.createElement('span');
    num.textContent = String(n);
    mark.appendChild(num);
    mark.title = d.thong_bao;
    mark.setAttribute('aria-label', 'Điểm ' + n + ': ' + d.thong_bao);
    // A line's box; a finding of the whole page (margins) at its top-left corner.
    const b = d.khung_mm || [4, 4, 14, 12];
    mark.style.left = (100 * b[0] / page.w) + '%';
    mark.style.top = (100 * b[1] / page.h) + '%';
    mark.style.width = (100 * Math.max(b[2] - b[0], 6) / page.w) + '%';
    mark.style.height = (100 * Math.max(b[3] - b[1], 4) / page.h) + '%';
    page.fig.appendChild(mark);
  });
}

// A document from a file (a draft file, a Word document) opened as a new draft: the one being
// typed is kept in the drafts first, and the new one has no number issued yet.
async function openAsNew(d) {
  flushDraft();
  draftId = null;
  issuedNote = '';
  issuedNumber = null;
  isNew = false;
  $('vi-du').hidden = true;
  await loadExample(d.loai);
  setDoc(d);
  edited = true;
}

async function start() {
  const s = await (await api('/api/session')).json();
  csrf = s.csrf;
  if (s.can_dang_nhap && !s.nguoi_dung) { location.href = '/dang-nhap'; return; }
  if (s.nguoi_dung && s.nguoi_dung !== 'token') {
    $('nguoi-dung').textContent = s.nguoi_dung;
    DRAFTS += '.' + s.nguoi_dung;
    CURRENT += '.' + s.nguoi_dung;
  }
  serverDrafts = !!s.ban_nhap_may_chu;
  $('dang-xuat').hidden = !s.can_dang_nhap;
  $('dang-xuat').addEventListener('click', async () => { await api('/api/logout', { method: 'POST' }); location.href = '/dang-nhap'; });

  // Every form is sent by this script: Enter in a field must never submit one by
  // navigation (the page would reload, losing the chosen files and the tab).
  for (const f of document.querySelectorAll('form')) f.addEventListener('submit', (e) => e.preventDefault());

  // Each tab has its own address (#soan, #hang-loat, …): Back returns to the tab before.
  for (const b of document.querySelectorAll('.tab')) {
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-controls', b.dataset.tab);
    $(b.dataset.tab).setAttribute('role', 'tabpanel');
    b.addEventListener('click', () => {
      if (location.hash !== '#' + b.dataset.tab) history.pushState(null, '', '#' + b.dataset.tab);
      showTab(b.dataset.tab);
    });
  }
  window.addEventListener('popstate', () => showTab(location.hash.slice(1)));

  const kinds = await (await api('/api/kinds')).json();
  for (const k of kinds) {
    kindNames[k.id] = k.ten;
    const o = document.createElement('option');
    o.value = k.id;
    o.textContent = k.ten;
    $('loai').appendChild(o);
  }
  // Templates by their Vietnamese titles; the chosen one's rows file described beside it.
  const templates = await (await api('/api/templates')).json();
  const byName = {};
  for (const t of templates) {
    byName[t.ten] = t;
    const o = document.createElement('option');
    o.value = t.ten;
    o.textContent = t.tieu_de || t.ten;
    if (t.tong_hop) $('th-mau').appendChild(o);
    else $('hl-mau').appendChild(o);
  }
  const bulkGuide = () => {
    const t = byName[$('hl-mau').value];
    showGuide($('hl-huong-dan'), t && t.huong_dan, '/api/templates/' + encodeURIComponent(t ? t.ten : '') + '/blank.xlsx', 'du-lieu-' + (t ? t.ten : '') + '.xlsx');
  };
  $('hl-mau').addEventListener('change', bulkGuide);
  bulkGuide();
  const summaryAbout = () => { const t = byName[$('th-mau').value]; $('th-mo-ta').textContent = t ? t.mo_ta : ''; };
  $('th-mau').addEventListener('change', summaryAbout);
  summaryAbout();
  api('/api/ho-so/guide').then((r) => r.json()).then((g) => showGuide($('hs-huong-dan'), g, '/api/ho-so/blank.xlsx', 'de-nghi-khen-thuong.xlsx'));

  $('loai').addEventListener('change', askKind);
  $('mau-moi').addEventListener('click', askNewDocument);
  wordImport();
  $('mo-tep').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    if (!f) return;
    let d;
    try { d = JSON.parse(await f.text()); } catch (err) {
      notify('loi', 'Tệp ' + f.name + ' không phải bản nháp hợp lệ (JSON): ' + err.message);
    }
    e.target.value = '';
    if (!d || typeof d !== 'object') return;
    await openAsNew(d);
  });
  // Saved as typed; what the last keystrokes changed is saved when the page goes. Leaving
  // (reload, another address, closing the tab) asks first when a change could not be saved
  // (the browser's storage full or off) — never when nothing changed or all is saved.
  window.addEventListener('pagehide', flushDraft);
  window.addEventListener('beforeunload', (e) => {
    flushDraft();
    if (saveFailed && hasWork()) { e.preventDefault(); e.returnValue = ''; }
  });
  $('ngay').addEventListener('blur', () => { const day = parseDay($('ngay').value); if (day.text) $('ngay').value = day.text; });
  $('form').addEventListener('input', (e) => { if (e.target.id !== 'loai' && e.target.id !== 'mo-tep') changed(); });
  $('form').addEventListener('change', (e) => { if (e.target.id === 'ky.hinh_thuc') signatureFields(); if (e.target.id !== 'loai' && e.target.id !== 'mo-tep') changed(); });
  $('them-phu-luc').addEventListener('click', () => {
    doc = collect();
    doc.phu_luc = (doc.phu_luc || []).concat([{ ten: 'PHỤ LỤC', noi_dung: [] }]);
    renderAppendices();
    changed();
  });
  $('tai-pdf').addEventListener('click', () => download('pdf'));
  $('tai-docx').addEventListener('click', () => download('docx'));
  $('tai-json').addEventListener('click', () => {
    const d = collect();
    saveBlob(new Blob([JSON.stringify(d, null, 2) + '\n'], { type: 'application/json' }), (d.loai || 'van-ban') + '.json');
  });
  $('in').addEventListener('click', printDocument);
  $('xoa-thong-bao').addEventListener('click', () => { $('thong-bao').replaceChildren(); noticesShown(); });
  if (s.so_dang_ky) {
    $('lay-so').hidden = false;
    $('tab-so').hidden = false;
    $('lay-so').addEventListener('click', takeNumber);
    $('ghi-so').addEventListener('click', askRecordTyped);
    $('ghi-so-dong-y').addEventListener('click', recordTyped);
    $('ghi-so-huy').addEventListener('click', () => { $('xac-nhan-ghi-so').hidden = true; });
    $('so-nam').value = new Date().getFullYear();
    $('so-xem').addEventListener('click', showBook);
    $('so-nam').addEventListener('change', showBook);
  }

  $('hl-kiem-tra').addEventListener('click', bulkCheck);
  $('hl-tao').addEventListener('click', bulkRun);
  $('hs-lap').addEventListener('click', () => uploadFor('/api/ho-so', $('form-ho-so'), $('hs-ket-qua'), 'ho-so.zip', () => 'Đã lập hồ sơ.'));
  $('th-lap').addEventListener('click', summaryRun);

  $('kt-kiem-tra').addEventListener('click', checkForeign);

  showTab(location.hash.slice(1));
  // The draft being edited when the page was left comes back; otherwise a new document.
  if (serverDrafts) { try { await pullDrafts(); } catch (_) { /* this browser's drafts only */ } }
  let current = null;
  try { current = localStorage.getItem(CURRENT); } catch (_) { /* storage off: no draft */ }
  if (current && drafts().some((x) => x.id === current)) await openDraft(current);
  else await newDocument($('loai').value || 'ke-hoach');
}

start().catch((e) => { $('trang-thai').textContent = 'Không khởi động được trang: ' + e.message; });

// ── Mở tệp Word (#29): a .docx imported by the server (/api/nhap, the function `vanban nhap`
// calls) into the form, with the list of what could not be mapped. Kept in this section.
async function openWord(file) {
  const box = $('nhap-word');
  const r = await api('/api/nhap', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: file });
  if (!r.ok) {
    notify('loi', 'Không mở được tệp ' + file.name + ': ' + await errorText(r));
    return;
  }
  const j = await r.json();
  await openAsNew(j.van_ban);
  changed();
  const list = $('nhap-word-ds');
  list.replaceChildren();
  for (const u of j.khong_nhap_duoc) {
    const li = document.createElement('li');
    li.textContent = (u.doan ? 'Đoạn ' + u.doan + ': ' : '') + u.ly_do + ' — ' + u.noi_dung;
    list.append(li);
  }
  $('nhap-word-tieu-de').textContent = j.khong_nhap_duoc.length
    ? 'Đã mở ' + file.name + '. Những phần sau không nhập được, hãy soạn lại nếu cần:'
    : 'Đã mở ' + file.name + ': mọi phần đều nhập được.';
  box.hidden = false;
  notify('ok', 'Đã mở tệp Word ' + file.name + (j.khong_nhap_duoc.length ? ' (' + j.khong_nhap_duoc.length + ' phần không nhập được)' : ''));
}

function wordImport() {
  $('mo-word').addEventListener('input', (e) => e.stopPropagation());
  $('mo-word').addEventListener('change', async (e) => {
    // Not an edit of the form itself.
    e.stopPropagation();
    const f = e.target.files[0];
    e.target.value = '';
    if (f) await openWord(f);
  });
}
