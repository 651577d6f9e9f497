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

  // A refused htmx request swaps nothing, so say why: the problem's detail, or the error page's sentence.
  document.addEventListener('htmx:responseError', function (event) {
    var box = document.getElementById('request-error');
    var xhr = event.detail.xhr;
    if (!box || !xhr) {
      return;
    }
    var message = box.getAttribute('data-fallback');
    var type = xhr.getResponseHeader('Content-Type') || '';
    try {
      if (type.indexOf('json') >= 0) {
        message = JSON.parse(xhr.responseText).detail || message;
      }
      else if (type.indexOf('html') >= 0) {
        var lead = new DOMParser().parseFromString(xhr.responseText, 'text/html').querySelector('main .lead');
        message = (lead && lead.textContent.trim()) || message;
      }
    }
    catch (ignored) {
      // keep the general sentence
    }
    box.textContent = message;
    box.classList.remove('d-none');
  });
  document.addEventListener('htmx:afterRequest', function (event) {
    var box = document.getElementById('request-error');
    if (box && event.detail.successful) {
      box.classList.add('d-none');
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
