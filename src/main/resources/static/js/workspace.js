// Profile page: copy a new API token with one click, and select it on focus for copying by hand.
(function () {
  'use strict';

  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy-target]');
    if (!button) {
      return;
    }
    var field = document.getElementById(button.getAttribute('data-copy-target'));
    if (!field) {
      return;
    }
    field.focus();
    field.select();
    var done = function () {
      var text = button.getAttribute('data-copied-text');
      if (text) {
        button.textContent = text;
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        document.execCommand('copy');
        done();
      });
    } else {
      document.execCommand('copy');
      done();
    }
  });

  document.addEventListener('focusin', function (event) {
    if (event.target.matches && event.target.matches('[data-select-on-focus]')) {
      event.target.select();
    }
  });
})();
