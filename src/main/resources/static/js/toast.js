// Toasts (fragments/toast.html): hidden again after a few seconds, like Bootstrap's own autohide.
(function () {
  'use strict';
  function start(root) {
    root.querySelectorAll('[data-toast].show').forEach(function (toast) {
      if (window.bootstrap && window.bootstrap.Toast) {
        window.bootstrap.Toast.getOrCreateInstance(toast, { delay: 6000 }).show();
      }
      else {
        setTimeout(function () { toast.classList.remove('show'); }, 6000);
      }
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { start(document); });
  }
  else {
    start(document);
  }
  document.addEventListener('htmx:afterSwap', function (event) { start(event.target); });
})();
