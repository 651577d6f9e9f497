// Set-up page: the time zone starts as the browser's own (when offered), rather than UTC; the admin can
// still choose another. A page shown again after a refusal keeps what was chosen.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var select = document.querySelector('select[data-browser-zone]');
    if (!select || select.getAttribute('data-browser-zone') !== 'default') {
      return;
    }
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    }
    catch (e) {
      return;
    }
    if (zone && Array.prototype.some.call(select.options, function (o) { return o.value === zone; })) {
      select.value = zone;
    }
  });
})();
