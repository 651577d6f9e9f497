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

  // A form with data-confirm asks before it is sent (an action that cannot be undone), in the page's dialog
  // (fragments/toast.html): focus moves into it, Esc and Cancel keep the form unsent, the confirming button says
  // what the form's own button says ("Delete").
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var message = form.getAttribute('data-confirm');
    if (!message) {
      return;
    }
    if (form.getAttribute('data-confirmed') === 'true') {
      form.removeAttribute('data-confirmed');
      return;
    }
    event.preventDefault();
    var dialog = document.getElementById('confirm-dialog');
    if (!dialog || !window.bootstrap || !window.bootstrap.Modal) {
      if (window.confirm(message)) {
        form.setAttribute('data-confirmed', 'true');
        form.requestSubmit(event.submitter || undefined);
      }
      return;
    }
    var ok = document.getElementById('confirm-dialog-ok');
    var submitter = event.submitter || form.querySelector('[type=submit]');
    document.getElementById('confirm-dialog-message').textContent = message;
    ok.textContent = (submitter && submitter.textContent.trim()) || ok.textContent;
    var modal = window.bootstrap.Modal.getOrCreateInstance(dialog);
    ok.onclick = function () {
      ok.onclick = null;
      modal.hide();
      form.setAttribute('data-confirmed', 'true');
      form.requestSubmit(submitter || undefined);
    };
    dialog.addEventListener('shown.bs.modal', function () { ok.focus(); }, { once: true });
    dialog.addEventListener('hidden.bs.modal', function () {
      if (ok.onclick && submitter && document.body.contains(submitter)) {
        ok.onclick = null;
        submitter.focus();
      }
    }, { once: true });
    modal.show(submitter);
  }, true);
})();
