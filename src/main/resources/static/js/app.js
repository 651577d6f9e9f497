// Convonite web app behaviour. No inline scripts anywhere: pages opt in with data- attributes.
(function () {
  'use strict';

  // Every htmx request carries the CSRF token of the page.
  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="csrf-token"]');
    var header = document.querySelector('meta[name="csrf-header"]');
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // A session that expired answers an htmx request with the sign-in page: go there for real.
  document.addEventListener('htmx:afterRequest', function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf('/login') >= 0 && xhr.responseURL.indexOf('/login') === xhr.responseURL.lastIndexOf('/login')) {
      if (!document.querySelector('form[action$="/login"]')) {
        window.location.href = xhr.responseURL;
      }
    }
  });

  // Buttons with data-confirm ask before their form is sent.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var message = form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);
})();
