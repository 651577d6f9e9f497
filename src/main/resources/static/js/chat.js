// Chat pages: keep the thread scrolled to its newest message, apply list filters as they change, and tell
// (for people and tests alike) when the live connection is open. Keyed on data- attributes only.
(function () {
  'use strict';

  function scrollThreads(root) {
    (root || document).querySelectorAll('[data-scroll-bottom]').forEach(function (thread) {
      thread.scrollTop = thread.scrollHeight;
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    scrollThreads();
  });

  document.addEventListener('htmx:afterSwap', function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.hasAttribute && target.hasAttribute('data-scroll-bottom')) {
      target.scrollTop = target.scrollHeight;
    }
  });

  // The live connection (opened by the layout's sse-connect) is up: pages may rely on live updates now.
  document.addEventListener('htmx:sseOpen', function () {
    document.body.setAttribute('data-live', 'open');
  });
  document.addEventListener('htmx:sseError', function () {
    document.body.setAttribute('data-live', 'closed');
  });

  document.addEventListener('change', function (event) {
    var form = event.target && event.target.form;
    if (form && form.hasAttribute('data-autosubmit')) {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
})();
