/**
 * The page's one inline script: the filters (model, stage, provider, currency) show the table rows
 * that match and recompute each currency's table total from the rows' exact amounts (data-amount, 12
 * decimals, summed as BigInt pico-units and rounded half away from zero, as the CLI rounds), and a
 * click on a column header sorts the table. No network, no library.
 */
export const PAGE_SCRIPT = `'use strict';
(function () {
  var DIMS = ['model', 'stage', 'provider', 'currency'];
  var UNIT = 1000000000000n;
  function pico(text) {
    var neg = text.charAt(0) === '-';
    var parts = (neg ? text.slice(1) : text).split('.');
    var v = BigInt(parts[0] || '0') * UNIT + BigInt(((parts[1] || '') + '000000000000').slice(0, 12));
    return neg ? -v : v;
  }
  function money(v) {
    var neg = v < 0n;
    var abs = neg ? -v : v;
    var drop = 10000000000n;
    var cents = abs / drop + ((abs % drop) * 2n >= drop ? 1n : 0n);
    var s = (cents / 100n).toString().replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',') + '.' + (cents % 100n).toString().padStart(2, '0');
    return neg && cents !== 0n ? '-' + s : s;
  }
  function chosen() {
    var c = {};
    DIMS.forEach(function (d) {
      var el = document.querySelector('[data-testid="filter-' + d + '"]');
      c[d] = el ? el.value : '';
    });
    return c;
  }
  function apply() {
    var c = chosen();
    document.querySelectorAll('section[data-currency]').forEach(function (sec) {
      var cur = sec.getAttribute('data-currency');
      sec.hidden = c.currency !== '' && c.currency !== cur;
      var total = 0n;
      var shown = 0;
      sec.querySelectorAll('tr[data-testid="cost-row"]').forEach(function (tr) {
        var ok = ['model', 'stage', 'provider'].every(function (d) {
          return c[d] === '' || tr.getAttribute('data-' + d) === c[d];
        });
        tr.style.display = ok ? '' : 'none';
        if (ok) {
          total += pico(tr.getAttribute('data-amount') || '0');
          shown += 1;
        }
      });
      var t = sec.querySelector('[data-testid="table-total"]');
      if (t) t.textContent = money(total);
      var n = sec.querySelector('[data-testid="row-count"]');
      if (n) n.textContent = String(shown);
    });
  }
  DIMS.forEach(function (d) {
    var el = document.querySelector('[data-testid="filter-' + d + '"]');
    if (el) el.addEventListener('change', apply);
  });
  document.querySelectorAll('table.costs th[data-sort]').forEach(function (th) {
    th.addEventListener('click', function () {
      var table = th.closest('table');
      var body = table.tBodies[0];
      var key = th.getAttribute('data-sort');
      var down = th.getAttribute('aria-sort') !== 'descending';
      table.querySelectorAll('th[data-sort]').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var r;
        if (key === 'amount') {
          var x = pico(a.getAttribute('data-amount') || '0');
          var y = pico(b.getAttribute('data-amount') || '0');
          r = x < y ? -1 : x > y ? 1 : 0;
        } else {
          r = (a.getAttribute('data-' + key) || '').localeCompare(b.getAttribute('data-' + key) || '');
        }
        return down ? -r : r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  apply();
})();
`;
