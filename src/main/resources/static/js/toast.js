// Toasts (fragments/toast.html): hidden again after a few seconds, like Bootstrap's own autohide; one that offers
// Undo stays until closed.
(function () {
  'use strict';
  function start(root) {
    root.querySelectorAll('[data-toast].show').forEach(function (toast) {
      var stays = toast.getAttribute('data-toast-stays') === 'true';
      if (window.bootstrap && window.bootstrap.Toast) {
        window.bootstrap.Toast.getOrCreateInstance(toast, { delay: 6000, autohide: !stays }).show();
      }
      else if (!stays) {
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
