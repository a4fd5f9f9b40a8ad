// The login form: the session's CSRF token first, then the name and password (or token).
'use strict';
(async () => {
  const s = await (await fetch('/api/session', { credentials: 'same-origin' })).json();
  if (!s.can_dang_nhap || s.nguoi_dung) { location.href = '/'; return; }
  if (s.kieu === 'ma') {
    document.getElementById('nhan-ten').hidden = true;
    document.querySelector('label:not([hidden]) input[type=password]').previousSibling.textContent = 'Mã truy cập ';
  }
  // The form is sent by this script, never by the browser (which would reload the page).
  document.getElementById('dang-nhap').addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await fetch('/api/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf },
      body: JSON.stringify({ ten: document.getElementById('ten').value, mat_khau: document.getElementById('mat-khau').value }),
    });
    if (r.ok) { location.href = '/'; return; }
    let msg = 'Lỗi ' + r.status;
    try { msg = (await r.json()).loi || msg; } catch (_) { /* not JSON */ }
    document.getElementById('loi').textContent = msg;
  });
})();
