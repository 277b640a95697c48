// Demo phone: send without reloading and poll for the hub's answers.
// Text is inserted with textContent only: what anyone typed is never HTML.
(function () {
  var form = document.getElementById('phone-form');
  if (!form || !window.fetch) return;
  var thread = document.getElementById('thread');
  var phone = document.getElementById('phone');
  var text = document.getElementById('text');
  var vi = form.getAttribute('data-lang') !== 'en';
  var L = vi ? { you: 'Bạn', hub: 'Cầu Nối', delivered: 'đã nhận', sent: 'đang gửi', empty: 'Chưa có tin nhắn nào.', bad: 'Không gửi được, vui lòng kiểm tra số điện thoại và tin nhắn.' }
    : { you: 'You', hub: 'Cầu Nối', delivered: 'delivered', sent: 'sending', empty: 'No messages yet.', bad: 'Could not send: check the number and the message.' };
  var last = '';

  function el(tag, cls, txt) { var e = document.createElement(tag); if (cls) e.className = cls; if (txt) e.textContent = txt; return e; }

  function render(list) {
    var key = JSON.stringify(list);
    if (key === last) return;
    last = key;
    while (thread.firstChild) thread.removeChild(thread.firstChild);
    if (list.length === 0) { thread.appendChild(el('li', 'muted', L.empty)); return; }
    list.forEach(function (m) {
      var li = el('li', 'bubble ' + (m.dir === 'in' ? 'mine' : 'theirs'));
      li.appendChild(el('span', 'who', m.dir === 'in' ? L.you : L.hub));
      li.appendChild(el('p', '', m.text));
      var t = el('time', '', new Date(m.at).toLocaleTimeString('vi-VN'));
      li.appendChild(t);
      if (m.dir === 'out') li.appendChild(el('span', 'st', ' ' + (m.status === 'delivered' ? L.delivered : L.sent)));
      thread.appendChild(li);
    });
    thread.scrollTop = thread.scrollHeight;
  }

  function refresh() {
    if (!phone.value) return;
    fetch('/demo/phone/messages?phone=' + encodeURIComponent(phone.value), { headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d) render(d.messages); })
      .catch(function () {});
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    fetch('/demo/phone/send', {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ phone: phone.value, text: text.value })
    }).then(function (r) {
      if (!r.ok) { alert(L.bad); return; }
      text.value = '';
      refresh();
    }).catch(function () { alert(L.bad); });
  });
  phone.addEventListener('change', function () {
    last = '';
    history.replaceState(null, '', '/demo/phone?so=' + encodeURIComponent(phone.value) + (vi ? '' : '&lang=en'));
    refresh();
  });
  Array.prototype.forEach.call(document.querySelectorAll('.sample'), function (b) {
    b.addEventListener('click', function () { text.value = b.getAttribute('data-sample'); text.focus(); });
  });
  setInterval(refresh, 2000);
  refresh();
})();
